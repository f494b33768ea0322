"""``merge_facts(old, new) -> Facts``: the facts of a chat, turn after turn; a later statement wins, counts
and zones move as groups, data items merge by description.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from assistant.facts.counts import add_count
from assistant.facts.extract import _facts
from assistant.facts.items import _item_key
from assistant.facts.people import counts_as_floors
from assistant.facts.purposes import _EXEMPTING
from assistant.models import DataItem, Facts

# ------------------------------------------------------------------------------------------ merging


_COUNT_GROUPS = {
    "pi_count_ytd": ("pi_count_ytd", "pi_count_bound", "pi_count_upper"),
    "sensitive_pi_count_ytd": ("sensitive_pi_count_ytd", "sensitive_pi_count_bound", "sensitive_pi_count_upper"),
}
_GROUPED = {f for g in _COUNT_GROUPS.values() for f in g} | {"registered_zone", "other_ftz_name", "purposes", "data_items", "unsure"}


def merge_facts(old: Facts, new: Facts, add_counts: bool = False, further_data: bool = False, unknown_batch: bool = False) -> Facts:
    """Facts from a new message over the session's: new known values win; unknowns never erase known ones.

    A count moves with its bound and upper limit; a zone with its FTZ name; purposes are united; data items
    are merged by description (case, width, spaces and punctuation ignored), field by field. With
    ``add_counts`` (the message states a further batch: ``counts.adds_to_earlier``) a count known before and
    now is the sum of both; with ``unknown_batch`` (a further batch of unknown size: ``counts.adds_batch_of_unknown_size``)
    a count known before becomes at least that many, with no upper limit. With ``further_data`` (the message adds data to the export: ``purposes.states_further_data``)
    that data keeps its own purposes.
    """
    if not isinstance(old, Facts) or not isinstance(new, Facts):
        raise TypeError("merge_facts expects two Facts")
    if (new.pi_count_ytd is not None and new.sensitive_pi_count_ytd is None and new.contains_sensitive_pi is None and not new.data_items
            and old.sensitive_pi_count_ytd is not None and (old.pi_count_ytd is None or old.pi_count_bound == "at_most")):
        # "4,000 trial subjects' lab results" then "another 7,000 subjects" (a further batch) or "不是3,000，是一万二千名
        # 受试者" (a correction): a count that names no data of its own counts the earlier (sensitive) kind, and the same
        # people's other PI is at most that many when it was so before
        new = counted_as_sensitive(new, same_people_at_most=old.pi_count_bound == "at_most")
    values: dict[str, Any] = {}
    for name in Facts.model_fields:
        if name in _GROUPED:
            continue
        nv = getattr(new, name)
        values[name] = nv if nv is not None else getattr(old, name)
    for prefix, group in zip(("pi", "sensitive_pi"), _COUNT_GROUPS.values(), strict=True):
        src = new if getattr(new, group[0]) is not None else old
        for name in group:
            values[name] = getattr(src, name)
        if add_counts and getattr(new, group[0]) is not None and getattr(old, group[0]) is not None:
            total = add_count(tuple(getattr(old, n) for n in group), tuple(getattr(new, n) for n in group), prefix)
            values.update(zip(group, total, strict=True))
    if unknown_batch and new.pi_count_ytd is None and new.sensitive_pi_count_ytd is None:
        counts_as_floors(values)
    if (new.sensitive_pi_count_ytd is not None and new.sensitive_pi_count_bound == "at_most" and old.pi_count_bound == "exact"
            and new.sensitive_pi_count_ytd == old.pi_count_ytd):
        # "…50k customers' names" then "it also includes their ID numbers — all 50k records": records numbering
        # exactly the people stated before are those people, one record each
        values["sensitive_pi_count_bound"] = "exact"
    if new.registered_zone is not None:
        values["registered_zone"] = new.registered_zone
        ftz_name = new.other_ftz_name
        if new.registered_zone == "other_ftz" and ftz_name is None and old.registered_zone == "other_ftz":
            ftz_name = old.other_ftz_name
        values["other_ftz_name"] = ftz_name if new.registered_zone == "other_ftz" else None
    else:
        values["registered_zone"] = old.registered_zone
        values["other_ftz_name"] = new.other_ftz_name or old.other_ftz_name
    values["purposes"] = list(dict.fromkeys([*old.purposes, *new.purposes]))
    values["data_items"] = _merge_items(old.data_items, new.data_items)
    if add_counts or further_data:
        values["data_items"] = _further_data_keeps_its_purposes(old, new, values["data_items"])
    # still unsure only while still unknown
    values["unsure"] = [k for k in dict.fromkeys([*old.unsure, *new.unsure]) if values.get(k) is None]
    return _facts(values)




def counted_as_sensitive(facts: Facts, same_people_at_most: bool = False) -> Facts:
    """The facts with their (non-sensitive) people count moved to the sensitive count: a count that names no data of its
    own counts the sensitive kind asked or stated before. With ``same_people_at_most`` the same people's other PI is
    kept as at most that many."""
    return facts.model_copy(update={
        "sensitive_pi_count_ytd": facts.pi_count_ytd, "sensitive_pi_count_bound": facts.pi_count_bound,
        "sensitive_pi_count_upper": facts.pi_count_upper, "pi_count_ytd": facts.pi_count_ytd if same_people_at_most else None,
        "pi_count_bound": "at_most" if same_people_at_most else "exact", "pi_count_upper": None,
    })


def _further_data_keeps_its_purposes(old: Facts, new: Facts, merged: list[DataItem]) -> list[DataItem]:
    """A later message adds further personal data ("另外，我们还要把12万名供应商联系人……") without the exempting
    purpose stated earlier (the buyers' orders): the earlier data keeps its purposes and the further data gets
    its own, so an exemption stated for one never exempts the other."""
    earlier = set(old.purposes).intersection(_EXEMPTING)
    if not earlier or new.contains_pi is not True or set(new.purposes).intersection(_EXEMPTING):
        return merged
    if any(i.purposes is not None for i in merged):
        return merged  # already bound item by item
    before = [i.model_copy(update={"purposes": list(old.purposes)}) for i in old.data_items] or [
        DataItem(description="", purposes=list(old.purposes))
    ]
    further = [i.model_copy(update={"purposes": list(new.purposes) or ["other"]}) for i in new.data_items] or [
        DataItem(description="", contains_pi=True, contains_sensitive_pi=new.contains_sensitive_pi, purposes=list(new.purposes) or ["other"])
    ]
    return [*before, *further]


def _merge_items(old: Sequence[DataItem], new: Sequence[DataItem]) -> list[DataItem]:
    merged = [i.model_copy() for i in old]
    index = {_item_key(i.description): n for n, i in enumerate(merged)}
    for item in new:
        key = _item_key(item.description)
        if not key and merged and key not in index:
            # "数据不在负面清单上" said of the data in general: it applies to every item already named
            update = {f: getattr(item, f) for f in DataItem.model_fields if f != "description" and getattr(item, f) is not None}
            merged = [m.model_copy(update=update) for m in merged]
            continue
        if key in index:
            n = index[key]
            base = merged[n]
            update = {f: getattr(item, f) for f in DataItem.model_fields if f != "description" and getattr(item, f) is not None}
            merged[n] = base.model_copy(update=update)
        else:
            index[key] = len(merged)
            merged.append(item.model_copy())
    return merged
