"""The OpenAPI docs page must work offline: its Swagger UI files come from the installed wheel, not a CDN."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from assistant.web.app import create_app


def test_docs_page_loads_swagger_ui_from_this_server(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CHUJING_DATA_DIR", str(tmp_path))
    app = create_app()
    client = TestClient(app)  # no `with`: the lifespan warm-up is not needed to serve static docs
    page = client.get("/docs")
    assert page.status_code == 200
    urls = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page.text) + re.findall(r"url: ?'([^']+)'", page.text)
    assert urls, page.text
    assert all(u.startswith("/") for u in urls), f"external asset in the docs page: {urls}"
    script = client.get("/docs-static/swagger-ui-bundle.js")
    assert script.status_code == 200
    assert len(script.content) > 100_000
    assert client.get("/openapi.json").json()["paths"]["/api/ask"]
