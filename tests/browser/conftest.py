"""What every browser test shares: a real `chujing serve` on loopback over a fresh index, Debian's Chromium
through Playwright (launch flags in one place), and a directory for screenshots to be checked by eye."""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.web.server import chujing_command, running_server

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason="/usr/bin/chromium is not installed (CI installs it with `apt-get install chromium`)")
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp("browser-data")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHUJING_")}
    env.update({"CHUJING_DATA_DIR": str(data_dir), "CHUJING_EMBEDDINGS": "none"})
    subprocess.run([*chujing_command(), "index", "build"], env=env, check=True, cwd=REPO,
                   capture_output=True, timeout=300)
    with running_server(env=env) as base:
        yield base


# Module scope: the sync API runs an event loop in this thread while Chromium is open; held for the whole session
# it breaks later tests that call asyncio.run() (tests/retrieval/test_dense_embeddings.py).
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def shots() -> Path:
    """`CHUJING_SCREENSHOTS` or a fresh tmp dir (printed by the tests that write there)."""
    out = Path(os.environ.get("CHUJING_SCREENSHOTS") or tempfile.mkdtemp(prefix="chujing-shots-"))
    out.mkdir(parents=True, exist_ok=True)
    return out
