"""Refusing questions the pipeline cannot answer, with a message a user understands."""

from __future__ import annotations

import re


class QuestionError(ValueError):
    """The question cannot be answered as given (empty, too long, bad session id); the API maps it to 422."""


# Lone surrogates make the response unserialisable; control and zero-width characters carry nothing a question
# needs (and would hide an empty one).
_UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2060\ufeff\ud800-\udfff]")


class QuestionValidator:
    """Cleans a question and refuses it when it is not text, empty, or longer than `max_chars`."""

    def __init__(self, max_chars: int) -> None:
        self.max_chars = max_chars

    def run(self, question: object) -> str:
        if not isinstance(question, str):
            raise QuestionError("the question must be text")
        # NULs and lone surrogates (from undecodable bytes) cannot be stored or serialised as UTF-8 JSON.
        text = _UNWANTED.sub("", question).strip()
        if not text:
            raise QuestionError("the question is empty")
        if len(text) > self.max_chars:
            raise QuestionError(f"the question is too long ({len(text)} characters; the limit is {self.max_chars})")
        return text
