# The front door: `make demo` and `make test` (README.md). Everything installs into .venv.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium

.PHONY: demo serve serve-prod test test-only test-any-day lint translations messages clean-db bench bench-ada bench-import bench-oneroster bench-load bench-partitioning pdf-libraries

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

# WeasyPrint (every PDF, ropdesk/documents) needs Pango and HarfBuzz from the system; the fonts
# ship with the package. Installed only when the dynamic linker cannot find them.
pdf-libraries:
	@ldconfig -p | grep -q 'libpangoft2-1.0.so.0 ' && ldconfig -p | grep -q 'libharfbuzz-subset.so.0 ' \
	  || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig)

demo: $(VENV)/.installed translations pdf-libraries
	$(BIN)/ropdesk migrate --noinput --verbosity=0
	$(BIN)/ropdesk seed-demo --if-empty
	@echo "ropdesk is serving the demo county at http://127.0.0.1:$(PORT)/ with its worker (Ctrl-C stops both)"
	@echo "Staff one-time passwords are off for the shared demo logins (README.md, Demo logins)."
	@# The worker runs imports, mail and reminders (docs/operations.md); one Ctrl-C stops both:
	@# the trap sends the worker SIGTERM (it finishes its task) when the server stops.
	@$(BIN)/ropdesk worker & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	ROPDESK_REQUIRE_STAFF_MFA=$${ROPDESK_REQUIRE_STAFF_MFA:-0} $(BIN)/ropdesk runserver 127.0.0.1:$(PORT) --noreload --insecure

serve: $(VENV)/.installed translations pdf-libraries
	$(BIN)/ropdesk runserver 127.0.0.1:$(PORT) --insecure

# The production server (gunicorn.conf.py), on the database DATABASE_URL names, static files
# collected first. Set ROPDESK_SECRET_KEY and the HTTPS settings for a real deployment.
serve-prod: $(VENV)/.installed translations pdf-libraries
	$(BIN)/ropdesk collectstatic --noinput --verbosity=0
	$(BIN)/ropdesk migrate --noinput --verbosity=0
	GUNICORN_BIND=127.0.0.1:$(PORT) $(BIN)/gunicorn --config gunicorn.conf.py

$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

# The suite in two runs: the tests without a browser spread over the machine's cores
# (pytest-xdist, one test database per worker), then the browser journeys one at a time (each
# drives a Chromium against a live server). TEST_WORKERS=0 runs everything in one process.
TEST_WORKERS ?= auto
test: $(VENV)/.test-installed translations pdf-libraries $(CHROMIUM)
	$(BIN)/pytest -n $(TEST_WORKERS) -m "not browser"
	$(BIN)/pytest -m browser

# The suite without the install steps (CI runs it again against PostgreSQL).
test-only:
	$(BIN)/pytest -n $(TEST_WORKERS) -m "not browser"
	$(BIN)/pytest -m browser

# The suite under four machine clocks (a Sunday and a weekday in the fall term, a summer day,
# a day in 2028): it must pass on every one. libfaketime moves the clock of pytest, SQLite and
# every subprocess; the suite's own clock (conftest.py) must make that moot. The browser tests
# then run once: libfaketime stalls the live server's threads, and their two clocks (server and
# Chromium) are both pinned to the suite's by the fixtures (docs/getting-started.md). Under
# libfaketime, Python 3.11's time.sleep fails (wolfcw/libfaketime#426), so the tests marked
# `sleeps_for_real` (subprocesses, threads, a second server) are skipped there (conftest.py).
ANY_DAY_CLOCKS ?= 2026-12-06T12:00:00 2026-12-01T20:30:00 2027-07-15T09:00:00 2028-03-08T16:00:00
test-any-day: $(VENV)/.test-installed translations $(CHROMIUM)
	@command -v faketime >/dev/null || (apt-get update -qq && apt-get install -y -qq faketime)
	@for clock in $(ANY_DAY_CLOCKS); do \
	  echo "== the machine's clock says $$clock"; \
	  FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f "@$$(echo $$clock | tr T ' ')" \
	    $(BIN)/pytest -q -p no:cacheprovider -m "not browser" || exit 1; \
	done
	$(BIN)/pytest -q -p no:cacheprovider -m browser

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/ropdesk makemigrations --check --dry-run
	$(BIN)/lint-imports
	$(BIN)/mypy

# Extract every translatable string into the Spanish catalog (then translate and commit it).
messages: $(VENV)/.installed
	cd ropdesk && ../$(BIN)/ropdesk makemessages --locale=es --ignore=data --no-location --verbosity=0

