"""The web chat: ask the indexed articles, see each answer inside its sentence, open the sources.

Built only on the public ``qa`` API (``answer``, ``ingest``, ``status``, ``articles``, ``article``).
``build_app(settings)`` returns the page; ``serve(settings, host, port)`` runs it (``qa serve``).
Every piece of article or user text is escaped by :mod:`ui.render` before it reaches the page.
"""

from __future__ import annotations

import os

# Before gradio is imported anywhere in this process: no usage reports leave the machine.
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"

import logging
import sys
import threading
import time
from pathlib import Path
from typing import Any

import gradio as gr

import qa
from qa.corpus import SUFFIXES  # the files `qa ingest` reads: to say how many are being indexed

from . import render

log = logging.getLogger("qa.ui")

# The engine is thread-safe for reads: a few questions may run at once; more wait in the queue.
CONCURRENCY = 4
QUEUE_SIZE = 64
# How long a status read is reused (the header polls while indexing).
STATUS_TTL = 2.0
# Example questions: how many, from how many articles at most, and how sure an answer must be.
EXAMPLES = 4
EXAMPLE_ARTICLES = 12
EXAMPLE_MIN_SCORE = 0.5
EXAMPLE_TRIES = 4  # candidate questions tried per article

PRIVATE = "private"  # internal UI events: not in the API docs, not callable by API clients


def parse_auth(value: str | None) -> tuple[str, str] | None:
    """``QA_UI_AUTH=user:password`` -> ("user", "password"); unset/empty -> no login."""
    if value is None or value == "":
        return None
    user, sep, password = value.partition(":")
    if not sep or not user.strip() or not password:
        raise qa.QAError(
            "QA_UI_AUTH must be 'user:password' with a non-empty user and password "
            "(the value given has no ':' or an empty part); unset it to serve without a login"
        )
    return user.strip(), password


