"""Hybrid retrieval: dense passages (Chroma) + BM25 passages, fused; then sentence scoring.

A question becomes a ranked list of candidate *sentences*, each with the signals the answerer and
the confidence need. Follow-up questions borrow words from the conversation before retrieval.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Sequence

from .text import UPPER, fold, terms, unmark

if TYPE_CHECKING:
    import bm25s
    import numpy as np

    from .store import DenseIndex, Snapshot

RRF_K = 60  # the usual reciprocal-rank-fusion constant
# BM25's term saturation (the usual 1.5) and length normalisation. Sentences are short, and the
# usual b = 0.75 lets a short one that matches one rare question word outscore a longer one that
# matches several. On XQuAD's held-out halves (tools/train_ranker.py, each half scored by the
# model fitted on the other), b from 0.75 to 0.3: at the 5%-false-abstention point, fact-removed
# questions abstained 68.6% -> 72.9% and off-topic ones 87.4% -> 89.6%, evidence@1 0.831 -> 0.834;
# b = 0.1 and 0.4 (with k1 0.9 or 2.0) gave the same within half a point.
BM25_K1, BM25_B = 1.5, 0.3

# Words that point back into the conversation: a question using them needs its history.
_REFERS = re.compile(
    r"\b(he|she|him|his|her|hers|they|them|their|theirs|it|its|this|that|these|those|there|then|"
    r"the latter|the former|the other|same|such|former|latter)\b|^\s*(and|but|what about|how about)\b",
    re.I,
)


def needs_history(question: str) -> bool:
    return bool(_REFERS.search(question)) or elliptical(question)


def elliptical(question: str) -> bool:
    """A question that names nothing of its own, only what it asks for: "In what year?", "Why?",
    "And how much?" (at most four words, at most one content word); or one that names it as "that
    one" ("How long did that one last?" after a question about the last strike)."""
    return len(question.split()) <= 4 and len(terms(question)) <= 1 or _THAT_ONE.search(question) is not None


_THAT_ONE = re.compile(r"\b(?:that|this|the other|the earlier|the previous) one\b", re.I)


def history_context(question: str, history: Sequence[tuple[str, str]] | None) -> str:
    """Words from the conversation a follow-up refers to: the last turn, when the question points
    back ("When was he elected?"). Empty for a self-contained question."""
    if not history or not needs_history(question):
        return ""
    q, a = history[-1]
    return f"{q} {a}".strip()


_PERSONAL = re.compile(r"\b(he|she|him|his|her|they|them|their)\b", re.I)
_HE, _SHE, _THEY = (re.compile(rf"\b({w})\b", re.I)
                    for w in ("he|him|his", "she|her|hers", "they|them|their"))
_SAME_REFERENT = {"he": _HE, "him": _HE, "his": _HE, "she": _SHE, "her": _SHE, "they": _THEY,
                  "them": _THEY, "their": _THEY}
_OPENS_WITH_PRONOUN = re.compile(r"\W*(he|she|it|they|this|these|its|his|her|their)\b", re.I)
# a quotation its speaker is named for by a pronoun: "“The voters have spoken,” he said."
_QUOTED_BY_PRONOUN = re.compile(r"[”\"’]\s*,?\s*(?:he|she|they)\s+(?:said|says|added|told|wrote|warned|"
                                r"insisted|argued|explained|replied)\b", re.I)
_PREPOSITIONS = frozenset("about after as at before by for from in into of on to with".split())
_NAME = re.compile(rf"[{UPPER}][\w’'.-]*(?:\s+(?:[{UPPER}][\w’'.-]*|bin|al|de|van|von|ibn|el))*")


