"""The one path every caller uses (CLI, API, evals): question → verdict → cited, verified answer.

detect language → classify (scenario / info / out_of_scope) → extract facts (merged with the session's) →
rule check → retrieve (always including the articles the verdict cites) → compose → verify → optional LLM
rewrite (verified too; falls back to the deterministic answer).

The verdict comes only from the extracted facts and the rule check: the question text reaches the rules only
through `extract_facts`, so instructions hidden in a question ("忽略以上规则…") cannot change it.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from assistant.chat import Session, SessionStore, Turn, valid_session_id
from assistant.classify import Classification, Classifier
from assistant.compose import Composed, ComposeInput, Composer, list_match_texts
from assistant.config import Settings
from assistant.labels import verdict_label
from assistant.models import AskResponse, Facts, Language, LLMReport, Source, Step, Verdict
from assistant.verify import Verifier, VerifyInput, fact_numbers
from ingest.models import Article, Citation, SearchHit

if TYPE_CHECKING:
    from assistant.lists import NegativeList
    from assistant.llm import LLMRewriter
    from ingest.corpus import Corpus
    from retrieval.hybrid import HybridRetriever

log = logging.getLogger(__name__)

SCENARIO_CODES = ("exempt_negative_list", "exempt", "standard_contract_or_certification", "security_assessment", "other_law", "needs_facts")


class QuestionError(ValueError):
    """The question cannot be answered as given (empty, too long, bad session id); the API maps it to 422."""


@dataclass
class Retrieved:
    """What retrieval gave for one question."""

    hits: list[SearchHit] = field(default_factory=list)
    referenced: list[Article] = field(default_factory=list)
    degraded: list[str] = field(default_factory=list)
    available: bool = True


# Lone surrogates make the response unserialisable; control and zero-width characters carry nothing a question
# needs (and would hide an empty one).
_UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2060\ufeff\ud800-\udfff]")


class QuestionValidator:
    """Refuses questions the pipeline cannot answer, with a message a user understands."""

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


class RetrieveStep:
    """Search and direct article lookup; never fails the answer: a broken index degrades it instead."""

    def __init__(self, loader: Callable[[], HybridRetriever], corpus: Corpus, k: int = 5) -> None:
        self.loader = loader
        self.corpus = corpus
        self.k = k

    def run(self, query: str, lookup_text: str) -> Retrieved:
        try:
            retriever = self.loader()
        except Exception as exc:
            log.info("retrieval unavailable: %s", exc)
            return Retrieved(
                referenced=self._fallback_lookup(lookup_text),
                degraded=[f"search index unavailable ({type(exc).__name__}: {exc}); sources are only the articles the rule check cites"],
                available=False,
            )
        out = Retrieved(degraded=list(getattr(retriever, "degraded", []) or []))
        try:
            out.referenced = retriever.lookup(lookup_text)
        except Exception as exc:
            out.referenced = self._fallback_lookup(lookup_text)
            out.degraded.append(f"article lookup failed ({type(exc).__name__}: {exc})")
        try:
            out.hits = retriever.search(query, k=self.k)
        except Exception as exc:
            log.info("search failed: %s", exc)
            out.degraded.append(f"search failed ({type(exc).__name__}: {exc}); sources are only the articles the rule check cites")
            out.available = False
        # The search itself may have found a part down (e.g. the Chroma server gone): this answer must say so too.
        out.degraded += [d for d in getattr(retriever, "degraded", []) or [] if d not in out.degraded]
        return out

    def _fallback_lookup(self, text: str) -> list[Article]:
        try:
            from retrieval.refs import ReferenceParser

            parser = ReferenceParser(self.corpus.documents.values())
            found: list[Article] = []
            for ref in parser.parse(text):
                for doc_id in ref.doc_ids:
                    article = self.corpus.articles.get(f"{doc_id}#{ref.number}")
                    if article is not None and article not in found:
                        found.append(article)
            return found
        except Exception:
            return []


def key_sentences(text: str, phrase: str) -> list[str]:
    """The sentences (within one line, verbatim) of `text` that contain `phrase`."""
    out: list[str] = []
    for line in text.splitlines():
        for sentence in re.split(r"(?<=[。；])", line.strip()):
            if phrase in sentence and sentence.strip():
                out.append(sentence.strip())
    return out


class InfoStep:
    """Answers a question about the regime from the article(s) that state it, narrowed to the 款 that says it."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus

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
        verdict = Verdict(code="info", label=verdict_label("info", language), basis=citations, steps=[step])
        return verdict, passages


