"""The HTTP API and the chat page: `create_app()` returns the FastAPI app that `chujing serve` runs.

Every answer goes through `assistant.pipeline.get_pipeline().ask` (the one path shared with the CLI and the
evals). Pipeline calls are synchronous CPU work, so they run in worker threads; a read/write lock lets the
admin endpoints swap in a rebuilt index without pulling it from under a request in flight. Errors reach the
client as short JSON messages; stack traces stay in the server log.

This module imports FastAPI at the top: it is only imported by `chujing serve` and the tests.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
import time
import unicodedata
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager, suppress
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import anyio
from fastapi import Depends, FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, Field, field_validator
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.api_admin import AdminService, UploadError
from assistant.api_settings import ApiSettings
from assistant.api_state import AppState, NotReady
from assistant.chat import Turn
from assistant.models import AskResponse, Facts
from assistant.pipeline import QuestionError
from ingest.models import Article, Document, SearchHit

log = logging.getLogger("chujing.api")

T = TypeVar("T")

# A session id is ours (uuid4 hex) or the client's; anything else is refused rather than stored.
SESSION_ID_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
ARTICLE_ID_RE = re.compile(r"^(?P<doc>[a-z0-9][a-z0-9._-]{0,100})[#:](?P<num>\d{1,4})$")


# ---------------------------------------------------------------------------------------------------------------
# Request and response bodies
# ---------------------------------------------------------------------------------------------------------------


def clean_text(value: str) -> str:
    """Drop control characters (keeping line breaks and tabs) and surrounding blanks."""
    kept = [ch for ch in value if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs")]
    return "".join(kept).strip()


class AskRequest(BaseModel):
    """One question (SPEC §5)."""

    question: str = Field(description="The question, in Chinese or English.", examples=["我们是临港新片区的再保险公司，向境外再保人提供分出业务数据，需要申报安全评估吗？"])
    session_id: str | None = Field(default=None, description="Optional chat session whose facts the answer may use.")

    @field_validator("question")
    @classmethod
    def _question(cls, value: str) -> str:
        return _check_question(value)

    @field_validator("session_id")
    @classmethod
    def _session(cls, value: str | None) -> str | None:
        return _check_session_id(value)


class ChatRequest(BaseModel):
    """One chat turn: a new message in a (possibly new) session."""

    message: str = Field(description="The user's message: a question or the answer to a clarifying question.")
    session_id: str | None = Field(default=None, description="Omit to start a new session; the response carries its id.")

    @field_validator("message")
    @classmethod
    def _message(cls, value: str) -> str:
        return _check_question(value)

    @field_validator("session_id")
    @classmethod
    def _session(cls, value: str | None) -> str | None:
        return _check_session_id(value)


class SearchRequest(BaseModel):
    query: str = Field(description="Search text (Chinese or English).")
    k: int = Field(default=5, ge=1, le=50, description="Number of hits.")
    include_superseded: bool = Field(default=False, description="Also search superseded and partial texts.")

    @field_validator("query")
    @classmethod
    def _query(cls, value: str) -> str:
        return _check_question(value, what="query")


class DraftRequest(BaseModel):
    """Draft a helpdesk reply: to the last answer of a chat session, or to a fresh question."""

    session_id: str | None = Field(default=None, description="Draft from the last answer in this session.")
    question: str | None = Field(default=None, description="Or answer this question and draft from it.")
    company: str | None = Field(default=None, max_length=200, description="The enquiring company, named in the salutation.")

    @field_validator("question")
    @classmethod
    def _question(cls, value: str | None) -> str | None:
        return None if value is None else _check_question(value)

    @field_validator("session_id")
    @classmethod
    def _session(cls, value: str | None) -> str | None:
        return _check_session_id(value)

    @field_validator("company")
    @classmethod
    def _company(cls, value: str | None) -> str | None:
        return clean_text(value) or None if value is not None else None


class DraftResponse(BaseModel):
    markdown: str = Field(description="The reply draft (Markdown, formal Chinese or English).")
    response: AskResponse = Field(description="The answer the draft was written from.")


class Transcript(BaseModel):
    """A chat session as the server remembers it."""

    session_id: str
    facts: Facts = Field(description="The facts gathered so far in the session.")
    pending: list[str] = Field(default_factory=list, description="Facts keys the last answer asked for.")
    turns: list[Turn] = Field(description="User and assistant messages, oldest first.")


class DocumentInfo(BaseModel):
    document: Document
    articles: int = Field(description="Number of articles parsed from the document.")
    uploaded: bool = Field(default=False, description="Added through the admin upload (under the data dir).")


class ListInfo(BaseModel):
    list_id: str
    title: str
    status: str
    edition: str
    items: int


class DocumentsResponse(BaseModel):
    corpus_version: str
    documents: list[DocumentInfo]
    lists: list[ListInfo]


class Health(BaseModel):
    status: Literal["ok", "degraded", "loading", "error"]
    index_loaded: bool
    corpus_version: str | None = None
    index_build_id: str | None = None
    documents: int | None = None
    articles: int | None = None
    degraded: list[str] = Field(default_factory=list)
    error: str | None = None
    audit: bool = Field(description="Whether answers are being written to the audit log.")


class AdminResult(BaseModel):
    """What an admin operation changed."""

    action: Literal["added", "removed", "status_changed", "list_added"]
    doc_id: str | None = None
    list_id: str | None = None
    title: str | None = None
    articles: int | None = Field(default=None, description="Articles parsed from the new document.")
    items: int | None = Field(default=None, description="Items in the new list.")
    status: str | None = None
    corpus_version: str | None = None
    index_build_id: str | None = None
    warnings: list[str] = Field(default_factory=list)


class StatusRequest(BaseModel):
    status: Literal["in_force", "superseded", "partial", "illustrative"] = Field(description="The new status.")
    repealed: str | None = Field(default=None, description="Date it stopped applying (YYYY-MM-DD), for superseded texts.")


def _check_question(value: str, what: str = "question") -> str:
    text = clean_text(value)
    if not text:
        raise ValueError(f"{what} is empty")
    return text


def _check_session_id(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    if not SESSION_ID_RE.match(value):
        raise ValueError("session_id must be 8–64 letters, digits, '-' or '_'")
    return value


# ---------------------------------------------------------------------------------------------------------------
# Middleware: request size limit and security headers
# ---------------------------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------------------------
# The app
# ---------------------------------------------------------------------------------------------------------------


def _mount_offline_docs(app: FastAPI) -> None:
    """OpenAPI docs at /docs with Swagger UI's files from the `swagger-ui-bundle` wheel, so they work offline."""
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.staticfiles import StaticFiles
    from swagger_ui_bundle import swagger_ui_path

    app.mount("/docs-static", StaticFiles(directory=swagger_ui_path), name="docs-static")

    @app.get("/docs", include_in_schema=False)
    def docs() -> Response:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} — docs",
            swagger_js_url="/docs-static/swagger-ui-bundle.js",
            swagger_css_url="/docs-static/swagger-ui.css",
            swagger_favicon_url="/docs-static/favicon-32x32.png",
        )


