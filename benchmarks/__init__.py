"""The performance suite for article-qa: ``python -m benchmarks [--quick] [--only NAME ...]``.

Everything is measured through what ``qa`` offers (``qa ask``, ``qa ingest``, ``qa serve``,
``qa.answer``, ``qa.pipeline.default_embedder``), so the figures follow whatever the pipeline does.
Each benchmark lives in its own module and returns rows for one table (see ``__main__``):

- ``cold``     cold ``qa ask --json`` process: wall time and peak RSS (naive baseline beside it)
- ``latency``  warm ``qa.answer`` on the default corpus and on xquad-en (naive baseline beside it)
- ``ingest``   cold ``qa ingest`` of the default corpus, and the unchanged re-run
- ``embed``    the ingest embedder's throughput against a plain ``SentenceTransformer.encode``
- ``serve``    ``qa serve`` resident memory once up and idle
- ``scale``    1k / 10k / 100k synthetic passages: ingest rate, query latency, server memory
- ``load``     16 concurrent API clients against ``qa serve`` (``python -m benchmarks.load``)

Figures are printed and written to ``benchmarks/results/``; nothing here fails a build on time.
"""
