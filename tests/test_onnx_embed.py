"""qa.onnx_embed: the ONNX export gives MiniLMEmbedder's embeddings, and the query path needs no torch.

These tests run the real packaged model: one export (module fixture) and one sentence-transformers
load, about 20 s in all.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from qa import onnx_embed
from qa.embedding import MiniLMEmbedder

REPO = Path(__file__).resolve().parents[1]

_SENTENCE = (
    "The municipal council of Saint-Étienne voted on Tuesday to extend the tramway line "
    "towards the northern districts, a project estimated at €180 million that officials "
    "say will serve 40,000 residents by 2029."
)
_LONG = " ".join([_SENTENCE] * 14)  # well over 256 wordpieces

TEXTS = [
    "Who founded Acme Corporation?",
    "",
    "   ",
    "hi",
    "Acme Corporation was founded by Marie Dupont in March 1998 in Lyon.",
    "Café crème à Zürich: the naïve façade of the Hôtel-Dieu, São Paulo and Kraków.",
    "“Curly quotes” and ‘single ones’ — with an em dash… and an ellipsis.",
    "Ibrahim Boubacar Keïta a été élu président du Mali en 2013.",
    "東京は日本の首都です。 Москва — столица России. 🚀 emoji too",
    "URL https://example.com/a?b=c&d=e, e-mail jane.roe@example.org, tel. +33 1 23 45 67 89",
    "Numbers: 3.14159, 1,000,000, 42%, $5.5bn, 12:30 GMT",
    _LONG,
    "Short again after the long one.",
]


@pytest.fixture(scope="module")
def export_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("onnx-minilm")
    path = onnx_embed.export_onnx(folder)
    assert path == folder / onnx_embed.ONNX_FILE
    return folder


@pytest.fixture(scope="module")
def embedder(export_dir: Path) -> onnx_embed.OnnxEmbedder:
    # A small batch so the sort-by-length / restore-order path spans several batches.
    return onnx_embed.OnnxEmbedder(export_dir, batch_size=4)


@pytest.fixture(scope="module")
def reference() -> np.ndarray:
    return MiniLMEmbedder().embed(TEXTS)


def test_export_layout(export_dir: Path) -> None:
    for name in (onnx_embed.ONNX_FILE, onnx_embed.TOKENIZER_FILE, onnx_embed.META_FILE):
        assert (export_dir / name).is_file()
    meta = json.loads((export_dir / onnx_embed.META_FILE).read_text())
    assert meta["max_seq_length"] == 256
    assert len(meta["source_sha256"]) == 64
    # Nothing half-written is left behind.
    assert not [p for p in export_dir.iterdir() if p.name.startswith(".export-")]
    assert onnx_embed.is_fresh(export_dir)


def test_long_text_is_truncated_input(embedder: onnx_embed.OnnxEmbedder) -> None:
    _, tokenizer = embedder._load()
    tokenizer.no_truncation()
    try:
        assert len(tokenizer.encode(_LONG).ids) > 300
    finally:
        tokenizer.enable_truncation(max_length=256)
    assert len(tokenizer.encode(_LONG).ids) == 256


def test_matches_sentence_transformers(
    embedder: onnx_embed.OnnxEmbedder, reference: np.ndarray
) -> None:
    got = embedder.embed(TEXTS)
    cos = (got * reference).sum(axis=1)
    assert cos.min() >= 0.999, dict(zip(TEXTS, cos.round(5)))


def test_shape_dtype_norm_and_order(embedder: onnx_embed.OnnxEmbedder) -> None:
    got = embedder.embed(TEXTS, progress=True)
    assert got.shape == (len(TEXTS), 384)
    assert got.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    # Row i is text i, whatever batch and padding it ran in.
    for i in (0, 5, len(TEXTS) - 2):
        alone = embedder.embed([TEXTS[i]])[0]
        assert float(alone @ got[i]) > 0.9999
    assert embedder.name == "all-MiniLM-L6-v2" and embedder.dim == 384


def test_empty_input(embedder: onnx_embed.OnnxEmbedder) -> None:
    out = embedder.embed([])
    assert out.shape == (0, 384) and out.dtype == np.float32


def test_stale_export_is_detected(export_dir: Path) -> None:
    meta_path = export_dir / onnx_embed.META_FILE
    original = meta_path.read_text()
    try:
        meta = json.loads(original)
        # Same weights, different file times (a reinstall): still fresh, times re-recorded.
        meta["source_stat"] = {"weights": [1, 1], "tokenizer": [1, 1]}
        meta_path.write_text(json.dumps(meta))
        assert onnx_embed.is_fresh(export_dir)
        assert json.loads(meta_path.read_text())["source_stat"]["weights"] != [1, 1]
        # Other weights: stale.
        meta["source_sha256"] = "0" * 64
        meta_path.write_text(json.dumps(meta))
        assert not onnx_embed.is_fresh(export_dir)
        # Older recipe, or an export interrupted before export.json: stale.
        meta = json.loads(original)
        meta["export_version"] = onnx_embed.EXPORT_VERSION - 1
        meta_path.write_text(json.dumps(meta))
        assert not onnx_embed.is_fresh(export_dir)
        meta_path.unlink()
        assert not onnx_embed.is_fresh(export_dir)
    finally:
        meta_path.write_text(original)
    assert onnx_embed.is_fresh(export_dir)


def test_query_path_does_not_import_torch(export_dir: Path) -> None:
    code = (
        "import json, sys\n"
        "import qa.onnx_embed as m\n"
        "e = m.ensure_onnx(sys.argv[1])\n"
        "v = e.embed(['hi'])\n"
        "heavy = ('torch', 'transformers', 'sentence_transformers', 'sklearn')\n"
        "print(json.dumps({'shape': list(v.shape), 'torch': 'torch' in sys.modules,\n"
        "                  'heavy': [h for h in heavy if h in sys.modules]}))\n"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    proc = subprocess.run(
        [sys.executable, "-c", code, str(export_dir)],
        check=False,
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out == {"shape": [1, 384], "torch": False, "heavy": []}


def test_stale_export_is_redone(
    export_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A copy of the export whose export.json says an older recipe made it.
    folder = tmp_path / "cache"
    shutil.copytree(export_dir, folder)
    meta_path = folder / onnx_embed.META_FILE
    meta = json.loads(meta_path.read_text())
    meta["export_version"] = onnx_embed.EXPORT_VERSION - 1
    meta_path.write_text(json.dumps(meta))
    calls: list[Path] = []

    def fake_export(out_dir: Path) -> Path:  # the real one is exercised by the module fixture
        calls.append(out_dir)
        shutil.copyfile(export_dir / onnx_embed.META_FILE, out_dir / onnx_embed.META_FILE)
        return out_dir / onnx_embed.ONNX_FILE

    monkeypatch.setattr(onnx_embed, "_export", fake_export)
    embedder = onnx_embed.ensure_onnx(folder)
    assert calls == [folder]
    assert json.loads(meta_path.read_text())["export_version"] == onnx_embed.EXPORT_VERSION
    # Fresh now: a second call exports nothing.
    onnx_embed.ensure_onnx(folder)
    assert calls == [folder]
    assert embedder.embed(["hi"]).shape == (1, 384)


def test_session_gets_the_spin_setting(embedder: onnx_embed.OnnxEmbedder) -> None:
    # The live session carries the setting (a misspelt key would be dropped silently).
    assert set(onnx_embed.SESSION_CONFIG) == {"session.intra_op.spin_duration_us"}
    session, _ = embedder._load()
    assert session.get_session_options().get_session_config_entry(
        "session.intra_op.spin_duration_us"
    ) == onnx_embed.SESSION_CONFIG["session.intra_op.spin_duration_us"]


def test_int8_for_short_spans_stays_close_and_off_torch(export_dir: Path, embedder: onnx_embed.OnnxEmbedder) -> None:
    """The second look (qa.extract.second_look) embeds a few short spans with the int8 model."""
    code = (
        "import json, sys\n"
        "import qa.onnx_embed as m\n"
        "e = m.ensure_onnx(sys.argv[1], quantized=True)\n"
        "e.embed(['hi'])\n"
        "print(json.dumps({'name': e.name, 'torch': 'torch' in sys.modules}))\n"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    proc = subprocess.run([sys.executable, "-c", code, str(export_dir)], check=False, cwd=REPO,
                          env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out == {"name": "all-MiniLM-L6-v2-int8", "torch": False}
    assert onnx_embed.is_fresh(export_dir, quantized=True)
    spans = ["Marie Dupont", "March 1998", "twelve engineers", "the U.N. agency", "Lyon", "a penalty shootout"]
    int8 = onnx_embed.OnnxEmbedder(export_dir, quantized=True).embed(spans)
    cos = (int8 * embedder.embed(spans)).sum(axis=1)
    assert cos.min() >= 0.97, dict(zip(spans, cos.round(4)))
