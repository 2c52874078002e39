# The front door: `make demo` and `make test` (README.md). Everything installs into .venv.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium

.PHONY: demo serve test test-only lint translations messages clean-db bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

translations: $(VENV)/.installed
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext)
	$(BIN)/ropdesk compilemessages --ignore=.venv --verbosity=0

demo: $(VENV)/.installed translations
	$(BIN)/ropdesk migrate --noinput --verbosity=0
	$(BIN)/ropdesk seed-demo --if-empty
	@echo "ropdesk is serving the demo county at http://127.0.0.1:$(PORT)/ (Ctrl-C stops it)"
	@echo "Staff one-time passwords are off for the shared demo logins (README.md, Demo logins)."
	ROPDESK_REQUIRE_STAFF_MFA=$${ROPDESK_REQUIRE_STAFF_MFA:-0} $(BIN)/ropdesk runserver 127.0.0.1:$(PORT) --noreload --insecure

serve: $(VENV)/.installed translations
	$(BIN)/ropdesk runserver 127.0.0.1:$(PORT) --insecure

$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

test: $(VENV)/.test-installed translations $(CHROMIUM)
	$(BIN)/pytest

# The suite without the install steps (CI runs it again against PostgreSQL).
test-only:
	$(BIN)/pytest

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/ropdesk makemigrations --check --dry-run

# Extract every translatable string into the Spanish catalog (then translate and commit it).
messages: $(VENV)/.installed
	cd ropdesk && ../$(BIN)/ropdesk makemessages --locale=es --ignore=data --no-location --verbosity=0

clean-db:
	rm -f var/ropdesk.sqlite3 var/ropdesk.sqlite3-wal var/ropdesk.sqlite3-shm

# The ADA report against the fastest single SQL on a county-size year (docs/performance.md).
# BENCH_SCALE=1 is 60,000 students and about 7 million attendance records; smaller is quicker.
# BENCH_DATABASE_URL picks the database (it is emptied first when it is the default file).
BENCH_SCALE ?= 1
BENCH_DATABASE_URL ?= sqlite:///$(CURDIR)/var/bench.sqlite3
bench: $(VENV)/.installed
	@case "$(BENCH_DATABASE_URL)" in sqlite:///$(CURDIR)/var/bench.sqlite3) rm -f var/bench.sqlite3 var/bench.sqlite3-wal var/bench.sqlite3-shm;; esac
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/make_county.py --scale $(BENCH_SCALE)
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/ada_report.py
