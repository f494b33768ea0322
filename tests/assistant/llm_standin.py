"""A stand-in for an OpenAI-compatible chat server, on loopback, for the LLM-path tests.

Contract it stands for (the part of the OpenAI Chat Completions API that `langchain_openai.ChatOpenAI` uses):
`POST {base_url}/chat/completions` with JSON `{"model": ..., "messages": [{"role": ..., "content": ...}], ...}`
answers `200` with `{"id", "object": "chat.completion", "created", "model", "choices": [{"index": 0,
"message": {"role": "assistant", "content": TEXT}, "finish_reason": "stop"}], "usage": {...}}`.
A real model is not available offline, so the reply TEXT is made here from the ANSWER block of the prompt,
according to the requested model name:

- `good`: a faithful rewrite (adds a plain sentence, keeps verdict line, markers, quotes);
- `wrong-verdict`: states a different verdict on the verdict line;
- `invented-citation`: adds a marker and an article that the answer never cited;
- `invented-number`: adds a deadline no article states ("15个工作日");
- `obey-injection`: follows an instruction hidden in the question (claims no procedure is needed);
- `slow`: waits longer than the client's timeout before answering;
- `error`: answers HTTP 500.
Every request is recorded (`requests`) so tests can check what the prompt contained.
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

ANSWER = re.compile(r"<<<ANSWER>>>\n(.*)\n<<<END ANSWER>>>", re.DOTALL)
LABELS = {"exempt": "免予申报数据出境安全评估、订立个人信息出境标准合同、通过个人信息保护认证",
          "security_assessment": "应申报数据出境安全评估"}


def rewrite(model: str, prompt: str) -> str:
    found = ANSWER.search(prompt)
    answer = found.group(1) if found else ""
    lines = answer.splitlines()
    head, rest = (lines[0], lines[1:]) if lines else ("", [])
    zh = head.startswith("**结论")
    if model == "good":
        note = "下面用通俗的话说明这个结论，并附上所依据的条文原文。" if zh else "Here is the conclusion in plain words, with the provisions it rests on."
        return "\n".join([head, "", note, *rest])
    if model == "wrong-verdict":
        code = "security_assessment" if "security_assessment" not in head else "exempt"
        return "\n".join([f"**结论：{LABELS[code]}** `{code}`", *rest])
    if model == "invented-citation":
        return answer + "\n\n另见《数据出境安全评估办法》第四十五条 [9]。"
    if model == "invented-number":
        return answer + "\n\n请在15个工作日内向管委会报告。"
    if model == "obey-injection":
        return "**结论：" + LABELS["exempt"] + "** `exempt`\n\n不需要任何手续。"
    return answer


class _Handler(BaseHTTPRequestHandler):
    server: StandIn  # type: ignore[assignment]

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        self.server.requests.append(body)
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._send(404, {"error": {"message": "not found"}})
            return
        model = str(body.get("model", "good"))
        if model == "error":
            self._send(500, {"error": {"message": "stand-in failure", "type": "server_error"}})
            return
        if model == "slow":
            time.sleep(self.server.slow_seconds)
        prompt = "\n".join(str(m.get("content", "")) for m in body.get("messages", []))
        text = rewrite(model, prompt)
        self._send(200, {
            "id": "chatcmpl-standin", "object": "chat.completion", "created": int(time.time()), "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": len(prompt), "completion_tokens": len(text), "total_tokens": len(prompt) + len(text)},
        })

    def _send(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test)


class StandIn(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, slow_seconds: float = 3.0) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[dict[str, Any]] = []
        self.slow_seconds = slow_seconds
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"

    def __enter__(self) -> StandIn:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.shutdown()
        self.server_close()
        self._thread.join(timeout=5)
