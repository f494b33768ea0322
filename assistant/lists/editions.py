"""Editions of one negative list: which one is in force on a date, and how the others are flagged.

An edition names the one it replaces (`supersedes`) and the date it takes effect (`effective`); an edition with
no `effective` date applies until a later edition takes over. Both editions stay loaded: the rule check uses the
edition in force on `as_of`, search shows the others flagged `superseded` or `not_yet_in_force`.

A wrong exemption is the worst defect, and it is exactly what a silently dropped or doubled list produces ("not
on the list" read from the wrong edition). So every doubt about the chain is a load error (`edition_errors`,
called by `validate_paths`), never a guess: a successor without an effective date, two editions replacing the
same one, a chain that loops, an edition replacing a list of another scope.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from assistant.lists.model import NegativeList
from assistant.models import EditionStatus, ListEdition


def series_of(lst: NegativeList, lists: Sequence[NegativeList]) -> list[NegativeList]:
    """Every edition of `lst`'s list (the chain through `supersedes`, both ways), oldest first."""
    by_id = {x.list_id: x for x in lists}
    root = lst
    seen = {root.list_id}
    while root.supersedes and root.supersedes in by_id and root.supersedes not in seen:
        root = by_id[root.supersedes]
        seen.add(root.list_id)
    chain = [root]
    while True:
        nxt = next((x for x in lists if x.supersedes == chain[-1].list_id and x.list_id not in {c.list_id for c in chain}), None)
        if nxt is None:
            return chain
        chain.append(nxt)


def edition_status(lst: NegativeList, lists: Sequence[NegativeList], as_of: date) -> EditionStatus:
    """Whether `lst` is the edition of its list in force on `as_of`."""
    if lst.effective is not None and lst.effective > as_of:
        return "not_yet_in_force"
    if lst.repealed is not None and lst.repealed <= as_of:
        return "repealed"
    chain = series_of(lst, lists)
    later = chain[chain.index(lst) + 1:]
    if any(x.effective is not None and x.effective <= as_of for x in later):
        return "superseded"
    return "in_force"


def in_force(lists: Sequence[NegativeList], as_of: date) -> list[NegativeList]:
    """The lists the rule check uses on `as_of`: for each list, the one edition in force (none before the first
    edition takes effect or after the last is repealed)."""
    return [x for x in lists if edition_status(x, lists, as_of) == "in_force"]


def edition_statuses(lists: Sequence[NegativeList], as_of: date) -> dict[str, EditionStatus]:
    """list_id → its edition status on `as_of` (what item search flags hits with)."""
    return {x.list_id: edition_status(x, lists, as_of) for x in lists}


def edition_ref(lst: NegativeList, lists: Sequence[NegativeList], as_of: date) -> ListEdition:
    return ListEdition(list_id=lst.list_id, title=lst.title, edition=lst.edition, status=lst.status,
                      effective=lst.effective, edition_status=edition_status(lst, lists, as_of))


def other_editions(used: Sequence[NegativeList], lists: Sequence[NegativeList], as_of: date) -> list[ListEdition]:
    """The editions of the used lists other than the ones used (what an answer names beside the edition applied)."""
    used_ids = {x.list_id for x in used}
    out: dict[str, ListEdition] = {}
    for lst in used:
        for other in series_of(lst, lists):
            if other.list_id not in used_ids:
                out[other.list_id] = edition_ref(other, lists, as_of)
    return list(out.values())


def edition_errors(lists: Sequence[NegativeList]) -> list[tuple[NegativeList, str, str]]:
    """(list, field, message) for every edition chain the loader must refuse."""
    by_id = {x.list_id: x for x in lists}
    problems: list[tuple[NegativeList, str, str]] = []
    replaced: dict[str, str] = {}
    for lst in lists:
        if lst.supersedes is None:
            continue
        if lst.supersedes == lst.list_id:
            problems.append((lst, "supersedes", "an edition cannot supersede itself"))
            continue
        if lst.effective is None:
            problems.append((lst, "effective", f"an edition that supersedes {lst.supersedes!r} needs the date it takes effect"))
        if lst.supersedes in replaced:
            problems.append((lst, "supersedes", f"{lst.supersedes!r} is already superseded by {replaced[lst.supersedes]!r}"))
        replaced[lst.supersedes] = lst.list_id
        previous = by_id.get(lst.supersedes)
        if previous is None:
            # The previous edition is not loaded: this edition stands alone (before its effective date no edition
            # of the list is in force, which is the law then). Not an error, but the chain cannot be checked further.
            continue
        if set(previous.applies_to.zones) != set(lst.applies_to.zones):
            problems.append((lst, "applies_to", f"an edition serves the same zones as the one it supersedes ({previous.list_id!r})"))
        if previous.effective is not None and lst.effective is not None and lst.effective <= previous.effective:
            problems.append((lst, "effective", f"takes effect on or before the edition it supersedes ({previous.list_id!r})"))
    for lst in lists:
        seen = {lst.list_id}
        cur = lst
        while cur.supersedes in by_id:
            cur = by_id[cur.supersedes]
            if cur.list_id in seen:
                problems.append((lst, "supersedes", "the editions supersede each other in a loop"))
                break
            seen.add(cur.list_id)
    return problems
