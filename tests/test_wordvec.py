"""Soft coverage: a question word the sentence lacks may be matched by a similar word (MiniLM's own
static word vectors)."""

from __future__ import annotations

import pytest

from qa.text import terms
from qa.wordvec import _vector, is_word, soft_coverage


def cover(question: str, sentence: str) -> float:
    q = {t: 1.0 for t in terms(question)}
    s = set(terms(sentence))
    return soft_coverage(q, {t for t in q if t in s}, s)


def test_exact_words_count_fully_and_unknown_words_not_at_all() -> None:
    assert cover("army budget", "The army budget grew.") == pytest.approx(1.0)
    assert cover("army budget", "Qwxzv plorbs.") == 0.0


def test_a_similar_word_counts_part_of_a_missing_one() -> None:
    related = cover("army budget", "The military budget grew.")
    unrelated = cover("army budget", "The weather budget grew.")
    assert 0.5 < related < 1.0  # "budget" found, "army" matched by "military"
    assert unrelated == pytest.approx(0.5)  # "weather" is not similar enough to count


def test_words_of_the_language_and_rare_names() -> None:
    assert is_word("lord") and is_word("delta") and is_word("shipp")
    assert not is_word("diop") and not is_word("qwxzv")


def test_stems_find_their_vocabulary_word() -> None:
    assert _vector("shipp") is not None  # "shipping" as the stemmer stores it
    assert _vector("zz") is None


def test_the_mapped_table_is_the_model_file_tensor() -> None:
    import os

    import numpy as np
    from safetensors import safe_open

    from qa.embedding import model_path
    from qa.wordvec import _TENSOR, _mapped_tensor

    path = os.path.join(model_path(), "model.safetensors")
    mapped = _mapped_tensor(path, _TENSOR)
    with safe_open(path, framework="numpy") as fh:
        loaded = fh.get_tensor(_TENSOR)
    assert mapped.shape == loaded.shape == (30522, 384)
    assert np.array_equal(mapped[[0, 2704, 30521]], loaded[[0, 2704, 30521]])
    with pytest.raises(KeyError):
        _mapped_tensor(path, "no.such.tensor")


def test_similarity_of_terms() -> None:
    from qa.wordvec import similarity

    assert similarity("army", "army") == 1.0
    assert similarity("army", "military") > 0.5 > similarity("army", "weather")
    assert similarity("army", "qwxzv") == 0.0  # no vector: no similarity
