"""Irregular word forms -> lemma, read from UD English EWT, for lexical matching ("met" ~ "meet").

    python tools/build_lemmas.py [--data ../shared/data/ud-english-ewt] [--out qa/data/lemmas.json]

Kept: verb and noun forms whose lemma the small suffix stripper (qa.text.stem) would not reach
("held" -> "hold", "children" -> "child"), seen at least twice and only when that reading is
the form's usual one in the treebank (at least 2/3 of its occurrences), so "left" (also a
direction) is not forced to "leave". Data: UD English EWT dev + test, CC BY-SA 4.0 (see qa/data/ATTRIBUTION.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import qa.text  # noqa: E402
from qa.text import fold  # noqa: E402

qa.text._lemmas = lambda: {}  # the table being built must not feed back into it
stem = qa.text.stem

FILES = ("en_ewt-ud-dev.conllu", "en_ewt-ud-test.conllu")


def read_pairs(data: Path) -> tuple[Counter, Counter]:
    """Counts of (form, lemma) for verbs and nouns, and of every form."""
    pairs: Counter = Counter()
    forms: Counter = Counter()
    for name in FILES:
        for line in (data / name).read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if len(cols) != 10 or not cols[0].isdigit():
                continue
            form, lemma, upos = fold(cols[1]), fold(cols[2]), cols[3]
            if not form.isalpha() or not lemma.isalpha():
                continue
            forms[form] += 1
            if upos in ("VERB", "NOUN"):
                pairs[(form, lemma)] += 1
    return pairs, forms


def build(data: Path) -> dict[str, str]:
    pairs, forms = read_pairs(data)
    out: dict[str, str] = {}
    for (form, lemma), n in sorted(pairs.items()):
        if n < 2 or n < 2 / 3 * forms[form] or stem(form) == stem(lemma):
            continue  # seen once (typos), mostly something else, or the stemmer gets it anyway
        out[form] = stem(lemma)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "ud-english-ewt")
    ap.add_argument("--out", type=Path, default=ROOT / "qa" / "data" / "lemmas.json")
    args = ap.parse_args()
    table = build(args.data)
    args.out.write_text(json.dumps({
        "source": "UD English EWT dev + test (CC BY-SA 4.0), "
                  "github.com/UniversalDependencies/UD_English-EWT",
        "command": "python tools/build_lemmas.py",
        "lemmas": dict(sorted(table.items())),
    }, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(table)} irregular forms -> {args.out}")


if __name__ == "__main__":
    main()