clean-db:
	rm -f var/ropdesk.sqlite3 var/ropdesk.sqlite3-wal var/ropdesk.sqlite3-shm

# Every bench of docs/performance.md, each printing ours, its floor and the ratio: the ADA
# report (and, on PostgreSQL, partitioning by school year), the attendance import, the
# OneRoster import and, when BENCH_LOAD_DATABASE_URL names a PostgreSQL database, the load
# bench. Each also runs alone (the targets below).
bench: bench-ada bench-import bench-oneroster
	@if [ -n "$(BENCH_LOAD_DATABASE_URL)" ]; then $(MAKE) --no-print-directory bench-load DATABASE_URL=$(BENCH_LOAD_DATABASE_URL); else echo "bench-load skipped: set BENCH_LOAD_DATABASE_URL to a PostgreSQL database"; fi

# The ADA report against the fastest single SQL on a county-size year (docs/performance.md).
# BENCH_SCALE=1 is 60,000 students and about 7 million attendance records; smaller is quicker.
# BENCH_DATABASE_URL picks the database (it is emptied first when it is the default file).
BENCH_SCALE ?= 1
BENCH_DATABASE_URL ?= sqlite:///$(CURDIR)/var/bench.sqlite3
bench-ada: $(VENV)/.installed
	@case "$(BENCH_DATABASE_URL)" in sqlite:///$(CURDIR)/var/bench.sqlite3) rm -f var/bench.sqlite3 var/bench.sqlite3-wal var/bench.sqlite3-shm;; esac
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/make_county.py --scale $(BENCH_SCALE)
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/ada_report.py
	@case "$(BENCH_DATABASE_URL)" in postgres*) DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/partitioning.py;; esac

# Three school years of attendance in ropdesk's shape, with the date on the record, and
# partitioned by school year (PostgreSQL; on the county bench-ada made in BENCH_DATABASE_URL).
bench-partitioning: $(VENV)/.installed
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/partitioning.py

# The attendance import against executemany/COPY of the same rows, with peak memory per size,
# into a database of its own (docs/performance.md). BENCH_IMPORT_DATABASE_URL picks it.
BENCH_IMPORT_SIZES ?= 10000,100000,1000000
BENCH_IMPORT_DATABASE_URL ?= sqlite:///$(CURDIR)/var/bench_import.sqlite3
bench-import: $(VENV)/.test-installed
	@case "$(BENCH_IMPORT_DATABASE_URL)" in sqlite:///$(CURDIR)/var/bench_import.sqlite3) rm -f var/bench_import.sqlite3*;; esac
	DATABASE_URL=$(BENCH_IMPORT_DATABASE_URL) $(BIN)/ropdesk migrate --noinput --verbosity=0
	DATABASE_URL=$(BENCH_IMPORT_DATABASE_URL) $(BIN)/python bench/attendance_import.py --sizes $(BENCH_IMPORT_SIZES)

# The OneRoster import (a district feed) against executemany/COPY of the same rows, with peak
# memory per size, into a database of its own (docs/performance.md). A size is USERS:ENROLLMENTS;
# 60000:200000 is a county. BENCH_ONEROSTER_DATABASE_URL picks the database.
BENCH_ONEROSTER_SIZES ?= 6000:20000,60000:200000
BENCH_ONEROSTER_DATABASE_URL ?= sqlite:///$(CURDIR)/var/bench_oneroster.sqlite3
bench-oneroster: $(VENV)/.test-installed
	@case "$(BENCH_ONEROSTER_DATABASE_URL)" in sqlite:///$(CURDIR)/var/bench_oneroster.sqlite3) rm -f var/bench_oneroster.sqlite3*;; esac
	DATABASE_URL=$(BENCH_ONEROSTER_DATABASE_URL) $(BIN)/ropdesk migrate --noinput --verbosity=0
	DATABASE_URL=$(BENCH_ONEROSTER_DATABASE_URL) $(BIN)/python bench/oneroster_import.py --sizes $(BENCH_ONEROSTER_SIZES)

# 20 signed-in users on gunicorn (2 workers) for 60 s, loopback only; DATABASE_URL should be
# PostgreSQL (the demo county is seeded into it when it has no students).
bench-load: $(VENV)/.installed
	$(BIN)/ropdesk collectstatic --noinput --verbosity=0
	$(BIN)/python bench/load.py --users 20 --seconds 60
