"""Reading the corpus: files -> Articles, with titles and boilerplate regions marked (never removed)."""

from __future__ import annotations

import hashlib
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import CorpusError
from .text import STOPWORDS, UPPER, hidden_regions, line_spans, readable, terms
from .types import Article
from .webpage import layout, page_title

log = logging.getLogger("qa")

SUFFIXES = (".txt", ".md", ".html", ".htm")


@dataclass(frozen=True)
class Skipped:
    source: str
    reason: str


# Whole lines that are site chrome, not article text. Generic web patterns, matched on the line.
_NAME = rf"[{UPPER}][\w.'’-]+(?:\ [{UPPER}][\w.'’-]+){{0,3}}"
_CHROME = re.compile(
    r"""^(?:skip\ to\ (?:main\ )?content|back\ to\ top(?:\ button)?|close|menu|home|search|share
    |share\ (?:this(?:\ article|\ story)?|on\ \w+|via\ \w+)|print|e-?mail|advertisement|sponsored
    |read\ more|load\ more|see\ more|show\ more|continue\ reading(?:\ below)?
    |subscribe(?:\ to\ our\ newsletter)?|sign\ up.*newsletter.*|follow\ us.*|tags?:.*
    |sign\ in|log\ in|sign\ out|log\ out|my\ account|download\ (?:our|the)\ app.*
    |this\ (?:story|article)\ can\ be\ shared.*|related(?:\ (?:posts|articles|stories|news|content))?
    |(?:more|latest)\ (?:news|stories|from\ .*)|you\ may\ also\ like|recommended(?:\ for\ you)?
    |\d+\ min(?:ute)?s?(?:\ read)?\b.*|listen\ to\ (?:this\ )?(?:article|story)\b.*
    |by\ """ + _NAME + r"""(?:\s*(?:,|\ and|\ &)\s*""" + _NAME + r""")*
    |(?:published|updated|posted|last\ updated|first\ published)
     (?::|\ on\b|\ \d|\ \S+\ (?:seconds?|minutes?|hours?|days?|weeks?)\ ago)[^.!?]*(?:[ap]\.m\.[^.!?]*)?
    |photo:.*|image:.*|credit:.*|©.*|copyright.*|all\ rights\ reserved.*
    |(?:image|media)\ (?:caption|source|copyright)\b.*|(?:[\w .'’-]+/)?(?:getty\ images|afp|reuters
     |associated\ press|ap\ photo|epa|shutterstock)(?:\ via\ getty\ images)?
    |accept(?:\ all)?(?:\ cookies)?|reject\ all|manage\ (?:preferences|cookies|settings|consent)
    |(?:cookie|privacy)\ (?:settings|preferences|policy)|terms\ (?:of\ (?:use|service)|and\ conditions)
    |facebook|twitter|x|whatsapp|linkedin|reddit|telegram|pinterest|instagram|youtube|flipboard
    |copy\ (?:link|url)|\d*\ ?comments?|view\ comments|join\ the\ conversation
    |report\ an?\ (?:error|typo|correction)
    |comments\ are\ (?:closed|disabled)\b.*|about\ the\ author\b.*|\(c\)\ (?:\d{4}|copyright)\b.*|this\ (?:article|story|page)\ (?:was|has\ been)\ (?:updated|amended|corrected)\b.*
    |\[?(?:image|photo|picture|pictured)\s*:.*
    |\((?:additional\ )?(?:reporting|writing|editing)\ by\ [^)]*\)
    |(?:additional\ )?(?:reporting|writing|editing)\ by\ [^.;]{1,60};.*\b(?:editing|reporting)\ by\ .*
    |(?:read\ more|also\ read|read\ also|see\ also|more\ on\ this(?:\ story)?|watch|related)\s*:.*
    |.*\bbanner\ \d+)\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
# A heading that opens a block of teasers for other stories.
_RELATED = re.compile(
    r"""^(?:related(?:\ (?:posts|articles|stories|news|content))?|most\ (?:read|popular|viewed|shared)(?:\ on\ .{1,40})?
    |more\ (?:from\ .*|stories|news|articles|on\ this\ story)|(?:top|latest|trending|popular)
    (?:\ (?:stories|news|now|articles))?|recommended(?:\ for\ you)?|you\ may\ also\ like
    |editor'?s?’?s?\ picks?|read\ next|up\ next|what\ to\ read\ next|don'?’?t\ miss|in\ other\ news
    |read\ more|(?:also|further)\ read(?:ing)?|read\ also|see\ also|you\ (?:may|might)\ also\ (?:like|enjoy)
    |(?:related|more)\ coverage|trending(?:\ now)?
    )\s*:?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_COOKIE = re.compile(r"\bcookies?\b.*\b(?:website|browser|consent|policy|experience|accept)", re.I)
_NEWSLETTER = re.compile(r"\b(?:subscribe|newsletter|sign up)\b", re.I)
# A row of links: "Terms of Use | Privacy Policy | Contact us", "World • Business • Sport".
_LINK_ROW = re.compile(r"\s*[|•·]\s*")
# An author bio: "A freelance journalist for ...", "An award-winning reporter who ...".
_BIO = re.compile(r"^an?\s+(?:[\w-]+\s+){0,3}(?:journalist|reporter|writer|correspondent|editor)\b",
                  re.I)
# ... and, near the end of the page, "Lucía Ferrán is the arts correspondent for southern Europe."
# (in the story, "Jane Doe is the editor of the Post, which ..." is news: only the page's last lines)
_NAMED_BIO = re.compile(r"^" + _NAME + rf"\s+(?:is|was)\s+(?:a|an|the|[{UPPER}][\w-]*['’]s)\s+(?:[\w'’-]+\s+){{0,3}}"
                        r"(?:journalist|reporter|writer|correspondent|editor)\b")


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-empty lines of the file as trimmed ``[start, end)`` spans (scraped pages: one per line)."""
    return list(line_spans(text, 0, len(text)))


def is_headline(line: str) -> bool:
    """A short line with no terminal punctuation: a heading, label or caption, not running text."""
    words = line.split()
    return 0 < len(words) <= 14 and not re.search(r"[.!?:;…”\"]\s*$", line)


def is_list_item(line: str) -> bool:
    """A line of a bulleted or numbered list: "- Spectators: more than 25,000", "2. Heatwave ..."."""
    return _LIST_ITEM.match(line) is not None


def is_unfinished(sentence: str) -> bool:
    """No closing punctuation at all: a caption, slug or label rather than a written sentence."""
    return not re.search(r"[.!?…\"”’')\]:;]\s*$", sentence)


def is_question(sentence: str) -> bool:
    """A sentence that ends with a question mark (inside closing quotes or markup too)."""
    return bool(re.search(r"\?[\s\"”’'*_)\]]*$", sentence))


def find_title(text: str, fallback: str) -> str:
    """The first meaningful line: a headline-like line of three or more words, else the first one."""
    candidates, lower = [], []
    for a, b in _paragraphs(text)[:6]:
        line = readable(text[a:b])  # a Markdown heading's hashes, emphasis, a link's target
        if not line or _is_chrome(line) or _RELATED.match(line):
            continue
        if line == line.lower() and any(c.isalpha() for c in line):
            lower.append(line)  # slugs and lower-case captions: only if nothing else is a heading
            continue
        candidates.append(line)
    for line in candidates:
        if is_headline(line) and len(line.split()) >= 3:
            return line
    for line in candidates + lower:
        if is_headline(line):
            return line
    return candidates[0][:200] if candidates else fallback


def boilerplate_regions(text: str, title: str = "") -> tuple[tuple[int, int], ...]:
    """Spans of site chrome: navigation, cookie/newsletter notices, bylines, author bios, and
    "Related" blocks that are about other stories. Nothing is removed; the spans are skipped."""
    paras = _paragraphs(text)
    skip: list[tuple[int, int]] = []
    related_at: int | None = None
    story_seen = False  # running text above: a teaser heading before any is navigation
    for i, (a, b) in enumerate(paras):
        line = text[a:b]
        if _RELATED.match(readable(line)):  # also as Markdown: "> **Related**", "## Read more"
            if story_seen and related_at is None:
                related_at = i
            skip.append((a, b))
        elif _is_chrome(line) or _BIO.match(line) \
                or _NAMED_BIO.match(line) and i >= len(paras) - 8 and len(line.split()) <= 30:
            skip.append((a, b))
        elif _NEWSLETTER.search(line) and len(line.split()) <= 12:
            skip.append((a, b))
        elif line.lstrip().startswith(("•", "·")) and _COOKIE.search(text[b:b + 400] + line):
            skip.append((a, b))
        elif not is_headline(line) and len(line.split()) >= 12:
            story_seen = True
    # An author's name standing alone right before a bio line.
    for i, (a, b) in enumerate(paras[:-1]):
        nxt = text[paras[i + 1][0]:paras[i + 1][1]]
        if _BIO.match(nxt) and is_headline(text[a:b]) and len(text[a:b].split()) <= 4:
            skip.append((a, b))
    if related_at is not None:
        skip.extend(_off_topic_teasers(text, paras, related_at, title))
    skip.extend(hidden_regions(text))  # a page saved as raw HTML: its scripts, styles, comments
    return _merge(skip)


def _is_chrome(line: str) -> bool:
    """A whole line of site chrome: a known label or notice, a cookie notice, a row of links; a
    menu's short item too ("• Home", "- Sign in")."""
    item = _LIST_ITEM.match(line)
    if item and len(line.split()) <= 4:
        line = line[item.end() - 1:]
    return bool(_CHROME.match(line) or _COOKIE.search(line) or _is_link_row(line))


def _is_link_row(line: str) -> bool:
    """Three or more short items separated by "|", "•" or "·": a menu or footer row."""
    parts = _LINK_ROW.split(line.strip(" |•·"))
    return len(parts) >= 3 and all(0 < len(p.split()) <= 4 for p in parts)


def _off_topic_teasers(
    text: str, paras: list[tuple[int, int]], related_at: int, title: str
) -> list[tuple[int, int]]:
    """After a "Related" heading, keep paragraphs that continue the story; mark the teasers.

    The heading's own list of links ("- Port workers begin strike", "1. Heatwave warning") is
    teasers, however close to the story. Otherwise a teaser is a headline sharing little with the
    article body above the heading, with the one paragraph after it (its blurb) unless that
    paragraph shares much with the body. Running text after that is the story again, and the
    block is over: a "Related" box is often dropped mid-article, and a headline after the story
    has resumed is a subheading ("What happens next"), not a teaser. Only running text sharing
    nothing with the story is dropped there.
    """
    body = set(terms(title))
    for a, b in paras[:related_at]:
        body.update(terms(text[a:b]))
    out: list[tuple[int, int]] = []
    blurb_next = False  # the paragraph after a teaser headline is its blurb
    in_list = True  # still in the list of links right under the heading
    listed = False  # the heading had a list of links: when it ends, so does the block
    in_block = True  # the story has not resumed since the heading
    for a, b in paras[related_at + 1:]:
        line = _QUOTED_BOX.sub("", text[a:b])  # "> - [Headline](link)": a list in a quoted box
        words = [w for w in terms(line) if w not in STOPWORDS]
        overlap = sum(w in body for w in words) / max(1, len(words))
        if _LIST_ITEM.match(line):
            if in_list or overlap < (0.5 if in_block else 0.2):
                out.append((a, b))
            listed, blurb_next = True, False
            continue
        if listed and in_list:
            in_block = False  # "Most viewed" and its links, then "The other winners": a subheading
        in_list = False
        if is_headline(line):
            if _RELATED.match(readable(line)):  # another "More from ..." heading opens another block
                in_list, in_block, listed = True, True, False
            blurb_next = in_block and not in_list and overlap < 0.5  # a headline sharing little
            if blurb_next or len(words) <= 3:
                out.append((a, b))
            continue
        if blurb_next and overlap < 0.5 or overlap == 0.0 and len(words) >= 5:
            out.append((a, b))
        else:
            body.update(words)
            in_block = False
        blurb_next = False
    return out


# A Markdown quoted box's marker, which may hold a "Related" list: "> - [Headline](link)".
_QUOTED_BOX = re.compile(r"^\s*>\s?")
# An item of a list of links: "- Headline", "• Headline", "1. Headline".
_LIST_ITEM = re.compile(r"^\s*(?:[-–—•·*▪►»›▸▹→◦]|\d{1,2}[.)])\s+\S")


def _merge(spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return tuple((a, b) for a, b in merged)


def content_regions(article: Article) -> list[tuple[int, int]]:
    """The complement of the boilerplate: where sentences are taken from."""
    out, pos = [], 0
    for a, b in article.skip:
        if pos < a:
            out.append((pos, a))
        pos = max(pos, b)
    if pos < len(article.text):
        out.append((pos, len(article.text)))
    return out


def read_article(path: Path, source: str, max_bytes: int) -> Article | Skipped:
    """One file -> an Article, or the reason it was skipped."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return Skipped(source, f"larger than the {max_bytes / 1e6:g} MB limit (QA_MAX_FILE_MB)")
        raw = path.read_bytes()
    except OSError as exc:
        return Skipped(source, f"cannot be read ({exc.strerror or exc})")
    if not raw.strip():
        return Skipped(source, "is empty")
    if b"\x00" in raw:
        return Skipped(source, "looks binary (contains NUL bytes)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Skipped(source, f"is not valid UTF-8 (byte {exc.start})")
    shown = layout(text)  # a page saved as raw HTML as a browser lays it out; else the text
    title = page_title(text) or find_title(shown, fallback=Path(source).stem)
    return Article(
        source=source,
        title=title,
        text=text,
        sha256=hashlib.sha256(raw).hexdigest(),
        skip=boilerplate_regions(shown, title),
    )


def list_files(corpus: Path) -> tuple[list[tuple[Path, str]], list[Skipped]]:
    """The readable article files under ``corpus`` (sorted), and what was skipped and why."""
    if not corpus.exists():
        raise CorpusError(f"corpus folder {str(corpus)!r} does not exist; create it and put .txt, .md "
                          "or .html articles in it, or pass another folder")
    if not corpus.is_dir():
        raise CorpusError(f"corpus {str(corpus)!r} is not a folder; pass the folder holding the articles")
    root = corpus.resolve()
    found: list[tuple[Path, str]] = []
    skipped: list[Skipped] = []
    for dirpath, dirnames, filenames in os.walk(corpus, followlinks=False):
        for d in sorted(dirnames):
            if not d.startswith(".") and (Path(dirpath) / d).is_symlink():
                rel = (Path(dirpath) / d).relative_to(corpus).as_posix()
                skipped.append(Skipped(_printable(rel) + "/", "is a symlinked folder (not followed)"))
        dirnames[:] = sorted(d for d in dirnames
                             if not d.startswith(".") and not (Path(dirpath) / d).is_symlink())
        for name in sorted(filenames):
            if name.startswith(".") or not name.lower().endswith(SUFFIXES):
                continue
            path = Path(dirpath) / name
            source = path.relative_to(corpus).as_posix()
            try:
                source.encode("utf-8")
            except UnicodeEncodeError:
                skipped.append(Skipped(_printable(source), "has a file name that is not valid UTF-8"))
                continue
            if path.is_symlink():
                try:
                    target = path.resolve(strict=True)
                except (OSError, RuntimeError):
                    skipped.append(Skipped(source, "is a broken symlink"))
                    continue
                if root != target and root not in target.parents:
                    skipped.append(Skipped(source, "is a symlink leading outside the corpus"))
                    continue
            if not path.is_file():
                skipped.append(Skipped(source, "is not a regular file"))
                continue
            found.append((path, source))
    return found, skipped


def _printable(name: str) -> str:
    return name.encode("utf-8", "backslashreplace").decode("utf-8")


def read_corpus(corpus: Path, max_file_mb: float = 20) -> tuple[list[Article], list[Skipped]]:
    """Every article in the corpus, plus the files skipped (each also logged as one warning line)."""
    files, skipped = list_files(corpus)
    articles: list[Article] = []
    for path, source in files:
        got = read_article(path, source, int(max_file_mb * 1_000_000))
        if isinstance(got, Skipped):
            skipped.append(got)
        else:
            articles.append(got)
    for s in skipped:
        log.warning("skipped %s: %s", s.source, s.reason)
    return articles, skipped
