"""The chat page never executes HTML/JS from questions or answers (Debian Chromium via Playwright, real server).

Markup typed as a question must show literally in the page; markup in an answer (what an LLM rewrite could
return) must render as text through the page's own Markdown renderer. Any dialog (alert/confirm/prompt), any
`window.__pwned` flag set by a payload, or any <img>/<script>/<iframe> created from the text fails the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import Server, build_lexical_index, start_server, stop_server

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
PAYLOADS = [
    "<img src=x onerror=\"window.__pwned=1;alert('img')\">",
    "<script>window.__pwned=2;alert('script')</script>",
    "<svg onload=\"window.__pwned=3;alert('svg')\"></svg>",
    "<iframe src=\"javascript:window.parent.__pwned=4;alert('iframe')\"></iframe>",
    "[点我](javascript:alert('link')) <a href=\"javascript:alert(1)\">x</a>",
]

if not CHROMIUM.exists():
    pytest.skip("/usr/bin/chromium is not installed", allow_module_level=True)


@pytest.fixture(scope="module")
def page_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data_dir = tmp_path_factory.mktemp("rel-xss") / "data"
    build_lexical_index(data_dir)
    server = start_server(data_dir, data_dir.parent / "server.log")
    try:
        yield server
    finally:
        stop_server(server)


@pytest.fixture(scope="module")
def page(page_server: Server) -> Iterator[tuple[Any, list[str]]]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM),
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        pg = browser.new_page(locale="zh-CN")
        dialogs: list[str] = []

        def on_dialog(dialog: Any) -> None:
            dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        pg.on("dialog", on_dialog)
        pg.goto(page_server.base)
        yield pg, dialogs
        browser.close()


def _injected_nodes(pg: Any) -> int:
    return int(pg.evaluate("""() => document.querySelectorAll(
        'main img, main script, main svg[onload], main iframe, [onerror], [onload], a[href^="javascript"]').length"""))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markup_in_a_question_shows_literally_and_never_runs(page: tuple[Any, list[str]], payload: str) -> None:
    pg, dialogs = page
    baseline_nodes = _injected_nodes(pg)
    turns = pg.locator(".turn").count()
    question = f"数据出境需要申报安全评估吗？{payload}"
    pg.fill("#composer-input", question)
    pg.press("#composer-input", "Enter")
    turn = pg.locator(".turn").nth(turns)
    turn.locator(".actions").wait_for(timeout=90_000)
    pg.wait_for_timeout(300)  # give any payload the chance to fire
    assert dialogs == []
    assert pg.evaluate("() => window.__pwned === undefined")
    assert _injected_nodes(pg) == baseline_nodes
    assert payload in pg.locator("body").inner_text(), "the question's markup is shown as text"


def test_markup_in_an_answer_renders_as_text(page: tuple[Any, list[str]]) -> None:
    pg, dialogs = page
    answer = "\n\n".join([f"**结论** {p} [1]" for p in PAYLOADS] + [f"- {p}" for p in PAYLOADS] + [f"> {PAYLOADS[0]}"])
    result = pg.evaluate(
        """(md) => {
            const node = window.chujing.renderMarkdown(md, null);
            document.querySelector('main').append(node);
            return {text: node.textContent,
                    bad: node.querySelectorAll('img, script, svg, iframe, a, [onerror], [onload]').length};
        }""",
        answer,
    )
    pg.wait_for_timeout(300)
    assert result["bad"] == 0
    for payload in PAYLOADS:
        assert payload in result["text"]
    assert dialogs == []
    assert pg.evaluate("() => window.__pwned === undefined")
