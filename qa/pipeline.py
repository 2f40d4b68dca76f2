"""The only place the stages are wired: ``ingest()`` and ``answer()`` and the index look-ups."""

from __future__ import annotations

import logging
import re
import threading
import time
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence

from .config import Settings
from .corpus import Skipped, read_corpus
from .errors import QAError, QuestionError, StoreError
from .text import fold, readable, terms, widen_to_entities
from .types import Answer, Article, Citation, Passage, Sentence

if TYPE_CHECKING:
    import numpy as np

    from .embedding import Embedder
    from .extract import Choice, Question
    from .retrieve import Candidate, LexicalIndex
    from .store import DenseIndex, Snapshot

log = logging.getLogger("qa")

History = Sequence[tuple[str, str]]


# ---------------------------------------------------------------------------------------------
# Ingest
# ---------------------------------------------------------------------------------------------


@dataclass
class IngestReport:
    corpus: str
    store: str
    articles: int = 0
    passages: int = 0
    sentences: int = 0
    embedded: int = 0  # texts that had to be embedded this run (0 on an unchanged corpus)
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    # same text, but read differently (title or boilerplate marking: a newer version of qa)
    reread: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.reread or self.embedded)

    def summary(self) -> str:
        parts = [f"{self.articles} articles, {self.passages} passages, {self.sentences} sentences"]
        if self.changed:
            parts.append(
                f"{len(self.added)} added, {len(self.updated)} updated, {len(self.removed)} removed, "
                f"{self.embedded} texts embedded"
                + (f", {len(self.reread)} re-read (title or boilerplate marking changed)"
                   if self.reread else "")
            )
        else:
            parts.append("index already up to date")
        if self.skipped:
            parts.append(f"{len(self.skipped)} files skipped")
        return "; ".join(parts) + f" ({self.seconds:.1f} s)"


def default_embedder(settings: Settings) -> "Embedder":
    """MiniLM on onnxruntime, exported once from the packaged weights into the model cache
    (``QA_MODEL_CACHE``, by default ~/.cache/article-qa): the same vectors as sentence-transformers
    without importing torch on the query path. Large ingests (``QA_BF16_MIN_TEXTS`` texts or more)
    use sentence-transformers in bfloat16 where the CPU multiplies bfloat16 natively."""
    from .embedding import MiniLMEmbedder, TwoSpeedEmbedder, bf16_matmul_supported
    from .onnx_embed import ensure_onnx

    onnx = ensure_onnx(settings.model_cache / "minilm-onnx")
    if settings.bf16_min_texts <= 0 or not bf16_matmul_supported():
        return onnx
    return TwoSpeedEmbedder(onnx, MiniLMEmbedder(settings.batch_size, bf16=True),
                            settings.bf16_min_texts)


def span_embedder(settings: Settings) -> "Embedder":
    """MiniLM in int8 (onnxruntime's dynamic quantisation of the same export) for the second look
    at a few short spans (``qa.extract.second_look``): about a third faster than float32 on them,
    and its cosines are the ones the second look's weights were fitted on (tools/train_spans.py).
    Quantised once into the model cache, at the first ingest."""
    from .onnx_embed import ensure_onnx

    return ensure_onnx(settings.model_cache / "minilm-onnx", quantized=True)


def _unchanged(settings: Settings, articles: list[Article], embedder: "Embedder | None",
               skipped: list[Skipped], t0: float) -> IngestReport | None:
    """The fast path of a re-run (embedded mode): the corpus is what the current snapshot was
    built from and Chroma was fully synced to it, so there is nothing to read, embed or write."""
    from .embedding import MODEL_NAME
    from .store import fingerprint, synced_summary

    if settings.chroma_url:
        return None
    name = embedder.name if embedder is not None else MODEL_NAME
    summary = synced_summary(settings.store, fingerprint(articles, name))
    if summary is None:
        return None
    report = IngestReport(str(settings.corpus), str(settings.store), skipped=skipped,
                          articles=len(articles), passages=summary["passages"],
                          sentences=summary["sentences"],
                          unchanged=[a.source for a in articles])
    report.seconds = time.perf_counter() - t0
    return report