def _given_names(question: str, weighted: dict[str, float]) -> dict[str, list[str]]:
    """For each name of two or more words in the question, its last word's term -> the terms of
    the words before it ("Marta Kovač" -> {"kovac": ["marta"]}); only terms the question weighs."""
    out: dict[str, list[str]] = {}
    for m in _NAME.finditer(question):
        words = [terms(w) for w in m.group(0).split()]
        words = [w[0] for w in words if len(w) == 1 and w[0] in weighted]
        if len(words) >= 2:
            out.setdefault(words[-1], []).extend(w for w in words[:-1] if w != words[-1])
    return out


# "it", "its", and "that" standing alone ("How far away is that?", "How far is that from the port?")
_IMPERSONAL = re.compile(r"\b(it|its)\b|\b(that)\b(?=\s*(?:[?.!]|$|(?:from|to|in|on|at|for)\b))", re.I)
# a question that asks for a place or a thing by name ("Where ...?", "Which port ...?")
_ASKS_WHICH = re.compile(r"\W*(?:(?:to|from|in|at|for|on|into|by)\s+)?(?:where|which|what)\b", re.I)


def _is_name(answer: str) -> bool:
    return bool(answer) and len(answer.split()) <= 6 and _NAME.fullmatch(answer) is not None


def referent(question: str, history: Sequence[tuple[str, str]] | None) -> str:
    """The name a follow-up's personal pronoun stands for: the latest answer that is a name,
    looking back past earlier follow-ups that used a pronoun too ("Who is the City manager?" /
    "Greta Lindqvist", "When did she take charge?" / "2022", "Which club did she manage before?"
    -> "Greta Lindqvist"), or else the person the question of its own before it named ("How old
    is Jürgen Böhme?" / "67", "Why did he go?" -> "Jürgen Böhme"). For "it" or "that", the last
    answer when it named the place or thing the question before asked for ("Where were the planes
    moved?" / "Harnsby", "How far away is that?" -> "Harnsby"). "" if there is none or the
    question has no such pronoun."""
    if not history:
        return ""
    if not _PERSONAL.search(question):
        asked, answer = history[-1]
        answer = answer.strip()
        if _IMPERSONAL.search(question) and _ASKS_WHICH.match(asked) and _is_name(answer):
            return answer
        return ""
    for asked, answer in reversed(list(history)[-4:]):
        answer = answer.strip()
        if _is_name(answer):
            return answer
        if not _PERSONAL.search(asked):
            # a question of its own whose answer names no one: the person it asked about, if any
            # ("How old is Jürgen Böhme?" / "67", "What was the occasion for his trip?")
            return _person_asked(asked)
    return ""


def _person_asked(asked: str) -> str:
    """The first name in a question that may be a person's: not its opening word, and not
    after "the" ("the Kestrel Society")."""
    for m in _NAME.finditer(asked):
        if m.start() > 0 and not re.search(r"\bthe\s+$", asked[:m.start()], re.I) and _is_name(m.group(0)):
            return m.group(0).rstrip(".")
    return ""


_THAT_NOUN = re.compile(r"\b(?:that|this|the same)\s+([a-z][\w-]*)\b", re.I)


def named_by_that(question: str, history: Sequence[tuple[str, str]] | None) -> str:
    """``question`` with "that station" replaced by the name the last answer gave it, when the
    question before asked for a station by that noun ("Which ground station heard it first?" /
    "Kerrow Point", "Where is that station?" -> "Where is Kerrow Point?"); else unchanged."""
    if not history:
        return question
    asked, answer = history[-1]
    answer = answer.strip()
    m = _THAT_NOUN.search(question)
    if m is None or not answer or len(answer.split()) > 6 or not _NAME.fullmatch(answer):
        return question
    noun = m.group(1).lower()
    if noun not in re.findall(r"[a-z][\w-]*", asked.lower()) or noun in _PREPOSITIONS:
        return question
    return question[:m.start()] + answer + question[m.end():]


def resolve_references(question: str, history: Sequence[tuple[str, str]] | None) -> str:
    """A follow-up's first personal pronoun replaced by the name it stands for (``referent``):
    "When was he elected?" after "Who leads the party?" / "Ana Ruiz" reads as "When was Ana Ruiz
    elected?" ("his"/"their" become "Ana Ruiz's"). Anything else is returned unchanged."""
    return with_referent(question, referent(question, history))


