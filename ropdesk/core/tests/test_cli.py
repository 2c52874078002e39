"""The `ropdesk` console script works like manage.py, with hyphenated command names."""

import subprocess
import sys

import pytest

# Waits on real time (conftest.py: skipped under libfaketime).
pytestmark = pytest.mark.sleeps_for_real


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "ropdesk", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_commands_can_be_typed_with_hyphens():
    result = run("seed-demo", "--help")
    assert result.returncode == 0, result.stderr
    assert "--students" in result.stdout and "--seed" in result.stdout


def test_every_django_command_is_there():
    result = run("help", "--commands")
    assert result.returncode == 0, result.stderr
    commands = result.stdout.split()
    assert {"migrate", "createsuperuser", "seed_demo", "compilemessages"} <= set(commands)


def test_help_accepts_a_hyphenated_command_name():
    result = run("help", "seed-demo")
    assert result.returncode == 0, result.stderr
    assert "--students" in result.stdout
