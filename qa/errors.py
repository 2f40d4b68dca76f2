"""The library's own exceptions. Only the CLI and the UI turn them into messages."""

from __future__ import annotations


class QAError(Exception):
    """Base class: every error a user can cause or fix is a QAError with a message saying what to do."""


class QuestionError(QAError):
    """The question is empty, too long, or otherwise unusable."""


class CorpusError(QAError):
    """The corpus folder is missing or holds nothing to read."""


class StoreError(QAError):
    """The index is missing, locked, corrupted, or from an incompatible version."""