def with_referent(question: str, name: str) -> str:
    """``question`` with its first personal pronoun, or else its "it" or "that", replaced by
    ``name`` (unchanged if "")."""
    m = _PERSONAL.search(question) or _IMPERSONAL.search(question)
    if not name or m is None:
        return question
    word = m.group(m.lastindex or 0).lower()
    after = question[m.end():].lstrip()
    nxt = re.match(r"[\w’']+", after)
    possessive = word in ("his", "their", "its") or word == "her" and nxt is not None and nxt.group().lower() \
        not in _PREPOSITIONS  # "her speech" but "spoke to her about"
    return question[:m.start()] + name + ("'s" if possessive else "") + question[m.end():]


_CAPITALISED = re.compile(rf"(?<![\w’'-])[{UPPER}][\w’'-]*")
# A place and the word for its people or language: Russia/Russian, Mali/Malian, Qatar/Qatari,
# Canada/Canadian, China/Chinese, Europe/European (as stems: the stemmer drops a final "e"); a
# point of the compass and its adjective the same way: West/Western, South/Southern.
_DEMONYM_ENDINGS = ("ian", "ean", "ese", "an", "n", "i", "ern")


def name_aliases(names: "Iterable[str]") -> dict[str, tuple[str, ...]]:
    """Pairs of capitalised terms of one index that name the same place and its people, found by
    their endings, both ways: {"russia": ("russian",), "russian": ("russia",)}."""
    vocab = set(names)
    pairs: dict[str, set[str]] = {}
    for word in vocab:
        for ending in _DEMONYM_ENDINGS:
            base = word[: -len(ending)]
            if not word.endswith(ending) or len(base) < 4:
                continue
            for place in (base, base + "a", base + "y"):
                if place in vocab and place != word:
                    pairs.setdefault(word, set()).add(place)
                    pairs.setdefault(place, set()).add(word)
    return {k: tuple(sorted(v)) for k, v in pairs.items()}


# an organisation's name, then its acronym in brackets: "Maldern Regional Transport (MRT)"
_ACRONYM = r"[A-Z][A-Z0-9&]{1,7}"
_ACRONYM_DEFINED = re.compile(rf"\(({_ACRONYM})\)")
_NAME_WORD = re.compile(rf"[{UPPER}][\w’'&.-]*$")
_CONNECTORS = frozenset("of for and the de du des la le del di da on in".split())
_SPELLED = re.compile(r"\bstands?\s+for\b|\bshort\s+for\b|\babbreviat|\bacronym|\binitials\b", re.IGNORECASE)


def defined_acronyms(texts: "Iterable[str]") -> dict[str, tuple[str, ...]]:
    """Acronyms the texts define, folded, with the folded words of the name before each (at
    most eight words, from a capital: connectors such as "of" and "for" inside it)."""
    out: dict[str, tuple[str, ...]] = {}
    for text in texts:
        if "(" not in text:
            continue
        for m in _ACRONYM_DEFINED.finditer(text):
            words = text[:m.start()].split()[-8:]
            run: list[str] = []
            for w in reversed(words):
                if _NAME_WORD.match(w) or run and w in _CONNECTORS:
                    run.insert(0, w)
                else:
                    break
            # from the word its first letter stands for: not "Members of the [Dock and Harbour
            # Workers' Union] (DHWU)" (a name in another language's order is kept whole)
            first = fold(m.group(1)[0])
            if any(fold(w[0]) == first for w in run):
                while run and fold(run[0][0]) != first:
                    run.pop(0)
            while run and run[0] in _CONNECTORS:
                run.pop(0)
            full = tuple(w for w in re.findall(r"[a-z0-9]+", fold(" ".join(run))) if w not in _CONNECTORS)
            if len(full) >= 2:
                out.setdefault(fold(m.group(1)), full)
    return out


