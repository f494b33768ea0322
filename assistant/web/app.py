"""The HTTP API and the chat page: `create_app()` returns the FastAPI app that `chujing serve` runs.

Every answer goes through `assistant.pipeline.Pipeline.ask` (the one path shared with the CLI and the evals),
held by `web.state.AppState`. The routes live in `web.routes.*`; this module wires them together with the
middleware and maps the domain errors the state and the admin service raise to HTTP answers. Errors reach
the client as short JSON messages; stack traces stay in the server log.

This module imports FastAPI at the top: it is only imported by `chujing serve` and the tests.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse

from assistant.question.validate import QuestionError
from assistant.settings import Settings
from assistant.web.admin import AdminService, UploadError
from assistant.web.middleware import BodyLimitMiddleware, response_headers
from assistant.web.routes import admin, ask, corpus, ops, page
from assistant.web.state import AppState, NoDraftSource, NotReady

log = logging.getLogger("chujing.api")


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; None reads the settings from the environment."""
    settings = settings if settings is not None else Settings.from_env()
    state = AppState(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Load corpus, index and pipeline in the background so the port opens at once and /healthz says "loading".
        state.start_warmup()
        yield
        state.close()

    app = FastAPI(
        title="出境通 chujing API",
        version="0.1.0",
        description=(
            "Cited guidance on cross-border data export under the Shanghai FTZ / Lingang negative-list regime. "
            "`POST /api/ask` and `POST /api/chat` return the SPEC §5 answer object; add `Accept: text/event-stream` "
            "or `?stream=1` for server-sent events (start, verdict, answer chunks, done)."
        ),
        lifespan=lifespan,
        docs_url=None,  # served by page.mount_offline_docs from the bundled Swagger UI: the default loads it from a CDN
        redoc_url=None,
    )
    app.state.chujing = state
    app.state.chujing_admin = AdminService(state)
    page.mount_offline_docs(app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "Accept"],
        )
    app.middleware("http")(response_headers)
    # Added last, so it is the outermost layer: it sees the raw body before any other middleware buffers it.
    app.add_middleware(
        BodyLimitMiddleware,
        default_limit=settings.max_body_bytes,
        upload_limit=settings.max_upload_bytes + 64 * 1024,  # multipart framing and metadata fields
    )
    _map_errors(app)
    for module in (ask, corpus, ops, admin, page):
        app.include_router(module.router)
    return app


def _map_errors(app: FastAPI) -> None:
    """Domain errors → HTTP: a question that cannot be answered 422, not ready 503, nothing to draft from 404,
    an admin refusal its own status, anything else a 500 with an id to find it in the log."""

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": [str(p) for p in err.get("loc", ())], "msg": str(err.get("msg", "")).removeprefix("Value error, ")}
            for err in exc.errors()
        ]
        first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
        field = ".".join(p for p in first["loc"] if p != "body")
        msg = str(first["msg"])
        message = f"{field}: {msg}" if field and not msg.startswith(field.split(".")[-1]) else msg
        return JSONResponse(status_code=422, content={"detail": message, "errors": errors})

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
        error_id = uuid.uuid4().hex[:12]
        log.exception("unhandled error %s on %s %s", error_id, request.method, request.url.path)
        return JSONResponse(
            status_code=500,
            content={"detail": f"internal error while answering; the server log has the details (error id {error_id})", "error_id": error_id},
        )

    @app.exception_handler(QuestionError)
    async def question_error(request: Request, exc: QuestionError) -> JSONResponse:
        return JSONResponse(status_code=422, content={"detail": str(exc)})

    @app.exception_handler(NotReady)
    async def not_ready(request: Request, exc: NotReady) -> JSONResponse:
        return JSONResponse(status_code=503, content={"detail": str(exc)})

    @app.exception_handler(NoDraftSource)
    async def no_draft_source(request: Request, exc: NoDraftSource) -> JSONResponse:
        return JSONResponse(status_code=404, content={"detail": str(exc)})

    @app.exception_handler(UploadError)
    async def upload_refused(request: Request, exc: UploadError) -> JSONResponse:
        return JSONResponse(status_code=exc.status, content={"detail": exc.message})
