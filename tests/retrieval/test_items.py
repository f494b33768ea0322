"""List items as their own retrieval kind (issue 17): one chunk per item, searched lexically (and densely when an
embedder is given), each hit naming its list, edition and whether the list is illustrative."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from assistant.lists.load import load_lists
from retrieval.items import ItemIndex, item_chunks, item_index

SAMPLE = "sh-ftz-negative-list-2024-sample"


@pytest.fixture(scope="module")
def lists() -> list[Any]:
    return load_lists()


def test_one_chunk_per_item_with_its_list_and_place(lists: list[Any]) -> None:
    chunks = item_chunks(lists)
    assert len(chunks) == sum(1 for lst in lists for _ in lst.entries())
    crew = next(c.hit for c in chunks if c.hit.id == f"{SAMPLE}#SH-C-01")
    assert (crew.kind, crew.sector, crew.scenario, crew.edition) == ("list_item", "国际航运", "船员管理", "2024")
    assert crew.illustrative and crew.status == "illustrative"
    assert crew.route == "standard_contract_or_certification" and crew.data_kind == "personal_information"
    assert crew.label == "国际航运 / 船员管理 / SH-C-01"
    assert "船员护照" in crew.text and crew.text.startswith(crew.category)


@pytest.mark.parametrize(
    ("query", "item"),
    [
        ("船员护照扫描件在不在清单上？对应什么路径？", "SH-C-01"),
        ("is crew medical data on the shipping list?", "SH-C-02"),
        ("酒店客人的身份证和入住退房记录", "TR-M-04"),
        ("genetic test results and fingerprints of policyholders", "RI-L-04"),
    ],
)
def test_lexical_search_finds_the_item_described(lists: list[Any], query: str, item: str) -> None:
    hits = ItemIndex(lists).search(query, k=5)
    assert hits and hits[0].id == f"{SAMPLE}#{item}"
    assert hits[0].score > 0


def test_unrelated_words_find_nothing(lists: list[Any]) -> None:
    assert ItemIndex(lists).search("zzz qqq", k=5) == []


def test_a_list_not_in_force_is_flagged_not_hidden(lists: list[Any]) -> None:
    only = [x for x in lists if x.list_id == SAMPLE]
    hits = ItemIndex(only).search("船员护照", k=3, editions={SAMPLE: "superseded"})
    assert hits and all(not h.in_force and h.edition_status == "superseded" for h in hits)
    assert all(h.in_force and h.edition_status == "in_force" for h in ItemIndex(only).search("船员护照", k=3))


NEXT = "sh-ftz-negative-list-2027-sample"
BEFORE = {SAMPLE: "in_force", NEXT: "not_yet_in_force"}
AFTER = {SAMPLE: "superseded", NEXT: "in_force"}


def test_another_editions_unchanged_item_is_not_repeated(lists: list[Any]) -> None:
    # SH-C-01 reads the same in both editions: only the edition in force shows it
    for editions, current in ((BEFORE, SAMPLE), (AFTER, NEXT)):
        hits = ItemIndex(lists).search("船员护照扫描件", k=5, editions=editions)
        crew = [h for h in hits if h.item_id == "SH-C-01"]
        assert [h.list_id for h in crew] == [current] and crew[0].in_force


def test_another_editions_changed_or_new_item_stays_searchable_and_flagged(lists: list[Any]) -> None:
    # RI-L-01 changed route in the 2027 edition; SH-C-05 is new in it
    hits = ItemIndex(lists).search("被保险人体检报告 病历", k=5, editions=BEFORE)
    health = {h.list_id: h for h in hits if h.item_id == "RI-L-01"}
    assert health[SAMPLE].in_force and health[SAMPLE].route == "standard_contract_or_certification"
    assert not health[NEXT].in_force and health[NEXT].edition_status == "not_yet_in_force"
    assert health[NEXT].route == "security_assessment"
    new = ItemIndex(lists).search("船员实时位置 行踪轨迹", k=3, editions=BEFORE)
    assert new[0].id == f"{NEXT}#SH-C-05" and new[0].edition_status == "not_yet_in_force"
    assert ItemIndex(lists).search("船员实时位置 行踪轨迹", k=3, editions=AFTER)[0].in_force


class _Embedder:
    """A stand-in dense model: a bag of the characters it has been told about."""

    vocab = "船员护照健康会员酒店"

    def _vec(self, text: str) -> np.ndarray:
        return np.array([text.count(ch) for ch in self.vocab], dtype=np.float32) + 1e-3

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vec(t).tolist() for t in texts]

    def query_vector(self, text: str) -> np.ndarray:
        return self._vec(text)


def test_dense_side_fuses_with_lexical(lists: list[Any]) -> None:
    index = ItemIndex(lists, _Embedder())  # type: ignore[arg-type]
    assert index.vectors is not None and index.vectors.shape[0] == len(index.chunks)
    assert index.search("船员护照扫描件", k=1)[0].item_id == "SH-C-01"


def test_cache_reuses_an_index_for_the_same_lists(lists: list[Any]) -> None:
    assert item_index(lists) is item_index(load_lists())
