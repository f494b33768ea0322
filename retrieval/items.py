"""Negative-list items as their own kind of retrieval unit (issue 17): one chunk per item, searched with BM25 and
the dense model of the article index, fused, but kept apart from the article index so article metrics and the
article path are unchanged.

A chunk carries the list, edition, status, sector, scenario, category, description, data kind and route, so a
hit says which list and edition it comes from and whether the list is illustrative. Lists arrive as objects of
the negative-list format (`assistant.lists.model.NegativeList`); this module only reads their attributes, so
retrieval does not depend on the assistant package.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from pydantic import BaseModel, Field

from retrieval.lexical import LexicalIndex
from retrieval.query import expand_query
from retrieval.tokenize import get_tokenizer

if TYPE_CHECKING:
    from retrieval.dense import DenseEmbeddings

ITEM_KIND: Literal["list_item"] = "list_item"
# Words users put around the data they describe; they say nothing about which item is meant.
_NOISE = ("负面清单", "清单", "数据", "在不在", "上吗", "哪些", "什么", "路径", "对应", "on the list", "negative list", "list")
_ROUTE_WORDS = {
    "security_assessment": "安全评估 security assessment",
    "standard_contract_or_certification": "标准合同 认证 standard contract certification",
    "exempt": "免予申报 exempt",
}
_KIND_WORDS = {"personal_information": "个人信息 personal information", "important_data": "重要数据 important data"}
# Fusion of the two signals; chosen on nothing but the defaults of the article side (score fusion, max-normalised).
LEXICAL_WEIGHT = 0.5
DENSE_WEIGHT = 0.5
# A hit from an edition not in force on the date of the search ranks at this share of its score (of its in-force
# counterpart's, when that is lower).
OTHER_EDITION_WEIGHT = 0.8


class ItemHit(BaseModel):
    """One list item found by a search (`chujing search --kind list_item`, `/api/search` with kind list_item)."""

    id: str = Field(description="'<list_id>#<item_id>'.")
    kind: Literal["list_item"] = "list_item"
    list_id: str
    item_id: str
    title: str = Field(description="The list's title.")
    edition: str
    status: str = Field(description="The list's status: official or illustrative.")
    illustrative: bool
    in_force: bool = Field(default=True, description="False for an edition other than the one in force on as_of.")
    edition_status: str = Field(
        default="in_force", description="in_force, superseded, not_yet_in_force or repealed (on the date of the search)."
    )
    sector: str
    scenario: str
    category: str
    subcategory: str
    description: str
    data_kind: str
    route: str
    label: str = Field(description="'<sector> / <scenario> / <item_id>'.")
    text: str = Field(description="The item as the list states it.")
    score: float


def _same_item(hit: ItemHit) -> tuple[str, str, str, str, str, str]:
    """What makes two editions' entries the same item: id, sector, scenario, wording, data kind and route."""
    return (hit.item_id, hit.sector, hit.scenario, hit.text, hit.data_kind, hit.route)


class ItemChunk(BaseModel):
    hit: ItemHit
    index_text: str = Field(description="What is indexed: the item with its list, sector, scenario, route and keywords.")


def item_chunks(lists: Iterable[Any]) -> list[ItemChunk]:
    """One chunk per item of every list (`NegativeList`-shaped objects)."""
    out: list[ItemChunk] = []
    for nl in lists:
        for sector, scenario, item in nl.entries():
            text = item.stated  # the item as the list states it (ListItem.stated)
            hit = ItemHit(
                id=f"{nl.list_id}#{item.id}", list_id=nl.list_id, item_id=item.id, title=nl.title, edition=str(nl.edition),
                status=nl.status, illustrative=nl.status == "illustrative", sector=sector.name, scenario=scenario.name,
                category=item.category, subcategory=item.subcategory, description=item.description,
                data_kind=item.data_kind, route=item.route, label=f"{sector.name} / {scenario.name} / {item.id}", text=text,
                score=0.0,
            )
            index_text = " ".join(
                [sector.name, *sector.aliases, scenario.name, text, _KIND_WORDS.get(item.data_kind, ""),
                 _ROUTE_WORDS.get(item.route, ""), *item.keywords]
            )
            out.append(ItemChunk(hit=hit, index_text=index_text))
    return out


def _without_noise(query: str) -> str:
    text = query
    for word in _NOISE:
        text = text.replace(word, " ")
    return text


def _max_normalised(scores: np.ndarray) -> np.ndarray:
    top = float(scores.max()) if scores.size else 0.0
    return scores / top if top > 0 else np.zeros_like(scores)


