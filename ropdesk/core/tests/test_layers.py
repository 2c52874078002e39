"""The layers: core is the ground floor and every app imports only the apps below it.

`make lint` runs the contract (import-linter, [tool.importlinter] in pyproject.toml); these
tests keep it honest: the contract holds, and every installed app has its place in it, so a
new app cannot slip past it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from django.apps import apps

# Waits on real time (conftest.py: skipped under libfaketime).
pytestmark = pytest.mark.sleeps_for_real

ROOT = Path(__file__).resolve().parents[3]


def layers() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (contract,) = config["contracts"]
    return [name.strip() for layer in contract["layers"] for name in re.split(r"[|:]", layer)]


def test_every_installed_app_has_a_layer() -> None:
    installed = {
        config.name.removeprefix("ropdesk.")
        for config in apps.get_app_configs()
        if config.name.startswith("ropdesk.")
    }
    # The admin's app config lives in core (core/admin_apps.py).
    installed.discard("core.admin_apps")
    assert installed <= set(layers())


def test_core_imports_no_app_above_it() -> None:
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if command is None:
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    result = subprocess.run(
        [command, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 broken" in result.stdout
