"""Answers: one question, a chat turn, a chat's transcript, and a helpdesk draft (JSON or .docx)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response, StreamingResponse

from assistant.models import AskResponse
from assistant.session.chats import SESSION_ID_RULE, valid_session_id
from assistant.web.deps import app_state, check_length, in_thread, require_json
from assistant.web.schemas import AskRequest, ChatRequest, DraftRequest, DraftResponse, Transcript
from assistant.web.streaming import answer_events

router = APIRouter(tags=["ask"])

SSE_DOC: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"text/event-stream": {"schema": {"type": "string"}}},
        "description": "JSON AskResponse, or (when streaming) events: start, verdict, answer (chunks), done (the full AskResponse), error.",
    }
}
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _answer_or_stream(request: Request, stream: bool, run: Callable[[], AskResponse], session_id: str | None) -> Any:
    if stream or "text/event-stream" in request.headers.get("accept", ""):
        return StreamingResponse(
            answer_events(run, session_id, in_thread),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )
    return None


@router.post("/api/ask", response_model=AskResponse, dependencies=[Depends(require_json)], responses=SSE_DOC)
async def ask(body: AskRequest, request: Request, stream: Annotated[bool, Query(description="Stream as SSE")] = False) -> Any:
    """Answer one question (SPEC §5). With `session_id`, the session's facts are used and extended."""
    check_length(request, body.question)
    state = app_state(request)

    def run() -> AskResponse:
        return state.answer(body.question, session_id=body.session_id, endpoint="ask")

    streamed = _answer_or_stream(request, stream, run, body.session_id)
    return streamed if streamed is not None else await in_thread(run)


@router.post("/api/chat", response_model=AskResponse, dependencies=[Depends(require_json)], responses=SSE_DOC)
async def chat(body: ChatRequest, request: Request, stream: Annotated[bool, Query(description="Stream as SSE")] = False) -> Any:
    """One chat turn. Omit `session_id` to start a session; facts are carried across the session's turns.
    `facts_patch` (with or without a message) corrects what was understood and decides again."""
    if body.message is not None:
        check_length(request, body.message, "message")
    state = app_state(request)
    session_id = body.session_id or uuid.uuid4().hex

    def run() -> AskResponse:
        return state.answer(body.message, session_id=session_id, endpoint="chat", facts_patch=body.facts_patch)

    streamed = _answer_or_stream(request, stream, run, session_id)
    return streamed if streamed is not None else await in_thread(run)


@router.get("/api/chat/{session_id}", response_model=Transcript)
def transcript(session_id: str, request: Request) -> Transcript:
    """The session's turns, oldest first."""
    if not valid_session_id(session_id):
        raise HTTPException(422, f"session_id must be {SESSION_ID_RULE}")
    session = app_state(request).sessions.get(session_id)
    if session is None:
        raise HTTPException(404, f"no chat session {session_id!r} (it never started, or it expired)")
    return Transcript(session_id=session_id, facts=session.facts, pending=session.pending,
                      facts_source=session.facts_source, turns=session.transcript)


@router.post("/api/draft", response_model=DraftResponse, dependencies=[Depends(require_json)], responses={200: {"content": {DOCX_TYPE: {}}}})
async def draft(body: DraftRequest, request: Request, fmt: Annotated[Literal["json", "docx"], Query(alias="format")] = "json") -> Any:
    """A formal reply draft for the helpdesk, as Markdown (JSON) or as a .docx download (`?format=docx`)."""
    if body.session_id is None and body.question is None:
        raise HTTPException(422, "give session_id (draft from that session's last answer) or question")
    check_length(request, body.question)
    state = app_state(request)

    def run() -> tuple[AskResponse, str, bytes | None]:
        response = state.response_for_draft(body.session_id, body.question)
        markdown = state.draft_markdown(response, body.company)
        docx = state.draft_docx(response, body.company) if fmt == "docx" else None
        return response, markdown, docx

    response, markdown, docx = await in_thread(run)
    if docx is not None:
        name = f"chujing-reply-{time.strftime('%Y%m%d-%H%M%S')}.docx"
        return Response(content=docx, media_type=DOCX_TYPE, headers={"Content-Disposition": f'attachment; filename="{name}"'})
    return DraftResponse(markdown=markdown, response=response)
