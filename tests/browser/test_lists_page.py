"""The 清单 / Lists view in Debian's Chromium (issue 17): the illustrative banner, the edition in force and the other
edition, sectors → scenarios → items with route badges, the item search with flagged hits from the other edition,
and a list-item citation in a chat answer that opens its item here. Screenshots at 1280 and 390 px."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.server]

OLD, NEW = "sh-ftz-negative-list-2024-sample", "sh-ftz-negative-list-2027-sample"
LIST_QUESTION = "船员护照扫描件在不在负面清单上？对应什么路径？"


def _open(browser: Any, width: int) -> tuple[Any, list[str]]:
    page = browser.new_page(viewport={"width": width, "height": 900 if width > 500 else 844}, locale="zh-CN")
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return page, errors


def _search(page: Any, words: str) -> Any:
    page.fill("#item-query", words)
    page.press("#item-query", "Enter")
    page.locator("#results .results-head", has_text=words).wait_for(timeout=30_000)  # this search's results
    return page.locator("#results .result")


@pytest.mark.parametrize("width", [1280, 390])
def test_lists_view(browser: Any, base_url: str, shots: Path, width: int) -> None:
    page, errors = _open(browser, width)
    page.goto(base_url + "/lists")
    page.locator(".item").first.wait_for(timeout=30_000)
    banner = page.locator("#banner")
    assert banner.is_visible() and "示例清单，非官方文本" in banner.inner_text()
    assert "2024版" in page.locator("#list-title").inner_text()
    assert "现行版本" in page.locator("#list-meta").inner_text()
    editions = page.locator(".edition-choice")
    assert editions.count() == 2 and "尚未施行" in editions.nth(1).inner_text()
    assert page.locator(".sector").count() == 3 and page.locator(".scenario").count() == 6
    assert page.locator(".item").count() == 25
    crew = page.locator(f"#item-{OLD}-SH-C-01")
    assert "标准合同或认证" in crew.locator(".route").inner_text()
    assert "安全评估" in page.locator(f"#item-{OLD}-SH-C-04 .route").inner_text()
    page.screenshot(path=str(shots / f"lists-{width}.png"))

    results = _search(page, "船员护照扫描件")
    assert "SH-C-01" in results.first.inner_text()
    results.first.locator(".result-link").click()
    page.locator(f"#item-{OLD}-SH-C-01.hit").wait_for()

    results = _search(page, "被保险人体检报告 病历")
    flagged = page.locator("#results .result.other-edition", has_text="RI-L-01")  # its route changed in 2027
    assert flagged.count() == 1 and "尚未施行" in flagged.inner_text() and "安全评估" in flagged.inner_text()
    page.locator("#results").scroll_into_view_if_needed()
    page.screenshot(path=str(shots / f"lists-search-{width}.png"))

    editions.nth(1).click()  # the other edition: flagged, not in force yet
    page.locator("#list-title", has_text="2027版").wait_for()
    assert "尚未施行" in page.locator("#list-meta").inner_text()
    assert "安全评估" in page.locator(f"#item-{NEW}-RI-L-01 .route").inner_text()
    assert page.locator(f"#item-{NEW}-SH-C-05").count() == 1
    page.click("#lang-toggle")
    assert "Illustrative sample, not the official list" in page.locator("#banner").inner_text()
    assert "not yet in force" in page.locator("#list-meta").inner_text()
    assert "Security assessment" in page.locator(f"#item-{NEW}-RI-L-01 .route").inner_text()
    page.click("#lang-toggle")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate("document.querySelector('#main').scrollWidth <= document.querySelector('#main').clientWidth")
    assert errors == [], errors
    print(f"screenshots in {shots}")
    page.close()


def test_a_list_item_citation_opens_the_item(browser: Any, base_url: str, shots: Path) -> None:
    page, errors = _open(browser, 1280)
    page.goto(base_url)
    page.fill("#composer-input", LIST_QUESTION)
    page.press("#composer-input", "Enter")
    turn = page.locator(".turn").first
    turn.locator(".actions").wait_for(timeout=60_000)
    link = turn.locator('.citations-box a[data-kind="list_item"][href*="item=SH-C-01"]').first
    href = link.get_attribute("href")
    assert href == f"/lists#list={OLD}&item=SH-C-01" and link.get_attribute("target") == "_blank"
    assert turn.locator('a.chip[data-kind="list_item"]').count() >= 1  # the step's chip links too
    assert page.locator("a.navlink[href='/lists']").is_visible()
    page.goto(base_url + href)
    item = page.locator(f"#item-{OLD}-SH-C-01.hit")
    item.wait_for(timeout=30_000)
    assert item.is_visible() and "船员护照" in item.inner_text()
    page.screenshot(path=str(shots / "lists-from-citation-1280.png"))
    assert errors == [], errors
    page.close()
