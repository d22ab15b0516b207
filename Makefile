# Two commands: `make run` opens the app, `make test` runs the whole suite offscreen.
# Both create the virtual environment on first use and reinstall when pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-fast lint bench build build-check clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,dev]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m expertteam

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

# The quick loop while working: everything but the tests marked @pytest.mark.slow.
test-fast: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -m "not slow"

lint: $(STAMP)
	$(VENV)/bin/ruff check expertteam tests bench
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) bench/run_all.py

build: $(STAMP)
	$(VENV)/bin/pyinstaller --noconfirm --log-level WARN build.spec

# Build, then run the built program's self-test offscreen (database, migration, meeting, PDF).
build-check: build
	QT_QPA_PLATFORM=offscreen dist/expertteam/expertteam --selftest

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