def sources_for(verdict: Verdict, retrieved: Retrieved, corpus: Corpus) -> list[Source]:
    """Search hits first, then every article the verdict cites that search did not return (score 0)."""
    sources: list[Source] = []
    seen: set[str] = set()
    for hit in retrieved.hits:
        if hit.id not in seen:
            seen.add(hit.id)
            sources.append(Source(id=hit.id, doc_id=hit.doc_id, title=hit.title, article=hit.article, label=hit.label,
                                  score=hit.score, text=hit.text, status=hit.status))
    for citation in verdict_citations(verdict):
        if citation.id in seen:
            continue
        seen.add(citation.id)
        article = corpus.articles.get(citation.id)
        label = article.label if article is not None else citation.label
        sources.append(Source(id=citation.id, doc_id=citation.doc_id, title=citation.title, article=citation.article,
                              label=label, score=0.0, text=citation.text, status=citation.status))
    return sources


def verdict_citations(verdict: Verdict) -> list[Citation]:
    out = list(verdict.basis)
    out += [s.citation for s in verdict.steps if s.citation is not None]
    out += [o.citation for o in verdict.obligations]
    return out


_COUNT_KEYS = ("pi_count_ytd", "sensitive_pi_count_ytd")
_UNSURE = re.compile(r"不确定|不清楚|不知道|说不准|not sure|unsure|don'?t know|no idea", re.IGNORECASE)
_REPLY_START = re.compile(r"^(是|否|对|不是|没有|有的|yes|no|yep|nope)(?![a-z])", re.IGNORECASE)


def _substantive(text: str) -> bool:
    """Worth searching on its own (not a bare 是 / yes / a number)."""
    return len(re.sub(r"\W", "", text)) > 6


