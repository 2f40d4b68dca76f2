"""Shared fixtures: a deterministic fake embedder, a tiny inline corpus, throwaway stores."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np
import pytest

from qa.text import terms

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


class FakeEmbedder:
    """Hashes stemmed words into buckets: same words, same vector. Exact, instant, no model."""

    name = "fake-embedder"
    dim = 64

    def __init__(self) -> None:
        self.calls: list[int] = []

    def embed(self, texts, *, progress: bool = False) -> np.ndarray:  # noqa: ANN001
        self.calls.append(len(texts))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in terms(t) or ["<empty>"]:
                out[i, int(hashlib.md5(w.encode()).hexdigest(), 16) % self.dim] += 1.0
            out[i] /= np.linalg.norm(out[i])
        return out

    @property
    def embedded(self) -> int:
        return sum(self.calls)


TINY = {
    "acme.txt": (
        "Skip to main content\n\n"
        "Acme Corporation opens a factory in Lyon\n\n"
        "By Jane Roe\n\n"
        "Acme Corporation was founded by Marie Dupont in March 1998. "
        "The company employs twelve engineers at its new plant in Lyon.\n\n"
        "Its chief executive, Paul Martin, said the U.N. agency had approved the design.\n\n"
        "Related\n\n"
        "Sports\n\n"
        "Local team wins the cup final\n\n"
        "The football club celebrated a dramatic penalty shootout victory on Saturday night.\n\n"
        "We use cookies to improve your experience on our website. See our cookie policy.\n"
    ),
    "keita.md": (
        "# Elections in the Sahel\n\n"
        "President Ibrahim Boubacar Keïta was overthrown in August 2020. "
        "His successor, Bah N’Daw, was removed in May 2021.\n"
    ),
}


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing a test does touches the repo's corpus/ or vectorstore/."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("QA_STORE", str(home / "store"))
    monkeypatch.setenv("QA_CORPUS", str(home / "corpus"))


@pytest.fixture
def fake() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def tiny_corpus(tmp_path: Path) -> Path:
    d = tmp_path / "corpus"
    d.mkdir()
    for name, text in TINY.items():
        (d / name).write_text(text, encoding="utf-8")
    return d


@pytest.fixture
def use_fake(monkeypatch: pytest.MonkeyPatch, fake: FakeEmbedder) -> FakeEmbedder:
    """Make the pipeline's default embedder the fake one (for CLI and API tests)."""
    import qa.pipeline

    monkeypatch.setattr(qa.pipeline, "default_embedder", lambda settings: fake)
    qa.pipeline.ENGINES = qa.pipeline._Engines()
    return fake