class ItemIndex:
    """BM25 (+ dense when an embedder is given) over the items of the loaded lists."""

    def __init__(self, lists: Sequence[Any], embeddings: DenseEmbeddings | None = None) -> None:
        self.chunks = item_chunks(lists)
        self.lists = list(lists)
        texts = [c.index_text for c in self.chunks]
        self.lexical = LexicalIndex.build([c.hit.id for c in self.chunks], texts, get_tokenizer()) if texts else None
        self.embeddings = embeddings
        self.vectors: np.ndarray | None = None
        if embeddings is not None and texts:
            try:
                vectors = np.asarray(embeddings.embed_documents(texts), dtype=np.float32)
                norms = np.linalg.norm(vectors, axis=1, keepdims=True)
                self.vectors = vectors / np.where(norms > 0, norms, 1.0)
            except Exception:  # the dense side is optional, as for articles: lexical results only
                self.vectors = None

    def scores(self, query: str) -> np.ndarray:
        if self.lexical is None:
            return np.zeros(0, dtype=np.float32)
        cleaned = _without_noise(query)
        lexical = _max_normalised(self.lexical.scores(cleaned))
        if self.vectors is None or self.embeddings is None:
            return lexical
        try:
            vector = np.asarray(self.embeddings.query_vector(expand_query(cleaned)), dtype=np.float32)
        except Exception:
            return lexical
        vector = vector / (np.linalg.norm(vector) or 1.0)
        dense = np.clip(self.vectors @ vector, 0.0, None)
        return LEXICAL_WEIGHT * lexical + DENSE_WEIGHT * dense

    def search(self, query: str, k: int = 5, *, editions: Mapping[str, str] | None = None) -> list[ItemHit]:
        """The `k` best items. `editions` maps list ids to their edition status on the date of the search (none:
        every list in force): a hit from another edition is flagged, and dropped when the edition in force states
        the same item the same way (it would only repeat it); an item that changed or is new stays, flagged."""
        scores = self.scores(query)
        status_of = dict(editions or {})
        current = {_same_item(c.hit) for c in self.chunks if status_of.get(c.hit.list_id, "in_force") == "in_force"}
        scores = self._edition_order(scores, status_of)
        out: list[ItemHit] = []
        for row in np.argsort(-scores, kind="stable"):
            if len(out) >= k or scores[row] <= 0:
                break
            hit = self.chunks[int(row)].hit
            status = status_of.get(hit.list_id, "in_force")
            if status != "in_force" and _same_item(hit) in current:
                continue
            out.append(hit.model_copy(update={"score": round(float(scores[row]), 4), "in_force": status == "in_force",
                                              "edition_status": status}))
        return out

    def _edition_order(self, scores: np.ndarray, status_of: Mapping[str, str]) -> np.ndarray:
        """The edition in force leads: another edition's item ranks below its counterpart in force (same id, sector
        and scenario; BM25's length norm alone put the 2027 sample's RI-L-01 first, item R@1 0.974 → 0.897), and an
        item only that edition has ranks at OTHER_EDITION_WEIGHT of its score."""
        if not status_of:
            return scores
        out = scores.copy()
        current = {(c.hit.item_id, c.hit.sector, c.hit.scenario): row for row, c in enumerate(self.chunks)
                   if status_of.get(c.hit.list_id, "in_force") == "in_force"}
        for row, chunk in enumerate(self.chunks):
            if status_of.get(chunk.hit.list_id, "in_force") == "in_force":
                continue
            twin = current.get((chunk.hit.item_id, chunk.hit.sector, chunk.hit.scenario))
            ceiling = scores[twin] if twin is not None else scores[row]
            out[row] = min(scores[row], ceiling) * OTHER_EDITION_WEIGHT
        return out

    def get(self, hit_id: str) -> ItemHit | None:
        return next((c.hit for c in self.chunks if c.hit.id == hit_id), None)


_CACHE: dict[tuple[str, int], ItemIndex] = {}
_CACHE_SIZE = 4


def item_index(lists: Sequence[Any], embeddings: DenseEmbeddings | None = None) -> ItemIndex:
    """One ItemIndex per content of the loaded lists (and embedder) in this process: a list re-read from the same
    file reuses it, a changed list builds a new one."""
    content = hashlib.sha256("\n".join(nl.model_dump_json() for nl in lists).encode("utf-8")).hexdigest()
    key = (content, id(embeddings))
    if key not in _CACHE:
        while len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = ItemIndex(lists, embeddings)
    return _CACHE[key]
