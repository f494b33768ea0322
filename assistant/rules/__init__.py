"""The rule check (SPEC §3): a deterministic verdict on one data export, every step citing its article.

The modules, in the order a verdict is reached: ``core`` (document ids, ``Option``, ``NeedFact``, ``patch_facts``,
the engine's core), one module per route — ``zone_route`` (M20¶1, M2, M8, P6¶2), ``list_route`` (each item's list
entry, the route it states), ``national`` (P2–P8, volumes included) — then ``engine`` (``_Engine``: the order of
the rules; exploring the unknowns), ``obligations`` and ``warnings``, and ``decide`` (``decide``, ``apply_choice``,
``with_law_defaults``, the defaults of SPEC §3a). See ``engine``'s docstring for how unknowns are handled.
"""

from assistant.rules.core import (
    EXPLORATION_BUDGET,
    MAX_QUESTIONS,
    NON_SENSITIVE_CUTS,
    PIPL,
    SENSITIVE_CUTS,
    SH_ZONES,
    A,
    CorpusLike,
    M,
    N,
    NeedFact,
    Option,
    P,
    S,
    _Shared,
    patch_facts,
)
from assistant.rules.decide import apply_choice, decide, iter_articles, with_law_defaults
from assistant.rules.engine import _Engine, _explore

__all__ = [
    "EXPLORATION_BUDGET",
    "MAX_QUESTIONS",
    "NON_SENSITIVE_CUTS",
    "PIPL",
    "SENSITIVE_CUTS",
    "SH_ZONES",
    "A",
    "CorpusLike",
    "M",
    "N",
    "NeedFact",
    "Option",
    "P",
    "S",
    "_Engine",
    "_Shared",
    "_explore",
    "apply_choice",
    "decide",
    "iter_articles",
    "patch_facts",
    "with_law_defaults",
]
