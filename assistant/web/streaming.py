"""Server-sent events for an answer: start → verdict → answer chunks → done (or start → error)."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence

from assistant.models import AskResponse
from assistant.question.validate import QuestionError
from assistant.web.state import NotReady

log = logging.getLogger("chujing.api")


async def answer_events(
    run: Callable[[], AskResponse],
    session_id: str | None,
    in_thread: Callable[[Callable[[], AskResponse]], Awaitable[AskResponse]],
) -> AsyncIterator[bytes]:
    """start → verdict → answer chunks → done; or start → error. The start event goes out before the pipeline
    runs, so the page can show progress at once."""
    yield _sse("start", {"session_id": session_id})
    try:
        response: AskResponse = await in_thread(run)
    except (QuestionError, NotReady) as exc:
        yield _sse("error", {"detail": str(exc)})
        return
    except Exception:
        error_id = uuid.uuid4().hex[:12]
        log.exception("unhandled error %s while streaming", error_id)
        yield _sse("error", {"detail": f"internal error while answering (error id {error_id})", "error_id": error_id})
        return
    yield _sse("verdict", {"verdict": response.verdict.model_dump(mode="json"), "language": response.language,
                           "session_id": response.session_id})
    for chunk in answer_chunks(response.answer):
        yield _sse("answer", {"text": chunk})
    yield _sse("done", response.model_dump(mode="json"))


def _sse(event: str, data: object) -> bytes:
    # json.dumps never emits raw newlines, so one data line per event is always well-formed.
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode()


def answer_chunks(text: str, size: int = 120) -> Sequence[str]:
    """Split at line ends where possible so that a client rendering partial Markdown sees whole lines."""
    out: list[str] = []
    buf = ""
    for line in text.splitlines(keepends=True):
        if buf and len(buf) + len(line) > size:
            out.append(buf)
            buf = ""
        buf += line
        while len(buf) > size * 4:
            out.append(buf[: size * 4])
            buf = buf[size * 4 :]
    if buf:
        out.append(buf)
    return out