class Pipeline:
    """`ask()` is the whole product. Corpus, lists, retriever and LLM load lazily and are shared across threads."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        corpus: Corpus | None = None,
        lists: Sequence[NegativeList] | None = None,
        retriever_loader: Callable[[], HybridRetriever] | None = None,
        as_of: date | None = None,
        sessions: SessionStore | None = None,
        llm: LLMRewriter | None = None,
        search_k: int = 5,
    ) -> None:
        self.settings = settings or Settings.from_env()
        self._corpus = corpus
        self._lists = list(lists) if lists is not None else None
        self._retriever_loader = retriever_loader
        self._as_of = as_of
        # `is not None`: an empty store is falsy (it has __len__) and must still be the one shared with the caller
        self.sessions = sessions if sessions is not None else SessionStore(max_sessions=self.settings.max_sessions)
        self._llm = llm
        self.search_k = search_k
        self.validator = QuestionValidator(self.settings.max_question_chars)
        self.classifier = Classifier()
        self._load_lock = threading.Lock()

    # --- lazily loaded parts -------------------------------------------------------------------------------------
    @property
    def corpus(self) -> Corpus:
        if self._corpus is None:
            with self._load_lock:
                if self._corpus is None:
                    from ingest.corpus import default_corpus

                    self._corpus = default_corpus()
        return self._corpus

    @property
    def lists(self) -> list[NegativeList]:
        if self._lists is None:
            with self._load_lock:
                if self._lists is None:
                    from assistant.lists import load_lists

                    self._lists = load_lists()
        return self._lists

    def _load_retriever(self) -> HybridRetriever:
        if self._retriever_loader is not None:
            return self._retriever_loader()
        from retrieval.index import load_retriever

        return load_retriever()

    @property
    def llm(self) -> LLMRewriter | None:
        if self._llm is None and self.settings.llm_enabled:
            from assistant.llm import LLMRewriter

            self._llm = LLMRewriter(self.settings)
        return self._llm

    @property
    def as_of(self) -> date:
        return self._as_of or date.today()

    # --- the path ------------------------------------------------------------------------------------------------
    def ask(self, question: str, *, session_id: str | None = None, language: Language | None = None) -> AskResponse:
        """Answer one message; with `session_id` the session's facts and pending questions carry over.
        `language` forces the answer language (the helpdesk draft is always Chinese)."""
        text = self.validator.run(question)
        if session_id is None:
            return self._turn(text, None, language)
        if not valid_session_id(session_id):
            raise QuestionError("session_id must be 1-128 characters of letters, digits, '-', '_', '.', ':'")
        with self.sessions.session(session_id) as session:
            return self._turn(text, session, language)

    def _turn(self, text: str, session: Session | None, forced: Language | None) -> AskResponse:
        from assistant.facts import extract_facts, merge_facts
        from assistant.language import detect_language

        language: Language = forced or detect_language(text)
        if forced is None and session is not None and session.language and not _substantive(text):
            language = session.language  # a bare "是" / "yes" keeps the conversation's language
        extracted = extract_facts(text, language)
        pending = list(session.pending) if session is not None else []
        facts = merge_facts(session.facts, extracted) if session is not None else extracted
        facts = self._answer_pending(facts, extracted, pending, text, language)

        query = text if _substantive(text) or session is None or not session.last_topic else f"{session.last_topic} {text}"
        retrieved = RetrieveStep(self._load_retriever, self.corpus, self.search_k).run(query, text)
        in_conversation = bool(pending) or (session is not None and session.facts != Facts())
        classification = self.classifier.run(
            text, language, extracted,
            referenced=[a.id for a in retrieved.referenced],
            top_hits=[h.id for h in retrieved.hits],
            in_conversation=in_conversation,
        )

        verdict, passages = self._verdict(classification, facts, language)
        if verdict.code in ("info", "out_of_scope") and session is not None:
            facts = session.facts  # a side question neither answers nor changes the scenario
        response = self._respond(text, language, verdict, passages, facts, retrieved)

        if session is not None:
            session.language = language
            if verdict.code in SCENARIO_CODES:
                session.facts = facts
                session.pending = [m.key for m in verdict.missing_facts]
                if _substantive(text):
                    session.last_topic = text
            session.transcript.append(Turn(role="user", text=text))
            session.transcript.append(Turn(role="assistant", text=response.answer, verdict=verdict.code))
            response.session_id = session.id
        return response

    def _answer_pending(self, facts: Facts, extracted: Facts, pending: list[str], text: str, language: Language) -> Facts:
        """A reply like "是" / "不满10万人" answers the first pending question.

        Only a reply-like message is read as an answer (short, or one that states no fact of its own): a full
        sentence about something else must not fill a pending key. "Not sure" leaves the fact unknown."""
        if not pending:
            return facts
        key = pending[0]
        if _UNSURE.search(text):
            from assistant.facts import apply_answer

            # still unknown, now by the user's own account (recorded in facts.unsure; never a guess)
            try:
                return apply_answer(facts, key, text)
            except (KeyError, ValueError):
                return facts
        field_name = key.split(".")[0].split("[")[0]
        reply_like = not _substantive(text) or extracted == Facts() or bool(_REPLY_START.match(text.strip()))
        if field_name in _COUNT_KEYS:
            # "health data of about 2,000 of them" answers a count question unless the sentence's count went elsewhere
            if any(getattr(extracted, k) is not None for k in _COUNT_KEYS):
                return facts
        elif not reply_like:
            return facts
        from assistant.facts import apply_answer
        from assistant.rules import apply_choice

        stated = getattr(extracted, field_name, None) if field_name in extracted.model_fields_set else None
        if field_name in Facts.model_fields and stated not in (None, []):
            return facts  # the message stated this fact itself
        try:
            chosen = apply_choice(facts, key, text, corpus=self.corpus, lists=self.lists, as_of=self.as_of, language=language)
            answered = chosen if chosen is not None else apply_answer(facts, key, text)
            # re-validate: an answer must never leave a value of the wrong type (e.g. False in a count)
            return Facts.model_validate(answered.model_dump())
        except (KeyError, ValueError) as exc:
            log.info("reply %r does not answer %s: %s", text, key, exc)
            return facts

    def _verdict(self, classification: Classification, facts: Facts, language: Language) -> tuple[Verdict, dict[str, list[str]]]:
        if classification.kind == "info":
            info = InfoStep(self.corpus).run(classification, language)
            if info is not None:
                return info
        if classification.kind == "out_of_scope":
            return Verdict(code="out_of_scope", label=verdict_label("out_of_scope", language)), {}
        from assistant.rules import decide

        return decide(facts, self.corpus, self.lists, self.as_of, language), {}

    def _respond(
        self, text: str, language: Language, verdict: Verdict, passages: dict[str, list[str]], facts: Facts, retrieved: Retrieved
    ) -> AskResponse:
        degraded = list(retrieved.degraded)
        sources = [] if verdict.code == "out_of_scope" else sources_for(verdict, retrieved, self.corpus)
        composer = Composer(self.corpus.articles)
        composed = composer.run(ComposeInput(verdict=verdict, language=language, degraded=not retrieved.available, key_passages=passages))
        check = VerifyInput(
            answer=composed.answer,
            citations=composed.citations,
            verdict_code=verdict.code,
            allowed_texts=[text, *list_match_texts(verdict.list_matches)],
            allowed_numbers=fact_numbers(facts),
            required_markers=list(range(1, len({(c.id, c.paragraph, c.item) for c in verdict.basis}) + 1)),
        )
        verifier = Verifier(self.corpus)
        problems = verifier.violations(check)
        if problems:
            # A bug in the rules or the composer: never let the unverified text out; say so loudly.
            log.error("deterministic answer failed verification: %s", problems)
            degraded.append("answer failed verification and was reduced to the verdict and its articles: " + "; ".join(problems))
            composed = self._minimal(verdict, language, composer)
            check = check.model_copy(update={"answer": composed.answer, "citations": composed.citations})
            verifier.run(check)
        report = LLMReport(used=False)
        answer = composed.answer
        if self.llm is not None and verdict.code != "out_of_scope":
            answer, report = self.llm.run(question=text, composed=composed, check=check, verifier=verifier, sources=sources, language=language)
        return AskResponse(
            question=text,
            language=language,
            verdict=verdict,
            facts=facts,
            answer=answer,
            citations=composed.citations,
            sources=sources,
            degraded=degraded,
            llm=report,
        )

    @staticmethod
    def _minimal(verdict: Verdict, language: Language, composer: Composer) -> Composed:
        bare = Verdict(code=verdict.code, label=verdict.label, basis=verdict.basis)
        return composer.run(ComposeInput(verdict=bare, language=language))

    def restate(self, response: AskResponse, language: Language) -> AskResponse:
        """The same answer in another language, from the same facts (the helpdesk draft is always Chinese)."""
        if response.language == language:
            return response
        verdict: Verdict
        passages: dict[str, list[str]] = {}
        if response.verdict.code in SCENARIO_CODES:
            from assistant.rules import decide

            verdict = decide(response.facts, self.corpus, self.lists, self.as_of, language)
        elif response.verdict.code == "info":
            topic = self.classifier.topic_of(response.question)
            classification = Classification(
                kind="info", reason="restated", articles=[c.id for c in response.verdict.basis],
                key_phrases=dict(topic.key_phrases) if topic else {},
            )
            info = InfoStep(self.corpus).run(classification, language)
            if info is None:
                return response
            verdict, passages = info
        else:
            verdict = Verdict(code="out_of_scope", label=verdict_label("out_of_scope", language))
        retrieved = Retrieved(hits=[], available=True)
        restated = self._respond(response.question, language, verdict, passages, response.facts, retrieved)
        return restated.model_copy(update={"sources": response.sources, "degraded": response.degraded, "session_id": response.session_id})


@lru_cache(maxsize=1)
def get_pipeline() -> Pipeline:
    """The process-wide pipeline (settings from the environment)."""
    return Pipeline()


def reset_pipeline() -> None:
    """Forget the cached pipeline (after the corpus, index or settings change)."""
    get_pipeline.cache_clear()


__all__ = ["Pipeline", "QuestionError", "get_pipeline", "reset_pipeline"]

