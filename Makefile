# Two commands do everything on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export GRADIO_ANALYTICS_ENABLED := False

.PHONY: run test bench ingest serve lint clean-index

# A venv with the app installed; torch is pinned first so pip takes the CPU wheel on this disk.
$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e .
	touch $@

$(BIN)/.installed-test: $(BIN)/.installed pyproject.toml
	$(BIN)/pip install -q -e '.[test]'
	touch $@

run: $(BIN)/.installed
	$(BIN)/qa ingest corpus
	$(BIN)/qa serve --corpus corpus --host 127.0.0.1 --port 7860

ingest: $(BIN)/.installed
	$(BIN)/qa ingest corpus

serve: $(BIN)/.installed
	$(BIN)/qa serve --corpus corpus

test: $(BIN)/.installed-test
	bash .ci/ensure-chromium
	$(BIN)/python -m pytest -q

bench: $(BIN)/.installed-test
	$(BIN)/python -m benchmarks

lint: $(BIN)/.installed-test
	$(BIN)/pip install -q ruff && $(BIN)/ruff check qa ui tests benchmarks

clean-index:
	find vectorstore -mindepth 1 ! -name README.md -exec rm -rf {} +
