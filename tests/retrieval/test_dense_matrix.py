"""The in-memory dense side: normalised rows, best chunk per article among the nearest allowed chunks, file round trip."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from retrieval.matrix import DenseMatrix


def _matrix() -> DenseMatrix:
    vectors = np.array([[3, 0, 0], [0, 2, 0], [1, 1, 0], [0, 0, 5], [0.9, 0.1, 0]], dtype=np.float32)
    return DenseMatrix(["a~0", "b~0", "b~1", "c~0", "a~1"], ["a", "b", "b", "c", "a"], vectors)


def test_rows_are_normalised_and_read_only() -> None:
    m = _matrix()
    np.testing.assert_allclose(np.linalg.norm(m.vectors, axis=1), 1.0, rtol=1e-6)
    with pytest.raises(ValueError):
        m.vectors[0, 0] = 2.0


def test_best_chunk_per_article_among_the_nearest_allowed() -> None:
    m = _matrix()
    rows = np.array([0, 1, 1, 2, 0])  # article row of each chunk: a=0, b=1, c=2
    query = np.array([1.0, 0.0, 0.0], dtype=np.float32)
    every = m.best_per_article(query, rows, np.array([True, True, True]), 3, candidates=10)
    assert every[0] == pytest.approx(1.0)  # a~0, not the weaker a~1
    assert every[1] == pytest.approx(1 / np.sqrt(2))  # b~1 beats b~0
    assert every[2] == pytest.approx(0.0)
    # Only the 2 nearest chunks count (a~0, a~1): b and c get NaN, as outside a vector store's top-k.
    top2 = m.best_per_article(query, rows, np.array([True, True, True]), 3, candidates=2)
    assert top2[0] == pytest.approx(1.0) and np.isnan(top2[1]) and np.isnan(top2[2])
    # A masked-out article never takes a candidate slot.
    no_a = m.best_per_article(query, rows, np.array([False, True, True]), 3, candidates=1)
    assert np.isnan(no_a[0]) and no_a[1] == pytest.approx(1 / np.sqrt(2)) and np.isnan(no_a[2])


def test_chunks_of_unknown_articles_are_ignored() -> None:
    m = _matrix()
    rows = np.array([0, -1, -1, 1, 0])  # b is not in this index
    out = m.best_per_article(np.array([0.0, 1.0, 0.0], dtype=np.float32), rows, np.array([True, True]), 2, candidates=5)
    assert out.shape == (2,) and out[0] == pytest.approx(0.1 / np.linalg.norm([0.9, 0.1]), rel=1e-5)


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    m = _matrix()
    m.save(tmp_path / "dense" / "vectors.npz")
    loaded = DenseMatrix.load(tmp_path / "dense" / "vectors.npz")
    assert loaded.chunk_ids == m.chunk_ids and loaded.article_ids == m.article_ids
    np.testing.assert_allclose(loaded.vectors, m.vectors, rtol=1e-6)


def test_mismatched_lengths_are_refused() -> None:
    with pytest.raises(ValueError):
        DenseMatrix(["a~0"], ["a", "b"], np.zeros((1, 3), dtype=np.float32))
