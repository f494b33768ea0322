"""Middleware: the request size limit, the page's security headers and the answering worker's pid."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from contextlib import suppress
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyLimitMiddleware:
    """Refuse request bodies over a limit with 413 before they are buffered (pure ASGI, so it also covers
    chunked uploads that carry no Content-Length)."""

    def __init__(self, app: ASGIApp, *, default_limit: int, upload_limit: int, upload_prefix: str = "/api/admin/") -> None:
        self.app = app
        self.default_limit = default_limit
        self.upload_limit = upload_limit
        self.upload_prefix = upload_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        limit = self.upload_limit if path.startswith(self.upload_prefix) else self.default_limit
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _too_large(send, limit)
            return
        received = 0
        exceeded = False
        answered = False

        async def limited_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise _BodyTooLarge()
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal answered
            if exceeded:
                # Whatever the app makes of the aborted read (FastAPI turns it into a 400), the client gets a 413.
                if not answered:
                    answered = True
                    await _too_large(send, limit)
                return
            await send(message)

        with suppress(_BodyTooLarge):
            await self.app(scope, limited_receive, guarded_send)
        if exceeded and not answered:
            await _too_large(send, limit)


class _BodyTooLarge(Exception):
    pass


async def _too_large(send: Send, limit: int) -> None:
    body = json.dumps({"detail": f"request body too large: the limit is {limit // (1024 * 1024) or 1} MB ({limit} bytes)"}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


# The page loads only its own script and style; nothing inline, so injected markup could not run even if it
# slipped past the renderer.
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


# Which process answered: with `chujing serve --workers N` an operator (or the load tests) can see that every
# worker takes requests. The pid, not a worker number: it is what `ps`, `top` and the server log show.
WORKER_HEADER = "X-Chujing-Worker"


async def response_headers(request: Request, call_next: Callable[[Request], Any]) -> Response:
    """The answering worker's pid; no sniffing, no referrer, and (except on the Swagger page) the strict CSP and no
    framing. One middleware for all of them: each `app.middleware("http")` layer costs every request a task hop."""
    response: Response = await call_next(request)
    response.headers[WORKER_HEADER] = str(os.getpid())
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    if request.url.path != "/docs":
        # Swagger UI's page starts itself with an inline script; everything else gets the strict policy.
        response.headers.setdefault("Content-Security-Policy", PAGE_CSP)
        response.headers.setdefault("X-Frame-Options", "DENY")
    return response
