from __future__ import annotations

import os
from pathlib import Path

import pytest

from qa.corpus import boilerplate_regions, content_regions, find_title, read_corpus
from qa.errors import CorpusError

from .conftest import TINY


def test_title_skips_navigation_slugs_and_labels() -> None:
    assert find_title("Skip to main content\n\nA Real Headline Here\n\nBody.", "x") == "A Real Headline Here"
    assert find_title("some lower case slug\n\nMali\n\nThe Actual Title Of It\n", "x") == "The Actual Title Of It"
    assert find_title("Warsaw\n\nWarsaw is the capital of Poland.", "x") == "Warsaw"
    assert find_title("", "fallback") == "fallback"


def skipped_text(text: str) -> list[str]:
    return [text[a:b] for a, b in boilerplate_regions(text, find_title(text, ""))]


def test_boilerplate_is_marked_not_removed() -> None:
    text = TINY["acme.txt"]
    skipped = skipped_text(text)
    assert "Skip to main content" in skipped
    assert "By Jane Roe" in skipped
    assert "Related" in skipped
    assert "Local team wins the cup final" in skipped
    assert any(s.startswith("The football club") for s in skipped)
    assert any("cookies" in s for s in skipped)
    assert not any("Marie Dupont" in s for s in skipped)


def test_related_heading_followed_by_the_story_keeps_the_story() -> None:
    text = (
        "Mali signs a defence pact with Russia\n\n"
        "Mali signed a defence pact with Russia on Monday, officials said.\n\n"
        "Related Posts\n\n"
        "The pact lets Russian instructors train Malian troops, officials in Bamako added.\n"
    )
    skipped = skipped_text(text)
    assert skipped == ["Related Posts"]


def test_a_list_of_links_mid_article_ends_where_the_story_resumes() -> None:
    """A "Related:" list dropped between paragraphs: its links are skipped, however close to the
    story, and every paragraph after them is kept (they were all read as one teaser's blurb)."""
    text = (
        "Central bank cuts its main rate to 6.75 per cent\n\n"
        "The central bank cut its benchmark interest rate by half a point on Tuesday, the first "
        "cut in three years, citing slowing inflation.\n\n"
        "Related:\n\n"
        "- Port workers begin three-day strike over pay\n\n"
        "- Central bank governor to testify on rate policy\n\n"
        "Søren Aaltonen, chief economist at Nordhavn Capital, described the cut as bold.\n\n"
        "He expected two further quarter-point cuts this year, taking the rate to 6.25 per cent.\n\n"
        "(Reporting by Lucía Ferreira; Editing by Mark Hensley)\n\n"
        "Most read\n\n"
        "1. Heatwave warning issued for southern provinces\n\n"
        "2. Central bank holds interest rates at 3.75%\n"
    )
    skipped = skipped_text(text)
    assert skipped == [
        "Related:", "- Port workers begin three-day strike over pay",
        "- Central bank governor to testify on rate policy",
        "(Reporting by Lucía Ferreira; Editing by Mark Hensley)", "Most read",
        "1. Heatwave warning issued for southern provinces",
        "2. Central bank holds interest rates at 3.75%",
    ]


def test_a_teaser_headline_and_its_blurb_are_skipped_but_not_the_story_after_them() -> None:
    text = (
        "Mali signs a defence pact with Russia\n\n"
        "Mali signed a defence pact with Russia on Monday, officials in Bamako said.\n\n"
        "Related Articles\n\n"
        "Heatwave grips southern Europe\n\n"
        "Temperatures passed 44C in Seville as firefighters battled blazes near Athens.\n\n"
        "The pact with Russia lets its instructors train Malian troops, officials said.\n"
    )
    skipped = skipped_text(text)
    assert skipped == ["Related Articles", "Heatwave grips southern Europe",
                       "Temperatures passed 44C in Seville as firefighters battled blazes near Athens."]


def test_a_subheading_after_a_related_block_is_not_a_teaser() -> None:
    """Once the story has resumed, or the heading's list of links has ended, a short headline is
    the article's own subheading and the paragraph under it is story, however few words it shares."""
    text = (
        "Council approves the Eastern Link tram line\n\n"
        "The city council approved the £412m Eastern Link tram line along Marlow Road on Thursday by "
        "38 votes to 21, despite protests by residents.\n\n"
        "Most viewed\n\n"
        "• Ten autumn films to look forward to\n\n"
        "• Veteran actor announces retirement\n\n"
        "Opposition and concerns\n\n"
        "The plans have faced fierce opposition from residents and business owners along Marlow Road.\n\n"
        "Read more\n\n"
        "» Council tax to rise in Southdale for second year running\n\n"
        "Work on the tram line is due to begin next spring, with the first passengers in 2029.\n\n"
        "What happens next\n\n"
        "Shopkeepers on Marlow Road will be offered compensation of up to £15,000 each.\n\n"
        "This story has been updated with comments from the council leader.\n\n"
        "Katarzyna Mielnik is a transport correspondent based in Harbridge.\n\n"
        "Comments are closed for this article.\n"
    )
    skipped = skipped_text(text)
    for kept in ("The plans have faced", "Work on the tram", "Shopkeepers on"):
        assert not any(kept in s for s in skipped), kept
    for gone in ("Most viewed", "• Ten autumn", "• Veteran", "Read more", "» Council tax",
                 "This story has been updated", "Katarzyna Mielnik is", "Comments are closed"):
        assert any(s.startswith(gone) for s in skipped), gone


