"""What a search returns: one ranked article (SPEC §5 `chujing search --json`, and an answer's `sources`)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from ingest.models import DocumentStatus


class SearchHit(BaseModel):
    """One retrieval result; an answer's sources are search hits too (articles the verdict cites score 0)."""

    id: str = Field(description="Article id 'doc_id#N'.")
    doc_id: str
    title: str = Field(description="Full official title of the document.")
    article: int
    label: str
    score: float = Field(description="Fused relevance score, higher is better.")
    text: str = Field(description="The article's text, verbatim.")
    status: DocumentStatus = Field(default="in_force", description="Status of the document the article belongs to.")
