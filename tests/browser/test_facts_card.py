"""The "我理解的情况 / What I understood" card in Debian's Chromium (issue 14): ask, open the card, change CIIO to
是; the verdict card updates in place to security_assessment and says what changed. Screenshots at 1280 and 390 px
go to a tmp dir (printed) to be checked by eye."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.server]

REPO = Path(__file__).resolve().parents[2]
QUESTION = "一家上海浦东（不在自贸区）的电商公司，今年向境外传输了约15万人的个人信息，不含敏感个人信息，需要走什么程序？"


@pytest.mark.parametrize("width", [1280, 390])
def test_correct_ciio_on_the_card(browser: Any, base_url: str, shots: Path, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900 if width > 500 else 844}, locale="zh-CN")
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(base_url)
    page.fill("#composer-input", QUESTION)
    page.press("#composer-input", "Enter")
    turn = page.locator(".turn").first
    turn.locator(".actions").wait_for(timeout=60_000)
    verdict = turn.locator(".verdict")
    assert verdict.get_attribute("data-code") == "standard_contract_or_certification"

    card = turn.locator("details.understood")
    card.locator("summary").click()  # open the card
    ciio = card.locator('li.fact[data-key="is_ciio"]')
    assert ciio.get_attribute("data-source") == "assumed"
    assert "默认" in ciio.inner_text()
    assert card.locator('li.fact[data-key="pi_count_ytd"]').get_attribute("data-source") == "stated"
    ciio.locator(".fact-button").click()
    ciio.locator(".fact-editor").wait_for()
    card.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / f"card-open-{width}.png"))

    ciio.get_by_role("button", name="是", exact=True).click()
    turn.locator('.verdict[data-code="security_assessment"]').wait_for(timeout=30_000)
    change = turn.locator(".verdict .verdict-change")
    assert change.inner_text().startswith("结论由 应订立个人信息出境标准合同或者通过个人信息保护认证 变为 应申报数据出境安全评估")
    assert page.locator(".turn").count() == 1  # updated in place, no new turn
    fixed = turn.locator('details.understood li.fact[data-key="is_ciio"]')
    assert fixed.get_attribute("data-source") == "corrected" and "已更正" in fixed.inner_text()
    turn.evaluate("node => node.scrollIntoView({block: 'start', behavior: 'instant'})")
    page.screenshot(path=str(shots / f"card-corrected-{width}.png"))
    turn.locator("details.understood").scroll_into_view_if_needed()
    page.screenshot(path=str(shots / f"card-corrected-list-{width}.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert errors == [], errors
    print(f"screenshots in {shots}")
    page.close()