class LexicalIndex:
    """BM25 (bm25s) over passages and over sentences, on accent- and quote-folded stemmed terms."""

    def __init__(self, snap: "Snapshot") -> None:
        import logging

        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets DEBUG on import

        def build(docs: list[list[str]]) -> "bm25s.BM25 | None":
            if not docs:
                return None  # an empty corpus: every score list is empty
            index = bm25s.BM25(k1=BM25_K1, b=BM25_B)
            index.index([d or [""] for d in docs], show_progress=False)
            return index

        import numpy as np

        # terms per sentence and title, computed once: answering only looks them up. One string
        # object per distinct term (a large index repeats each term across many sentences).
        # each sentence as read (markup blanked), once for the four passes below; plain text is
        # the sentence's own string, so this holds little more than references
        plain = [unmark(s.text) for s in snap.sentences]
        canon: dict[str, str] = {}
        sentence_terms = [[canon.setdefault(t, t) for t in terms(text)] for text in plain]
        self.sentence_sets = [frozenset(t) for t in sentence_terms]
        self.title_sets = {a.source: frozenset(terms(a.title)) for a in snap.articles}
        self.aliases = name_aliases(t for text in plain for t in terms(" ".join(_CAPITALISED.findall(text))))
        # the place of each pair (the shorter word: "mali" of mali/malian): a name, never a person
        self.places = frozenset(k for k, v in self.aliases.items() if any(len(a) > len(k) for a in v))
        self.acronyms = defined_acronyms(plain)
        from .extract import person_names

        # the people the articles name: "Wołowski" once written "Health Minister Tomasz Wołowski"
        self.persons = person_names(plain)
        del plain
        # which article each sentence is from, and which articles' titles use each term: with the
        # sentence index's postings, which articles use a term at all
        self.article_ids = {a.source: i for i, a in enumerate(snap.articles)}
        self.sentence_article = np.array([self.article_ids[s.source] for s in snap.sentences],
                                         dtype=np.int32)
        self.title_articles: dict[str, set[int]] = {}
        for source, ts in self.title_sets.items():
            for t in ts:
                self.title_articles.setdefault(t, set()).add(self.article_ids[source])
        self.passages = build([
            terms(p.title) + [t for si in sents for t in sentence_terms[si]]
            for p, sents in zip(snap.passages, snap.sentences_of_passage)
        ])
        self.sentences = build(sentence_terms)
        del sentence_terms
        # document frequency over sentences, for weighting question words
        df: dict[str, int] = {}
        for ts in self.sentence_sets:
            for t in ts:
                df[t] = df.get(t, 0) + 1
        self.n = max(1, len(snap.sentences))
        self.df = df

    def articles_with(self, term: str) -> set[int]:
        """The articles (indexes into snapshot.articles) whose sentences or title use ``term``."""
        import numpy as np

        out = set(self.title_articles.get(term, ()))
        docs = self.sentences_with(term)
        if len(docs):
            out.update(np.unique(self.sentence_article[docs]).tolist())
        return out

    def sentences_with(self, term: str, limit: int | None = None) -> "np.ndarray":
        """The sentences (indexes into snapshot.sentences) that use ``term``, in order; the first
        ``limit`` of them if given."""
        import numpy as np

        j = self.sentences.vocab_dict.get(term) if self.sentences is not None else None
        if j is None:
            return np.zeros(0, dtype=np.int64)
        postings = self.sentences.scores
        start, end = postings["indptr"][j], postings["indptr"][j + 1]
        return postings["indices"][start:end if limit is None else min(end, start + limit)]

    def acronym_words(self, question: str) -> list[str]:
        """The other name of each organisation ``question`` names in full or by its acronym (in
        capitals), as the articles define it ("Maldern Regional Transport (MRT)"): "mrt" for
        Maldern Regional Transport, and "maldern", "regional", "transport" for MRT. None when
        the question asks what an acronym stands for."""
        if not self.acronyms or _SPELLED.search(question):
            return []
        have = set(re.findall(r"[a-z0-9]+", fold(question)))
        capitals = {fold(a) for a in re.findall(rf"\b{_ACRONYM}\b", question)}
        out: list[str] = []
        for short, full in self.acronyms.items():
            if short in capitals:
                out += [w for w in full if w not in have]
            elif have.issuperset(full):
                out.append(short)
        return out

    def forms(self, term: str) -> tuple[str, ...]:
        """The term and the names it stands for in this index ("russia": "russia", "russian")."""
        return (term,) + self.aliases.get(term, ())

    def idf(self, term: str) -> float:
        return math.log(1 + (self.n - self.df.get(term, 0) + 0.5) / (self.df.get(term, 0) + 0.5))

    @staticmethod
    def _scores(index: "bm25s.BM25 | None", query_terms: list[str]) -> "np.ndarray":
        import numpy as np

        if index is None:
            return np.zeros(0, dtype=np.float32)
        known = [t for t in query_terms if t in index.vocab_dict]
        if not known:  # bm25s rejects words it has never seen
            return np.zeros(index.scores["num_docs"], dtype=np.float32)
        return index.get_scores(known)

    def passage_scores(self, query_terms: list[str]) -> "np.ndarray":
        return self._scores(self.passages, query_terms)

    def sentence_scores(self, query_terms: list[str]) -> "np.ndarray":
        return self._scores(self.sentences, query_terms)


