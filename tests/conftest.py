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



# --- a real Redis for the tests of the shared session store ------------------------------------------------------------
import shutil  # noqa: E402
from collections.abc import Iterator  # noqa: E402

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Debian `redis-server` on a free loopback port, nothing persisted, stopped after the session. Skipped
    with a reason only outside CI when the binary is missing (.ci/run installs it, so CI always runs these)."""
    from evals.mixed_load import redis_server

    exe = shutil.which("redis-server")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is not installed (.ci/run installs it with apt-get)")
        pytest.skip("redis-server is not installed here (apt-get install redis-server); CI runs these tests")
    with redis_server(tmp_path_factory.mktemp("redis"), exe) as url:
        yield url
