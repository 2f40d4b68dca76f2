"""Answers and articles -> safe Markdown/HTML for the chat and the sources panel.

Pure functions, no Gradio: every piece of corpus or user text goes through :func:`escape` first,
which turns each character that HTML *or* Markdown would interpret into a numeric character
reference. The browser shows those characters literally (``<script>`` is seen as text and runs
nothing; ``*word*`` stays ``*word*``), and only the markup added here (``<b>``, ``<mark>``,
``<code>``...) is real. Offsets are never adjusted: a highlight wraps exactly ``text[start:end]``.
"""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

# Confidence words, in one place, for the pipeline's calibrated [0, 1] scores. The pipeline abstains
# below Settings.abstain_below (0.04 by default), so an answer called "low" scored 0.04-0.50; the
# related passages listed when it abstains are mostly "low".
CONFIDENCE_WORDS: tuple[tuple[float, str], ...] = ((0.75, "high"), (0.50, "medium"), (0.0, "low"))

# Characters that HTML or Markdown (CommonMark + GFM + Gradio's extras) give a meaning to:
# tags and entities, emphasis, code, links/images, headings, lists, tables, strikethrough,
# LaTeX ($), autolinks (: and .), template syntax ({ }). Escaping a few harmless ones too
# costs nothing and keeps the rule simple: these characters are never markup.
# Related passages listed in the chat when the answerer abstains (the sources panel has them all).
ABSTAIN_SHOWN = 3

_SIGNIFICANT = frozenset("&<>\"'`*_~[](){}#+-.!|\\$:=^@%")


def escape(text: str) -> str:
    """``text`` as literal characters in both HTML and Markdown (newlines are kept as they are)."""
    return "".join(f"&#{ord(ch)};" if ch in _SIGNIFICANT else ch for ch in text)


def confidence_word(score: float) -> str:
    for threshold, word in CONFIDENCE_WORDS:
        if score >= threshold:
            return word
    return CONFIDENCE_WORDS[-1][1]


def confidence_label(score: float) -> str:
    """``0.871`` -> ``"87% high"``."""
    return f"{round(100 * max(0.0, min(1.0, score)))}% {confidence_word(score)}"


# ---------------------------------------------------------------------------------------------
# Spans
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """Wrap ``[start, end)`` of a text in ``<tag class="cls">`` (offsets into that text)."""

    start: int
    end: int
    tag: str = "mark"
    cls: str = ""


def render_spans(text: str, marks: Iterable[Mark] = (), *, newline: str = "\n") -> str:
    """Escape ``text`` and wrap each mark's characters in its tag.

    Marks may overlap or nest: the text is cut at every mark boundary and each piece is wrapped
    in the tags active over it, so the HTML is always well formed and the characters inside the
    tags of one mark are exactly ``text[mark.start:mark.end]``. Empty or out-of-range marks are
    dropped. ``newline`` replaces line breaks (``"<br>"`` inside one Markdown line).
    """
    n = len(text)
    ms = [m for m in marks if 0 <= m.start < m.end <= n]
    cuts = sorted({0, n, *(m.start for m in ms), *(m.end for m in ms)})
    out: list[str] = []
    for a, b in itertools.pairwise(cuts):
        piece = escape(text[a:b]).replace("\n", newline)
        for m in reversed([m for m in ms if m.start <= a and b <= m.end]):
            attr = f' class="{m.cls}"' if m.cls else ""
            piece = f"<{m.tag}{attr}>{piece}</{m.tag}>"
        out.append(piece)
    return "".join(out)


