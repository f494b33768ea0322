"""``merge_facts(old, new) -> Facts``: the facts of a chat, turn after turn; a later statement wins, counts
and zones move as groups, data items merge by description.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from assistant.facts.extract import _facts
from assistant.facts.items import _item_key
from assistant.models import DataItem, Facts

# ------------------------------------------------------------------------------------------ merging


_COUNT_GROUPS = {
    "pi_count_ytd": ("pi_count_ytd", "pi_count_bound", "pi_count_upper"),
    "sensitive_pi_count_ytd": ("sensitive_pi_count_ytd", "sensitive_pi_count_bound", "sensitive_pi_count_upper"),
}
_GROUPED = {f for g in _COUNT_GROUPS.values() for f in g} | {"registered_zone", "other_ftz_name", "purposes", "data_items", "unsure"}


def merge_facts(old: Facts, new: Facts) -> Facts:
    """Facts from a new message over the session's: new known values win; unknowns never erase known ones.

    A count moves with its bound and upper limit; a zone with its FTZ name; purposes are united; data items
    are merged by description (case, width, spaces and punctuation ignored), field by field.
    """
    if not isinstance(old, Facts) or not isinstance(new, Facts):
        raise TypeError("merge_facts expects two Facts")
    values: dict[str, Any] = {}
    for name in Facts.model_fields:
        if name in _GROUPED:
            continue
        nv = getattr(new, name)
        values[name] = nv if nv is not None else getattr(old, name)
    for group in _COUNT_GROUPS.values():
        src = new if getattr(new, group[0]) is not None else old
        for name in group:
            values[name] = getattr(src, name)
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
    # still unsure only while still unknown
    values["unsure"] = [k for k in dict.fromkeys([*old.unsure, *new.unsure]) if values.get(k) is None]
    return _facts(values)


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
