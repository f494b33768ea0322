"""The chat page, its static files, and the OpenAPI docs served offline."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import APIRouter, FastAPI, HTTPException
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

router = APIRouter(include_in_schema=False)

STATIC_DIR = Path(str(resources.files("assistant.web") / "static"))
STATIC_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml"}


@router.get("/")
def index() -> FileResponse:
    return FileResponse(STATIC_DIR / "index.html", media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-cache"})


@router.get("/lists")
def lists_page() -> FileResponse:
    """The 清单 / Lists view: sectors → scenarios → items, item search, the edition and the illustrative banner."""
    return FileResponse(STATIC_DIR / "lists.html", media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-cache"})


@router.get("/static/{name}")
def static(name: str) -> FileResponse:
    path = STATIC_DIR / name
    # Flat directory of known file types: no traversal, no directory listing.
    if "/" in name or "\\" in name or name.startswith(".") or path.suffix not in STATIC_TYPES or not path.is_file():
        raise HTTPException(404, "not found")
    return FileResponse(path, media_type=STATIC_TYPES[path.suffix], headers={"Cache-Control": "no-cache"})


def mount_offline_docs(app: FastAPI) -> None:
    """OpenAPI docs at /docs with Swagger UI's files from the `swagger-ui-bundle` wheel, so they work offline."""
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
