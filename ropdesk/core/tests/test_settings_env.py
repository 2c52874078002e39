"""Settings from the environment are checked at start: a value of the wrong kind stops
`ropdesk check` (and so the server and the worker) with a message naming the variable and the
value, instead of running with a silently different rule."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from ropdesk.core.env import Env, InvalidEnvironment

# Waits on real time (conftest.py: skipped under libfaketime).
pytestmark = pytest.mark.sleeps_for_real


def check(**variables: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ropdesk", "check"],
        env={**os.environ, **variables},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("ROPDESK_SECURE_COOKIES", "ture", "is not a boolean"),
        ("ROPDESK_REVENUE_PER_ADA", "lots", "is not a decimal number"),
        ("ROPDESK_MINIMUM_AGE", "sixteen", "is not a whole number"),
        ("ROPDESK_COMPLAINT_DEADLINE_RULE", "monday", "is not one of ccp_12a, calendar"),
        ("ROPDESK_SCHOOL_DAY_START", "7.30", "is not a time HH:MM"),
        ("ROPDESK_P1_WINDOW_END", "31-12", "is not a month and day MM-DD"),
    ],
)
def test_a_bad_value_stops_ropdesk_check_naming_the_variable_and_the_value(
    variable, value, expected
):
    result = check(**{variable: value})
    assert result.returncode == 2
    assert f"{variable}='{value}' {expected}" in result.stderr
    assert "Traceback" not in result.stderr


def test_every_bad_value_is_listed_at_once():
    result = check(ROPDESK_SECURE_COOKIES="ture", ROPDESK_REVENUE_PER_ADA="lots")
    assert result.returncode == 2
    assert "ROPDESK_SECURE_COOKIES='ture'" in result.stderr
    assert "ROPDESK_REVENUE_PER_ADA='lots'" in result.stderr


def test_good_values_pass():
    result = check(ROPDESK_SECURE_COOKIES="off", ROPDESK_REVENUE_PER_ADA="2200.50")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("text", "value"), [("1", True), ("Yes", True), ("on", True), ("0", False), ("FALSE", False)]
)
def test_booleans_read_the_usual_words(text, value):
    env = Env({"X": text})
    assert env.boolean("X", not value) is value
    env.raise_if_invalid()


def test_a_negative_number_where_a_count_is_needed_is_refused():
    env = Env({"ROPDESK_JOB_LEASE_SECONDS": "5"})
    assert env.integer("ROPDESK_JOB_LEASE_SECONDS", 120, minimum=10) == 120
    with pytest.raises(InvalidEnvironment, match="a whole number of at least 10"):
        env.raise_if_invalid()


def _database_settings(**variables: str) -> str:
    return _printed(
        "d = settings.DATABASES; "
        "print(d['default'].get('CONN_MAX_AGE', 0), d['default'].get('CONN_HEALTH_CHECKS'), "
        "d.get('replica', {}).get('CONN_MAX_AGE'))",
        **variables,
    )


def _printed(statements: str, **variables: str) -> str:
    """What `statements` print with ropdesk's settings loaded in a fresh interpreter."""
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'ropdesk.settings'; "
        "from django.conf import settings; " + statements
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, **variables},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.strip()


def test_postgresql_connections_are_kept_for_the_configured_seconds_and_checked():
    url = "postgres://ropdesk@127.0.0.1:5432/ropdesk"  # read, never connected to
    assert _database_settings(DATABASE_URL=url) == "60 True None"
    assert (
        _database_settings(
            DATABASE_URL=url, DATABASE_REPLICA_URL=url + "_replica", ROPDESK_DB_CONN_MAX_AGE="5"
        )
        == "5 True 5"
    )
    assert _database_settings(DATABASE_URL=url, ROPDESK_DB_CONN_MAX_AGE="0") == "0 True None"
    # SQLite opens its file per request, as Django does by default
    assert _database_settings(DATABASE_URL="sqlite:///:memory:") == "0 False None"