class Indexer:
    """Background work at start: build or refresh the index, then pick example questions.

    Indexing runs only when ``settings.corpus`` is a folder and the index is missing or was built
    from that same folder (``qa.ingest`` is a no-op when nothing changed). An index built from
    another corpus is served as it is, never replaced behind the user's back. The examples are
    questions made from the titles and kept only when ``qa.answer`` answers them from that very
    article; asking them also loads the model, so the first real question is fast.
    """

    def __init__(self, settings: qa.Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.busy = False  # the background thread is working (indexing or examples)
        self.indexing = False
        self.error: str | None = None
        self.note: str | None = None
        self.files = 0
        self.examples: list[str] | None = None
        # Opening the Chroma store from two threads at once fails inside chromadb (qa.store opens
        # it lazily, without a lock), so indexing and the first answer run one at a time.
        self._chroma = threading.Lock()
        self._opened = False
        self._status: tuple[float, dict[str, Any] | None, str | None] | None = None

    def start(self) -> None:
        corpus = self.settings.corpus
        with self._lock:
            if self._thread is not None:
                return
            st, _ = self.status(fresh=True)
            reindex = corpus.is_dir()
            if reindex and st is not None and Path(st["corpus"]).resolve() != corpus.resolve():
                self.note = (f"serving the index built from {st['corpus']}; "
                             f"run `qa ingest {corpus}` to index {corpus} instead")
                reindex = False
            if not reindex and st is None:
                return  # nothing to index and nothing to ask: the header says why
            if reindex:
                self.files = sum(1 for p in corpus.rglob("*")
                                 if p.name.lower().endswith(SUFFIXES) and p.is_file())
            self.busy, self.indexing, self.error = True, reindex, None
            self._thread = threading.Thread(target=self._run, args=(reindex,), name="qa-ui-start",
                                            daemon=True)
            self._thread.start()

    def _run(self, reindex: bool) -> None:
        try:
            if reindex:
                try:
                    with self._chroma:
                        report = qa.ingest(settings=self.settings, progress=False)
                    print(f"index: {report.summary()}", file=sys.stderr)
                except qa.QAError as exc:
                    self.error = str(exc)
                    print(f"error: indexing failed: {exc}", file=sys.stderr)
                except Exception as exc:
                    log.exception("indexing failed")
                    self.error = f"{type(exc).__name__}: {exc}"
                finally:
                    self._status = None
                    self.indexing = False
            if self.status(fresh=True)[0] is not None:
                self.examples = self._pick_examples()
        finally:
            self.busy = False

    def _pick_examples(self) -> list[str]:
        """Up to EXAMPLES questions, one per article, each checked against the index first."""
        try:
            items = qa.articles(settings=self.settings)
        except qa.QAError:
            return []
        picked: list[str] = []
        for item in items[:EXAMPLE_ARTICLES]:
            try:
                art = qa.article(item["source"], settings=self.settings)
            except qa.QAError:
                continue
            tries = render.cloze_questions(art.text, art.skip, art.title, limit=2 * EXAMPLE_TRIES)
            # Full names ("Abdoulaye Diop") make better "Who ...?" examples than "Mali" or "Tensions".
            tries.sort(key=lambda qe: len(qe[1].split()) < 2)
            for q, expected in tries[:EXAMPLE_TRIES]:
                ans = self._try(q)
                if (ans is not None and ans.answer and ans.score >= EXAMPLE_MIN_SCORE
                        and (ans.answer in expected or expected in ans.answer)):
                    picked.append(q)
                    break
            if len(picked) >= EXAMPLES:
                return picked
        if len(picked) < 2:  # answered from a headline: less telling, still a real answer
            for item in items[:EXAMPLE_ARTICLES]:
                for q in render.example_candidates(item["title"])[:2]:
                    ans = self._try(q)
                    if ans is not None and ans.answer and ans.score >= EXAMPLE_MIN_SCORE:
                        picked.append(q)
                        break
                if len(picked) >= 2:
                    break
        if not picked:  # nothing checks out: plain questions, which may well abstain
            picked = render.example_questions(items, EXAMPLES)
        return picked[:EXAMPLES]

    def answer(self, question: str, **kwargs: Any) -> qa.Answer:
        """``qa.answer`` with these settings; the first one waits for indexing (see ``_chroma``)."""
        if self._opened:
            return qa.answer(question, settings=self.settings, **kwargs)
        with self._chroma:
            ans = qa.answer(question, settings=self.settings, **kwargs)
            self._opened = True
            return ans

    def _try(self, question: str) -> qa.Answer | None:
        try:
            return self.answer(question)
        except Exception:
            log.debug("example %r failed", question, exc_info=True)
            return None

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the background work is done (for tests and scripts); True when it is."""
        t = self._thread
        if t is not None:
            t.join(timeout)
        return not self.busy

    def status(self, fresh: bool = False) -> tuple[dict[str, Any] | None, str | None]:
        """(qa.status(), None) or (None, why there is no usable index)."""
        cached = self._status
        if not fresh and cached and time.monotonic() - cached[0] < STATUS_TTL:
            return cached[1], cached[2]
        try:
            st, why = qa.status(settings=self.settings), None
        except qa.QAError as exc:
            st, why = None, str(exc)
        self._status = (time.monotonic(), st, why)
        return st, why

    def not_ready(self) -> str | None:
        """Why questions cannot be answered right now (None when they can)."""
        st, why = self.status()
        if st is not None:
            return None  # an index is there; a refresh in progress replaces it atomically
        if self.indexing:
            return ("I'm still indexing the articles, so I can't answer yet. "
                    "Please ask again in a moment: the line at the top says when it's ready.")
        if self.error:
            return f"The articles could not be indexed: {self.error}"
        return f"There is no index to search yet: {why}"

    def header(self) -> str:
        st, why = self.status()
        if st is not None:
            line = render.status_line(st)
            if self.indexing:
                line += " · checking the corpus for changes…"
            elif self.error:
                line += f" · re-indexing failed: {self.error}"
            elif self.note:
                line += f" · {self.note}"
            cls = "ok"
        elif self.indexing:
            n = self.files
            line = (f"Indexing {n} article{'s' if n != 1 else ''}… "
                    "questions can be asked as soon as this is done")
            cls = "busy"
        elif self.error:
            line, cls = f"Indexing failed: {self.error}", "bad"
        else:
            line, cls = f"No index: {why}", "bad"
        return (f'<div id="page-head"><h1>Article Q&amp;A</h1>'
                f'<span id="status-line" class="{cls}">{render.escape(line)}</span></div>')


# ---------------------------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------------------------

CSS = """
.gradio-container { max-width: 1480px !important; margin: 0 auto !important; }
#page-head { display: flex; align-items: baseline; gap: 16px; flex-wrap: wrap; padding: 4px 2px; }
#page-head h1 { font-size: 1.45rem; margin: 0; }
#status-line { font-size: .92rem; color: var(--body-text-color-subdued); }
#status-line.busy { color: #9a6700; }
#status-line.bad { color: #b42318; }
#chat mark, .sources mark.answer { background: #ffe066; color: inherit; padding: 0 2px;
  border-radius: 3px; font-weight: 600; }