def create_app(settings: object | None = None) -> FastAPI:
    """Build the app. `settings` is an `assistant.config.Settings` (or an `ApiSettings`); None reads the env."""
    api_settings = settings if isinstance(settings, ApiSettings) else ApiSettings.from_settings(settings)
    state = AppState(api_settings)
    admin = AdminService(state)

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
        docs_url=None,  # served below from the bundled Swagger UI: the default page loads it from a CDN
        redoc_url=None,
    )
    app.state.chujing = state
    _mount_offline_docs(app)
    if api_settings.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(api_settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "Accept"],
        )

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Any]) -> Response:
        response: Response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if request.url.path != "/docs":
            # Swagger UI's page starts itself with an inline script; everything else gets the strict policy.
            response.headers.setdefault("Content-Security-Policy", PAGE_CSP)
            response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    # Added last, so it is the outermost layer: it sees the raw body before any other middleware buffers it.
    app.add_middleware(
        BodyLimitMiddleware,
        default_limit=api_settings.max_body_bytes,
        upload_limit=api_settings.max_upload_bytes + 64 * 1024,  # multipart framing and metadata fields
    )

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

    def limit(text: str | None, what: str = "question") -> None:
        # The limit is per app (settings), so it is checked here rather than in the class-level validators.
        if text is not None and len(text) > api_settings.max_question_chars:
            raise HTTPException(422, f"{what} is too long: {len(text)} characters, the limit is {api_settings.max_question_chars}")

    @app.exception_handler(QuestionError)
    async def question_error(request: Request, exc: QuestionError) -> JSONResponse:
        return JSONResponse(status_code=422, content={"detail": str(exc)})

    @app.exception_handler(NotReady)
    async def not_ready(request: Request, exc: NotReady) -> JSONResponse:
        return JSONResponse(status_code=503, content={"detail": str(exc)})

    async def in_thread(fn: Callable[[], T]) -> T:
        return await anyio.to_thread.run_sync(fn)

    def wants_stream(request: Request, stream: bool) -> bool:
        return stream or "text/event-stream" in request.headers.get("accept", "")

    def answer_or_stream(request: Request, stream: bool, run: Callable[[], AskResponse], session_id: str | None) -> Any:
        if wants_stream(request, stream):
            return StreamingResponse(
                _sse_events(run, session_id, in_thread),
                media_type="text/event-stream",
                headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
            )
        return None

    sse_doc: dict[int | str, dict[str, Any]] = {
        200: {
            "content": {"text/event-stream": {"schema": {"type": "string"}}},
            "description": "JSON AskResponse, or (when streaming) events: start, verdict, answer (chunks), done (the full AskResponse), error.",
        }
    }

    # --- questions ---------------------------------------------------------------------------------------------
    @app.post("/api/ask", response_model=AskResponse, tags=["ask"], responses=sse_doc)
    async def ask(body: AskRequest, request: Request, stream: Annotated[bool, Query(description="Stream as SSE")] = False) -> Any:
        """Answer one question (SPEC §5). With `session_id`, the session's facts are used and extended."""
        limit(body.question)

        def run() -> AskResponse:
            return state.answer(body.question, session_id=body.session_id, endpoint="ask")

        streamed = answer_or_stream(request, stream, run, body.session_id)
        return streamed if streamed is not None else await in_thread(run)

    @app.post("/api/chat", response_model=AskResponse, tags=["ask"], responses=sse_doc)
    async def chat(body: ChatRequest, request: Request, stream: Annotated[bool, Query(description="Stream as SSE")] = False) -> Any:
        """One chat turn. Omit `session_id` to start a session; facts are carried across the session's turns."""
        limit(body.message, "message")
        session_id = body.session_id or uuid.uuid4().hex

        def run() -> AskResponse:
            return state.answer(body.message, session_id=session_id, endpoint="chat")

        streamed = answer_or_stream(request, stream, run, session_id)
        return streamed if streamed is not None else await in_thread(run)

    @app.get("/api/chat/{session_id}", response_model=Transcript, tags=["ask"])
    def transcript(session_id: str) -> Transcript:
        """The session's turns, oldest first."""
        if not SESSION_ID_RE.match(session_id):
            raise HTTPException(422, "session_id must be 8–64 letters, digits, '-' or '_'")
        session = state.sessions.get(session_id)
        if session is None:
            raise HTTPException(404, f"no chat session {session_id!r} (sessions live in memory and end when the server restarts)")
        return Transcript(session_id=session_id, facts=session.facts, pending=session.pending, turns=session.transcript)

    @app.post("/api/search", response_model=list[SearchHit], tags=["corpus"])
    def search(body: SearchRequest) -> list[SearchHit]:
        """Ranked articles for a query (hybrid lexical + dense retrieval)."""
        limit(body.query, "query")
        return state.search(body.query, body.k, include_superseded=body.include_superseded)

    @app.get("/api/articles/{article_id}", response_model=Article, tags=["corpus"])
    def article(article_id: str) -> Article:
        """One article's full text. Id `doc_id#N` (URL-encode `#` as `%23`) or `doc_id:N`."""
        match = ARTICLE_ID_RE.match(article_id.strip())
        if not match:
            raise HTTPException(422, f"not an article id: {article_id[:80]!r} (expected doc_id#N or doc_id:N, e.g. sh-ftz-measures-2025:8)")
        found = state.article(f"{match['doc']}#{int(match['num'])}")
        if found is None:
            raise HTTPException(404, f"no article {match['doc']}#{int(match['num'])} in the corpus")
        return found

    @app.get("/api/documents", response_model=DocumentsResponse, tags=["corpus"])
    def documents() -> DocumentsResponse:
        """The corpus: each document with its status and dates, and the negative lists."""
        corpus = state.corpus()
        uploads = state.settings.uploads_dir / "texts"
        infos = []
        for doc in corpus.documents.values():
            uploaded = (uploads / f"{doc.doc_id}.md").is_file()
            infos.append(DocumentInfo(document=doc, articles=len(corpus.articles_of(doc.doc_id)), uploaded=uploaded))
        lists = [
            ListInfo(list_id=lst.list_id, title=lst.title, status=lst.status, edition=lst.edition, items=_count_items(lst))
            for lst in state.lists()
        ]
        return DocumentsResponse(corpus_version=corpus.version, documents=infos, lists=lists)

    @app.post("/api/draft", tags=["ask"], response_model=DraftResponse,
              responses={200: {"content": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document": {}}}})
    async def draft(body: DraftRequest, fmt: Annotated[Literal["json", "docx"], Query(alias="format")] = "json") -> Any:
        """A formal reply draft for the helpdesk, as Markdown (JSON) or as a .docx download (`?format=docx`)."""
        if body.session_id is None and body.question is None:
            raise HTTPException(422, "give session_id (draft from that session's last answer) or question")
        limit(body.question)

        def run() -> tuple[AskResponse, str, bytes | None]:
            response = state.response_for_draft(body.session_id, body.question)
            markdown = state.draft_markdown(response, body.company)
            docx = state.draft_docx(response, body.company) if fmt == "docx" else None
            return response, markdown, docx

        response, markdown, docx = await in_thread(run)
        if docx is not None:
            name = f"chujing-reply-{time.strftime('%Y%m%d-%H%M%S')}.docx"
            return Response(
                content=docx,
                media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                headers={"Content-Disposition": f'attachment; filename="{name}"'},
            )
        return DraftResponse(markdown=markdown, response=response)

    @app.get("/healthz", response_model=Health, tags=["ops"])
    def healthz() -> JSONResponse:
        """Whether the index is loaded, which corpus and build serve, and what is degraded."""
        health = state.health()
        code = 200 if health.status in ("ok", "degraded") else 503
        return JSONResponse(status_code=code, content=health.model_dump(mode="json"))

    # --- maintainers -------------------------------------------------------------------------------------------
    def require_admin(request: Request) -> None:
        token = api_settings.admin_token
        if token is None:
            raise HTTPException(404, "admin endpoints are disabled: set CHUJING_ADMIN_TOKEN to enable them")
        supplied = _supplied_token(request)
        if supplied is None:
            raise HTTPException(401, "admin token required (Authorization: Bearer <token>)", headers={"WWW-Authenticate": "Bearer"})
        # Constant time, on bytes (compare_digest refuses non-ASCII str).
        if not hmac.compare_digest(supplied.encode("utf-8"), token.get_secret_value().encode("utf-8")):
            raise HTTPException(403, "wrong admin token")

    admin_dep = [Depends(require_admin)]

    @app.post("/api/admin/documents", response_model=AdminResult, tags=["admin"], dependencies=admin_dep)
    def upload(
        file: Annotated[UploadFile, File(description="PDF/TXT/MD legal text, or a negative list as YAML/CSV.")],
        doc_id: Annotated[str | None, Form(description="Document id (lowercase, digits, '-'); required for texts without front matter.")] = None,
        title: Annotated[str | None, Form(description="Full official title.")] = None,
        short_title: Annotated[str | None, Form()] = None,
        kind: Annotated[str | None, Form(description="measures | regulation | law | negative_list | guideline | faq")] = None,
        issuer: Annotated[str | None, Form()] = None,
        issued: Annotated[str | None, Form(description="YYYY-MM-DD")] = None,
        effective: Annotated[str | None, Form(description="YYYY-MM-DD")] = None,
        status: Annotated[str | None, Form(description="in_force | superseded | partial | illustrative (lists: official | illustrative)")] = None,
        source: Annotated[str | None, Form()] = None,
        list_id: Annotated[str | None, Form(description="For CSV lists: the list id.")] = None,
        edition: Annotated[str | None, Form(description="For CSV lists: the edition.")] = None,
    ) -> AdminResult:
        """Upload a document or a negative list, ingest it and rebuild the index atomically.

        On any failure the previous index keeps serving and nothing of the upload is kept."""
        metadata = {
            "doc_id": doc_id, "title": title, "short_title": short_title, "kind": kind, "issuer": issuer,
            "issued": issued, "effective": effective, "status": status, "source": source,
            "list_id": list_id, "edition": edition,
        }
        try:
            return admin.upload(file.filename or "", file.file, {k: clean_text(v) for k, v in metadata.items() if v and v.strip()})
        except UploadError as exc:
            raise HTTPException(exc.status, exc.message) from None

    @app.delete("/api/admin/documents/{doc_id}", response_model=AdminResult, tags=["admin"], dependencies=admin_dep)
    def delete_document(doc_id: str) -> AdminResult:
        """Remove an uploaded document (texts shipped in the repo's corpus are not removable here)."""
        try:
            return admin.remove(doc_id)
        except UploadError as exc:
            raise HTTPException(exc.status, exc.message) from None

    @app.post("/api/admin/documents/{doc_id}/status", response_model=AdminResult, tags=["admin"], dependencies=admin_dep)
    def set_status(doc_id: str, body: StatusRequest) -> AdminResult:
        """Change a document's status (e.g. mark it superseded); the index is rebuilt."""
        try:
            return admin.set_status(doc_id, body.status, body.repealed)
        except UploadError as exc:
            raise HTTPException(exc.status, exc.message) from None

    # --- the page ----------------------------------------------------------------------------------------------
    web_dir = Path(str(resources.files("assistant") / "web"))

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(web_dir / "index.html", media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-cache"})

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> FileResponse:
        types = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml"}
        path = web_dir / name
        # Flat directory of known file types: no traversal, no directory listing.
        if "/" in name or "\\" in name or name.startswith(".") or path.suffix not in types or not path.is_file():
            raise HTTPException(404, "not found")
        return FileResponse(path, media_type=types[path.suffix], headers={"Cache-Control": "no-cache"})

    return app


def _supplied_token(request: Request) -> str | None:
    auth = request.headers.get("authorization")
    if auth and auth.lower().startswith("bearer "):
        return auth[7:].strip() or None
    return request.headers.get("x-admin-token") or None


def _count_items(lst: Any) -> int:
    return sum(len(scenario.items) for sector in lst.sectors for scenario in sector.scenarios)


async def _sse_events(
    run: Callable[[], AskResponse],
    session_id: str | None,
    in_thread: Callable[[Callable[[], AskResponse]], Any],
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
    for chunk in _chunks(response.answer):
        yield _sse("answer", {"text": chunk})
    yield _sse("done", response.model_dump(mode="json"))


def _sse(event: str, data: object) -> bytes:
    # json.dumps never emits raw newlines, so one data line per event is always well-formed.
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode()


def _chunks(text: str, size: int = 120) -> Sequence[str]:
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
