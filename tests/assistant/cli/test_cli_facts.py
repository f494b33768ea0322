"""Terminal chat: `/facts` prints the "what I understood" card, `/set key=value` corrects it and says what changed."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.cli.facts_card import parse_set
from assistant.pipeline import Pipeline

QUESTION = "一家上海浦东（不在自贸区）的电商公司，今年向境外传输了约15万人的个人信息，不含敏感个人信息，需要走什么程序？"


@pytest.fixture()
def runner(monkeypatch: pytest.MonkeyPatch, assistant_pipeline: Pipeline) -> CliRunner:
    import assistant.cli.ask as commands

    monkeypatch.setattr(commands, "_pipeline", lambda: assistant_pipeline)
    return CliRunner()


def test_facts_and_set_round_trip(runner: CliRunner) -> None:
    lines = [QUESTION, "/facts", "/set is_ciio=yes", "/facts", "/set pi_count_ytd=50000, is_ciio=否", "exit"]
    result = runner.invoke(app, ["chat", "--session", "cli-card-1"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "我理解的情况：" in out
    assert "关键信息基础设施运营者：否（默认）" in out
    assert "结论由 应订立个人信息出境标准合同或者通过个人信息保护认证 变为 应申报数据出境安全评估" in out
    assert "关键信息基础设施运营者：是（已更正）" in out
    assert "结论由 应申报数据出境安全评估 变为 免予申报" in out


def test_set_json_and_a_bad_key(runner: CliRunner) -> None:
    lines = [QUESTION, "/set is_ciio=yes", "/set is_cio=yes", "/set nonsense", "/facts", "exit"]
    result = runner.invoke(app, ["chat", "--json", "--session", "cli-card-2"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert out[0]["verdict"]["code"] == "standard_contract_or_certification"
    assert out[1]["verdict"]["code"] == "security_assessment" and out[1]["facts_source"]["is_ciio"] == "corrected"
    assert "is_cio" in out[2]["error"] and "key=value" in out[3]["error"]
    assert {f["key"]: f["source"] for f in out[4]}["is_ciio"] == "corrected"


def test_parse_set() -> None:
    assert parse_set("is_ciio=yes，pi_count_ytd=150000") == {"is_ciio": "yes", "pi_count_ytd": "150000"}
    with pytest.raises(ValueError, match="key=value"):
        parse_set("is_ciio")
