# make demo: set everything up, then produce the documents of the sample workbook.
# make test: set everything up, then run the whole test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The sample's day: PVs to post, convocations to send, a postponement request for the UD.
DEMO_DAY := 2026-11-30

.PHONY: demo test bench setup system sample clean

demo: setup
	$(BIN)/ceres-docs generate samples/sessions.xlsx --out out --today $(DEMO_DAY)

test: setup
	$(BIN)/ruff check ceres_docs tests samples benchmarks scripts templates
	$(BIN)/mypy
	$(BIN)/pytest

bench: setup
	$(BIN)/python benchmarks/bench_validate.py
	$(BIN)/python benchmarks/bench_generate.py
	$(BIN)/python benchmarks/bench_server.py
	$(BIN)/python benchmarks/bench_layout.py
	$(BIN)/python benchmarks/bench_year.py
	$(BIN)/python benchmarks/bench_sample_year.py


setup: system $(STAMP)

system:
	@PYTHON=$(PYTHON) sh scripts/setup-system.sh

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

sample: $(STAMP)
	$(BIN)/python samples/build_sample.py

clean:
	rm -rf $(VENV) out build *.egg-info .pytest_cache .hypothesis
