"""qa.embedding: the two-speed embedder ingest uses, and bfloat16 vectors against float32."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from qa.embedding import MiniLMEmbedder, TwoSpeedEmbedder, bf16_matmul_supported

REPO = Path(__file__).resolve().parents[1]


class Counting:
    """A fake embedder that records how many texts each call got."""

    def __init__(self, name: str = "m", dim: int = 3) -> None:
        self.name, self.dim, self.calls = name, dim, []

    def embed(self, texts, *, progress: bool = False):  # noqa: ANN001, ANN201
        self.calls.append(len(texts))
        return np.ones((len(texts), self.dim), dtype=np.float32)


def test_short_lists_go_to_the_small_engine_long_ones_to_the_large() -> None:
    small, large = Counting(), Counting()
    e = TwoSpeedEmbedder(small, large, min_large=4)
    e.embed(["a"])
    e.embed(["a"] * 3)
    e.embed(["a"] * 4)
    assert small.calls == [1, 3] and large.calls == [4]
    assert (e.name, e.dim) == ("m", 3)


def test_min_large_zero_means_never() -> None:
    small, large = Counting(), Counting()
    TwoSpeedEmbedder(small, large, min_large=0).embed(["a"] * 10_000)
    assert small.calls == [10_000] and large.calls == []


def test_engines_of_different_models_are_refused() -> None:
    with pytest.raises(ValueError):
        TwoSpeedEmbedder(Counting("a"), Counting("b"), 10)


def test_asking_a_question_never_loads_torch() -> None:
    """The embedder the pipeline builds answers a question with onnxruntime alone."""
    code = (
        "import json, sys\n"
        "import qa\n"
        "from qa.pipeline import default_embedder\n"
        "v = default_embedder(qa.Settings()).embed(['Who founded Acme?'])\n"
        "heavy = ('torch', 'transformers', 'sentence_transformers', 'sklearn')\n"
        "print(json.dumps({'shape': list(v.shape), 'heavy': [h for h in heavy if h in sys.modules]}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], check=False, cwd=REPO,
                          env={**os.environ, "HF_HUB_OFFLINE": "1"}, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == {"shape": [1, 384], "heavy": []}


@pytest.mark.skipif(not bf16_matmul_supported(), reason="this CPU has no native bfloat16 matmul")
def test_bf16_vectors_match_float32() -> None:
    texts = [line for line in (REPO / "corpus").glob("*.txt").__next__().read_text(
        encoding="utf-8").splitlines() if len(line.split()) > 3][:40]
    texts += ["Keïta", "short", "A much longer sentence about the talks held in the capital " * 8]
    fp32 = MiniLMEmbedder().embed(texts)
    bf16 = MiniLMEmbedder(bf16=True).embed(texts)
    assert bf16.dtype == np.float32 and bf16.shape == fp32.shape
    assert np.allclose(np.linalg.norm(bf16, axis=1), 1.0, atol=1e-5)
    assert float((fp32 * bf16).sum(axis=1).min()) >= 0.999


@pytest.mark.skipif(not bf16_matmul_supported(), reason="this CPU has no native bfloat16 matmul")
def test_a_large_ingest_in_bf16_answers_like_float32(tiny_corpus: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import qa
    from qa.store import read_snapshot

    used = []
    original = MiniLMEmbedder.embed

    def spy(self, texts, *, progress=False):  # noqa: ANN001, ANN202
        used.append((self.bf16, len(texts)))
        return original(self, texts, progress=progress)

    monkeypatch.setattr(MiniLMEmbedder, "embed", spy)
    stores = {}
    for name, threshold in (("bf16", "1"), ("fp32", "0")):
        monkeypatch.setenv("QA_BF16_MIN_TEXTS", threshold)
        stores[name] = tmp_path / name
        report = qa.ingest(tiny_corpus, store=stores[name], progress=False)
        assert report.embedded > 0
    assert len(used) == 1 and used[0][0] is True  # the bf16 ingest, and only that one
    a, b = (read_snapshot(stores[n]) for n in ("bf16", "fp32"))
    assert a.model == b.model
    assert float((a.passage_vectors * b.passage_vectors).sum(axis=1).min()) >= 0.999
    for q in ("Who founded Acme Corporation?", "When was Acme Corporation founded?"):
        x, y = (qa.answer(q, store=stores[n]).to_dict() for n in ("bf16", "fp32"))
        assert x["answer"] == y["answer"] and x["citations"][0] == y["citations"][0] | {
            "score": x["citations"][0]["score"]}
