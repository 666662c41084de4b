# Two commands: `make start` runs Hygie on its embedded defaults,
# `make test` runs the whole test suite. Both install what they need in .venv;
# `make test` also installs the Debian packages its tests need (`make system`).

PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: start system test lint format vendor bench bench-messages bench-identity bench-territory bench-surveys bench-backups

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

# The identity audit on Spark (pyspark, a large download): for the tests and
# for `hygie identite auditer --moteur spark`, not for starting Hygie.
$(VENV)/.spark: pyproject.toml | $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev,spark]'
	@touch $@

# Splink and psutil, for bench/identity.
$(VENV)/.bench: pyproject.toml | $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev,spark,bench]'
	@touch $@

start: $(VENV)/.installed
	$(BIN)/hygie serve

# Chromium, fonts and Pango, installed when missing and permitted (root, or
# sudo without a password); otherwise it says what to install, and make stops.
system:
	@.ci/install-system-packages

test: system $(VENV)/.installed $(VENV)/.spark
	$(BIN)/hygie test --parallel auto --noinput $(TESTS)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Refresh the vendored front-end files from the versions pinned in package.json.
vendor:
	npm ci --ignore-scripts --no-audit --no-fund
	cp node_modules/htmx.org/dist/htmx.min.js hygie/static/vendor/htmx/htmx-$$(node -p "require('htmx.org/package.json').version").min.js
	cp node_modules/axe-core/axe.min.js hygie/tests/vendor/axe-core-$$(node -p "require('axe-core/package.json').version").min.js
	node assets/passwords/build-lists.mjs
	node assets/passwords/build.mjs

bench: $(VENV)/.installed
	$(BIN)/python bench/web/run.py $(BENCH_ARGS)

# 2,000 respondents submitting the ready-made survey (see bench/surveys/README.md).
bench-surveys: $(VENV)/.installed
	$(BIN)/python bench/surveys/run.py $(BENCH_ARGS)

# The message analyzer on bench/messages' labelled set, beside SpamAssassin
# when it is installed (see bench/messages/README.md).
bench-messages: $(VENV)/.installed
	$(BIN)/python bench/messages/run.py $(BENCH_ARGS)

# The identity-file audit at 10,000, 100,000 and 1,000,000 records, beside
# The territory's dashboard over 5,000 practices (see bench/territory/README.md).
bench-territory: $(VENV)/.installed
	$(BIN)/python bench/territory/run.py $(BENCH_ARGS)

# Splink (see bench/identity/README.md).
bench-identity: $(VENV)/.bench
	$(BIN)/python bench/identity/run.py $(BENCH_ARGS)

# Backup and restore of an instance with 100 practices' data, SQLite; add
# BENCH_ARGS="--postgres" for PostgreSQL (see bench/backups/README.md).
bench-backups: $(VENV)/.installed
	$(BIN)/python bench/backups/run.py $(BENCH_ARGS)
