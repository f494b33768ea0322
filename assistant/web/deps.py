"""What the route modules share: the app's state, its settings, the admin service, and small request helpers."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import anyio
from fastapi import HTTPException, Request

from assistant.settings import Settings
from assistant.web.admin import AdminService
from assistant.web.state import AppState

T = TypeVar("T")


def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.chujing
    return state


def admin_service(request: Request) -> AdminService:
    admin: AdminService = request.app.state.chujing_admin
    return admin


def settings(request: Request) -> Settings:
    return app_state(request).settings


def check_length(request: Request, text: str | None, what: str = "question") -> None:
    """The length limit is per app (settings), so it is checked here rather than in the body models."""
    limit = settings(request).max_question_chars
    if text is not None and len(text) > limit:
        raise HTTPException(422, f"{what} is too long: {len(text)} characters, the limit is {limit}")


async def in_thread(fn: Callable[[], T]) -> T:
    """Pipeline calls are synchronous CPU work: run them in a worker thread."""
    return await anyio.to_thread.run_sync(fn)


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";", 1)[0].strip().lower()


def require_json(request: Request) -> None:
    """415 (not a 422 about the body) when a JSON route is sent something that is not JSON."""
    media = _media_type(request)
    if media != "application/json" and not (media.startswith("application/") and media.endswith("+json")):
        raise HTTPException(415, f"send the body as application/json (got {media or 'no content type'!r})")


def require_multipart(request: Request) -> None:
    """415 when an upload is not multipart/form-data."""
    media = _media_type(request)
    if media != "multipart/form-data":
        raise HTTPException(415, f"send the upload as multipart/form-data (got {media or 'no content type'!r})")
