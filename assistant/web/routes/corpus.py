"""The corpus: search, one article's text, and the documents and lists that are loaded."""

from __future__ import annotations

import re

from fastapi import APIRouter, Depends, HTTPException, Request

from assistant.lists.editions import edition_statuses
from assistant.lists.model import NegativeList
from assistant.web.deps import app_state, check_length, require_json
from assistant.web.schemas import DocumentInfo, DocumentsResponse, ListInfo, SearchRequest
from assistant.web.state import AppState
from ingest.models import Article
from retrieval.hits import SearchHit
from retrieval.items import ItemHit, item_index

router = APIRouter(tags=["corpus"])

ARTICLE_ID_RE = re.compile(r"^(?P<doc>[a-z0-9][a-z0-9._-]{0,100})[#:](?P<num>\d{1,4})$")


@router.post("/api/search", response_model=list[SearchHit] | list[ItemHit], dependencies=[Depends(require_json)])
def search(body: SearchRequest, request: Request) -> list[SearchHit] | list[ItemHit]:
    """Ranked articles for a query (hybrid lexical + dense retrieval); with `kind: list_item`, negative-list items,
    each naming its list, edition and whether the list is illustrative."""
    check_length(request, body.query, "query")
    state = app_state(request)
    if body.kind == "list_item":
        with state.lock.read():
            state.ensure_loaded()
            retriever = state.retriever()
            lists = state.lists()
        embeddings = retriever.dense.embeddings if getattr(retriever, "dense", None) is not None else None
        editions = edition_statuses(lists, body.as_of or state.pipeline().as_of)
        return item_index(lists, embeddings).search(body.query, body.k, editions=editions)
    return state.search(body.query, body.k, include_superseded=body.include_superseded)


@router.get("/api/lists", response_model=list[ListInfo])
def negative_lists(request: Request) -> list[ListInfo]:
    """Every loaded list and edition, with whether it is the edition in force on the assistant's date."""
    return _list_infos(app_state(request))


@router.get("/api/lists/{list_id}", response_model=NegativeList)
def negative_list(list_id: str, request: Request) -> NegativeList:
    """One loaded negative list in full (sectors → scenarios → items), for the Lists view."""
    found = next((lst for lst in app_state(request).lists() if lst.list_id == list_id), None)
    if found is None:
        raise HTTPException(404, f"no loaded negative list {list_id[:80]!r}")
    return found


@router.get("/api/articles/{article_id}", response_model=Article)
def article(article_id: str, request: Request) -> Article:
    """One article's full text. Id `doc_id#N` (URL-encode `#` as `%23`) or `doc_id:N`."""
    match = ARTICLE_ID_RE.match(article_id.strip())
    if not match:
        raise HTTPException(422, f"not an article id: {article_id[:80]!r} (expected doc_id#N or doc_id:N, e.g. sh-ftz-measures-2025:8)")
    found = app_state(request).article(f"{match['doc']}#{int(match['num'])}")
    if found is None:
        raise HTTPException(404, f"no article {match['doc']}#{int(match['num'])} in the corpus")
    return found


@router.get("/api/documents", response_model=DocumentsResponse)
def documents(request: Request) -> DocumentsResponse:
    """The corpus: each document with its status and dates, and the negative lists."""
    state = app_state(request)
    corpus = state.corpus()
    uploads = state.settings.uploads_dir / "texts"
    infos = []
    for doc in corpus.documents.values():
        uploaded = (uploads / f"{doc.doc_id}.md").is_file()
        infos.append(DocumentInfo(document=doc, articles=len(corpus.articles_of(doc.doc_id)), uploaded=uploaded))
    return DocumentsResponse(corpus_version=corpus.version, documents=infos, lists=_list_infos(state))


def _list_infos(state: AppState) -> list[ListInfo]:
    lists = state.lists()
    statuses = edition_statuses(lists, state.pipeline().as_of)
    return [
        ListInfo(list_id=lst.list_id, title=lst.title, status=lst.status, edition=lst.edition,
                 items=sum(1 for _ in lst.entries()), effective=lst.effective, supersedes=lst.supersedes,
                 edition_status=statuses[lst.list_id])
        for lst in lists
    ]
