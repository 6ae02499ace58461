# preptui — every set-up step lives here. Two commands do everything on a fresh machine:
#   make run    create .venv, install what running needs, launch the app
#   make test   same set-up plus the dev tools (and chromium for the browser test), then every test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev
RUNSTAMP := $(VENV)/.installed-run
PIP    := $(BIN)/python -m pip install --quiet --disable-pip-version-check

.PHONY: run test lint format typecheck screenshots bench clean browser

define VENV_SETUP
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "preptui needs Python 3.11 or newer (found: $$($(PYTHON) --version))"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade pip
endef

# Reinstall only when pyproject.toml changed (or the venv is new). `make run` installs only the
# runtime dependencies; `make test` adds the [dev] extra (which satisfies `make run` too).
$(RUNSTAMP): pyproject.toml
	$(VENV_SETUP)
	$(PIP) -e .
	@touch $(RUNSTAMP)

$(STAMP): pyproject.toml
	$(VENV_SETUP)
	$(PIP) -e '.[dev]'
	@$(PIP) -e '.[anki-tests]' || echo "note: could not install anki: the Anki import tests will be skipped"
	@touch $(STAMP) $(RUNSTAMP)

# tests/e2e/test_serve.py drives Debian's chromium: installed here when running as root with apt-get,
# otherwise that one test is skipped and says why.
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "installing chromium for the browser test (apt-get)"; \
			{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
				apt-get install -y -qq chromium >/dev/null; } || \
				echo "note: could not install chromium: the browser test will be skipped"; \
		else \
			echo "note: no chromium (installing it needs root and apt-get): the browser test will be skipped"; \
		fi; \
	fi

run: $(RUNSTAMP)
	@$(BIN)/preptui $(ARGS)

test: $(STAMP) browser
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

format: $(STAMP)
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

screenshots: $(STAMP)
	$(BIN)/python screenshots/generate.py

bench: $(STAMP)
	$(PIP) -e '.[coach]'
	$(BIN)/python bench/bench.py
	$(BIN)/python bench/coach_bench.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
