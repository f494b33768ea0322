"""The rule check (SPEC §3): a deterministic verdict on one data export, every step citing its article.

Read it like the law: each rule is a small method named after the article it implements (`m8_…`, `p5_1_…`),
placed in the order SPEC §3 applies them — other laws first (M20¶1), then the negative-list route (M2, M8,
P6), then the national rules of the 2024 Provisions (P2–P8), then what still applies (M10, P10, PIPL 39/55,
M15).

Unknown facts. The engine never guesses: when a rule needs a fact that is unknown it raises `NeedFact` with
the answers the fact can take. `decide()` then tries every answer; if they all lead to the same outcome the
fact does not matter and the reasoning continues (saying so), otherwise the verdict is `needs_facts` and the
question is asked — so only questions that change the outcome are asked, the first one met in the order of
the rules first (the most decisive), at most three.

When the place of registration is unknown but a purpose exemption (P3, P4, P5(1)–(3)) settles every data
item, the zone is not asked: those exemptions apply to every processor (P7¶2, P8¶2).

Question keys are Facts field names, or `data_items[i].on_list` / `data_items[i].list_item_id` (and other
DataItem fields) for one data item; `apply_choice()` turns a clicked choice back into Facts.

Three unknowns are read the way the texts read them rather than asked: data is important data only once it
has been notified or published as such (P2, M14¶2, N37), and export-control matters (M20¶1) and treaties
(M15) only count when the facts say so.

One deliberate strict reading: important data that was notified but is not on a negative list still needs a
security assessment (N37, a State Council regulation; M9 defers to national rules), not the M8 exemption.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.answer.labels import STRICTNESS, verdict_label
from assistant.models import (
    Facts,
    VerdictCode,
)
from assistant.rules.core import EXPLORATION_BUDGET, MAX_QUESTIONS, NeedFact, Option, _Shared, patch_facts
from assistant.rules.zone_route import _ZoneRouteRules


class _Engine(_ZoneRouteRules):
    """One pass of the rules over fully given facts (raises NeedFact at the first decisive unknown).

    The rules live in the mixins, one module per route: `zone_route` (M20¶1, M2, M8, P6¶2), `list_route`
    (the list entry of each data item), `national` (P2–P8); `core` holds the helpers."""

    # ---- the rules, in order

    def run(self) -> VerdictCode:
        self.sh.runs += 1
        code = self.m20_1_export_control()
        if code is not None:
            return code
        if self.f.registered_zone is None and self.exempt_everywhere():
            return "exempt"
        route = self.negative_list_route()
        codes = [(index, item, self.item_route(index, item, route)) for index, item in self.items()]
        final = max((c for _, _, c in codes), key=lambda c: (STRICTNESS[c], c == "exempt_negative_list"))
        if len(codes) > 1:
            parts = [
                f"{item.description or self.t('未描述的数据', 'undescribed data')} → {verdict_label(code, self.lang)}"
                for index, item, code in codes
            ]
            self.step(
                self.t("多项数据：取最严格的要求", "Several data items: the strictest requirement applies"),
                "; ".join(parts),
                None,
            )
        return final



# ------------------------------------------------------------------------------------------ exploration


def _rank(code: VerdictCode) -> int:
    """Outcomes that differ for the user are the mechanisms (SPEC §3a): `exempt` and `exempt_negative_list`
    are one outcome when deciding whether to ask — the answer gives the basis that holds and names the other."""
    return STRICTNESS[code]


@dataclass
class _Explored:
    ranks: frozenset[int]
    engine: _Engine | None = None
    code: VerdictCode = "needs_facts"
    needs: list[NeedFact] = field(default_factory=list)
    assumed: list[tuple[NeedFact, Option]] = field(default_factory=list)
    first: _Engine | None = None  # the partial run that met the first question


def _explore(facts: Facts, shared: _Shared, memo: dict[str, _Explored]) -> _Explored:
    key = facts.model_dump_json()
    if key in memo:
        return memo[key]
    engine = _Engine(facts, shared)
    try:
        code = engine.run()
        result = _Explored(frozenset({_rank(code)}), engine=engine, code=code)
    except NeedFact as need:
        subs: list[tuple[Option, _Explored]] = []
        ranks: set[int] = set()
        keys: list[str] = []
        for option in need.options:
            if not option.explore:
                continue
            if shared.runs > EXPLORATION_BUDGET:
                ranks.update({-1, -2})  # out of budget: treat as decisive
                break
            sub = _explore(patch_facts(facts, option.patch), shared, memo)
            subs.append((option, sub))
            ranks.update(sub.ranks)
            keys.extend(n.key for n in sub.needs)
            if len(ranks) > 1 and len({need.key, *keys}) > MAX_QUESTIONS:
                break
        if len(ranks) == 1:
            explored_options = [o for o in need.options if o.explore]
            chosen = need.options[need.default] if need.options[need.default].explore else explored_options[0]
            sub = next(s for o, s in subs if o is chosen)
            result = _Explored(frozenset(ranks), engine=sub.engine, code=sub.code, assumed=[(need, chosen), *sub.assumed])
        else:
            follow: list[NeedFact] = []
            seen = {need.key}
            for _, sub in subs:
                for n in sub.needs:
                    if n.key not in seen:
                        seen.add(n.key)
                        follow.append(n)
            result = _Explored(frozenset(ranks), needs=[need, *follow], first=engine)
    memo[key] = result
    return result
