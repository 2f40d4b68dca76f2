"""Word-level similarity from MiniLM's own input embeddings, for question words a sentence says
differently ("premier" for "prime minister", "army" for "military", "prepared" for "ready").

These are the model's static word-piece vectors (the first layer, before any context), read from the
packaged weights: no new data, nothing downloaded. Only whole words in the model's vocabulary get a
vector; names and rare words split into pieces get none and simply never soft-match.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    import numpy as np

_TENSOR = "embeddings.word_embeddings.weight"


@lru_cache(maxsize=1)
def _table() -> "tuple[dict[str, int], np.ndarray] | None":
    """Vocabulary rows by stem, and the vectors (float32, memory-mapped: only the rows used are
    read); None if unreadable."""
    import os

    from .embedding import model_path
    from .text import stem

    path = model_path()
    try:
        table = _mapped_tensor(os.path.join(path, "model.safetensors"), _TENSOR)
        with open(os.path.join(path, "vocab.txt"), encoding="utf-8") as fh:
            vocab = {line.rstrip("\n"): i for i, line in enumerate(fh)}
    except (OSError, KeyError, ValueError):
        return None
    # keyed by stem, as the lexical index stores words: "shipping" -> "shipp"; the word that is its
    # own stem wins, then the shortest
    by_stem: dict[str, int] = {}
    for word in sorted((w for w in vocab if w.isalpha()), key=len):
        key = stem(word)
        if key not in by_stem or word == key:
            by_stem[key] = vocab[word]
    return by_stem, table


def _mapped_tensor(path: str, name: str) -> "np.ndarray":
    """One float32 tensor of a safetensors file, memory-mapped (the format: an 8-byte little-endian
    header length, a JSON header with each tensor's dtype, shape and byte range, then the data)."""
    import json
    import struct

    import numpy as np

    with open(path, "rb") as fh:
        (n,) = struct.unpack("<Q", fh.read(8))
        header = json.loads(fh.read(n))
    info = header[name]
    if info["dtype"] != "F32":
        raise ValueError(f"{name} is {info['dtype']}, not F32")
    start, end = info["data_offsets"]
    shape = tuple(info["shape"])
    if end - start != 4 * int(np.prod(shape)):
        raise ValueError(f"{name}: byte range does not match its shape")
    return np.memmap(path, dtype="<f4", mode="r", offset=8 + n + start, shape=shape)


@lru_cache(maxsize=100_000)
def _vector(term: str) -> "np.ndarray | None":
    """The unit-length vector of a folded, stemmed term, or None (not a whole word of the model)."""
    import numpy as np

    t = _table()
    if t is None or len(term) < 3:
        return None
    row = t[0].get(term)
    if row is None:
        return None
    v = np.asarray(t[1][row], dtype=np.float32)
    return v / (float(np.linalg.norm(v)) or 1.0)


def is_word(term: str) -> bool | None:
    """Whether a folded, stemmed term is a whole word of the model's vocabulary (an English word
    such as "lord" or "delta" rather than a rare name such as "diop"); None when the vocabulary
    cannot be read."""
    t = _table()
    return None if t is None else term in t[0]


def soft_coverage(weighted: dict[str, float], found: set[str],
                  sentence_terms: Iterable[str]) -> float:
    """Share of the question's weight (IDF per term) the sentence covers when a term it lacks may
    be matched by its most similar word in the sentence: a found term counts 1, a missing one its
    best cosine (0 when below 0.4: below it, related and unrelated words overlap)."""
    import numpy as np

    total = sum(weighted.values()) or 1.0
    got = sum(w for t, w in weighted.items() if t in found)
    missing = [(t, w) for t, w in weighted.items() if t not in found]
    if not missing:
        return got / total
    vecs = [v for v in map(_vector, set(sentence_terms)) if v is not None]
    if not vecs:
        return got / total
    sent = np.stack(vecs)
    for term, w in missing:
        v = _vector(term)
        if v is None:
            continue
        best = float((sent @ v).max())
        if best >= 0.4:
            got += w * best
    return got / total


@lru_cache(maxsize=200_000)
def similarity(a: str, b: str) -> float:
    """Cosine of two stemmed terms' vectors (1 for the same term, 0 when either has none)."""
    if a == b:
        return 1.0
    va, vb = _vector(a), _vector(b)
    if va is None or vb is None:
        return 0.0
    return max(0.0, float(va @ vb))
