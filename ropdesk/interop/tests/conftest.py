"""Fixtures of the API tests (the county itself is in api_world.py)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from ropdesk.interop.services import api_token_create
from ropdesk.interop.tests.api_world import build_world


@pytest.fixture
def world(db) -> SimpleNamespace:
    return build_world()


@pytest.fixture
def token_of():
    """A token for any user (the service itself; the tokens page issues them to staff)."""

    def make(user) -> str:
        return api_token_create(user=user, name="test")[1]

    return make
