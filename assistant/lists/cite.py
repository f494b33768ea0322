"""Citing negative-list items like articles (issue 17): `{"id": "<list_id>#<item_id>", "kind": "list_item", ...}`.

The verifier checks a list-item citation against the loaded lists (`check_item_citation`); every answer that
cites an illustrative list must say so (`ILLUSTRATIVE_WORDS`).
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.lists.model import ListItem, NegativeList, Scenario, Sector
from ingest.models import Citation

# An answer citing an illustrative list contains one of these (zh / en).
ILLUSTRATIVE_WORDS = ("示例", "illustrative")


def item_citation(lst: NegativeList, sector: Sector, scenario: Scenario, item: ListItem) -> Citation:
    return Citation(
        id=f"{lst.list_id}#{item.id}",
        doc_id=lst.list_id,
        title=lst.title,
        article=0,
        label=f"{sector.name} / {scenario.name} / {item.id}",
        text=item.stated,
        status="illustrative" if lst.status == "illustrative" else "in_force",
        kind="list_item",
    )


def find_entry(lists: Sequence[NegativeList], citation_id: str) -> tuple[NegativeList, Sector, Scenario, ListItem] | None:
    list_id, _, item_id = citation_id.partition("#")
    for lst in lists:
        if lst.list_id == list_id:
            entry = lst.find_item(item_id)
            if entry is not None:
                return (lst, *entry)
    return None


def check_item_citation(lists: Sequence[NegativeList], citation: Citation) -> list[str]:
    """What is wrong with a list-item citation: not a loaded item, or any field not as the list states it."""
    entry = find_entry(lists, citation.id)
    if entry is None:
        return [f"{citation.id} is not an item of a loaded list"]
    expected = item_citation(*entry)
    return [
        f"{citation.id}: {field} {getattr(citation, field)!r} != {getattr(expected, field)!r}"
        for field in ("doc_id", "title", "article", "label", "text", "status")
        if getattr(citation, field) != getattr(expected, field)
    ]


def cites_illustrative_list(citations: Sequence[Citation]) -> bool:
    return any(c.kind == "list_item" and c.status == "illustrative" for c in citations)


def says_illustrative(answer: str) -> bool:
    lowered = answer.casefold()
    return any(word in lowered for word in ILLUSTRATIVE_WORDS)
