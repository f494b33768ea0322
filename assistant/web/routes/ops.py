"""Operations: whether the server can answer."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from assistant.web.deps import app_state
from assistant.web.schemas import Health

router = APIRouter(tags=["ops"])


@router.get("/healthz", response_model=Health)
def healthz(request: Request) -> JSONResponse:
    """Whether the index is loaded, which corpus and build serve, and what is degraded."""
    health = app_state(request).health()
    code = 200 if health.status in ("ok", "degraded") else 503
    return JSONResponse(status_code=code, content=health.model_dump(mode="json"))
