"""article-qa: answers from news articles as verbatim quotes with their sources.

    >>> import qa
    >>> qa.ingest("corpus")                      # doctest: +SKIP
    >>> qa.answer("Who leads Mali?").to_dict()   # doctest: +SKIP

Importing ``qa`` is cheap: models, Chroma and Gradio load on first use.
"""

from .config import Settings
from .errors import CorpusError, QAError, QuestionError, StoreError
from .pipeline import IngestReport, answer, article, articles, ingest, status
from .types import Answer, Article, Citation, Passage, Sentence

__all__ = [
    "Answer", "Article", "Citation", "CorpusError", "IngestReport", "Passage", "QAError",
    "QuestionError", "Sentence", "Settings", "StoreError", "answer", "article", "articles",
    "ingest", "status",
]