def _lock(store: Path):  # noqa: ANN202
    from filelock import FileLock, Timeout

    from .store import make_store_dir

    make_store_dir(store)
    lock = FileLock(str(store / ".ingest.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout as exc:
        raise StoreError(
            f"another `qa ingest` is running on {str(store)!r}; wait for it to finish and try again"
        ) from exc
    return lock


def ingest(
    corpus: str | Path | None = None,
    *,
    store: str | Path | None = None,
    settings: Settings | None = None,
    embedder: "Embedder | None" = None,
    rebuild: bool = False,
    progress: bool = True,
) -> IngestReport:
    """Index ``corpus`` into ``store``: incremental, idempotent, and safe to interrupt."""
    import numpy as np

    from .chunking import chunk_article
    from .store import (DenseIndex, Snapshot, check_store_path, fingerprint, mark_synced,
                        prune_snapshots, read_snapshot, write_snapshot)

    settings = (settings or Settings()).with_(corpus=corpus, store=store)
    t0 = time.perf_counter()
    check_store_path(settings.store)  # before the corpus's warnings: nothing will be written
    articles, skipped = read_corpus(settings.corpus, settings.max_file_mb)
    lock = _lock(settings.store)
    try:
        quick = None if rebuild else _unchanged(settings, articles, embedder, skipped, t0)
        if quick is not None:
            return quick
        if embedder is None:
            embedder = default_embedder(settings)
            span_embedder(settings)  # quantised now rather than during the first question
        dense = DenseIndex(settings.store, settings.chroma_url)
        if settings.chroma_url and not rebuild:
            dense.pull(settings.store)  # the server's index is the previous one
        prev: Snapshot | None = None
        if not rebuild:
            try:
                prev = read_snapshot(settings.store)
            except StoreError as exc:
                if "no index" not in str(exc):
                    raise
        report = IngestReport(str(settings.corpus), str(settings.store), skipped=skipped)

        sentences: list[Sentence] = []
        passages: list[Passage] = []
        for art in articles:
            s, p = chunk_article(art, budget=settings.passage_tokens, overlap=settings.overlap_sentences)
            sentences.extend(s)
            passages.extend(p)
        report.articles, report.passages, report.sentences = len(articles), len(passages), len(sentences)

        old = {a.source: a for a in prev.articles} if prev else {}
        for a in articles:
            if a.source not in old:
                report.added.append(a.source)
            elif old[a.source].sha256 != a.sha256:
                report.updated.append(a.source)
            elif (old[a.source].title, old[a.source].skip) != (a.title, a.skip):
                report.reread.append(a.source)
            else:
                report.unchanged.append(a.source)
        report.removed = sorted(set(old) - {a.source for a in articles})

        # Embeddings depend on the text alone: reuse every vector the previous index has.
        cache: dict[str, Any] = {}
        if prev is not None and prev.model == embedder.name:
            for p, v in zip(prev.passages, prev.passage_vectors):
                cache[p.text] = v
            for s, v in zip(prev.sentences, prev.sentence_vectors):
                cache[s.text] = v
        todo = sorted({t for t in [p.text for p in passages] + [s.text for s in sentences]
                       if t not in cache}, key=len)
        if todo:
            # what a reader sees: link targets, URLs and markup are not embedded
            vecs = embedder.embed([readable(t) for t in todo], progress=progress)
            cache.update(zip(todo, vecs))
        report.embedded = len(todo)
        dim = embedder.dim
        pvecs = np.array([cache[p.text] for p in passages], dtype=np.float32).reshape(-1, dim)
        svecs = np.array([cache[s.text] for s in sentences], dtype=np.float32).reshape(-1, dim)

        if prev is not None and prev.model != embedder.name and not rebuild:
            # another embedding model: its vectors must not sit beside the old ones (and may
            # differ in size), so the collection starts anew and every passage is written
            dense.drop()
            rebuild = True
        try:
            have = dense.ids()
        except StoreError:
            if not rebuild or settings.chroma_url:
                raise
            # --rebuild on a damaged embedded Chroma folder: start it afresh
            import shutil

            shutil.rmtree(settings.store / "chroma", ignore_errors=True)
            dense = DenseIndex(settings.store, None)
            have = dense.ids()
        wanted = {p.id for p in passages}
        # --rebuild rewrites every row (nothing is deleted before the new snapshot is committed,
        # so an interrupted rebuild still leaves the current index whole)
        missing = [i for i, p in enumerate(passages) if rebuild or p.id not in have]
        same = (
            prev is not None
            and prev.fingerprint == fingerprint(articles, embedder.name)
            and not missing
        )
        if not same:
            if missing:
                dense.upsert([passages[i] for i in missing], pvecs[missing])
            snap = Snapshot(embedder.name, time.time(), str(settings.corpus.resolve()), articles,
                            passages, sentences, pvecs, svecs)
            folder = write_snapshot(settings.store, snap)  # the commit point (embedded mode)
            if settings.chroma_url:
                dense.publish(folder)  # the commit point for every instance using the server
        extra = have - wanted
        if extra:
            dense.delete(sorted(extra))
        prune_snapshots(settings.store)
        if not settings.chroma_url:
            mark_synced(settings.store)
        if same and not extra and not todo:
            report.added, report.updated, report.removed, report.reread = [], [], [], []
        report.seconds = time.perf_counter() - t0
        return report
    finally:
        lock.release()


# ---------------------------------------------------------------------------------------------
# Answer
# ---------------------------------------------------------------------------------------------


class Engine:
    """A loaded index plus the models, reused across questions; reloads when the index changes."""

    def __init__(self, settings: Settings, embedder: "Embedder | None" = None) -> None:
        self.settings = settings
        self._embedder = embedder
        # the second look's spans: the embedder given (tests, other models), else MiniLM in int8
        self._span_embedder = embedder
        self._lock = threading.Lock()
        self._loaded_from: str | None = None
        self._checked = -1e9  # when the server's current snapshot was last looked up
        self.snap: Snapshot | None = None
        self.lexical: LexicalIndex | None = None
        self.dense: DenseIndex | None = None

    @property
    def embedder(self) -> "Embedder":
        if self._embedder is None:
            self._embedder = default_embedder(self.settings)
        return self._embedder

    @property
    def span_embedder(self) -> "Embedder":
        if self._span_embedder is None:
            self._span_embedder = span_embedder(self.settings)
        return self._span_embedder

    def load(self) -> "Snapshot":
        """The current snapshot; re-read when another process published a new one."""
        from .retrieve import LexicalIndex
        from .store import DenseIndex, current_snapshot_dir, read_snapshot

        with self._lock:
            self.dense = self.dense or DenseIndex(self.settings.store, self.settings.chroma_url)
            if self.settings.chroma_url and time.monotonic() - self._checked > SERVER_CHECK_SECONDS:
                # another instance may have ingested: follow the server's current snapshot
                if not self.dense.pull(self.settings.store):
                    raise StoreError(
                        f"no index on the Chroma server at {self.settings.chroma_url}: run "
                        f"`qa ingest --chroma-url {self.settings.chroma_url}` first"
                    )
                self._checked = time.monotonic()
            folder = current_snapshot_dir(self.settings.store)
            key = str(folder) if folder else None
            if folder is not None and not self.dense.exists():
                raise StoreError(f"the Chroma folder of the index in {str(self.settings.store)!r} "
                                 "is missing; run `qa ingest --rebuild`")
            if self.snap is None or key != self._loaded_from:
                if self.snap is not None:
                    self.dense.refresh()  # another process ingested: see its Chroma rows too
                try:
                    snap = read_snapshot(self.settings.store)
                except StoreError:
                    # an ingest may have replaced the snapshot between two reads: try once more
                    time.sleep(0.05)
                    folder = current_snapshot_dir(self.settings.store)
                    key = str(folder) if folder else None
                    snap = read_snapshot(self.settings.store)
                self.lexical = LexicalIndex(snap)
                self.dense.reset_count()
                self.snap, self._loaded_from = snap, key
            return self.snap

    def read(
        self, question: str, history: History | None = None, sources: Sequence[str] | None = None
    ) -> tuple["Question", list["Reading"]]:
        """Retrieve candidate sentences and read each of the best few: the answer's raw material.

        Returns the analysed question and the readings, best first by the selection model."""
        qinfo, readings, _ = self.read_with_vector(question, history, sources)
        return qinfo, readings

    def read_with_vector(
        self, question: str, history: History | None, sources: Sequence[str] | None
    ) -> tuple["Question", list["Reading"], "np.ndarray | None"]:
        """``read``, and the question's vector (None when there is nothing to read)."""
        from .casing import truecase
        from .extract import analyze, asked_words, choose_span, doers, thing_asked
        from .rank import compared, features, select_score
        from .retrieve import (
            elliptical,
            history_context,
            named_by_that,
            referent,
            retrieve,
            with_referent,
        )

        q = clean_question(question, self.settings.max_question_chars)
        history = clean_history(history)
        snap = self.load()
        assert self.lexical is not None
        q = truecase(q, self.lexical, snap.sentences)  # "who runs ravensworth house museum"
        q = named_by_that(q, history)  # "Where is that station?" after "Kerrow Point"
        if snap.model != self.embedder.name:
            raise StoreError(
                f"the index in {str(self.settings.store)!r} was built with {snap.model!r}, "
                f"not {self.embedder.name!r}; run `qa ingest --rebuild`"
            )
        wanted = None
        if sources:
            unknown = [s for s in sources if s not in snap.article_by_source]
            if unknown:
                raise QAError(f"unknown article(s) {', '.join(map(repr, unknown))}: "
                              "pass file names as listed by qa.articles()")
            wanted = set(sources)
        context = history_context(q, history)
        # "When was he elected?" after an answer that is a name: read as "When was <name> elected?"
        # (the name counts as one word, which a sentence also covers with a pronoun like the
        # question's: "His successor, ...")
        name = referent(q, history) if context else ""
        searched = q
        if context and not name and _IT.search(q):
            # "What was it on October 10?" after "What price did rice reach?" / "$671 a tonne":
            # the price, and the question before says which
            name = thing_asked(history[-1][0])
            if name:
                searched = f"{context} {q}"
        resolved = with_referent(q, name)
        qinfo = analyze(resolved)
        # "In what year?" after "Who carried out the first survey of the fort?": the question
        # before says what about, as if asked again
        if context and elliptical(q):
            searched = resolved = f"{context} {q}"
            qinfo.terms.update(terms(context))
        if context and _WHAT_ABOUT.match(q):
            # "And what about Wrzesiński?" after "How much prize money does Ferrándiz take home?":
            # the question before, asked of someone else, so its answer is of the same kind
            before = analyze(history[-1][0])
            qinfo = replace(before, text=qinfo.text, terms=qinfo.terms | before.terms,
                            words=qinfo.words | before.words, **asked_words(qinfo.text))
        if not snap.sentences:
            return qinfo, [], None
        qvec = self.embedder.embed([resolved, f"{resolved} {context}"] if context else [q])
        qvec = qvec if context else qvec[0]
        assert self.dense is not None
        # the nouns for whoever does a verb of the question, those the index has
        doing = {t: kept for t, ds in doers(searched).items()
                 if (kept := tuple(d for d in ds if d in self.lexical.df))}
        cands = retrieve(searched, qvec, snap, self.dense, self.lexical, candidates=self.settings.candidates,
                         sources=wanted, context=context, referent=name, question_asked=q,
                         soft_top=READ_TOP, doers=doing)
        # "Russia's" in the question: a span next to "Russian" is next to a question word
        qinfo.terms.update(a for t in list(qinfo.terms) for a in self.lexical.aliases.get(t, ()))
        # "Who leads the party?": "the party leader, [Clémence Arnaud-Holt]" is next to a question word
        qinfo.terms.update(d for ds in doing.values() for d in ds)
        qinfo.places = self.lexical.places
        qinfo.persons = self.lexical.persons
        # "MRT" for "Maldern Regional Transport (MRT)": the question's organisation, by its other name
        qinfo.words.update(self.lexical.acronym_words(resolved))
        # a follow-up's answer is not what the earlier answer already said
        for _, earlier in history[-1:] if context else []:
            qinfo.words.update(re.findall(r"[a-z0-9]+", fold(earlier).replace("'", "")))
        shown = cands[:READ_TOP + self.settings.max_citations]
        choices = [choose_span(qinfo, snap.sentences[c.index].text) if rank < READ_TOP else None
                   for rank, c in enumerate(shown)]
        rows = compared([features(c, ch) for c, ch in zip(shown, choices)], READ_TOP)
        readings = [Reading(c, ch, f, select_score(f) if rank < READ_TOP else -1e9)
                    for rank, (c, ch, f) in enumerate(zip(shown, choices, rows))]
        readings.sort(key=lambda r: -r.logit)
        readings = person_first(qinfo, readings, lambda r: snap.sentences[r.candidate.index].text)
        return qinfo, readings, qvec[0] if context else qvec

    def answer(
        self, question: str, history: History | None = None, sources: Sequence[str] | None = None
    ) -> Answer:
        if isinstance(question, str):  # echoed as asked, but half a surrogate pair is no text
            question = _SURROGATE.sub("\ufffd", question)
        qinfo, readings, qvec = self.read_with_vector(question, history, sources)
        if not readings or qvec is None:
            return Answer(question, "", True, 0.0, ())
        snap = self.snap
        conf = first_confidence(readings)
        if qinfo.kind == "person":
            # the person the first sentence names, named in full by another: as sure of them
            readings = full_name_first(readings, lambda r: snap.sentences[r.candidate.index])
        top = readings[0]
        abstain = top.choice is None or conf < self.settings.abstain_below
        choice = None
        if not abstain and top.choice is not None:
            # the span model unsure between close spans: MiniLM compares them with the question
            choice = self.second_look(snap.sentences[top.candidate.index].text, top.choice, qvec)
        citations = self._citations(snap, readings, choice, qinfo, conf)
        if abstain:
            return Answer(question, "", True, round(conf, 4), citations)
        first = citations[0]
        text = first.quote[first.answer_start - first.start:first.answer_end - first.start]
        return Answer(question, text, False, round(conf, 4), citations)

    def second_look(self, text: str, choice: "Choice", qvec: "np.ndarray") -> "Choice":
        """``qa.extract.second_look`` at ``choice`` in ``text``, the spans embedded by
        ``span_embedder`` and compared with the question's vector ``qvec``."""
        from .extract import second_look

        return second_look(text, choice, lambda spans: self.span_embedder.embed(spans) @ qvec)

    def _citations(self, snap, readings, choice, qinfo, first_score) -> tuple[Citation, ...]:  # noqa: ANN001
        """The chosen sentence first (scored like the answer), then the next best distinct
        sentences (one per quote)."""
        from .extract import choose_span
        from .rank import confidence

        out: list[Citation] = []
        seen: set[str] = set()
        for i, r in enumerate(readings):
            s = snap.sentences[r.candidate.index]
            key = re.sub(r"\s+", " ", fold(s.text)).strip()
            if key in seen:
                continue
            seen.add(key)
            art = snap.article_by_source[s.source]
            span = None
            score = (first_score if i == 0 else confidence(r.features, 0.0)) if r.choice else 0.0
            if choice is not None and i == 0:
                span = choice
            elif (choice is not None and choice.kind in VALUE_KINDS
                  and score >= self.settings.abstain_below):
                # another source we would answer from may give the same date or number (or a
                # different one): show it. Another name in another sentence is another fact.
                other = r.choice or choose_span(qinfo, s.text)
                if other is not None and other.kind == choice.kind and other.fit >= 0.5:
                    span = other
            a, b = widen_to_entities(s.text, span.start, span.end) if span else (0, 0)
            a, b = s.start + a, s.start + b
            out.append(Citation(s.source, art.title, s.start, s.end, s.text, a, b, round(score, 4)))
            if len(out) >= self.settings.max_citations:
                break
        return tuple(out)


@dataclass
class Reading:
    """One candidate sentence as read for a question: its best span and the selection logit."""

    candidate: "Candidate"
    choice: "Choice | None"
    features: list[float]
    logit: float


_IT = re.compile(r"\b(?:it|its)\b", re.I)


def first_confidence(readings: list[Reading]) -> float:
    """The confidence of the first reading's span (0 without one), with its lead over the second
    read sentence (1 when it is the only one)."""
    from .rank import confidence

    top = readings[0]
    margin = top.logit - readings[1].logit if len(readings) > 1 and readings[1].logit > -1e8 else 1.0
    return confidence(top.features, margin) if top.choice else 0.0


def person_first(qinfo: "Question", readings: list[Reading], text: Callable[[Reading], str]) -> list[Reading]:
    """``readings`` (best first), with a sentence naming someone moved first for a "who" question
    whose first sentence offers no name ("Forensic officers at the museum" for "Who runs the
    museum?") if it is one of the next two and less than PERSON_PROMOTE_GAP behind. Its lead over
    the new second is then negative, which lowers the answer's confidence. Likewise, for a question
    asking for someone by role ("Who is the director of the archive?"), a sentence giving a name
    that role ("archive director [Maren Quist]") when the first gives none (its "[Kelby]" is where
    the archive opened), unless it names the same person again. ``text`` gives a reading's
    sentence."""
    from .extract import role_attached, roles_asked

    top = readings[0] if readings else None
    if qinfo.kind != "person" or top is None or top.choice is None:
        return readings
    roles = roles_asked(qinfo.text)

    def surname(r: Reading) -> str:
        return (_span_words(text(r), r.choice) or ["-"])[-1]

    if roles and not role_attached(roles, text(top), top.choice.start, top.choice.end):
        for k, r in enumerate(readings[1:3], 1):
            if r.choice is not None and r.choice.kind == "name" \
                    and role_attached(roles, text(r), r.choice.start, r.choice.end) \
                    and surname(r) != surname(top) \
                    and top.logit - r.logit < PERSON_PROMOTE_GAP:
                return [r] + readings[:k] + readings[k + 1:]
    if top.choice.type_fit >= 0.5:
        return readings
    for k, r in enumerate(readings[1:3], 1):
        if r.choice is not None and r.choice.kind == "name" and r.choice.type_fit >= 0.8 \
                and top.logit - r.logit < PERSON_PROMOTE_GAP:
            return [r] + readings[:k] + readings[k + 1:]
    return readings


def full_name_first(readings: list[Reading], sentence: Callable[[Reading], Sentence]) -> list[Reading]:
    """``readings`` (best first), with the sentence that names in full the person the first
    answers with a surname alone moved first, if it is from the same article and less than
    FULL_NAME_GAP behind."""
    top = readings[0] if readings else None
    if top is None or top.choice is None or top.choice.kind != "name":
        return readings
    first = sentence(top)
    one = _span_words(first.text, top.choice)
    if len(one) != 1:
        return readings
    for k, r in enumerate(readings[1:READ_TOP], 1):
        if r.choice is None or r.choice.kind != "name" or top.logit - r.logit >= FULL_NAME_GAP:
            continue
        other = sentence(r)
        full = _span_words(other.text, r.choice)
        if other.source == first.source and len(full) >= 2 and full[-1] == one[0]:
            return [r] + readings[:k] + readings[k + 1:]
    return readings


def _span_words(text: str, choice: Choice | None) -> list[str]:
    """The folded words of the span ``choice`` of ``text`` ("Ilse Brandvold" -> ["ilse", "brandvold"])."""
    return fold(text[choice.start:choice.end]).split() if choice is not None else []


SERVER_CHECK_SECONDS = 2.0  # how often an instance asks the server whether the index changed
READ_TOP = 8  # sentences read closely per question (span candidates are the costly part)
FULL_NAME_GAP = 3.0  # logits: how far behind a sentence naming in full the person the first names may be
PERSON_PROMOTE_GAP = 3.0  # logits: how far behind a sentence naming someone may be, for "who"
VALUE_KINDS = frozenset({"date", "number", "duration"})  # answers sources can disagree on


# lone surrogates are no text (the tokenizer and any UTF-8 output reject them): in a question they
# go as control characters do
_SURROGATES = "\ud800-\udfff"
_SURROGATE = re.compile(f"[{_SURROGATES}]")
# a follow-up that asks the question before of something else: "And what about Wrzesiński?", "And
# for 18 to 24 year olds?"
_WHAT_ABOUT = re.compile(r"\W*(?:(?:and\s+)?(?:what|how)\s+about|and\s+for(?!\s+(?:how|what|which|whom)\b))\b",
                         re.IGNORECASE)
_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f{_SURROGATES}]")


def clean_question(question: Any, max_chars: int) -> str:
    if not isinstance(question, str):
        raise QuestionError(f"the question must be text, got {type(question).__name__}")
    if len(question) > max_chars:
        raise QuestionError(
            f"the question is {len(question)} characters long; the limit is {max_chars}. "
            "Ask something shorter"
        )
    q = _CONTROL.sub(" ", unicodedata.normalize("NFC", question)).strip()
    if not q:
        raise QuestionError("the question is empty: type a question about the articles")
    return q


def clean_history(history: Any) -> list[tuple[str, str]]:
    if not history:
        return []
    out = []
    try:
        for turn in history:
            q, a = turn[0], turn[1]
            out.append((_CONTROL.sub(" ", str(q or "")), _CONTROL.sub(" ", str(a or ""))))
    except (TypeError, IndexError, KeyError) as exc:
        raise QAError("history must be a list of (question, answer) pairs") from exc
    return out[-5:]


class _Engines:
    """One Engine per (store, server) in this process."""

    def __init__(self) -> None:
        self._engines: dict[tuple[str, str | None], Engine] = {}
        self._lock = threading.Lock()

    def get(self, settings: Settings) -> Engine:
        key = (str(settings.store.resolve()), settings.chroma_url)
        with self._lock:
            if key not in self._engines:
                self._engines[key] = Engine(settings)
            return self._engines[key]


ENGINES = _Engines()


def answer(
    question: str,
    *,
    history: History | None = None,
    store: str | Path | None = None,
    sources: Sequence[str] | None = None,
    settings: Settings | None = None,
    embedder: "Embedder | None" = None,
) -> Answer:
    """Answer ``question`` from the indexed articles with a verbatim quote, or abstain."""
    settings = (settings or Settings()).with_(store=store)
    clean_question(question, settings.max_question_chars)  # fail fast, before loading anything
    engine = Engine(settings, embedder) if embedder is not None else ENGINES.get(settings)
    return engine.answer(question, history, sources)


# ---------------------------------------------------------------------------------------------
# Looking at the index
# ---------------------------------------------------------------------------------------------


def status(store: str | Path | None = None, settings: Settings | None = None) -> dict[str, Any]:
    """What is indexed: article and passage counts, when, from which corpus."""
    settings = (settings or Settings()).with_(store=store)
    snap = ENGINES.get(settings).load()
    return {
        "store": str(settings.store),
        "corpus": snap.corpus,
        "articles": len(snap.articles),
        "passages": len(snap.passages),
        "sentences": len(snap.sentences),
        "indexed_at": snap.created_at,
        "model": snap.model,
    }


def articles(store: str | Path | None = None, settings: Settings | None = None) -> list[dict[str, Any]]:
    """The indexed articles: source, title, size in characters."""
    engine = ENGINES.get((settings or Settings()).with_(store=store))
    snap = engine.load()
    return [{"source": a.source, "title": a.title, "chars": len(a.text)} for a in snap.articles]


def article(source: str, store: str | Path | None = None, settings: Settings | None = None) -> Article:
    """One indexed article, text exactly as indexed. Only indexed articles can be opened."""
    engine = ENGINES.get((settings or Settings()).with_(store=store))
    snap = engine.load()
    if source not in snap.article_by_source:
        raise QAError(f"no indexed article named {source!r}")
    return snap.article_by_source[source]
