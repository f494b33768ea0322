"""The one path every caller uses (CLI, API, evals): question → verdict → cited, verified answer.

The stages, in the order `Pipeline._turn` runs them:

1. question: `question.validate` (refuse empty / too long) → `question.language` (zh or en)
2. facts: `facts.extract_facts`, merged with the session's (`facts.merge_facts`) and a reply to a pending
   clarifying question applied (`rules.apply_choice` / `facts.apply_answer`)
3. retrieval: `answer.sources.RetrieveStep` (search + the articles the question names)
4. classify: `question.classify` (scenario / info / out_of_scope; it uses what retrieval found)
5. rules: `rules.decide` for a scenario, `answer.info.InfoStep` for a question about the regime
6. answer: `answer.sources.sources_for` → `answer.compose.Composer`
7. verify: `verify.verifier.Verifier` (a failure reduces the answer to the verdict and its articles)
8. optional rewrite: `answer.rewrite.LLMRewriter` (verified too; falls back to the deterministic answer)

The verdict comes only from the extracted facts and the rule check: the question text reaches the rules only
through `extract_facts`, so instructions hidden in a question ("忽略以上规则…") cannot change it.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from assistant.answer.card import (
    apply_patch,
    final_sources,
    normalise_patch,
    understood,
    update_sources,
    values_read,
    verdict_change,
)
from assistant.answer.compose import Composed, ComposeInput, Composer, shown_texts
from assistant.answer.guidelines import with_guidelines
from assistant.answer.info import InfoStep
from assistant.answer.labels import verdict_label
from assistant.answer.rewrite import LLMRewriter
from assistant.answer.sources import Retrieved, RetrieveStep, sources_for
from assistant.facts import (
    adds_batch_of_unknown_size,
    adds_to_earlier,
    apply_answer,
    counted_as_sensitive,
    extract_facts,
    merge_facts,
    states_further_data,
)
from assistant.lists.load import load_lists
from assistant.lists.model import NegativeList
from assistant.models import AskResponse, Facts, FactSource, Language, LLMReport, Verdict, VerdictCode
from assistant.question.classify import Classification, Classifier
from assistant.question.language import detect_language
from assistant.question.validate import QuestionError, QuestionValidator
from assistant.rules import apply_choice, decide
from assistant.session.chats import SESSION_ID_RULE, Session, SessionStore, Turn, valid_session_id
from assistant.settings import Settings
from assistant.verify.verifier import Verifier, VerifyInput, fact_numbers
from assistant.vocabulary import NO_WORDS, UNSURE_WORDS, YES_WORDS, words_pattern
from ingest.corpus import Corpus, default_corpus
from retrieval.hybrid import HybridRetriever
from retrieval.index import load_retriever

log = logging.getLogger(__name__)

SCENARIO_CODES = ("exempt_negative_list", "exempt", "standard_contract_or_certification", "security_assessment", "other_law", "needs_facts")

_COUNT_KEYS = ("pi_count_ytd", "sensitive_pi_count_ytd")
_UNSURE = re.compile(words_pattern(UNSURE_WORDS), re.IGNORECASE)
_REPLY_START = re.compile(rf"^({words_pattern(YES_WORDS + NO_WORDS)})(?![a-z])", re.IGNORECASE)


def _substantive(text: str) -> bool:
    """Worth searching on its own (not a bare 是 / yes / a number)."""
    return len(re.sub(r"\W", "", text)) > 6


# A message that continues the question before it ("那批完以后还要报国家那边备案吗？", "and then who approves it?")
_CONTINUES_QUESTION = re.compile(r"^\s*(?:那|那么|然后|之后|and\b|so\b|then\b|what\s+about)|还要|还需要|以后|之后|报给谁|找谁", re.IGNORECASE)


def _info_question_before(session: Session) -> str | None:
    """The user's last question when the conversation's last answer was an info answer (a rule question), else None."""
    turns = session.transcript
    if len(turns) < 2 or turns[-1].role != "assistant" or turns[-1].verdict != "info" or turns[-2].role != "user":
        return None
    return turns[-2].text


def _count_for_pending(extracted: Facts, pending: Sequence[str]) -> Facts:
    """"About fifteen thousand owners since January." after "how many people's sensitive PI…?": a count that names no data
    answers the sensitive count that was asked (read alone, a count with no data kind is taken as non-sensitive PI)."""
    if (not pending or pending[0] != "sensitive_pi_count_ytd" or extracted.pi_count_ytd is None or extracted.sensitive_pi_count_ytd is not None
            or extracted.contains_sensitive_pi is not None or extracted.data_items):
        return extracted
    return counted_as_sensitive(extracted)


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
        self.sessions = sessions if sessions is not None else SessionStore(self.settings.max_sessions, self.settings.max_turns)
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
                    self._corpus = default_corpus()
        return self._corpus

    @property
    def lists(self) -> list[NegativeList]:
        if self._lists is None:
            with self._load_lock:
                if self._lists is None:
                    self._lists = load_lists()
        return self._lists

    def _load_retriever(self) -> HybridRetriever:
        if self._retriever_loader is not None:
            return self._retriever_loader()
        return load_retriever()

    @property
    def llm(self) -> LLMRewriter | None:
        if self._llm is None and self.settings.llm_enabled:
            self._llm = LLMRewriter(self.settings)
        return self._llm

    @property
    def as_of(self) -> date:
        return self._as_of or date.today()

    # --- the path ------------------------------------------------------------------------------------------------
    def ask(self, question: str | None, *, session_id: str | None = None, language: Language | None = None,
            facts_patch: Mapping[str, Any] | None = None) -> AskResponse:
        """Answer one message; with `session_id` the session's facts and pending questions carry over.
        `language` forces the answer language (the helpdesk draft is always Chinese). `facts_patch` corrects what
        was understood (SPEC §5, issue 14), with or without a message; it is checked against Facts first."""
        patch = normalise_patch(facts_patch) if facts_patch else None
        text = self.validator.run(question) if question is not None else None
        if text is None:
            if patch is None:
                raise QuestionError("give a message or a facts_patch")
            if session_id is None:
                raise QuestionError("a facts_patch without a message needs the session_id of the answer it corrects")
        if session_id is None:
            assert text is not None
            return self._turn(text, None, language, patch)
        if not valid_session_id(session_id):
            raise QuestionError(f"session_id must be {SESSION_ID_RULE}")
        with self.sessions.session(session_id) as session:
            if text is None:
                assert patch is not None
                return self._correct(session, patch, language)
            return self._turn(text, session, language, patch)

    def _decider(self, language: Language) -> Callable[[Facts], VerdictCode]:
        return lambda facts: decide(facts, self.corpus, self.lists, self.as_of, language).code

    def _with_card(self, response: AskResponse, sources: Mapping[str, FactSource],
                   change: tuple[VerdictCode | None, dict[str, Any], dict[str, Any]] | None) -> AskResponse:
        """The response with `facts_source`, the "what I understood" card and, after a correction, what changed."""
        facts_source = final_sources(sources, response.facts, response.verdict) if response.verdict.code in SCENARIO_CODES else {}
        card = understood(response.facts, response.verdict, facts_source, self._decider(response.language), response.language)
        update: dict[str, Any] = {"facts_source": facts_source, "understood": card}
        if change is not None:
            before = change[0] or response.verdict.code
            update["change"] = verdict_change(before, response.verdict.code, change[1], response.language, change[2])
        return response.model_copy(update=update)

    def _turn(self, text: str, session: Session | None, forced: Language | None, patch: dict[str, Any] | None = None) -> AskResponse:
        language: Language = forced or detect_language(text)
        if forced is None and session is not None and session.language and not _substantive(text):
            language = session.language  # a bare "是" / "yes" keeps the conversation's language
        pending = list(session.pending) if session is not None else []
        extracted = _count_for_pending(extract_facts(text, language), pending)
        before = session.facts if session is not None else Facts()
        merged = (
            merge_facts(session.facts, extracted, adds_to_earlier(text), states_further_data(text), adds_batch_of_unknown_size(text))
            if session is not None else extracted
        )
        sources = update_sources(session.facts_source if session is not None else {}, before, merged, "stated")
        facts = self._answer_pending(merged, extracted, pending, text, language)
        sources = update_sources(sources, merged, facts, "answered")
        read: dict[str, Any] = {}
        if patch:
            read = values_read(facts, patch)
            corrected = apply_patch(facts, patch)
            sources = {**update_sources(sources, facts, corrected, "corrected"), **dict.fromkeys(patch, "corrected")}
            facts = corrected

        query = text if _substantive(text) or session is None or not session.last_topic else f"{session.last_topic} {text}"
        retrieved = RetrieveStep(self._load_retriever, self.corpus, self.search_k).run(query, text)
        in_conversation = bool(pending) or (session is not None and session.facts != Facts())
        classification = self.classifier.run(
            text, language, extracted,
            referenced=[a.id for a in retrieved.referenced],
            top_hits=[h.id for h in retrieved.hits],
            in_conversation=in_conversation,
        )
        before_info = (_info_question_before(session) if session is not None and classification.kind == "out_of_scope"
                       and _CONTINUES_QUESTION.search(text) else None)
        if before_info is not None:
            # "那批完以后还要报国家那边备案吗？" after "负面清单是谁批准的？": a follow-up of the rule question just answered
            again = self.classifier.run(f"{before_info} {text}", language, extracted, top_hits=[h.id for h in retrieved.hits])
            classification = again if again.kind == "info" else classification

        verdict, passages = self._verdict(classification, facts, language)
        if verdict.code in ("info", "out_of_scope") and session is not None:
            facts = session.facts  # a side question neither answers nor changes the scenario
            sources = dict(session.facts_source)
        # the user's earlier messages are theirs too: an item named in turn 1 ("约1.5万名被保险人的…") is quoted in turn 2
        earlier = [turn.text for turn in session.transcript if turn.role == "user"] if session is not None else []
        response = self._respond(text, language, verdict, passages, facts, retrieved, earlier)
        change = (self._last_code(session), dict(patch), read) if patch else None
        response = self._with_card(response, sources, change)

        if session is not None:
            session.language = language
            if verdict.code in SCENARIO_CODES:
                session.facts = facts
                session.facts_source = {k: v for k, v in sources.items() if k in response.facts_source}
                session.pending = [m.key for m in verdict.missing_facts]
                if _substantive(text):
                    session.last_topic = text
            session.transcript.append(Turn(role="user", text=text))
            session.transcript.append(Turn(role="assistant", text=response.answer, verdict=verdict.code))
            response.session_id = session.id
        return response

    @staticmethod
    def _last_code(session: Session | None) -> VerdictCode | None:
        if session is None:
            return None
        return next((t.verdict for t in reversed(session.transcript) if t.role == "assistant" and t.verdict), None)

    def _correct(self, session: Session, patch: dict[str, Any], forced: Language | None) -> AskResponse:
        """A facts_patch without a message: decide again on the corrected facts of the session."""
        language: Language = forced or session.language or "zh"
        before = self._last_code(session)
        read = values_read(session.facts, patch)
        facts = apply_patch(session.facts, patch)
        sources: dict[str, FactSource] = {**update_sources(session.facts_source, session.facts, facts, "corrected"),
                                          **dict.fromkeys(patch, "corrected")}
        topic = session.last_topic or ""
        retrieved = (RetrieveStep(self._load_retriever, self.corpus, self.search_k).run(topic, topic) if topic
                     else Retrieved(hits=[], available=True))
        verdict = decide(facts, self.corpus, self.lists, self.as_of, language)
        response = self._respond(topic, language, verdict, {}, facts, retrieved)
        response = self._with_card(response, sources, (before, dict(patch), read))
        session.language = language
        session.facts = facts
        session.facts_source = {k: v for k, v in sources.items() if k in response.facts_source}
        session.pending = [m.key for m in verdict.missing_facts]
        described = "；".join(f"{k}={v}" for k, v in patch.items())
        session.transcript.append(Turn(role="user", text=f"facts_patch: {described}"))
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
            info = InfoStep(self.corpus, self.lists, self.as_of).run(classification, language)
            if info is not None:
                return info
        if classification.kind == "out_of_scope":
            return Verdict(code="out_of_scope", label=verdict_label("out_of_scope", language)), {}
        verdict = decide(facts, self.corpus, self.lists, self.as_of, language)
        if classification.topic is not None:
            # a follow-up rule question about this case ("结果有效期是多久？"): the verdict stands and the rule is quoted after it
            answered = InfoStep(self.corpus, self.lists, self.as_of).run(classification.model_copy(update={"kind": "info"}), language)
            if answered is not None:
                asked = "你的追问" if language == "zh" else "Your follow-up question"
                steps = [s.model_copy(update={"check": asked}) for s in answered[0].steps]
                return verdict.model_copy(update={"steps": [*verdict.steps, *steps]}), answered[1]
        return verdict, {}

    def _respond(
        self, text: str, language: Language, verdict: Verdict, passages: dict[str, list[str]], facts: Facts, retrieved: Retrieved,
        earlier: Sequence[str] = (),
    ) -> AskResponse:
        degraded = list(retrieved.degraded)
        verdict = with_guidelines(verdict, self.corpus, self.lists, language)  # M9: a guideline next to its list item
        sources = [] if verdict.code == "out_of_scope" else sources_for(verdict, retrieved, self.corpus)
        composer = Composer(self.corpus.articles)
        composed = composer.run(ComposeInput(verdict=verdict, language=language, degraded=not retrieved.available, key_passages=passages))
        check = VerifyInput(
            answer=composed.answer,
            citations=composed.citations,
            verdict_code=verdict.code,
            allowed_texts=[text, *earlier, *shown_texts(verdict)],
            allowed_numbers=fact_numbers(facts),
            required_markers=list(range(1, len({(c.id, c.paragraph, c.item) for c in verdict.basis}) + 1)),
        )
        verifier = Verifier(self.corpus, self.lists)
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
            verdict = decide(response.facts, self.corpus, self.lists, self.as_of, language)
        elif response.verdict.code == "info":
            topic = self.classifier.topic_of(response.question)
            classification = Classification(
                kind="info", reason="restated", articles=[c.id for c in response.verdict.basis],
                key_phrases=dict(topic.key_phrases) if topic else {},
            )
            info = InfoStep(self.corpus, self.lists, self.as_of).run(classification, language)
            if info is None:
                return response
            verdict, passages = info
        else:
            verdict = Verdict(code="out_of_scope", label=verdict_label("out_of_scope", language))
        retrieved = Retrieved(hits=[], available=True)
        restated = self._respond(response.question, language, verdict, passages, response.facts, retrieved)
        restated = self._with_card(restated, response.facts_source, None)
        if response.change is not None:
            change = response.change
            restated.change = verdict_change(change.before, change.after, change.corrected, language, change.read)
        return restated.model_copy(update={"sources": response.sources, "degraded": response.degraded, "session_id": response.session_id})


@lru_cache(maxsize=1)
def get_pipeline() -> Pipeline:
    """The process-wide pipeline (settings from the environment)."""
    return Pipeline()


def reset_pipeline() -> None:
    """Forget the cached pipeline (after the corpus, index or settings change)."""
    get_pipeline.cache_clear()


__all__ = ["Pipeline", "QuestionError", "get_pipeline", "reset_pipeline"]

