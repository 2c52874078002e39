"""The needs assessment's first element shows the Perkins V indicators computed by outcomes
for the cycle's years, through the evidence hook (partners may not import outcomes)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ropdesk.core.contributions import evidence_tables
from ropdesk.core.models import ImportJob, Role
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.work import committed_then_worked
from ropdesk.outcomes.tests.test_indicators_and_report import cohort  # noqa: F401 (fixture)
from ropdesk.partners import queries, services

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    from io import BytesIO

    from pypdf import PdfReader

    return " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(content)).pages).split())


def _cycle():
    return services.assessment_start(actor=None, title="CLNA 2025-27", starts_on=date(2025, 7, 1))


def test_the_cycle_covers_the_academic_years_its_dates_touch():
    assessment = _cycle()
    assert queries.assessment_years(assessment) == ["2025-2026", "2026-2027"]


def test_student_performance_shows_the_indicator_table_outcomes_computes(
    cohort,  # noqa: F811
    client,
    settings,
):
    settings.ROPDESK = {
        **settings.ROPDESK,
        "OUTCOMES": {**settings.ROPDESK.get("OUTCOMES", {}), "MINIMUM_CELL": 1},
    }
    office = f.user("office", role=Role.ADMINISTRATOR)
    assessment = _cycle()

    tables = queries.performance_evidence(assessment, office)

    assert [t.title for t in tables] == [
        "Perkins V core indicators, 2025-2026",
        "Perkins V core indicators, 2026-2027",
    ]
    # The hand count of the outcomes test's cohort (minimum cell size 1 here: nothing hidden).
    assert [row[:5] for row in tables[0].rows] == [
        ("1S1", "Four-year graduation rate", "3", "4", "75 %"),
        ("3S1", "Placement", "2", "3", "66.7 %"),
        ("4S1", "Nontraditional program concentration", "2", "4", "50 %"),
        ("5S1", "Recognized postsecondary credential", "1", "3", "33.3 %"),
        ("5S3", "Work-based learning", "1", "3", "33.3 %"),
    ]
    assert [row[2:5] for row in tables[1].rows] == [("0", "0", "—")] * 5

    client.force_login(office)
    page = client.get(reverse("partners_assessment", args=[assessment.pk])).content.decode()
    assert "Perkins V core indicators, 2025-2026" in page
    assert '<td data-label="Rate">66.7 %</td>' in page
    with committed_then_worked():
        client.post(reverse("partners_assessment_pdf", args=[assessment.pk]))
    job = ImportJob.objects.get(kind="report_clna_packet")
    assert job.status == "done", job.errors
    packet = pdf_text(client.get(reverse("job_download", args=[job.pk])).content)
    assert "Perkins V core indicators, 2025-2026" in packet
    assert "3S1 Placement 2 3 66.7 %" in packet


def test_small_cells_are_hidden_in_the_evidence_too(cohort, settings):  # noqa: F811
    settings.ROPDESK = {
        **settings.ROPDESK,
        "OUTCOMES": {**settings.ROPDESK.get("OUTCOMES", {}), "MINIMUM_CELL": 5},
    }
    office = f.user("office", role=Role.ADMINISTRATOR)
    tables = queries.performance_evidence(_cycle(), office)
    assert tables[0].rows[0][2:5] == ("*", "*", "*")


def test_someone_who_may_not_see_outcomes_gets_no_tables(cohort):  # noqa: F811
    instructor = f.user("teacher", role=Role.INSTRUCTOR)
    assert evidence_tables("clna.student_performance", user=instructor, years=["2025-2026"]) == []
