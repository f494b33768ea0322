"""BM25 over article texts: built and saved with bm25s, scored at query time from the saved arrays with numpy.

bm25s precomputes every (term, article) BM25 score into a sparse matrix, so a query is a sum of the columns of its
terms. Loading bm25s only to do that sum cost a cold `chujing ask` ~0.3-1.1 s of imports (scipy.sparse, tqdm…;
`python -X importtime`); the saved arrays are read directly instead and summed the way bm25s sums them
(`tests/retrieval/test_bm25.py` checks the scores are the same).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from retrieval.query import expand_query
from retrieval.tokenize import Tokenizer, get_tokenizer, without_question_words

_IDS_FILE = "ids.json"
# bm25s' file names for its precomputed score matrix (CSC: one column per vocabulary term).
_DATA, _INDICES, _INDPTR = "data.csc.index.npy", "indices.csc.index.npy", "indptr.csc.index.npy"
_VOCAB, _PARAMS, _NONOCCURRENCE = "vocab.index.json", "params.index.json", "nonoccurrence_array.index.npy"

# Measured on evals/retrieval_dev.yaml and checked on the held-out set (both improved over bm25s' 1.2 / 0.75):
# a legal article repeats its key bigrams (数据, 出境, 个人信息…), so term frequency should saturate early (low k1),
# and the "document › chapter › article" prefix makes short articles look more relevant than they are unless
# length normalisation is softened (lower b).
BM25_K1 = 0.6
BM25_B = 0.5


class TermScores:
    """bm25s' precomputed score matrix (CSC) and vocabulary; `scores(terms)` sums the terms' columns."""

    def __init__(self, vocab: dict[str, int], data: np.ndarray, indices: np.ndarray, indptr: np.ndarray, num_docs: int) -> None:
        self.vocab = vocab
        self.data = data
        self.indices = indices
        self.indptr = indptr
        self.num_docs = num_docs

    def scores(self, terms: Sequence[str]) -> np.ndarray:
        """BM25 per document; a term repeated in `terms` counts each time (as in bm25s)."""
        out = np.zeros(self.num_docs, dtype=np.float32)
        for term in terms:
            tid = self.vocab.get(term)
            if tid is None:
                continue
            start, end = self.indptr[tid], self.indptr[tid + 1]
            np.add.at(out, self.indices[start:end], self.data[start:end])
        return out

    @classmethod
    def load(cls, directory: Path) -> TermScores:
        params = json.loads((directory / _PARAMS).read_text(encoding="utf-8"))
        if (directory / _NONOCCURRENCE).exists():
            # BM25L / BM25+ add a per-term non-occurrence score; the index is built with Lucene's BM25, which has none.
            raise ValueError(f"{directory}: BM25 variant {params.get('method')!r} is not supported by the query scorer")
        vocab = json.loads((directory / _VOCAB).read_text(encoding="utf-8"))
        return cls(vocab, np.load(directory / _DATA), np.load(directory / _INDICES), np.load(directory / _INDPTR),
                   int(params["num_docs"]))


class LexicalIndex:
    """BM25 scores of every indexed unit for a query; units are identified by the ids given at build time."""

    def __init__(self, ids: list[str], terms: TermScores, tokenizer: Tokenizer, bm25: object | None = None) -> None:
        self.ids = ids
        self.terms = terms
        self.tokenizer = tokenizer
        self._bm25 = bm25  # the bm25s model after a build (what `save` writes); None after `load`

    @classmethod
    def build(
        cls, ids: Sequence[str], texts: Sequence[str], tokenizer: Tokenizer | None = None, *, k1: float = BM25_K1, b: float = BM25_B
    ) -> LexicalIndex:
        import bm25s

        if len(ids) != len(texts):
            raise ValueError("ids and texts differ in length")
        tok = tokenizer or get_tokenizer()
        bm25 = bm25s.BM25(k1=k1, b=b)
        # An empty unit would give bm25s an empty token list; "" is its reserved empty token.
        bm25.index([tok(t) or [""] for t in texts], show_progress=False)
        scores = bm25.scores
        terms = TermScores(dict(bm25.vocab_dict), scores["data"], scores["indices"], scores["indptr"], int(scores["num_docs"]))
        return cls(list(ids), terms, tok, bm25)

    def query_terms(self, query: str) -> list[str]:
        """Index terms for `query`, plus the legal wording for its English and everyday-Chinese phrases and the
        statutory bracket wording for the people counts it mentions, without question words (我们, 什么, 是否…)."""
        return self.tokenizer(without_question_words(expand_query(query)))

    def scores(self, query: str) -> np.ndarray:
        """BM25 score per indexed unit (same order as `ids`); all zeros when no query term is in the vocabulary."""
        return self.term_scores(self.query_terms(query))

    def term_scores(self, terms: Sequence[str]) -> np.ndarray:
        """BM25 score per indexed unit for index terms as given (no expansion); "" (bm25s' empty token) is skipped."""
        return self.terms.scores([t for t in terms if t != ""])

    def save(self, directory: Path) -> None:
        if self._bm25 is None:
            raise ValueError("only a freshly built index can be saved")
        directory.mkdir(parents=True, exist_ok=True)
        self._bm25.save(str(directory))  # type: ignore[attr-defined]
        (directory / _IDS_FILE).write_text(
            json.dumps({"tokenizer": self.tokenizer.name, "ids": self.ids}, ensure_ascii=False), encoding="utf-8"
        )

    @classmethod
    def load(cls, directory: Path) -> LexicalIndex:
        meta = json.loads((directory / _IDS_FILE).read_text(encoding="utf-8"))
        return cls(list(meta["ids"]), TermScores.load(directory), get_tokenizer(meta["tokenizer"]))
