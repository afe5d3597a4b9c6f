# Two commands: `make run` sets up and opens the app; `make test` sets up and runs the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The suite waits on real time (sound, timers, child processes) as well as computing: 3 workers
# beside the real-time tests take it from 8 minutes to under 3 on 2 cores (scripts/run-tests.sh).
TEST_WORKERS ?= 3

.PHONY: run test bench lint format screenshots clean

$(STAMP): pyproject.toml
	@bash scripts/system-deps.sh run
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q --upgrade pip
	@$(PY) -m pip install -q -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	$(PY) app.py

test: $(STAMP)
	@bash scripts/system-deps.sh test
	PY=$(PY) TEST_WORKERS=$(TEST_WORKERS) bash scripts/run-tests.sh

bench: $(STAMP)
	$(PY) bench/run_all.py

lint: $(STAMP)
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

format: $(STAMP)
	$(VENV)/bin/ruff format . && $(VENV)/bin/ruff check --fix .

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) scripts/screenshots.py --out docs/screenshots

clean:
	rm -rf $(VENV) build *.egg-info