#chat blockquote { margin: .4em 0 .6em; padding: .2em .8em; border-left: 3px solid #8a94ff;
  color: var(--body-text-color); }
#chat ol { margin-top: .2em; font-size: .92em; }
#chat b.answer { font-size: 1.25em; color: var(--body-text-color); }
#chat .conf { color: var(--body-text-color-subdued); font-size: .92em; }
#chat code, .sources code, .article code, .corpus code { font-size: .85em; }
.sources .hint, .hint { color: var(--body-text-color-subdued); font-size: .9rem; margin: 4px 0 8px; }
.source-card { border: 1px solid var(--border-color-primary); border-radius: 8px;
  padding: 6px 10px; margin: 0 0 8px; background: var(--background-fill-primary); }
.source-card[open] { border-color: #8a94ff; box-shadow: 0 0 0 1px #8a94ff33; }
.source-card summary { cursor: pointer; line-height: 1.4; }
.source-card .num { color: #4f5bd5; font-weight: 700; }
.source-card .meta, .article .meta { color: var(--body-text-color-subdued); font-size: .85em;
  display: block; }
.source-card .paragraph { margin-top: 6px; line-height: 1.55; white-space: pre-wrap; }
.sources mark.quote, .article mark.quote { background: #e3e7ff; color: inherit; padding: 1px 0; }
.article h3 { margin: 0 0 2px; }
.article-text { white-space: pre-wrap; line-height: 1.55; max-height: 560px; overflow-y: auto;
  padding: 8px 10px; border: 1px solid var(--border-color-primary); border-radius: 8px; }
.article-text .boilerplate { color: #9aa0a6; }
table.corpus { width: 100%; font-size: .88rem; border-collapse: collapse; margin-top: 8px; }
table.corpus td, table.corpus th { padding: 4px 6px; border: none !important;
  border-bottom: 1px solid var(--border-color-primary) !important; text-align: left;
  vertical-align: top; background: none !important; }
table.corpus .num { text-align: right; white-space: nowrap; }
"""


def _theme() -> gr.themes.Base:
    # System fonts: the page must not fetch anything from outside this machine.
    return gr.themes.Soft(
        primary_hue="indigo",
        font=["ui-sans-serif", "system-ui", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"],
        font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"],
    )


class QABlocks(gr.Blocks):
    """A Blocks whose ``launch`` is safe by default and starts indexing first."""

    indexer: Indexer
    header: gr.HTML

    def launch(self, **kwargs: Any):
        if kwargs.get("share"):
            raise qa.QAError("share links are disabled: this app serves local articles only")
        kwargs["share"] = False
        defaults = {
            "server_name": "127.0.0.1",
            "theme": _theme(),
            "css": CSS,
            "show_error": False,  # only our own gr.Error messages reach the browser
            "enable_monitoring": False,
            "mcp_server": False,
            "pwa": False,
            "ssr_mode": False,
            "run_history": False,
            "footer_links": ["api"],
            "max_file_size": "1mb",  # the page uploads nothing
            "auth_message": "article-qa: sign in to ask questions about the articles.",
        }
        for k, v in defaults.items():
            kwargs.setdefault(k, v)
        self.indexer.start()
        self.header.value = self.indexer.header()  # the page opens saying "Indexing…" at once
        return super().launch(**kwargs)


def _turn_history(turns: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Answered turns as the (question, answer) pairs qa.answer uses for follow-ups."""
    return [(t["question"], t["result"]["answer"]) for t in turns if t.get("result")]


def _messages(turns: list[dict[str, Any]]) -> list[dict[str, str]]:
    out = []
    for t in turns:
        out.append({"role": "user", "content": render.format_question(t["question"])})
        if t.get("pending"):
            reply = "<i>Searching the articles…</i>"
        elif t.get("result") is not None:
            reply = render.format_reply(t["result"])
        else:
            reply = render.escape(t.get("error") or "No reply.")
        out.append({"role": "assistant", "content": reply})
    return out


def build_app(settings: qa.Settings | None = None) -> QABlocks:
    """The chat page for the index in ``settings.store`` (indexing ``settings.corpus`` on launch)."""
    settings = settings or qa.Settings()
    indexer = Indexer(settings)

    def corpus_items() -> list[dict[str, Any]]:
        if indexer.status()[0] is None:
            return []
        try:
            return qa.articles(settings=settings)
        except qa.QAError:
            return []

    def article_text(source: str) -> str | None:
        try:
            return qa.article(source, settings=settings).text
        except qa.QAError:
            return None

    def refresh_page():
        items = corpus_items()
        options = [(f"{a['title']} — {a['source']}", a["source"]) for a in items]
        examples = [{"text": q} for q in indexer.examples or []]
        return (
            indexer.header(),
            gr.Dropdown(choices=options),
            gr.Dropdown(choices=options),
            render.corpus_table(items),
            gr.Chatbot(examples=examples or None),
            gr.Timer(active=indexer.busy),
        )

    def respond(turns: list[dict[str, Any]], sources: list[str] | None):
        """Answer the pending turn. The reply is always a message, never an exception."""
        turns = list(turns or [])
        if not turns or not turns[-1].get("pending"):
            return (gr.skip(),) * 6
        t = dict(turns[-1])
        t.pop("pending")
        q = t["question"]
        limit = settings.max_question_chars
        if len(q) > limit:
            t["error"] = (f"That question is {len(q):,} characters long; the limit is {limit:,}. "
                          "Please ask something shorter.")
        elif (why := indexer.not_ready()) is not None:
            t["error"] = why
        else:
            try:
                ans = indexer.answer(q, history=_turn_history(turns[:-1]),
                                     sources=sources or None)
                t["result"] = ans.to_dict()
            except qa.QAError as exc:
                t["error"] = _sentence(str(exc))
            except Exception as exc:
                log.exception("answering %r failed", q)
                t["error"] = f"Something went wrong while answering ({type(exc).__name__}: {exc})."
        turns[-1] = t
        idx = len(turns) - 1
        return (_messages(turns), turns, idx, *source_panel(turns, idx, 0))

    def source_panel(turns: list[dict[str, Any]], idx: int | None, chosen: int | None):
        result = _result_at(turns, idx)
        choices = render.citation_choices(result)
        chosen = chosen if chosen is not None and 0 <= chosen < len(choices) else 0
        texts = {c["source"]: article_text(c["source"])
                 for c in (result or {}).get("citations", [])}
        return (
            gr.Dropdown(choices=choices, value=chosen if choices else None,
                        visible=bool(choices)),
            render.sources_html(result, texts, chosen),
            gr.Button(visible=bool(choices)),
        )

    def push_question(text: str, turns: list[dict[str, Any]]):
        text = (text or "").strip()
        if not text:
            return gr.skip(), gr.skip(), gr.skip()
        turns = [*(turns or []), {"question": text, "pending": True}]
        return _messages(turns), turns, ""

    def pick_example(turns: list[dict[str, Any]], evt: gr.SelectData):
        value = evt.value if isinstance(evt.value, dict) else {"text": str(evt.value)}
        return push_question(str(value.get("text") or ""), turns)

    def select_message(turns: list[dict[str, Any]], evt: gr.SelectData):
        index = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        idx = int(index) // 2 if index is not None else None
        return (idx, *source_panel(turns, idx, 0))

    def pick_citation(turns: list[dict[str, Any]], idx: int | None, chosen: int | None):
        return source_panel(turns, idx, chosen)[1]

    def open_article(source: str | None, highlight: tuple[int, int] | None = None) -> str:
        if not source:
            return '<p class="hint">Pick an article to read it in full.</p>'
        try:
            art = qa.article(source, settings=settings)
        except qa.QAError as exc:
            return f'<p class="hint">{render.escape(str(exc))}</p>'
        return render.article_html(art.title, source, art.text, art.skip, highlight)

    def open_cited(turns: list[dict[str, Any]], idx: int | None, chosen: int | None):
        result = _result_at(turns, idx)
        cites = (result or {}).get("citations") or []
        if not cites:
            return gr.skip(), gr.skip(), gr.skip()
        c = cites[chosen if chosen is not None and 0 <= chosen < len(cites) else 0]
        return (gr.Dropdown(value=c["source"]), open_article(c["source"], (c["start"], c["end"])),
                gr.Tabs(selected="articles"))

    def clear():
        return ([], [], None, gr.Dropdown(choices=[], value=None, visible=False),
                render.sources_html(None, {}, 0), gr.Button(visible=False))

    def api_ask(question: str, history: Any = None) -> dict[str, Any]:
        """Answer one question from the articles; history is a list of [question, answer] pairs."""
        why = indexer.not_ready()
        if why is not None:
            raise gr.Error(why)
        try:
            return indexer.answer(question, history=history or None).to_dict()
        except qa.QAError as exc:
            raise gr.Error(_sentence(str(exc))) from exc

    with QABlocks(title="Article Q&A", fill_width=False) as demo:
        demo.indexer = indexer
        turns = gr.State([])
        selected = gr.State(None)  # the turn shown in the sources panel (None: latest)
        status = gr.HTML(indexer.header(), js_on_load=None)
        demo.header = status
        with gr.Row(equal_height=False):
            with gr.Column(scale=7, min_width=420):
                chatbot = gr.Chatbot(
                    elem_id="chat", label="Conversation", show_label=False, height=600,
                    placeholder="<b>Ask about the indexed articles.</b><br>Every answer is a "
                                "short quote from an article, shown in its sentence, with its "
                                "source.",
                    latex_delimiters=[], sanitize_html=True, render_markdown=True,
                    feedback_options=None, autoscroll=True,
                    # No copy buttons: they copy the escaped source of a message, not its text
                    # (selecting the text and copying works as usual).
                    buttons=[],
                )
                with gr.Row(equal_height=True):
                    question = gr.Textbox(
                        placeholder="Ask a question about the articles…", show_label=False,
                        lines=1, max_lines=6, scale=8, autofocus=True, elem_id="question",
                        submit_btn=False,
                    )
                    send = gr.Button("Ask", variant="primary", scale=1, min_width=80,
                                     elem_id="ask-button")
                with gr.Row(equal_height=False):
                    only = gr.Dropdown(
                        label="Search only in (empty: all articles)", choices=[], value=[],
                        multiselect=True, scale=8, elem_id="source-filter",
                    )
                    clear_btn = gr.Button("New conversation", variant="secondary", scale=2,
                                          min_width=120, elem_id="clear-button")
            with gr.Column(scale=5, min_width=360), gr.Tabs(selected="sources") as tabs:
                with gr.Tab("Sources", id="sources"):
                    cite_pick = gr.Dropdown(label="Show citation", choices=[], visible=False,
                                            elem_id="citation-pick")
                    sources = gr.HTML(render.sources_html(None, {}, 0), js_on_load=None,
                                      elem_id="sources-view")
                    open_btn = gr.Button("Read the whole article", size="sm", visible=False,
                                         elem_id="open-article")
                with gr.Tab("Articles", id="articles"):
                    article_pick = gr.Dropdown(label="Open an article", choices=[],
                                               elem_id="article-pick")
                    article_view = gr.HTML(open_article(None), js_on_load=None,
                                           elem_id="article-view")
                    corpus_view = gr.HTML("", js_on_load=None, elem_id="corpus-table")
        # Hidden: the /ask API endpoint's own components (no UI).
        api_question = gr.Textbox(visible=False, label="question")
        api_history = gr.JSON(visible=False, label="history")
        api_result = gr.JSON(visible=False, label="answer")
        api_trigger = gr.Button(visible=False)
        timer = gr.Timer(1.5, active=False)

        page_outputs = [status, only, article_pick, corpus_view, chatbot, timer]
        demo.load(refresh_page, None, page_outputs, api_name="refresh_page",
                  api_visibility=PRIVATE, queue=False)
        timer.tick(refresh_page, None, page_outputs, api_name="poll_index",
                   api_visibility=PRIVATE, queue=False, show_progress="hidden")

        answer_outputs = [chatbot, turns, selected, cite_pick, sources, open_btn]
        for trigger, name in ((question.submit, "submit_question"), (send.click, "click_ask")):
            trigger(push_question, [question, turns], [chatbot, turns, question],
                    api_name=name, api_visibility=PRIVATE, queue=False).then(
                respond, [turns, only], answer_outputs,
                api_name=f"{name}_answer", api_visibility=PRIVATE, show_progress="hidden")
        chatbot.example_select(pick_example, [turns], [chatbot, turns, question],
                               api_name="example_question", api_visibility=PRIVATE,
                               queue=False).then(
            respond, [turns, only], answer_outputs,
            api_name="example_answer", api_visibility=PRIVATE, show_progress="hidden")
        chatbot.select(select_message, [turns], [selected, cite_pick, sources, open_btn],
                       api_name="select_reply", api_visibility=PRIVATE)
        cite_pick.input(pick_citation, [turns, selected, cite_pick], sources,
                        api_name="select_citation", api_visibility=PRIVATE)
        open_btn.click(open_cited, [turns, selected, cite_pick], [article_pick, article_view, tabs],
                       api_name="open_cited_article", api_visibility=PRIVATE).then(
            None, None, None, api_name="scroll_to_quote", api_visibility=PRIVATE,
            js="() => { setTimeout(() => document.querySelector('#article-view mark')"
               "?.scrollIntoView({block: 'center'}), 150); }")
        article_pick.input(open_article, [article_pick], article_view,
                           api_name="open_article", api_visibility=PRIVATE)
        clear_outputs = [chatbot, turns, selected, cite_pick, sources, open_btn]
        clear_btn.click(clear, None, clear_outputs, api_name="clear_conversation",
                        api_visibility=PRIVATE, queue=False)
        chatbot.clear(clear, None, clear_outputs, api_name="clear_chat",
                      api_visibility=PRIVATE, queue=False)

        api_trigger.click(api_ask, [api_question, api_history], api_result, api_name="ask",
                          api_description="Answer a question from the indexed articles. "
                          "Returns qa.answer(...).to_dict(): question, answer ('' when "
                          "abstained), abstained, score, citations with character offsets.")

    demo.queue(default_concurrency_limit=CONCURRENCY, max_size=QUEUE_SIZE)
    return demo


def _result_at(turns: list[dict[str, Any]], idx: int | None) -> dict[str, Any] | None:
    """The answer of turn ``idx`` (default: the latest answered one)."""
    turns = turns or []
    if idx is not None and 0 <= idx < len(turns):
        return turns[idx].get("result")
    for t in reversed(turns):
        if t.get("result"):
            return t["result"]
    return None


def _sentence(message: str) -> str:
    """Library messages are lower-case fragments ("the question is empty: ..."): make a sentence."""
    message = message.strip()
    if not message:
        return "Something went wrong."
    message = message[0].upper() + message[1:]
    return message if message.endswith((".", "!", "?")) else message + "."


def serve(settings: qa.Settings | None = None, host: str = "127.0.0.1", port: int = 7860) -> None:
    """Run the chat until interrupted: indexes ``settings.corpus`` first if needed."""
    settings = settings or qa.Settings()
    auth = parse_auth(os.environ.get("QA_UI_AUTH"))
    demo = build_app(settings)
    try:
        demo.launch(server_name=host, server_port=port, auth=auth, quiet=True, prevent_thread_lock=True)
    except OSError as exc:  # Gradio: "Cannot find empty port in range: ..."
        raise qa.QAError(f"cannot serve on {host}:{port}: the port is taken or the address is not "
                         "this machine's; choose another with --port (or QA_PORT) or --host") from exc
    # announced once the port is really ours, then served until interrupted
    print(f"article-qa: http://{'[' + host + ']' if ':' in host else host}:{port} "
          f"(index {settings.store}{', login required' if auth else ''})", file=sys.stderr)
    demo.block_thread()
