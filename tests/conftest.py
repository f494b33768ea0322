"""Suite-wide test settings.

In CI (CI=true) hypothesis runs derandomized: the same examples on every run, so a red build always points at a
reproducible input. Locally it explores new random examples each run, which is where new bugs are found.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("dev", print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
