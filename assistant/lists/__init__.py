"""Negative lists (SPEC §6): `model` (the format) · `load` (files, errors by line) · `importer` (CSV/XLSX) ·
`match` (a user's words → candidate items).

Temporary: `assistant/rules.py` still imports NegativeList, Sector and match_items from here; the lead is
splitting rules.py into `assistant/rules/` and will import them from their modules, then these go.
"""

from assistant.lists.match import match_items
from assistant.lists.model import NegativeList, Sector

__all__ = ["NegativeList", "Sector", "match_items"]
