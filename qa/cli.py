"""The ``qa`` command. Library errors become one line on stderr and exit status 2."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from .config import Settings, env_int
from .errors import QAError

DEFAULT_QUESTIONS = Path("tests/data/mali_questions.jsonl")


def _settings(args: argparse.Namespace) -> Settings:
    return Settings().with_(
        corpus=getattr(args, "corpus", None),
        store=getattr(args, "store", None),
        chroma_url=getattr(args, "chroma_url", None),
    )


def cmd_ingest(args: argparse.Namespace) -> int:
    from .pipeline import ingest

    settings = _settings(args)
    report = ingest(settings=settings, rebuild=args.rebuild, progress=not args.quiet)
    print(report.summary())
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    from .pipeline import answer

    result = answer(args.question, settings=_settings(args), sources=args.source or None)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return 0
    if result.abstained:
        print("The articles don't say.")
        if result.citations:
            print("Closest passages (related, but not an answer):")
    else:
        print(result.answer)
        print(f"confidence {result.score:.0%}")
    for i, c in enumerate(result.citations, 1):
        print(f"[{i}] {c.title} ({c.source}:{c.start}-{c.end})")
        print(f"    “{c.quote}”")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if args.port is None:
        args.port = env_int("QA_PORT", 7860)
    if not 1 <= args.port <= 65535:
        raise QAError(f"port {args.port} is not a TCP port; give one from 1 to 65535 (--port or QA_PORT)")
    from ui.app import serve

    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"warning: serving on {args.host}: anyone who can reach this machine can use the "
              "chat; set QA_UI_AUTH=user:password to require a login", file=sys.stderr)
    serve(settings=settings, host=args.host, port=args.port)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    import hashlib

    from .evaluate import evaluate, format_table, load_questions, report_dir, write_report
    from .pipeline import Engine, ingest

    settings = _settings(args)
    if args.store and not args.corpus:
        # An index given alone is evaluated on the articles it was built from: syncing it to the
        # default corpus/ would replace them (as `qa serve` does, it is never swapped silently).
        from .store import indexed_corpus

        built_from = indexed_corpus(settings.store)
        if built_from is not None:
            if not Path(built_from).is_dir():
                raise QAError(f"the index in {args.store!r} was built from {built_from!r}, which is "
                              "gone; pass the articles with --corpus")
            settings = settings.with_(corpus=Path(built_from))
    if args.corpus and not args.store:
        # An outside corpus gets its own store, so the default index is never replaced.
        corpus = Path(args.corpus).resolve()
        tag = hashlib.sha1(str(corpus).encode()).hexdigest()[:8]
        settings = settings.with_(store=Path(settings.store) / "eval" / f"{corpus.name}-{tag}")
    questions = load_questions(args.questions)
    if args.report:
        report_dir(args.report)
    report = ingest(settings=settings, progress=not args.quiet)
    print(report.summary(), file=sys.stderr)
    engine = Engine(settings)

    def ask(question: str, history):  # noqa: ANN001, ANN202
        return engine.answer(question, history).to_dict()

    result = evaluate(questions, ask, corpus_dir=settings.corpus)
    print(format_table(result))
    if args.report:
        paths = write_report(result, args.report)
        for p in paths.values():
            print(f"wrote {p}", file=sys.stderr)
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from .pipeline import status

    print(json.dumps(status(settings=_settings(args)), indent=2))
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="qa", description="Ask questions of news articles; every "
                                "answer is a verbatim quote with its source.")
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--store", help="index folder (default: $QA_STORE or vectorstore/)")
        sp.add_argument("--chroma-url", help="use a Chroma server, e.g. http://127.0.0.1:8000 "
                        "(default: $QA_CHROMA_URL, else the embedded store)")

    sp = sub.add_parser("ingest", help="index the articles in CORPUS")
    sp.add_argument("corpus", nargs="?", help="folder of .txt/.md/.html articles (default: corpus/)")
    sp.add_argument("--rebuild", action="store_true", help="discard the index and build it anew")
    sp.add_argument("--quiet", action="store_true", help="no progress bar")
    common(sp)
    sp.set_defaults(func=cmd_ingest)

    sp = sub.add_parser("ask", help="answer one QUESTION")
    sp.add_argument("question")
    sp.add_argument("--json", action="store_true", help="print the JSON contract")
    sp.add_argument("--source", action="append", help="only search this article (repeatable)")
    common(sp)
    sp.set_defaults(func=cmd_ask)

    sp = sub.add_parser("serve", help="serve the web chat")
    sp.add_argument("--host", default="127.0.0.1")
    sp.add_argument("--port", type=int, default=None, help="default: $QA_PORT or 7860")
    sp.add_argument("--corpus", help="articles to index first if the index is missing or stale")
    common(sp)
    sp.set_defaults(func=cmd_serve)

    sp = sub.add_parser("eval", help="score the answers against a question set")
    sp.add_argument("questions", nargs="?", default=str(DEFAULT_QUESTIONS),
                    help=f"JSONL question set (default: {DEFAULT_QUESTIONS})")
    sp.add_argument("--corpus", help="articles the questions are about (default: corpus/)")
    sp.add_argument("--report", help="folder for report.json and a chart")
    sp.add_argument("--quiet", action="store_true", help="no progress bar")
    common(sp)
    sp.set_defaults(func=cmd_eval)

    sp = sub.add_parser("status", help="what the index holds")
    common(sp)
    sp.set_defaults(func=cmd_status)
    return p


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="warning: %(message)s")
    for noisy in ("chromadb", "httpx", "sentence_transformers", "urllib3", "gradio", "bm25s"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except QAError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (`qa ask ... | head -1`): stop quietly, as Python's docs advise
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
