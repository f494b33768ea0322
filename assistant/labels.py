"""Temporary re-export for `assistant/rules.py`, which the lead is splitting into `assistant/rules/`.

The labels live in `assistant.answer.labels` and `Route` in `assistant.models`; once rules/ imports them from
there this module goes.
"""

from assistant.answer.labels import STRICTNESS, route_label, verdict_label
from assistant.models import Route

__all__ = ["STRICTNESS", "Route", "route_label", "verdict_label"]
