import pytest

from ropdesk.careers.reference import careers_load_reference
from ropdesk.core.tests.clock import suite_today
from ropdesk.demo.seed import DemoCounty


@pytest.fixture
def reference(db):
    """The shipped reference data (RIASEC items, O*NET, the mapping), loaded for one test."""
    return careers_load_reference()


@pytest.fixture(scope="module")
def demo_catalog(django_db_setup, django_db_blocker):
    """The demo county's 57 courses and the career reference data, built once for the module
    (the reference load takes seconds) and removed afterwards."""
    with django_db_blocker.unblock():
        DemoCounty(students=0, seed=1, today=suite_today(), progress=lambda _m: None).catalog()
        careers_load_reference()
        yield
        _remove_reference_data()


def _remove_reference_data() -> None:
    """Leave the database as empty as the other modules expect it."""
    from django.db import connection

    from ropdesk.careers import models as careers
    from ropdesk.catalog import models as catalog

    for model in (
        catalog.Course,
        careers.PathwayLink,
        careers.OccupationCluster,
        careers.ReportedTitle,
        careers.OccupationPreparation,
        careers.Occupation,
        careers.JobZone,
        careers.SurveyItem,
        careers.ResponseOption,
        careers.InterestArea,
        catalog.StateCourseCode,
        catalog.Pathway,
        catalog.IndustrySector,
    ):
        model.objects.all().delete()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM catalog_course_fts")
