"""The question stage: `validate` (refuse what cannot be answered) · `language` (zh or en) · `classify`
(scenario, info or out of scope)."""