def test_the_shared_cache_keeps_a_countys_entries_before_culling():
    # Django's default (300) would cull whenever a county's staff opened their start pages.
    entries = "print(settings.CACHES['default']['OPTIONS']['MAX_ENTRIES'])"
    assert _printed(entries) == "20000"
    assert _printed(entries, ROPDESK_CACHE_MAX_ENTRIES="50000") == "50000"
    assert "ROPDESK_CACHE_MAX_ENTRIES" in check(ROPDESK_CACHE_MAX_ENTRIES="10").stderr


def test_the_shared_cache_can_be_redis():
    backend = "c = settings.CACHES['default']; print(c['BACKEND'], c['LOCATION'])"
    assert _printed(backend) == "django.core.cache.backends.db.DatabaseCache ropdesk_cache"
    url = "redis://127.0.0.1:6379/3"  # read, never connected to
    assert _printed(backend, ROPDESK_CACHE_URL=url) == (
        f"django.core.cache.backends.redis.RedisCache {url}"
    )
    refused = check(ROPDESK_CACHE_URL="memcached://127.0.0.1:11211").stderr
    assert "ROPDESK_CACHE_URL='memcached://127.0.0.1:11211' is not a Redis address" in refused


@pytest.mark.django_db
def test_the_versions_and_their_results_work_against_a_real_redis(settings):
    """The cached reports' versions (core/versions.py) on Redis, as a county deploys them: the
    machine's Redis on 127.0.0.1:6379 (skipped where there is none)."""
    import socket

    from django.core.cache import cache

    from ropdesk.core import versions

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": f"ropdesk-test-{os.getpid()}",
        }
    }
    try:
        assert versions.cached("k", "attendance", lambda: "first", seconds=60) == "first"
        assert versions.cached("k", "attendance", lambda: "again", seconds=60) == "first"
        versions.changed("attendance")
        assert versions.cached("k", "attendance", lambda: "moved", seconds=60) == "moved"
        assert versions.cached_only("k", "attendance") == "moved"
        versions.part_changed("attendance", 7)
        assert versions.cached_only("k", "attendance") is None
    finally:
        cache.delete_many(
            ["k", *(f"ropdesk:version:{t}" for t in ("attendance", "attendance:*", "attendance:7"))]
        )


def test_server_side_cursors_can_be_turned_off_for_pgbouncer():
    url = "postgres://ropdesk@127.0.0.1:5432/ropdesk"  # read, never connected to
    cursors = (
        "d = settings.DATABASES; print(d['default']['DISABLE_SERVER_SIDE_CURSORS'], "
        "d.get('replica', {}).get('DISABLE_SERVER_SIDE_CURSORS'))"
    )
    assert _printed(cursors, DATABASE_URL=url) == "False None"
    assert (
        _printed(
            cursors,
            DATABASE_URL=url,
            DATABASE_REPLICA_URL=url + "_replica",
            ROPDESK_DB_DISABLE_SERVER_SIDE_CURSORS="1",
        )
        == "True True"
    )


def test_prepared_statements_are_on_for_postgresql_and_can_be_turned_off_for_a_pooler():
    url = "postgres://ropdesk@127.0.0.1:5432/ropdesk"  # read, never connected to
    options = (
        "d = settings.DATABASES; o = d['default'].get('OPTIONS', {}); "
        "r = d.get('replica', {}).get('OPTIONS', {}); "
        "print(o.get('server_side_binding'), o.get('prepare_threshold'), "
        "r.get('server_side_binding'), r.get('prepare_threshold'))"
    )
    on = _printed(options, DATABASE_URL=url, DATABASE_REPLICA_URL=url + "_replica")
    assert on == "True 5 True 5"
    off = _printed(
        options,
        DATABASE_URL=url,
        DATABASE_REPLICA_URL=url + "_replica",
        ROPDESK_DB_PREPARED_STATEMENTS="0",
    )
    assert off == "None None None None"
    # SQLite has neither
    assert _printed(options, DATABASE_URL="sqlite:///var/x.sqlite3") == "None None None None"
