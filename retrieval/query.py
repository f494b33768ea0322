"""Query expansion shared by both retrieval signals: the question plus the legal wording for its English and
everyday-Chinese phrases, the statutory brackets for the people counts it mentions and the wording of the provision
that settles its question class (`retrieval.intents`)."""

from __future__ import annotations

from functools import lru_cache

from retrieval.counts import bracket_terms
from retrieval.glossary import expand_english, expand_lay_chinese
from retrieval.intents import class_wording


# Both signals expand the same text within one search (BM25, then the dense side); a few entries cover concurrent
# requests without keeping a history of questions.
@lru_cache(maxsize=16)
def expand_query(query: str) -> str:
    """`query` followed by its expansions (unchanged when none apply)."""
    terms = " ".join((expand_english(query), expand_lay_chinese(query), bracket_terms(query), class_wording(query))).split()
    # Each term once: repeats add no evidence and lengthen the text the dense model must embed per query.
    extra = list(dict.fromkeys(terms))
    return " ".join([query, *extra]) if extra else query