@dataclass
class Candidate:
    """A sentence worth reading, with the signals behind its rank."""

    index: int  # into snapshot.sentences
    dense: float  # cosine(question, sentence)
    lexical: float  # sentence BM25 / best sentence BM25 for this question, in [0, 1]
    passage: float  # fused passage score of the best passage holding it, in [0, 1]
    coverage: float  # IDF-weighted share of question terms found in the sentence
    context_coverage: float  # the same over the sentence and its neighbours
    history: float = 0.0  # share of the conversation's words around the sentence (follow-ups)
    passage_dense: float = 0.0  # cosine(question, the best fused passage holding it)
    article_coverage: float = 0.0  # the same over the whole article and its title
    corpus_coverage: float = 0.0  # the same over every article searched (same for all candidates)
    soft_coverage: float = 0.0  # coverage where a missing word may match a similar one (best few)
    resolved_coverage: float = 0.0  # coverage, with the sentence before's when it opens with "It"
    score: float = 0.0


def rrf(rankings: Sequence[Sequence[str]], k: int = RRF_K) -> dict[str, float]:
    """Reciprocal rank fusion of several best-first id lists."""
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, pid in enumerate(ranking):
            fused[pid] = fused.get(pid, 0.0) + 1.0 / (k + rank + 1)
    return fused