_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph around ``[start, end)``: the text between the blank lines around it, trimmed."""
    a = 0
    for m in _BLANK_LINE.finditer(text, 0, start):
        a = m.end()
    m = _BLANK_LINE.search(text, end)
    b = m.start() if m else len(text)
    while a < start and text[a].isspace():
        a += 1
    while b > end and text[b - 1].isspace():
        b -= 1
    return a, b


# ---------------------------------------------------------------------------------------------
# The chat
# ---------------------------------------------------------------------------------------------


def _answer_mark(c: dict[str, Any]) -> list[Mark]:
    """The answer span of a citation, relative to its quote (none when it is empty)."""
    a, b = c["answer_start"] - c["start"], c["answer_end"] - c["start"]
    return [Mark(a, b)] if a < b else []


def citation_line(i: int, c: dict[str, Any]) -> str:
    return (f"{i}. {escape(c['title'])} · <code>{escape(c['source'])}</code> · "
            f"{confidence_label(c['score'])}")


def format_reply(result: dict[str, Any]) -> str:
    """One chat reply (Markdown with a little HTML) from the ``Answer.to_dict()`` contract."""
    cites = result.get("citations") or []
    if result.get("abstained") or not cites:
        if not cites:
            return "<b>The articles don't say.</b> Nothing in them is close to this question."
        lines = [("<b>The articles don't say.</b> The closest passages are related, "
                 "but not an answer:"), ""]
        for i, c in enumerate(cites[:ABSTAIN_SHOWN], 1):
            lines.append(f"{i}. “{render_spans(c['quote'], newline='<br>')}” — "
                         f"{escape(c['title'])} · <code>{escape(c['source'])}</code> · "
                         f"{confidence_label(c['score'])}")
        return "\n".join(lines)
    top = cites[0]
    lines = [
        f'<b class="answer">{escape(result["answer"])}</b>',
        "",
        "> " + render_spans(top["quote"], _answer_mark(top), newline="<br>"),
        "",
        f'<span class="conf">Confidence {confidence_label(result["score"])} · sources:</span>',
        "",
    ]
    lines += [citation_line(i, c) for i, c in enumerate(cites, 1)]
    others = differing_answers(result)
    if others:
        lines += ["", "<b>Sources differ:</b> " + "; ".join(
            f"[{i}] says “{escape(text)}”" for i, text in others)]
    return "\n".join(lines)


def _norm(text: str) -> str:
    return " ".join("".join(ch.lower() if ch.isalnum() else " " for ch in text).split())


def differing_answers(result: dict[str, Any]) -> list[tuple[int, str]]:
    """Other citations whose own answer span (of the same kind) differs from the answer, e.g. two
    articles giving different dates: shown beside the answer rather than silently dropped."""
    answer = _norm(result.get("answer") or "")
    out: list[tuple[int, str]] = []
    seen = {answer}
    for i, c in enumerate(result.get("citations") or [], 1):
        if i == 1 or c["answer_end"] <= c["answer_start"]:
            continue
        text = c["quote"][c["answer_start"] - c["start"]:c["answer_end"] - c["start"]]
        key = _norm(text)
        if key and key not in seen and key not in answer and answer not in key:
            seen.add(key)
            out.append((i, text))
    return out


def format_question(question: str) -> str:
    return escape(question).replace("\n", "<br>")


# ---------------------------------------------------------------------------------------------
# The sources panel and the article browser (HTML)
# ---------------------------------------------------------------------------------------------


def source_card(i: int, c: dict[str, Any], article_text: str | None, *, open_: bool) -> str:
    """One cited passage: title, file, offsets, confidence, and its paragraph with the quote marked."""
    head = (f'<summary><span class="num">[{i}]</span> <b>{escape(c["title"])}</b> '
            f'<span class="meta"><code>{escape(c["source"])}</code> · chars {c["start"]}–{c["end"]}'
            f' · {confidence_label(c["score"])}</span></summary>')
    if article_text is not None and article_text[c["start"]:c["end"]] == c["quote"]:
        a, b = paragraph_bounds(article_text, c["start"], c["end"])
        marks = [Mark(c["start"] - a, c["end"] - a, "mark", "quote")]
        if c["answer_start"] < c["answer_end"]:
            marks.append(Mark(c["answer_start"] - a, c["answer_end"] - a, "mark", "answer"))
        body = render_spans(article_text[a:b], marks)
    else:  # the article changed since the answer: show the quote alone rather than guess
        marks = [Mark(0, len(c["quote"]), "mark", "quote"), *(
            Mark(m.start, m.end, "mark", "answer") for m in _answer_mark(c))]
        body = render_spans(c["quote"], marks)
    return (f'<details class="source-card"{" open" if open_ else ""}>{head}'
            f'<div class="paragraph">{body}</div></details>')


def sources_html(result: dict[str, Any] | None, texts: dict[str, str | None], chosen: int) -> str:
    """All citations of one reply as cards; the chosen one (0-based) open and outlined."""
    if not result:
        return '<p class="hint">Ask a question: the passages behind the answer appear here.</p>'
    cites = result.get("citations") or []
    if not cites:
        return '<p class="hint">This reply cites no passage.</p>'
    intro = ("Related passages (not an answer):" if result.get("abstained")
             else "Passages cited for this answer:")
    cards = [source_card(i, c, texts.get(c["source"]), open_=(i - 1 == chosen))
             for i, c in enumerate(cites, 1)]
    return (f'<div class="sources"><p class="hint">{escape(intro)} '
            f'Q: “{escape(result.get("question", ""))}”</p>{"".join(cards)}</div>')


def citation_choices(result: dict[str, Any] | None) -> list[tuple[str, int]]:
    """(label, index) pairs for the citation picker. Labels are plain text (shown as text)."""
    if not result:
        return []
    return [(f"[{i}] {c['title']} — {c['source']}", i - 1)
            for i, c in enumerate(result.get("citations") or [], 1)]


def article_html(title: str, source: str, text: str, skip: Sequence[tuple[int, int]] = (),
                 highlight: tuple[int, int] | None = None) -> str:
    """A whole article: boilerplate regions dimmed (they are never indexed), a cited span marked."""
    marks = [Mark(a, b, "span", "boilerplate") for a, b in skip]
    if highlight:
        marks.append(Mark(highlight[0], highlight[1], "mark", "quote"))
    return (f'<div class="article"><h3>{escape(title)}</h3>'
            f'<p class="meta"><code>{escape(source)}</code> · {len(text):,} characters'
            f'{" · greyed text is page furniture, not searched" if skip else ""}</p>'
            f'<div class="article-text">{render_spans(text, marks)}</div></div>')


def corpus_table(items: Sequence[dict[str, Any]]) -> str:
    if not items:
        return '<p class="hint">No articles indexed yet.</p>'
    rows = "".join(f"<tr><td>{escape(a['title'])}</td><td><code>{escape(a['source'])}</code></td>"
                   f'<td class="num">{a["chars"]:,}</td></tr>' for a in items)
    return ('<table class="corpus"><thead><tr><th>Title</th><th>File</th>'
            f'<th class="num">Characters</th></tr></thead><tbody>{rows}</tbody></table>')


# ---------------------------------------------------------------------------------------------
# The header and the example questions
# ---------------------------------------------------------------------------------------------


def ago(then: float, now: float | None = None) -> str:
    s = max(0.0, (time.time() if now is None else now) - then)
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if s >= size:
            k = int(s // size)
            return f"{k} {unit}{'s' if k != 1 else ''} ago"
    return "just now"


def status_line(st: dict[str, Any], now: float | None = None) -> str:
    """``"5 articles, 21 passages, indexed 2 minutes ago"`` (plain text)."""
    def plural(k: int, word: str) -> str:
        return f"{k} {word}{'' if k == 1 else 's'}"

    return (f"{plural(st['articles'], 'article')}, {plural(st['passages'], 'passage')}, "
            f"indexed {ago(st['indexed_at'], now)}")


_WORD = re.compile(r"[^\W\d_][\w’'.-]*|\d[\w’'.-]*", re.UNICODE)
# Words that end in -s but are not the verb of a headline ("Mali news", "US series"...).
_NOT_VERBS = {"is", "was", "has", "does", "us", "news", "series", "its", "his", "hers", "this",
              "less", "across", "towards", "bus", "gas", "status", "crisis", "analysis",
              "politics", "economics", "species", "thus", "plus", "tens", "years", "days", "months"}
_CONNECT = {"of", "de", "du", "del", "la", "le", "bin", "ibn", "al", "van", "von", "der", "da"}


def _base_verb(word: str) -> str:
    """Third person to base form: "confirms" -> "confirm", "reaches" -> "reach"."""
    w = word.lower()
    if w == "says":
        return "say"
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "sses", "xes", "zzes", "oes")):
        return w[:-2]
    return w[:-1]


def _strip_possessive(name: str) -> str:
    return re.sub(r"[’']s$", "", name)


def example_candidates(title: str) -> list[str]:
    """Questions a headline suggests, best first; they are checked against the index before use.

    "Mali’s foreign ministry in Moscow confirms partner changes" gives "What did Mali’s foreign
    ministry in Moscow confirm?" and "Who confirms partner changes?"; names in a sentence-case
    headline give "Who is ...?" or "What happened in ...?".
    """
    title = re.sub(r"\s+", " ", title).strip()
    title = re.split(r" [—–|] | - ", title)[0].strip().rstrip(".!?:;")  # drop "— Analysis" etc.
    words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(title)]
    if len(words) < 3:
        return []
    out: list[str] = []
    for i in range(1, min(len(words), 7)):
        w, a, _ = words[i]
        low = w.lower()
        if (low.endswith("s") and not low.endswith(("ss", "’s", "'s", "us")) and len(low) > 3
                and low not in _NOT_VERBS and low.isalpha()):
            subject = title[:a].strip(" ,—–-")
            rest = title[a + len(w):].split(",")[0].split(" — ")[0].strip()
            if subject and "," not in subject:
                out.append(f"What did {subject} {_base_verb(w)}?")
                if rest:
                    out.append(f"Who {low} {rest}?")
            break
    caps = [w[0].isupper() for w, _, _ in words]
    if sum(caps) <= 0.6 * len(words):  # sentence case: capitals mark names
        run: list[str] = []
        first = 0  # index of the run's first word
        for i, ((w, _, _), cap) in enumerate(zip([*words, ("", 0, 0)], [*caps, False])):
            if cap or (run and w.lower() in _CONNECT):
                first = i if not run else first
                run.append(w)
                continue
            while run and run[-1].lower() in _CONNECT:
                run.pop()
            # One capitalised first word is just how a sentence starts ("Elections in ...").
            if run and not (first == 0 and len(run) == 1):
                name = _strip_possessive(" ".join(run))
                q = (f"Who is {name}?" if len(name.split()) > 1
                     else f"What happened in {name}?")
                if q not in out:
                    out.append(q)
            run = []
    return out


_NAME = r"[A-Z][\w’'.-]*(?: (?:(?:bin|ibn|al|de|van|von|of|la|le|da|del)[ -])?[A-Z][\w’'.-]*){0,4}"
# "Abdoulaye Diop, Mali's Minister of Foreign Affairs, met with ..." -> name, verb, rest.
_SUBJECT_VERB = re.compile(
    rf"^(?P<name>{_NAME})(?:, [^,]{{3,80}},)? (?P<verb>"
    r"(?:has|have|had|was|were|is|are|will|would|could|can)(?: not| been)? [a-z]+"
    r"|(?!says)[a-z]+(?:ed|s)|met|took|made|became|won|led|gave|went|came|held|left|sent|"
    r"signed|spoke|wrote|saw|got|paid|lost|ran|set|put|kept|brought|built|bought|sold|fled|"
    r"chose|drew|fought|found|began|rose|fell)"
    r" (?P<rest>[^.?!]{8,160})[.!]?$")
# Capitalised only because they start the sentence: not names.
_STARTERS = {"The", "This", "That", "These", "Those", "It", "He", "She", "They", "We", "I",
             "You", "There", "His", "Her", "Their", "Its", "Our", "In", "On", "At", "But", "And",
             "A", "An", "According", "However", "After", "Before", "While", "When", "If", "As",
             "Some", "Many", "Most", "Other", "Such", "Both", "Each", "All", "One", "Two", "For"}
# Where a question made from a sentence should stop, and words it should not end on.
_CLAUSE_END = re.compile(r",|;| — | – | (?:and|but|after|while|which|who|because|although|"
                         r"whereas|when|where|as well as) ", re.IGNORECASE)
_TRAILING = {"in", "of", "the", "a", "an", "to", "with", "for", "on", "at", "by", "from", "and",
             "or", "its", "his", "her", "their", "that", "this"}
_SENTENCE_GAP = re.compile(r"(?<=[.!?])[”\"’)]?\s+(?=[A-Z“\"])")


def _rough_sentences(text: str) -> Iterator[tuple[int, int]]:
    """Line by line, cut after . ! ? before a capital: enough to find candidate questions."""
    for line in re.finditer(r"[^\n]+", text):
        a = line.start()
        for gap in _SENTENCE_GAP.finditer(text, line.start(), line.end()):
            yield a, gap.start()
            a = gap.end()
        yield a, line.end()


def cloze_questions(text: str, skip: Sequence[tuple[int, int]] = (), title: str = "",
                    limit: int = 6) -> list[tuple[str, str]]:
    """(question, expected answer) pairs from an article's own sentences.

    A sentence that opens with a name and a verb ("Acme Corporation was founded by ...") becomes
    "Who was founded by ...?" with the name as the expected answer, so a question can be checked
    before it is offered: it is shown only when ``qa.answer`` gives that name back.
    """
    out: list[tuple[str, str]] = []
    for start, end in _rough_sentences(text):
        if any(a < end and start < b for a, b in skip):
            continue
        sent = re.sub(r"\s+", " ", text[start:end]).strip()
        if title and sent == re.sub(r"\s+", " ", title).strip():
            continue  # the headline answers itself
        m = _SUBJECT_VERB.match(sent)
        if not m or m.group("name").split()[0] in _STARTERS:
            continue
        rest = _CLAUSE_END.split(m.group("rest"))[0].strip()
        words = rest.split()[:12]
        while words and words[-1].lower() in _TRAILING:
            words.pop()
        if len(words) < 2 or words[0] in ("that", "to", "it", "he", "she", "they"):
            continue
        out.append((f"Who {m.group('verb')} {' '.join(words)}?", m.group("name")))
        if len(out) >= limit:
            break
    return out


def example_questions(items: Sequence[dict[str, Any]], limit: int = 4) -> list[str]:
    """Unchecked fallback: one question per title, made at run time from the indexed articles."""
    out: list[str] = []
    for a in items:
        cands = example_candidates(a["title"])
        if cands and cands[0] not in out:
            out.append(cands[0])
        if len(out) >= limit:
            break
    return out
