"""Facts about one data export, read deterministically from a question in Chinese or English (SPEC §3).

Interface (BRIEF): ``extract_facts(text, language=None) -> Facts``, ``merge_facts(old, new) -> Facts``,
``apply_answer(facts, key, answer) -> Facts``, ``adds_to_earlier(text) -> bool`` (a further batch in chat), ``adds_batch_of_unknown_size(text) -> bool``. Every function accepts any ``str`` (control characters, emoji,
100 KB) and never raises for one; a non-``str`` argument raises ``TypeError`` (an unknown ``apply_answer`` key
``KeyError``, a language other than zh/en ``ValueError``). Only the first ``MAX_TEXT`` (20,000) characters are
read — ten pages, far beyond a question or a pasted e-mail — so extraction stays fast on hostile input.

The modules, in the order a message meets them: ``polarity`` (the text, clauses and the polarity of a signal),
``places`` (zones, export location), ``status`` (CIIO, sector, list statements), ``sensitive`` (PI, sensitive PI,
important data), ``people``, ``counts`` and ``numbers`` (people counts), ``purposes`` (P3–P5), ``items`` (data items), then
``extract`` (``extract_facts``), ``merge`` (``merge_facts``) and ``answer`` (``apply_answer``).
"""

from assistant.facts.answer import apply_answer
from assistant.facts.counts import adds_batch_of_unknown_size, adds_to_earlier
from assistant.facts.extract import extract_facts
from assistant.facts.merge import counted_as_sensitive, merge_facts
from assistant.facts.polarity import MAX_TEXT, Polarity
from assistant.facts.purposes import states_further_data

__all__ = ["MAX_TEXT", "Polarity", "adds_batch_of_unknown_size", "adds_to_earlier", "apply_answer", "counted_as_sensitive", "extract_facts", "merge_facts", "states_further_data"]