def retrieve(
    question: str,
    qvec: "np.ndarray",
    snap: "Snapshot",
    dense: "DenseIndex",
    lexical: LexicalIndex,
    *,
    candidates: int = 30,
    sources: set[str] | None = None,
    context: str = "",
    referent: str = "",
    question_asked: str = "",
    weights: tuple[float, float, float, float] = (0.35, 0.15, 0.15, 0.35),
    soft_top: int = 8,
    doers: dict[str, tuple[str, ...]] | None = None,
) -> list[Candidate]:
    """Rank sentences for ``question``; ``context`` holds words borrowed from the conversation,
    which count for less than the question's own; ``referent`` is the name a follow-up's pronoun
    stands for in ``question_asked`` (the follow-up as typed), asked about as one word, which a
    sentence also covers with a pronoun of the same person and number.
    The best ``soft_top`` also get soft coverage. ``doers`` gives, for a verb of the question, the
    nouns for whoever does it that the index has (``qa.extract.doers``: "leads" -> leader), which
    cover it too."""
    import numpy as np

    own_terms = terms(question)
    # the name a follow-up's pronoun stands for: asked about, but the text may say "he" instead
    ref_terms = [t for t in dict.fromkeys(terms(referent)) if t not in own_terms]
    own_terms += ref_terms
    # the pronouns of the same person and number as the question's ("she": she, her, hers)
    said_as = None
    if ref_terms and (m := _PERSONAL.search(question_asked)) is not None:
        said_as = _SAME_REFERENT[m.group(1).lower()]
    ctx_terms = [t for t in terms(context) if t not in own_terms]
    alias_terms = [a for t in dict.fromkeys(own_terms) for a in lexical.aliases.get(t, ())
                   if a not in own_terms]
    # an organisation asked about by its acronym is also found by its name, and the other way
    alias_terms += [t for w in lexical.acronym_words(question)
                    for t in terms(w) if t not in own_terms and t not in alias_terms]
    # BM25 sums over query words: the question's count double, the names they stand for once
    qterms = own_terms * 2 + alias_terms + ctx_terms
    own_vec = qvec
    if context and own_vec.ndim == 2:  # [question alone, question + conversation]
        own_vec, qvec = qvec[0], qvec[1]
    allowed = None
    if sources is not None:
        allowed = np.array([p.source in sources for p in snap.passages], dtype=bool)

    # 1. passages: dense from Chroma, BM25 from the lexical index, fused by reciprocal rank
    over = candidates * (3 if sources else 1)
    dense_hits = [
        pid for pid, _ in dense.query(qvec, over)
        if pid in snap.passage_index
        and (allowed is None or allowed[snap.passage_index[pid]])
    ][:candidates]
    bm = lexical.passage_scores(qterms)
    if allowed is not None:
        bm = np.where(allowed, bm, -1.0)
    order = np.argsort(-bm, kind="stable")[:candidates]
    lex_hits = [snap.passages[i].id for i in order if bm[i] > 0]
    fused = rrf([dense_hits, lex_hits])
    top_fused = max(fused.values(), default=1.0)

    # 2. candidate sentences: all sentences of fused passages, plus the best sentences overall
    # each sentence of a fused passage gets the passage's best fused score and the question's best
    # dense similarity to a passage holding it
    passage_of: dict[int, float] = {}
    passage_dense: dict[int, float] = {}
    for pid, score in fused.items():
        pi = snap.passage_index[pid]
        sim = float(snap.passage_vectors[pi] @ qvec)
        for si in snap.sentences_of_passage[pi]:
            passage_of[si] = max(passage_of.get(si, 0.0), score / top_fused)
            passage_dense[si] = max(passage_dense.get(si, -1.0), sim)
    sims = snap.sentence_vectors @ qvec
    if own_vec is not qvec:
        # a follow-up's sentence should match the question itself more than the earlier turn
        sims = 0.6 * (snap.sentence_vectors @ own_vec) + 0.4 * sims
    sbm = lexical.sentence_scores(qterms)
    if sources is not None:
        s_allowed = np.array([s.source in sources for s in snap.sentences], dtype=bool)
        sims = np.where(s_allowed, sims, -1.0)
        sbm = np.where(s_allowed, sbm, 0.0)
    pool = set(passage_of)
    pool.update(int(i) for i in np.argsort(-sims)[:candidates] if sims[i] > -1.0)
    pool.update(int(i) for i in np.argsort(-sbm)[:candidates] if sbm[i] > 0)
    best_bm = float(sbm.max()) if len(sbm) and sbm.max() > 0 else 1.0

    # 3. score each sentence
    weighted = {t: lexical.idf(t) for t in set(own_terms)}
    if ref_terms:  # a name is one thing asked about: all its words weigh what its rarest does
        scale = max(weighted[t] for t in ref_terms) / (sum(weighted[t] for t in ref_terms) or 1.0)
        weighted.update({t: weighted[t] * scale for t in ref_terms})
    forms = {t: lexical.forms(t) + (doers or {}).get(t, ()) for t in weighted}
    total = sum(weighted.values()) or 1.0
    hist_weighted = {t: lexical.idf(t) for t in set(ctx_terms)}
    hist_total = sum(hist_weighted.values()) or 1.0
    # a person's full name in the question ("Marta Kovač"), which news writes once and then as
    # "Kovač": a sentence with the last word covers the rest too, in an article with all of it
    given_of = _given_names(question, weighted)
    # question words no searched article uses at all: a sign the articles do not say
    said = {t: set().union(*(lexical.articles_with(f) for f in forms[t])) for t in weighted}
    searched = None if sources is None else {lexical.article_ids[s] for s in sources}
    corpus_cov = sum(w for t, w in weighted.items()
                     if said[t] and (searched is None or not said[t].isdisjoint(searched))) / total
    article_cov: dict[str, float] = {}
    n_sentences = len(snap.sentences)
    out: list[Candidate] = []
    found_in: dict[int, set[str]] = {}  # per sentence, the question terms it covers
    for si in pool:
        if snap.heading[si]:
            continue  # a headline or caption gives context to passages, never the quoted answer
        s = snap.sentences[si]
        own = lexical.sentence_sets[si]
        # the sentence with its neighbours in the same article and the article's title
        around = [own, lexical.title_sets[s.source]] + [
            lexical.sentence_sets[nb] for nb in (si - 1, si + 1)
            if 0 <= nb < n_sentences and snap.sentences[nb].source == s.source]
        # a follow-up's referent is also mentioned by a pronoun ("His successor, ...")
        refers = said_as is not None and said_as.search(s.text) is not None
        found = found_in[si] = {t for t in weighted
                                if any(f in own for f in forms[t]) or refers and t in ref_terms}
        art_id = lexical.article_ids[s.source]
        named = {g for last, given in given_of.items() if last in found
                 for g in given if g not in found and all(art_id in said[x] for x in given)}
        found |= named
        cov = sum(weighted[t] for t in found) / total
        resolved = cov
        # ... and so does one answering the question just before it (an interview's)
        if si > 0 and snap.sentences[si - 1].source == s.source and (
                _OPENS_WITH_PRONOUN.match(s.text) or _QUOTED_BY_PRONOUN.search(s.text)
                or snap.asks[si - 1]):
            before = lexical.sentence_sets[si - 1]
            resolved += sum(weighted[t] for t in weighted
                            if t not in found and any(f in before for f in forms[t])) / total
        ctx_cov = sum(w for t, w in weighted.items()
                      if t in named or any(f in x for f in forms[t] for x in around)) / total
        hist = (sum(w for t, w in hist_weighted.items() if any(t in x for x in around)) / hist_total
                if hist_weighted else 0.0)
        if s.source not in article_cov:
            art = lexical.article_ids[s.source]
            article_cov[s.source] = sum(w for t, w in weighted.items() if art in said[t]) / total
        c = Candidate(
            index=si,
            dense=float(sims[si]),
            lexical=float(sbm[si]) / best_bm,
            passage=passage_of.get(si, 0.0),
            coverage=cov,
            context_coverage=ctx_cov,
            history=hist,
            passage_dense=passage_dense.get(si, 0.0),
            article_coverage=article_cov[s.source],
            corpus_coverage=corpus_cov,
            resolved_coverage=resolved,
        )
        w_d, w_l, w_p, w_c = weights
        c.score = (w_d * c.dense + w_l * c.lexical + w_p * c.passage
                   + w_c * (0.7 * cov + 0.3 * ctx_cov) + 0.1 * c.history)
        out.append(c)
    out.sort(key=lambda c: (-c.score, c.index))
    if soft_top > 0:
        from .wordvec import soft_coverage

        for c in out[:soft_top]:
            c.soft_coverage = soft_coverage(weighted, found_in[c.index],
                                            lexical.sentence_sets[c.index])
    return out


def folded_contains(haystack: str, needle: str) -> bool:
    return fold(needle) in fold(haystack)
