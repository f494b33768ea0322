"""Request and response bodies of the HTTP API (SPEC §5), with the checks every request gets."""

from __future__ import annotations

import os
import unicodedata
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from assistant.answer.card import normalise_patch
from assistant.models import AskResponse, Facts, FactSource
from assistant.session.chats import SESSION_ID_RULE, Turn, valid_session_id
from ingest.models import Document


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
    """One chat turn: a new message in a (possibly new) session, and/or a correction of what was understood."""

    message: str | None = Field(default=None, description="The user's message: a question or the answer to a clarifying question.")
    session_id: str | None = Field(default=None, description="Omit to start a new session; the response carries its id.")
    facts_patch: dict[str, Any] | None = Field(
        default=None,
        description="Correct what was understood and decide again (SPEC §5): Facts keys or `data_items[i].field`; "
        "booleans also as 是/否/yes/no, 不确定/unsure = unknown. An unknown key or a bad value is a 422 naming it.",
        examples=[{"is_ciio": True}],
    )

    @field_validator("message")
    @classmethod
    def _message(cls, value: str | None) -> str | None:
        return None if value is None else _check_question(value)

    @field_validator("facts_patch")
    @classmethod
    def _patch(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        return normalise_patch(value) if value else None

    @model_validator(mode="after")
    def _something(self) -> ChatRequest:
        if self.message is None and not self.facts_patch:
            raise ValueError("give a message, a facts_patch or both")
        if self.message is None and self.session_id is None:
            raise ValueError("a facts_patch without a message needs the session_id of the answer it corrects")
        return self

    @field_validator("session_id")
    @classmethod
    def _session(cls, value: str | None) -> str | None:
        return _check_session_id(value)


class SearchRequest(BaseModel):
    query: str = Field(description="Search text (Chinese or English).")
    k: int = Field(default=5, ge=1, le=50, description="Number of hits.")
    include_superseded: bool = Field(default=False, description="Also search superseded and partial texts.")
    kind: Literal["article", "list_item"] = Field(default="article", description="Articles, or negative-list items (issue 17).")
    as_of: date | None = Field(
        default=None, description="list_item: the date whose edition is in force (default: the assistant's date); hits "
        "from other editions are flagged superseded / not_yet_in_force."
    )

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
    facts_source: dict[str, FactSource] = Field(default_factory=dict, description="Where each known fact came from.")
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
    effective: date | None = None
    supersedes: str | None = None
    edition_status: str = Field(default="in_force", description="On the assistant's date: in_force, superseded, not_yet_in_force, repealed.")


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
    worker_pid: int = Field(default_factory=os.getpid,
                            description="pid of the worker process that answered (also in every response's X-Chujing-Worker header).")


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
    if not valid_session_id(value):
        raise ValueError(f"session_id must be {SESSION_ID_RULE}")
    return value
