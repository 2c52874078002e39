"""The gradebook files of the OneRoster export (results.csv, lineItems.csv, categories.csv) in
1.1 and 1.2: their columns in the standard's order (typed here from shared/oneroster.md, not
taken from the exporter), the references between them, and only marks of record."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date

import pytest

from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f
from ropdesk.interop.exporter import oneroster_export
from ropdesk.interop.tests.oneroster_checker import check_package
from ropdesk.marks import services as marks

pytestmark = pytest.mark.django_db

RESULTS_1_1 = (
    "sourcedId,status,dateLastModified,lineItemSourcedId,studentSourcedId,scoreStatus,score,"
    "scoreDate,comment"
).split(",")
LINE_ITEMS_1_1 = (
    "sourcedId,status,dateLastModified,title,description,assignDate,dueDate,classSourcedId,"
    "categorySourcedId,gradingPeriodSourcedId,resultValueMin,resultValueMax"
).split(",")


def tables(package: bytes) -> dict[str, list[dict[str, str]]]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {
            name: list(csv.DictReader(io.StringIO(archive.read(name).decode())))
            for name in archive.namelist()
        }


def headers(package: bytes, name: str) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return next(csv.reader(io.StringIO(archive.read(name).decode())))


@pytest.fixture
def marked():
    teacher = f.user("teacher", role=Role.INSTRUCTOR)
    section = f.section(instructor=teacher, course_obj=f.course(title="Welding"))
    ana, ben = f.student(first="Ana"), f.student(first="Ben")
    e_ana, e_ben = f.enroll(ana, section), f.enroll(ben, section)
    term = section.term
    final = marks.grading_period_create(
        actor=None,
        term=term,
        name="Final",
        starts_on=term.start_date,
        ends_on=term.end_date,
        is_final=True,
    )
    progress = marks.grading_period_create(
        actor=None,
        term=term,
        name="Progress",
        starts_on=term.start_date,
        ends_on=date(2026, 10, 1),
    )
    marks.marks_record(
        actor=teacher,
        section=section,
        grading_period=final,
        entries=[marks.MarkEntry(e_ana, "B+"), marks.MarkEntry(e_ben, "I")],
    )
    marks.marks_record(
        actor=teacher,
        section=section,
        grading_period=progress,
        entries=[marks.MarkEntry(e_ana, "C")],
    )
    marks.grading_period_lock(actor=None, grading_period=final)
    return section, ana, ben


def test_the_1_1_export_carries_the_marks_of_record(marked):
    section, ana, ben = marked
    package = oneroster_export(version="1.1")
    assert check_package(package) == []
    assert headers(package, "results.csv")[: len(RESULTS_1_1)] == RESULTS_1_1
    assert headers(package, "lineItems.csv")[: len(LINE_ITEMS_1_1)] == LINE_ITEMS_1_1
    t = tables(package)
    manifest = {r["propertyName"]: r["value"] for r in t["manifest.csv"]}
    assert (manifest["file.results"], manifest["file.lineItems"], manifest["file.categories"]) == (
        "bulk",
        "bulk",
        "bulk",
    )
    [item] = t["lineItems.csv"]  # the open progress period is not sent
    assert item["classSourcedId"] == section.code
    assert item["title"] == "Welding — Final"
    assert item["gradingPeriodSourcedId"] in {s["sourcedId"] for s in t["academicSessions.csv"]}
    assert item["categorySourcedId"] in {c["sourcedId"] for c in t["categories.csv"]}
    results = {r["studentSourcedId"]: r for r in t["results.csv"]}
    assert set(results) == {ana.local_id, ben.local_id}
    assert (results[ana.local_id]["score"], results[ana.local_id]["comment"]) == ("3.3", "B+")
    assert results[ana.local_id]["scoreStatus"] == "fully graded"
    assert (results[ben.local_id]["score"], results[ben.local_id]["scoreStatus"]) == (
        "",
        "partially graded",
    )
    assert results[ana.local_id]["metadata.ropdesk.creditsEarned"] == "5.00"
    assert {r["lineItemSourcedId"] for r in results.values()} == {item["sourcedId"]}


def test_the_1_2_export_names_the_session_the_school_and_the_text_score(marked):
    section, ana, _ben = marked
    package = oneroster_export(version="1.2")
    assert check_package(package) == []
    assert headers(package, "lineItems.csv")[9:13] == [
        "academicSessionSourcedId",
        "resultValueMin",
        "resultValueMax",
        "schoolSourcedId",
    ]
    t = tables(package)
    [item] = t["lineItems.csv"]
    assert item["schoolSourcedId"] in {o["sourcedId"] for o in t["orgs.csv"]}
    result = next(r for r in t["results.csv"] if r["studentSourcedId"] == ana.local_id)
    assert (result["textScore"], result["classSourcedId"]) == ("B+", section.code)


def test_without_marks_of_record_the_gradebook_files_are_absent():
    f.enroll(f.student(), f.section())
    t = tables(oneroster_export(version="1.1"))
    manifest = {r["propertyName"]: r["value"] for r in t["manifest.csv"]}
    assert manifest["file.results"] == "absent" and "results.csv" not in t