def test_more_kinds_of_link_lists_and_bylines() -> None:
    text = (
        "Folk singer Søren Hallvik dies at 81\n\n"
        "Søren Hallvik, the folk singer whose songs about the fishing villages of the north sold "
        "millions of records, has died at his home in Kvaløyhamn at the age of 81.\n\n"
        "TRENDING NOW\n\n"
        "▸ Ski resort closes early after record warm winter\n\n"
        "▸ Royal family announces summer tour dates\n\n"
        "A quiet comeback\n\n"
        "After a period of heavy drinking in the late 1980s, Hallvik stopped performing for almost "
        "seven years before his fishing villages album brought him back.\n\n"
        "Most read on the Post\n\n"
        "1. Halbrook named one of the best places to live\n\n"
        "Maeve Castellanos is Sportsline’s chief music writer.\n\n"
        "About the author: Oskar Jansen has been culture editor since 2019.\n\n"
        "(c) 2025 National Courier Media Ltd. Terms | Privacy\n"
    )
    skipped = skipped_text(text)
    assert not any("After a period" in s for s in skipped)
    for gone in ("TRENDING NOW", "▸ Ski", "▸ Royal", "Most read on the Post", "1. Halbrook",
                 "Maeve Castellanos is", "About the author", "(c) 2025"):
        assert any(s.startswith(gone) for s in skipped), gone


def test_a_story_about_an_editor_is_not_a_byline() -> None:
    text = ("Editor steps down after 25 years\n\n"
            "Jane Doe is the editor of the Daily Post, which she joined in 1999, the board said.\n\n"
            + "The paper said it would name a successor in the spring, after a search.\n\n" * 9
            + "Tom Ruiz is the Post's media correspondent.\n")
    skipped = skipped_text(text)
    assert not any(s.startswith("Jane Doe") for s in skipped)
    assert any(s.startswith("Tom Ruiz is") for s in skipped)
    # nor is a story line that opens like a credit line or a copyright notice
    from qa.corpus import _is_chrome

    assert not _is_chrome("Reporting by the New York Times revealed that the firm had paid bribes.")
    assert not _is_chrome("(c) the minister may revoke the licence.")
    assert _is_chrome("Reporting by Jane Doe; editing by Tom Lee") and _is_chrome("(c) 2025 Courier Ltd.")


