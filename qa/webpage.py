"""A page saved as raw HTML (``.html``, or a ``.txt`` holding a page's source), laid out the way a
browser shows it, without moving a character.

``layout`` gives a text of the same length in which the page's head, scripts, styles, comments and
tags are blanks, a block tag (``<p>``, ``<li>``, ``<h2>``, ``<br>`` ...) starts a new line, a list
item's opens with a bullet, and a character reference (``&rsquo;``, ``&#8217;``) reads as its character. Titles, boilerplate and
sentences are found in the layout; every offset is still an offset into the file, so a quote is
the file's own text. Any other text comes back unchanged.
"""

from __future__ import annotations

import re

# a page's source: a doctype or an <html> tag first (after a byte-order mark, blanks or comments)
_PAGE = re.compile(r"\A\ufeff?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html\b|html\b)", re.IGNORECASE | re.DOTALL)
# a tag may span lines (attributes one per line) but not another tag
_ANY_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]{0,4000})?/?>")
# tags a browser starts a new line at
_BLOCK = re.compile(
    r"</?(?:address|article|aside|blockquote|body|br|caption|dd|details|div|dl|dt|figcaption|figure"
    r"|footer|form|h[1-6]|head|header|hr|html|li|main|nav|ol|p|pre|section|summary|table|tbody"
    r"|td|tfoot|th|thead|title|tr|ul)\b[^<>]{0,4000}>", re.IGNORECASE)
# what a browser never shows as text: the head, scripts, styles, templates, comments
_UNSHOWN = re.compile(
    r"<(head|script|style|noscript|template|svg)\b[^>]*>.*?</\1\s*>|<!--.*?-->|<!doctype[^>]*>",
    re.IGNORECASE | re.DOTALL)
_ITEM = re.compile(r"<li\b[^<>]{0,4000}>", re.IGNORECASE)
BULLET = "•"
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.IGNORECASE | re.DOTALL)
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)


def is_page(text: str) -> bool:
    """Does ``text`` start as an HTML document does?"""
    return _PAGE.match(text[:4000]) is not None


def layout(text: str) -> str:
    """``text`` as a browser lays it out, every character at its offset (see the module's doc);
    ``text`` itself unless it is a page."""
    if not is_page(text):
        return text
    from .text import decode_entities

    chars = list(text)
    for m in _ANY_TAG.finditer(text):
        chars[m.start():m.end()] = " " * (m.end() - m.start())
    for m in _BLOCK.finditer(text):
        chars[m.start()] = "\n"
    for m in _ITEM.finditer(text):
        chars[m.start() + 1] = BULLET  # a list item is a bulleted line, as a crawler writes it
    for m in _UNSHOWN.finditer(text):
        chars[m.start():m.end()] = " " * (m.end() - m.start())
    decode_entities(chars, text)
    return "".join(chars)


def page_title(text: str) -> str | None:
    """A page's headline: its first ``<h1>``, else its ``<title>``; None if not a page or neither
    has text."""
    if not is_page(text):
        return None
    import html

    for rx in (_H1, _TITLE):
        for m in rx.finditer(text):
            title = " ".join(html.unescape(_ANY_TAG.sub(" ", m.group(1))).split())
            if title:
                return title[:200]
    return None


def unbulleted(shown: str, text: str, a: int, b: int) -> int:
    """The start of the sentence ``[a, b)`` of a laid-out page past the bullet ``layout`` wrote
    into an ``<li>`` tag (a quote never starts inside a tag); ``a`` if there is none."""
    if shown[a] != BULLET or text[a] == BULLET:
        return a
    a += 1
    while a < b and shown[a].isspace():
        a += 1
    return a


def listed(shown: str, start: int) -> bool:
    """Is the sentence at ``start`` of a laid-out page a list item's first (the bullet ``layout``
    wrote before it on its line)?"""
    i = start - 1
    while i >= 0 and shown[i] == " ":
        i -= 1
    return i >= 0 and shown[i] == BULLET
