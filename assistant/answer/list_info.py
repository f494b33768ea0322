"""Answers to questions about what a negative list holds (issue 17), from the list itself.

"再保险领域的负面清单列了哪些数据？" lists the named sector's (or scenario's) items; "船员护照扫描件在不在清单上？"
names the items that match the user's description. Each item is a step citing the item (a `list_item` citation:
the verifier checks it against the loaded list), with its route, the list's edition and status; M8 and M9 say what
being on or off the list means and that the list prevails over a guideline.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answer.labels import route_label
from assistant.lists.cite import item_citation
from assistant.lists.model import ListItem, NegativeList, Scenario, Sector
from assistant.models import Language, Step
from retrieval.items import item_index

Entry = tuple[NegativeList, Sector, Scenario, ListItem]
# An item matching the description is shown when it scores at least this share of the best item's score.
RELATIVE_FLOOR = 0.75
MAX_MATCHES = 3
# Asking what a field's list holds, rather than whether some data is on it.
_CONTENT = re.compile(r"有哪些|有什么|列了|列出|列明|包括|包含|涵盖|\bwhat\b|\bwhich\b", re.IGNORECASE)


def named_entries(question: str, lists: Sequence[NegativeList]) -> list[Entry]:
    """Every item of the scenario (else the sector) the question names, in list order."""
    text = question.casefold()
    for lst in lists:
        for sector in lst.sectors:
            for scenario in sector.scenarios:
                if scenario.name.casefold() in text:
                    return [(lst, sector, scenario, item) for item in scenario.items]
    for lst in lists:
        for sector in lst.sectors:
            names = [sector.name, *sector.aliases]
            if any(n.casefold() in text and (not n.isascii() or len(n) > 3) for n in names):
                return [(lst, sector, scenario, item) for scenario in sector.scenarios for item in scenario.items]
    return []


def matching_entries(question: str, lists: Sequence[NegativeList]) -> list[Entry]:
    """The items the question describes (lexical item search), the best first."""
    hits = item_index(lists).search(question, k=MAX_MATCHES)
    if not hits:
        return []
    floor = hits[0].score * RELATIVE_FLOOR
    out: list[Entry] = []
    for hit in hits:
        if hit.score < floor:
            break
        lst = next(nl for nl in lists if nl.list_id == hit.list_id)
        entry = lst.find_item(hit.item_id)
        if entry is not None:
            out.append((lst, *entry))
    return out


def question_entries(question: str, lists: Sequence[NegativeList]) -> list[Entry]:
    """A question about what a field's list holds gets the named scenario's (or sector's) items; one describing
    some data ("is crew medical data on the shipping list?") gets the items matching it, inside the named field
    when it names one."""
    named = named_entries(question, lists)
    if named and _CONTENT.search(question):
        return named
    matches = matching_entries(question, lists)
    if named:
        inside = {(e[0].list_id, e[3].id) for e in named}
        return [e for e in matches if (e[0].list_id, e[3].id) in inside] or matches
    return matches


def list_steps(question: str, lists: Sequence[NegativeList], language: Language) -> list[Step]:
    """One step per item the question is about, with its route, the list's edition and status."""
    entries = question_entries(question, lists)
    steps: list[Step] = []
    for lst, sector, scenario, item in entries:
        route = route_label(item.route, language)
        if language == "zh":
            status = "示例清单，非官方" if lst.status == "illustrative" else "正式清单"
            check = f"清单条目 {item.id}"
            finding = f"{sector.name}／{scenario.name}：{item.stated}；出境路径：{route}（{lst.edition}版，{status}）"
        else:
            status = "illustrative sample list, not official" if lst.status == "illustrative" else "official list"
            check = f"List item {item.id}"
            finding = f"{sector.name} / {scenario.name}: {item.stated}; route: {route} (edition {lst.edition}, {status})"
        steps.append(Step(check=check, finding=finding, citation=item_citation(lst, sector, scenario, item)))
    return steps


def meaning_step(language: Language) -> Step:
    """What being on or off the list means (the step cites nothing itself: M8 and M9 are in the basis)."""
    if language == "zh":
        return Step(check="清单的含义", finding="清单所列数据按所列路径办理；已公布清单的领域，清单外的数据免予申报；"
                    "操作指引与清单不一致的，以清单为准。")
    return Step(check="What the list means", finding="Data on the list follows the route it names; in a field whose list "
                "is published, data off the list is exempt; where a guideline differs from the list, the list prevails.")
