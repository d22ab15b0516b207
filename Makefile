# Two commands: `make run` opens the app, `make test` runs the whole suite offscreen
# (PYTEST_ARGS="-n 2 tests/domain" passes options and paths to pytest).
# Both create the virtual environment on first use, exactly from requirements/lock.txt (pinned,
# hash-checked), and build it afresh when the lock changes; a changed pyproject.toml reinstalls
# the package itself. `make lock` re-resolves the lock from pyproject.toml's ranges.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
LOCK := requirements/lock.txt
LOCKED := $(VENV)/.locked
STAMP := $(VENV)/.installed

.PHONY: run test test-fast lint bench build build-check msi lock clean

# A new venv rather than an upgrade in place: nothing the lock no longer lists survives.
$(LOCKED): $(LOCK)
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --only-binary :all: -r $(LOCK)
	touch $(LOCKED)

$(STAMP): $(LOCKED) pyproject.toml
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	$(PY) -m pip check || { echo "$(LOCK) does not satisfy pyproject.toml: run make lock"; exit 1; }
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m expertteam

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q $(PYTEST_ARGS)

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

# The Windows installer from the one-folder build that `make build` left in dist/expertteam/
# (not rebuilt here): wixl-heat (Debian wixl) lists its files as the ExpertteamFiles fragment,
# wixl links that with packaging/windows/expertteam.wxs. On Linux this checks that the
# definition is valid and complete (tools/check_msi.sh); the real installer is built on
# Windows from the same .wxs (README, "Windows-installatie").
MSI_SOURCE := dist/expertteam
MSI := dist/expertteam.msi
MSI_VERSION = $(shell sed -n 's/^__version__ = "\(.*\)"$$/\1/p' expertteam/__init__.py)
MSI_EXE = $(if $(wildcard $(MSI_SOURCE)/expertteam.exe),expertteam.exe,expertteam)
msi:
	@test -x $(MSI_SOURCE)/$(MSI_EXE) || { echo "$(MSI_SOURCE) has no program: run make build"; exit 1; }
	@echo "$(MSI_VERSION)" | grep -Eqx '[0-9]+\.[0-9]+\.[0-9]+' \
		|| { echo "version '$(MSI_VERSION)' is not numeric major.minor.patch (MSI needs it)"; exit 1; }
	mkdir -p build/msi
	find $(MSI_SOURCE) | wixl-heat --var var.SourceDir -p $(MSI_SOURCE)/ --win64 \
		--directory-ref INSTALLDIR --component-group ExpertteamFiles > build/msi/files.wxs
	wixl --arch x64 -D SourceDir=$(MSI_SOURCE) -D Version=$(MSI_VERSION) -D ExeName=$(MSI_EXE) \
		-D Win64=yes -D PolicyExample=packaging/windows/expertteam-beleid.voorbeeld.toml \
		-o $(MSI) packaging/windows/expertteam.wxs build/msi/files.wxs

# Pinned versions with hashes for Linux, Windows and macOS, Python 3.11 and later. Pins that
# pyproject.toml still allows are kept; `make lock LOCK_FLAGS=--upgrade` takes the newest of all.
# The lock is only replaced when it changes, so an unchanged lock keeps the venv.
LOCK_FLAGS ?=
lock: $(LOCKED)
	cp $(LOCK) $(LOCK).new
	$(VENV)/bin/uv pip compile pyproject.toml --all-extras --universal --python-version 3.11 \
		--generate-hashes --custom-compile-command "make lock" --quiet $(LOCK_FLAGS) \
		--output-file $(LOCK).new
	if cmp -s $(LOCK) $(LOCK).new; then rm $(LOCK).new; else mv $(LOCK).new $(LOCK); fi

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
