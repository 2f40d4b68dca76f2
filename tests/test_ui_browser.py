"""End to end in a real browser: `qa serve` with the real model, driven through Debian's Chromium.

Starts `qa serve` on a free port over a temporary corpus (two of the repo's articles plus one file
full of HTML that must stay inert), then asks, follows up, opens sources and articles the way a
person would, and saves screenshots (also copied to /tmp/ui-shots/ for a human to look at).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path("/tmp/ui-shots")
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
HOSTILE = (
    "Test page with <script>alert(1)</script> in the title\n\n"
    "The contractor wrote <img src=x onerror=alert(1)> in the report about the bridge repairs.\n\n"
    "Engineer *Ana* _Lopez_ said the `repair` cost [link](javascript:alert(1)) was $$x^2$$.\n"
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.timeout(900),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium "
                       "(apt-get install chromium; `make test` installs it when run as root)"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"qa serve exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"qa serve did not answer on {url} within {timeout:.0f} s")


@pytest.fixture
def server(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in sorted(p.name for p in (REPO / "corpus").glob("*.txt"))[:2]:
        shutil.copy(REPO / "corpus" / name, corpus / name)
    (corpus / "zz_hostile.txt").write_text(HOSTILE, encoding="utf-8")
    port = free_port()
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
               ANONYMIZED_TELEMETRY="False", GRADIO_ANALYTICS_ENABLED="False")
    env.pop("QA_UI_AUTH", None)
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "qa.cli", "serve", "--port", str(port),
         "--store", str(tmp_path / "store"), "--corpus", str(corpus)],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_up(url, proc, timeout=120)
        yield url, corpus
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=20)
        log.close()
        print((tmp_path / "serve.log").read_text(encoding="utf-8")[-3000:])


def shoot(page, tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SHOTS / path.name)
    return path


def ask(page, question: str) -> str:
    """Type a question, send it, wait for the reply; return the reply's text."""
    replies = page.locator("#chat .message-row.bot-row, #chat .bot-row")
    before = replies.count()
    page.fill("#question textarea", question)
    page.click("#ask-button")
    page.wait_for_function(
        """([n]) => {
            const rows = document.querySelectorAll('#chat .bot-row');
            if (rows.length <= n) return false;
            return !rows[rows.length - 1].innerText.includes('Searching the articles');
        }""", arg=[before], timeout=120_000)
    time.sleep(0.5)  # let the sources panel settle
    return replies.last.inner_text()


def test_ask_read_sources_follow_up_and_stay_inert(server, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    url, corpus = server
    texts = {p.name: p.read_text(encoding="utf-8") for p in corpus.iterdir()}
    dialogs: list[str] = []
    outside: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, timeout=60_000)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(30_000)
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(
                (url.rstrip("/"), "data:", "blob:")) else None)
            page.goto(url)

            # The first index is built in the background; the header says so, then how big it is.
            page.wait_for_function(
                "() => /\\d+ articles?, \\d+ passages?, indexed/.test("
                "document.querySelector('#status-line')?.innerText || '')", timeout=300_000)
            assert "3 articles" in page.inner_text("#status-line")
            # example questions made from these articles, checked before being offered
            page.wait_for_selector("#chat button.example", timeout=120_000)
            examples = page.locator("#chat button.example").all_inner_texts()
            assert examples and all(e.strip().endswith("?") for e in examples)
            shoot(page, tmp_path, "ui-1-empty")

            # Ask: bold short answer, the sentence with the answer marked, numbered citations.
            reply = ask(page, "Who is Mali's Minister of Foreign Affairs?")
            bot = page.locator("#chat .bot-row").last
            answer = bot.locator("b.answer").inner_text()
            mark = bot.locator("blockquote mark").first.inner_text()
            quote = bot.locator("blockquote").inner_text().strip()
            assert answer and answer == mark, (answer, mark)
            assert any(quote in t for t in texts.values()), quote  # verbatim from a file
            # (which name comes back is the answerer's business, tested in its own tests)
            assert bot.locator("ol li").count() >= 1
            first_cite = bot.locator("ol li").first.inner_text()
            assert any(name in first_cite for name in texts), first_cite
            assert "%" in first_cite and any(w in first_cite for w in ("high", "medium", "low"))
            assert "Confidence" in reply

            # The sources panel shows the cited passage in its paragraph, quote and answer marked.
            card = page.locator("#sources-view details[open]").first
            assert card.locator("mark.answer").first.inner_text() == answer
            shown_quote = "".join(card.locator("mark.quote").all_inner_texts())
            assert answer in shown_quote and any(shown_quote in t for t in texts.values())
            shoot(page, tmp_path, "ui-2-answer")

            # Another citation: pick it in the dropdown; it opens in the panel.
            n = page.locator("#sources-view details").count()
            if n > 1:
                page.click("#citation-pick input")
                page.locator("[role=listbox] [role=option]").nth(1).click()
                page.wait_for_function(
                    "() => document.querySelectorAll('#sources-view details')[1]?.open === true")
            # ... and the whole article, with the quote marked.
            page.click("#open-article")
            page.wait_for_selector("#article-view mark.quote", state="visible")
            time.sleep(0.5)
            shoot(page, tmp_path, "ui-4-article")
            art = page.inner_text("#article-view .article-text")
            assert any(art.strip() and art.strip() in t or t.strip() in art for t in texts.values())

            # Follow-up: the conversation is passed along; a second reply arrives.
            page.click("button[role=tab]:has-text('Sources')")
            follow = ask(page, "Who did he meet in Moscow?")
            assert follow.strip() and "went wrong" not in follow
            assert page.locator("#chat .bot-row").count() == 2
            # Clicking the first reply brings its sources back.
            page.locator("#chat .bot-row").first.locator("blockquote").click()
            page.wait_for_function(
                "() => document.querySelector('#sources-view').innerText.includes('Minister of Foreign Affairs?')")

            # Injection: a hostile article and a hostile question are shown as text, run nothing.
            hostile = ask(page, "What did the contractor write in the report?")
            assert "<img src=x onerror=alert(1)>" in hostile or "<script>" in hostile
            echo = ask(page, "Is <script>alert(1)</script> or <img src=x onerror=alert(1)> here?")
            user_rows = page.locator("#chat .user-row").all_inner_texts()
            assert any("<script>alert(1)</script>" in u for u in user_rows)
            assert echo.strip()
            page.click("button[role=tab]:has-text('Articles')")
            page.click("#article-pick input")
            page.locator("[role=listbox] [role=option]", has_text="zz_hostile.txt").click()
            page.wait_for_function(
                "() => document.querySelector('#article-view').innerText.includes('<script>')")
            article = page.inner_text("#article-view")
            assert "<script>alert(1)</script>" in article
            assert "<img src=x onerror=alert(1)>" in article
            assert "*Ana* _Lopez_" in article and "`repair`" in article and "$$x^2$$" in article
            live = page.evaluate(
                "() => document.querySelectorAll('#chat script, #chat img, #sources-view script,"
                " #sources-view img, #article-view script, #article-view img').length")
            assert live == 0
            page.click("button[role=tab]:has-text('Sources')")
            page.locator("#chat .bot-row").nth(2).locator("blockquote").click()
            time.sleep(1)
            shoot(page, tmp_path, "ui-3-conversation")

            # A new conversation clears the chat and brings the examples back.
            page.click("#clear-button")
            page.wait_for_selector("#chat button.example", timeout=10_000)
            assert page.locator("#chat .bot-row").count() == 0
        finally:
            browser.close()
    assert dialogs == [], dialogs  # nothing ran alert()
    assert outside == [], outside  # the page fetched nothing from outside this server
