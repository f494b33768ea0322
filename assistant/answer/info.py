"""Answers to questions about the regime itself: the article(s) that state it, narrowed to the 款 that says it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from assistant.answer.labels import verdict_label
from assistant.answer.list_info import list_steps, meaning_step
from assistant.lists.editions import edition_ref, in_force, other_editions
from assistant.lists.model import NegativeList
from assistant.models import Language, ListEdition, Step, Verdict
from assistant.question.classify import Classification
from ingest.corpus import Corpus
from ingest.models import Article, Citation


def key_sentences(text: str, phrase: str) -> list[str]:
    """The sentences (within one line, verbatim) of `text` that contain `phrase`."""
    out: list[str] = []
    for line in text.splitlines():
        for sentence in re.split(r"(?<=[。；])", line.strip()):
            if phrase in sentence and sentence.strip():
                out.append(sentence.strip())
    return out


class InfoStep:
    """An `info` verdict citing the articles the classifier named, with the sentences that answer the question."""

    def __init__(self, corpus: Corpus, lists: Sequence[NegativeList] = (), as_of: date | None = None) -> None:
        self.corpus = corpus
        self.lists = list(lists)  # for questions about what a list holds (issue 17): every loaded edition
        self.as_of = as_of or date.today()

    @staticmethod
    def _paragraph_with(article: Article, phrase: str) -> int | None:
        """The one 款 of a multi-paragraph article that contains `phrase` (None: whole article)."""
        if len(article.paragraphs) < 2:
            return None
        found = [p.number for p in article.paragraphs if phrase in p.text]
        return found[0] if len(found) == 1 else None

    def run(self, classification: Classification, language: Language) -> tuple[Verdict, dict[str, list[str]]] | None:
        citations: list[Citation] = []
        passages: dict[str, list[str]] = {}
        for article_id in classification.articles:
            article = self.corpus.articles.get(article_id)
            if article is None:
                continue
            phrase = classification.key_phrases.get(article_id)
            paragraph = self._paragraph_with(article, phrase) if phrase else None
            citation = Citation.from_article(article, paragraph)
            citations.append(citation)
            if phrase:
                sentences = key_sentences(article.paragraphs[paragraph - 1].text if paragraph else article.text, phrase)[:2]
                # a one-sentence 款 is quoted in full below; repeating it as the key passage adds nothing
                if paragraph is None or sentences != [article.paragraphs[paragraph - 1].text.strip()]:
                    passages[article_id] = sentences
        if not citations:
            return None
        step = Step(
            check="问题类型" if language == "zh" else "Kind of question",
            finding="关于数据出境管理制度本身的问题，依据下列条文原文回答。" if language == "zh"
            else "A question about the regime itself, answered from the provisions below.",
            citation=citations[0],
        )
        steps = [step]
        editions: list[ListEdition] = []
        if classification.topic == "list_contents" and self.lists:
            # the items of the edition in force on as_of; the answer names it and the other editions
            current = in_force(self.lists, self.as_of)
            items = list_steps(classification.question, current, language)
            if items:
                steps = [*items, meaning_step(language)]
                shown = {s.citation.doc_id for s in items if s.citation is not None}
                used = [x for x in current if x.list_id in shown]
                editions = [edition_ref(x, self.lists, self.as_of) for x in used] + other_editions(used, self.lists, self.as_of)
        verdict = Verdict(code="info", label=verdict_label("info", language), basis=citations, steps=steps,
                          list_editions=editions)
        return verdict, passages