def test_read_corpus_skips_bad_files_with_reasons(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    d = tmp_path / "c"
    d.mkdir()
    (d / "good.txt").write_text("A Good Title For This\n\nSome text here.", encoding="utf-8")
    (d / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    (d / "binary.txt").write_bytes(b"abc\x00def")
    (d / "empty.md").write_text("  \n", encoding="utf-8")
    (d / "notes.pdf").write_bytes(b"%PDF")
    outside = tmp_path / "secret.txt"
    outside.write_text("Secret outside the corpus.", encoding="utf-8")
    os.symlink(outside, d / "link.txt")
    os.symlink(d / "good.txt", d / "inside-link.txt")
    with caplog.at_level("WARNING", logger="qa"):
        articles, skipped = read_corpus(d)
    assert sorted(a.source for a in articles) == ["good.txt", "inside-link.txt"]
    reasons = {s.source: s.reason for s in skipped}
    assert "UTF-8" in reasons["latin1.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "empty" in reasons["empty.md"]
    assert "outside the corpus" in reasons["link.txt"]
    assert "notes.pdf" not in reasons
    assert len([r for r in caplog.records if "skipped" in r.message]) == 4


def test_file_size_limit(tmp_path: Path) -> None:
    d = tmp_path / "c"
    d.mkdir()
    (d / "big.txt").write_text("word " * 1000, encoding="utf-8")
    articles, skipped = read_corpus(d, max_file_mb=0.001)
    assert not articles and "limit" in skipped[0].reason


def test_missing_corpus_raises_with_advice(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="does not exist"):
        read_corpus(tmp_path / "nope")


def test_content_regions_complement_skip(tiny_corpus: Path) -> None:
    articles, _ = read_corpus(tiny_corpus)
    for art in articles:
        regions = content_regions(art)
        covered = sorted(regions + list(art.skip))
        for (a, b), (c, d) in zip(covered, covered[1:]):
            assert b <= c


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["CRLF", "CR"])
def test_windows_and_old_mac_files_keep_raw_offsets(tmp_path: Path, newline: str) -> None:
    raw = f"\ufeffA Title Of Three Words{newline}{newline}The dog was born in Lyon.{newline}"
    (tmp_path / "a.txt").write_bytes(raw.encode("utf-8"))
    (article,), _ = read_corpus(tmp_path)
    assert article.title == "A Title Of Three Words"
    assert article.text == raw  # offsets point into the file as it is, BOM and CRs included


PAGE = """Skip to content
Menu
Top Stories
World | Business | Politics | Tech
A Harbour Bridge Opens After Six Years Of Work
Listen to this article
By Ana Silva and Tom Berg
Updated: March 3, 2023 at 10:15 a.m. ET
Image caption, Crowds on the bridge deck on opening day
Getty Images
The harbour bridge opened on Tuesday after six years of construction, the city council said.
Published in 1998, the first plan for the harbour bridge was shelved for lack of money.
Read more: Council approves a new budget for the coming year
By Monday, more than 40,000 people had walked across the harbour bridge.
Accept all cookies
Manage preferences
Most Read
Storm closes schools across the northern province
Schools across the northern province stayed shut as a storm brought heavy snow and high winds.
Terms of Use | Privacy Policy | Contact us
© 2024 Example Media Group. All rights reserved.
"""


def test_chrome_of_another_site_is_marked_and_the_story_kept() -> None:
    assert find_title(PAGE, "x") == "A Harbour Bridge Opens After Six Years Of Work"
    skipped = skipped_text(PAGE)
    for chrome in ("Top Stories", "World | Business | Politics | Tech", "Listen to this article",
                   "By Ana Silva and Tom Berg", "Updated: March 3, 2023 at 10:15 a.m. ET",
                   "Image caption, Crowds on the bridge deck on opening day", "Getty Images",
                   "Read more: Council approves a new budget for the coming year",
                   "Accept all cookies", "Manage preferences", "Most Read",
                   "Storm closes schools across the northern province",
                   "Terms of Use | Privacy Policy | Contact us"):
        assert any(chrome in s for s in skipped), chrome
    # the teaser's blurb is about another story; the heading above the body is navigation, so
    # the body's sentences (some that open like a dateline or a byline) all stay
    assert any(s.startswith("Schools across the northern province") for s in skipped)
    for story in ("The harbour bridge opened on Tuesday", "Published in 1998, the first plan",
                  "By Monday, more than 40,000 people"):
        assert not any(story in s for s in skipped), story


def test_lower_case_title_is_used_when_no_other_heading() -> None:
    text = "1973 oil crisis\n\nOn October 6, 1973, an attack began. Prices rose sharply in the weeks after it.\n"
    assert find_title(text, "x") == "1973 oil crisis"
    slug = "city opens harbour bridge\n\nCity Opens Its New Harbour Bridge\n\nBody text here.\n"
    assert find_title(slug, "x") == "City Opens Its New Harbour Bridge"


def test_scripts_styles_and_comments_of_raw_html_are_skipped() -> None:
    text = ("<html><head><title>Harbour Bridge Opens</title>\n<style>\np { color: red; }\n</style>\n"
            "<script>\nvar tracker = 'a. B';\nsend(tracker);\n</script></head>\n"
            "<body><h1>Harbour Bridge Opens</h1>\n<!-- ad slot 3 -->\n"
            "<p>The harbour bridge opened on Tuesday.</p>\n</body></html>\n")
    skipped = "\n".join(skipped_text(text))
    assert "var tracker" in skipped and "color: red" in skipped and "ad slot 3" in skipped
    assert "The harbour bridge opened on Tuesday." not in skipped
    assert find_title(text, "x") == "Harbour Bridge Opens"


def test_a_related_box_in_markdown_is_skipped() -> None:
    """A "Related" heading in bold or inside a quoted box ("> **Related**", "> - [Headline](link)")
    opens a block of teasers like the plain one."""
    text = (
        "# Council approves the Eastern Link tram line\n\n"
        "The city council approved the £412m Eastern Link tram line along Marlow Road on Thursday by "
        "38 votes to 21, despite protests by residents.\n\n"
        "> **Related**\n"
        "> - [Interview: the festival director on her first jury](https://x.example/a) — “A jury is a "
        "tiny parliament.”\n"
        "> - [Box office: animated sequel tops the charts](https://x.example/b)\n\n"
        "Work on the tram line is due to begin next spring, with the first passengers in 2029.\n"
    )
    skipped = skipped_text(text)
    assert "> **Related**" in skipped
    assert any("tiny parliament" in s for s in skipped)
    assert not any("next spring" in s for s in skipped)


def test_a_correction_note_is_skipped() -> None:
    # a correction repeats the wrong and the right fact about the story, out of it
    text = ("Mill town mourns its foundry\n\nThe foundry closed in 2016, after 140 years.\n\n"
            "This article was amended on 3 March 2025 to correct the year the foundry closed.\n")
    skipped = skipped_text(text)
    assert "This article was amended on 3 March 2025 to correct the year the foundry closed." in skipped
    assert "The foundry closed in 2016, after 140 years." not in skipped
