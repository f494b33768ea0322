"""Maintainer routes behind the admin token: upload, remove, change a document's status.

Refusals (`UploadError`) are turned into HTTP answers by the app's exception handler."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile

from assistant.web.deps import admin_service, require_json, require_multipart, settings
from assistant.web.schemas import AdminResult, StatusRequest, clean_text


def require_admin(request: Request) -> None:
    token = settings(request).admin_token
    if token is None:
        raise HTTPException(404, "admin endpoints are disabled: set CHUJING_ADMIN_TOKEN to enable them")
    supplied = _supplied_token(request)
    if supplied is None:
        raise HTTPException(401, "admin token required (Authorization: Bearer <token>)", headers={"WWW-Authenticate": "Bearer"})
    # Constant time, on the raw bytes of the header (compare_digest refuses non-ASCII str).
    if not hmac.compare_digest(supplied, token.get_secret_value().encode("utf-8")):
        raise HTTPException(403, "wrong admin token")


def _supplied_token(request: Request) -> bytes | None:
    """The token after `Bearer ` (scheme case-insensitive, one space), byte for byte: nothing is trimmed, so a
    padded, tabbed or otherwise altered token fails the comparison. `Authorization: Bearer` is the only header."""
    values = [value for name, value in request.scope.get("headers", []) if name == b"authorization"]
    if len(values) != 1:
        return None if not values else b"\x00"  # several Authorization headers: refused, never merged
    auth = values[0]
    if auth[:7].lower() != b"bearer " or len(auth) == 7:
        return None
    return auth[7:]


router = APIRouter(tags=["admin"], dependencies=[Depends(require_admin)])


@router.post("/api/admin/documents", response_model=AdminResult, dependencies=[Depends(require_multipart)])
def upload(
    request: Request,
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
    cleaned = {k: clean_text(v) for k, v in metadata.items() if v and v.strip()}
    return admin_service(request).upload(file.filename or "", file.file, cleaned)


@router.delete("/api/admin/documents/{doc_id}", response_model=AdminResult)
def delete_document(doc_id: str, request: Request) -> AdminResult:
    """Remove an uploaded document (texts shipped in the repo's corpus are not removable here)."""
    return admin_service(request).remove(doc_id)


@router.post("/api/admin/documents/{doc_id}/status", response_model=AdminResult, dependencies=[Depends(require_json)])
def set_status(doc_id: str, body: StatusRequest, request: Request) -> AdminResult:
    """Change a document's status (e.g. mark it superseded); the index is rebuilt."""
    return admin_service(request).set_status(doc_id, body.status, body.repealed)
