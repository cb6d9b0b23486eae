# juesuan: the two commands of the README.
#   make demo  — set everything up and build the bundled example into out/
#   make test  — set everything up and run the whole test suite (lint, types, tests)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test setup system lint typecheck bench clean

demo: setup
	$(BIN)/juesuan build examples/jdz-nanchang-2023/dataset.yaml -o out/

test: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/pytest

setup: $(STAMP)

$(STAMP): pyproject.toml
	bash scripts/setup-system.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

bench: setup
	$(BIN)/python bench/bench_build.py
	$(BIN)/python bench/bench_check.py
	$(BIN)/python bench/bench_mutation.py
	$(BIN)/python bench/bench_document.py
	$(BIN)/python bench/bench_perf.py
	$(BIN)/python bench/bench_audit.py
	$(BIN)/python bench/bench_zoo.py
	$(BIN)/python bench/bench_inject.py
	$(BIN)/python bench/bench_narrative_injection.py
	$(BIN)/python bench/bench_page_render.py
	$(BIN)/python bench/bench_pdf.py

clean:
	rm -rf $(VENV) out build *.egg-info
