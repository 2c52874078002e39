import pytest

from ropdesk.careers.reference import careers_load_reference


@pytest.fixture
def reference(db):
    """The shipped reference data (RIASEC items, O*NET, the mapping), loaded for one test."""
    return careers_load_reference()
