"""District return files for a small county: each file field by field against the file written
by hand, only the district's own students, every problem named by student and field, the
downloads and their hand-off and disclosure logs, and the command's exit code."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ropdesk.core.models import AuditEvent, DisclosureLog
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.work import committed_then_worked
from ropdesk.returns import layouts
from ropdesk.returns.files import district_files, return_file
from ropdesk.returns.models import HandOff
from ropdesk.returns.tests import world
from ropdesk.scheduling.models import SchoolYear

pytestmark = pytest.mark.django_db
EXPECTED = Path(__file__).parent / "expected" / "north"


def checked_page(client, url):
    """The district's page once the worker has checked its files (returns/checks.py)."""
    with committed_then_worked():
        job = client.get(url).context["job"]
    return client.get(url, {"check": job.pk})


@pytest.fixture
def county():
    return world.build()


@pytest.fixture
def year():
    return SchoolYear.objects.get(name="2026-2027")


@pytest.mark.parametrize("file_type", layouts.FILE_TYPES)
def test_each_file_matches_the_hand_written_one_field_by_field(county, year, file_type):
    file = return_file(county.north, year, file_type)
    assert file.problems == []
    expected = (EXPECTED / f"{file_type}.txt").read_bytes().decode().split("\r\n")[:-1]
    written = file.text().decode()
    assert written.endswith("\r\n") or written == ""
    lines = written.split("\r\n")[:-1]
    assert len(lines) == len(expected)
    names = [f"{f.number} {f.name}" for f in layouts.layout(file_type)]
    for number, (line, wanted) in enumerate(zip(lines, expected, strict=True), start=1):
        got, want = line.split("^"), wanted.split("^")
        assert len(got) == len(names) == len(want), f"line {number}: field count"
        for name, g, w in zip(names, got, want, strict=True):
            assert g == w, f"{file_type} line {number}, {name}: {g!r} != {w!r}"


def test_a_district_receives_only_its_own_students(county, year):
    south = {f.file_type: f for f in district_files(county.south, year)}
    north = {f.file_type: f for f in district_files(county.north, year)}
    assert {r.values["local_student_id"] for r in south["SCSC"].rows} == {"S0001"}
    assert south["SCSC"].rows[0].values["reporting_lea"] == "1964881"
    for file in north.values():
        ids = {r.values.get("local_student_id") for r in file.rows}
        assert "S0001" not in ids and "A0001" not in ids  # the other district's; the adult


def test_a_missing_required_value_is_refused_with_the_student_and_field_named(county, year):
    county.ben.statewide_id = None
    county.ben.save(update_fields=["statewide_id"])
    file = return_file(county.north, year, "SCSC")
    assert [str(p) for p in file.problems] == [
        "SCSC line 3, N0002 Brown, Ben, 11.07 SSID: required value missing"
    ]


def test_other_problems_name_the_field_and_what_is_wrong(county, year):
    county.ana.legal_last_name = "A" * 51
    county.ana.save(update_fields=["legal_last_name"])
    problems = [str(p) for p in return_file(county.north, year, "SCTE").problems]
    assert problems == [
        f"SCTE line 1, N0001 {'A' * 51}, Ana, 12.10 Student Legal Last Name: "
        "51 characters, longer than 50"
    ]


def test_the_coordinator_downloads_a_valid_file_and_it_is_logged(client, county, year):
    client.force_login(county.north_coordinator)
    page = checked_page(client, f"/district-returns/{county.north.pk}/2026-2027/")
    assert page.status_code == 200
    assert "✓ valid" in page.content.decode()

    response = client.post(f"/district-returns/{county.north.pk}/2026-2027/SCSC.txt")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="SCSC_1964733_2026-2027.txt"'
    assert response.content == (EXPECTED / "SCSC.txt").read_bytes()
    hand_off = HandOff.objects.get()
    assert (hand_off.district, hand_off.file_type, hand_off.rows, hand_off.students) == (
        county.north,
        "SCSC",
        3,
        2,
    )
    assert hand_off.handed_by == county.north_coordinator
    logged = DisclosureLog.objects.order_by("student_local_id")
    assert [d.student_local_id for d in logged] == ["N0001", "N0002"]
    assert logged[0].legal_basis.startswith("34 CFR 99.31(a)(1)")
    assert logged[0].records == "CALPADS SCSC 2026-2027 (txt)"
    assert AuditEvent.objects.filter(action="returns.hand_off").count() == 1


def test_the_csv_copy_has_a_heading_and_the_same_rows(client, county, year):
    client.force_login(county.office)
    response = client.post(f"/district-returns/{county.north.pk}/2026-2027/SCTE.csv")
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("12.01 Record Type Code,12.02 Transaction Type Code,")
    assert lines[1] == (
        "SCTE,,,1964733,1930247,2026-2027,1000000001,N0001,Ana,Alvarez,20090504,F,198,2026-2027"
    )


def test_a_file_that_does_not_validate_is_not_handed_out(client, county, year):
    county.ben.statewide_id = None
    county.ben.save(update_fields=["statewide_id"])
    client.force_login(county.north_coordinator)
    page = checked_page(client, f"/district-returns/{county.north.pk}/2026-2027/")
    assert "N0002 Brown, Ben" in page.content.decode()
    response = client.post(f"/district-returns/{county.north.pk}/2026-2027/SCSE.txt")
    assert response.status_code == 302
    assert HandOff.objects.count() == 0 and DisclosureLog.objects.count() == 0


def test_another_districts_coordinator_gets_nothing(client, county):
    client.force_login(county.south_coordinator)
    assert client.get(f"/district-returns/{county.north.pk}/2026-2027/").status_code == 404
    assert client.post(f"/district-returns/{county.north.pk}/2026-2027/SCSC.txt").status_code == 404
    assert HandOff.objects.count() == 0


def test_the_command_writes_every_file_named_by_its_type(county, tmp_path):
    call_command(
        "district_returns",
        "--district",
        "19647330000000",
        "--school-year",
        "2026-2027",
        "--out",
        str(tmp_path),
    )
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(f"{t}_1964733_2026-2027.txt" for t in layouts.FILE_TYPES)
    assert (tmp_path / "SCTE_1964733_2026-2027.txt").read_bytes() == (
        EXPECTED / "SCTE.txt"
    ).read_bytes()
    assert set(HandOff.objects.values_list("via", flat=True)) == {"command"}


def test_the_command_exits_non_zero_listing_the_problems(county, tmp_path, capsys):
    county.ben.statewide_id = None
    county.ben.save(update_fields=["statewide_id"])
    with pytest.raises(CommandError) as failure:
        call_command(
            "district_returns",
            "--district",
            "1964733",
            "--school-year",
            "2026-2027",
            "--out",
            str(tmp_path),
        )
    assert failure.value.returncode == 1
    err = capsys.readouterr().err
    assert "SCSC line 3, N0002 Brown, Ben, 11.07 SSID: required value missing" in err
    assert not (tmp_path / "SCSC_1964733_2026-2027.txt").exists()
    assert (tmp_path / "CRSC_1964733_2026-2027.txt").exists()  # the valid ones are written


@pytest.mark.parametrize("extra", [1, 15])
def test_the_hand_off_log_keeps_its_query_count(
    client, county, year, extra, django_assert_num_queries
):
    for _k in range(extra):
        HandOff.objects.create(
            district=county.north,
            school_year=year,
            file_type="SCSC",
            file_format="txt",
            spec_version="x",
            rows=1,
            students=1,
            sha256="0" * 64,
            handed_by=county.office,
            via="page",
        )
    client.force_login(county.north_coordinator)
    client.get("/district-returns/log/")
    with django_assert_num_queries(8):  # the menu asks nothing of a coordinator about marks
        assert client.get("/district-returns/log/").status_code == 200


@pytest.mark.parametrize("extra", [0, 6])
def test_the_district_list_keeps_its_query_count(client, county, extra, django_assert_num_queries):
    from ropdesk.core.tests import factories as f

    for _k in range(extra):
        f.district()
    client.force_login(county.office)
    client.get("/district-returns/")
    with django_assert_num_queries(QUERIES_DISTRICTS):
        assert client.get("/district-returns/").status_code == 200


QUERIES_DISTRICTS = 10  # the menu asks nothing of the office about sections it teaches


@pytest.mark.clock("2027-08-01 09:00")
def test_the_coordinator_menu_and_needs_attention_point_to_last_years_files(client, county):
    from ropdesk.returns import attention, navigation

    [link] = navigation.links(county.north_coordinator)
    assert link.url == "/district-returns/"
    [item] = attention.items(county.north_coordinator)
    assert (item.count, item.url) == (6, f"/district-returns/{county.north.pk}/2026-2027/")
    client.force_login(county.north_coordinator)
    client.post(f"/district-returns/{county.north.pk}/2026-2027/SCSC.txt")
    [item] = attention.items(county.north_coordinator)
    assert item.count == 5
    assert navigation.links(f.user(role="instructor")) == []


def test_a_course_without_a_state_code_is_left_out_and_named(client, county, year):
    from ropdesk.catalog.models import Course

    Course.objects.filter(code="PC200").update(state_course_code=None)
    assert {r.values["section_id"] for r in return_file(county.north, year, "SCSC").rows} == {
        "MA100-F1"
    }
    client.force_login(county.north_coordinator)
    page = checked_page(client, f"/district-returns/{county.north.pk}/2026-2027/").content.decode()
    assert "Courses not reported" in page and "PC200 Patient Care Community Classroom" in page


def test_psts_holds_the_districts_completers_answers_mapped_by_the_office_table(county, year):
    """Eve answered "community college and part-time work": two PSTS records, by the office's
    table as it is now (not the codes stored with the answer). Fay is South's; Gil answered
    only the concentrators' wave, which is not the PSTS population."""
    from ropdesk.outcomes.models import PstsCode

    south = return_file(county.south, year, "PSTS")
    assert [(r.values["local_student_id"], r.values["status_code"]) for r in south.rows] == [
        ("S0005", "CCC"),
        ("S0005", "EMP"),
    ]
    PstsCode.objects.filter(status="employed").update(code="480")
    north = return_file(county.north, year, "PSTS")
    assert [r.values["status_code"] for r in north.rows] == ["CCC", "480"]
    assert north.problems == []
    assert return_file(county.north, SchoolYear.objects.get(name="2025-2026"), "PSTS").rows == []


def test_a_psts_code_outside_the_table_is_refused(county, year):
    from ropdesk.outcomes.models import PstsCode

    PstsCode.objects.filter(status="employed").update(code="")  # no code: the status is left out
    assert [r.values["status_code"] for r in return_file(county.north, year, "PSTS").rows] == [
        "CCC"
    ]
    file = return_file(county.north, year, "PSTS")
    file.rows[0].values["status_code"] = "ZZZ"
    assert [p.message for p in file.problems] == ["ZZZ is not in the psts code set"]


def _office_copy(tmp_path, settings, edit):
    """The office's copy of the shipped layout under a new version name, edited."""
    import json

    shipped = layouts.SHIPPED_DIR / "ropdesk-2026.1.json"
    data = json.loads(shipped.read_text(encoding="utf-8"))
    edit(data)
    (tmp_path / "district-2027.json").write_text(json.dumps(data), encoding="utf-8")
    settings.ROPDESK = {
        **settings.ROPDESK,
        "CALPADS_LAYOUT_DIR": str(tmp_path),
        "CALPADS_SPEC_VERSION": "district-2027",
    }


def test_the_office_corrects_an_unconfirmed_field_in_its_copy_of_the_layout(
    county, year, tmp_path, settings
):
    """A field's length, a code set and the term codes are data: a copy in
    ROPDESK_CALPADS_LAYOUT_DIR, named by ROPDESK_CALPADS_SPEC_VERSION, changes the check and
    the file without a code change."""

    def edit(data):
        pathway = data["files"]["SCTE"]["fields"][12]
        assert pathway["key"] == "pathway_code"
        data["files"]["SCTE"]["fields"][9]["length"] = 6  # last name at most 6 characters
        data["code_sets"]["gender"] = ["M", "F"]  # no X
        data["term_codes"]["2"] = ["01", "02"]
        data["code_sets"]["term"] = ["01", "02"]

    _office_copy(tmp_path, settings, edit)
    problems = [str(p) for p in return_file(county.south, year, "SCTE").problems]
    assert problems == [
        "SCTE line 1, S0001 Castro, Cruz, 12.12 Student Gender Code: "
        "X is not in the gender code set"
    ]
    north = return_file(county.north, year, "SCTE")
    assert [str(p) for p in north.problems] == [
        "SCTE line 1, N0001 Alvarez, Ana, 12.10 Student Legal Last Name: "
        "7 characters, longer than 6"
    ]
    assert {r.values["term_code"] for r in return_file(county.north, year, "SCSC").rows} == {"01"}
    assert north.version == "district-2027"


def test_a_layout_file_with_a_mistake_stops_with_its_name(tmp_path, settings):
    from django.core.exceptions import ImproperlyConfigured

    _office_copy(
        tmp_path, settings, lambda data: data["files"]["PSTS"]["fields"][0].update(kind="money")
    )
    with pytest.raises(ImproperlyConfigured, match=r"district-2027.json: PSTS 14.01: kind"):
        layouts.spec()
    settings.ROPDESK = {**settings.ROPDESK, "CALPADS_SPEC_VERSION": "nowhere"}
    with pytest.raises(ImproperlyConfigured, match="no nowhere.json"):
        layouts.spec()


def test_the_coordinators_page_lists_exactly_the_unconfirmed_fields_of_the_layout():
    """docs/district-returns.md has one table row per field of the shipped layout, saying
    whether it is confirmed, so the docs cannot drift from the data file."""
    docs = (Path(__file__).parents[3] / "docs" / "district-returns.md").read_text()
    for file_type in layouts.FILE_TYPES:
        for fld in layouts.layout(file_type):
            checked = " ".join(
                part
                for part in (
                    {
                        "text": "",
                        "digits": "digits",
                        "date": "date",
                        "year": "year",
                        "decimal": "decimal",
                    }[fld.kind],
                    f"code set `{fld.codes}`" if fld.codes else "",
                )
                if part
            )
            confirmed = f"yes ({fld.source})" if fld.confirmed else "**unconfirmed**"
            row = (
                f"| {fld.number} | {fld.name} | {fld.length} | {'yes' if fld.required else ''} "
                f"| {checked} | {confirmed} |"
            )
            assert row in docs, row


def test_last_years_files_use_the_grade_the_student_had_that_year(county, year):
    """Hal was in grade 12 at North High last year (2025-2026), the grade kept on his
    enrollment when it was made; he has since left high school and is an adult student now.
    Last year's files report him; this year's, where his enrollment was made as an adult, do
    not — and today's grade is not read for last year."""
    from datetime import date

    from ropdesk.enrollment.categories import apply_category, funding_category
    from ropdesk.scheduling.models import Section

    hal = world._student(
        "N0007",
        "1000000008",
        "Hal",
        "Hill",
        date(2008, 1, 5),
        "M",
        county.ana.school_of_attendance,
        county.north,
        "12",
    )
    last_year = SchoolYear.objects.get(name="2025-2026")

    def enroll(section):
        enrollment = f.enroll(hal, section)
        apply_category(enrollment, funding_category(hal))
        enrollment.save()
        return enrollment

    then = enroll(Section.objects.get(code="MA100-L1"))
    assert then.grade_level == "12"
    hal.grade_level = "AD"
    hal.save(update_fields=["grade_level"])
    now = enroll(Section.objects.get(code="MA100-F1"))
    assert now.grade_level == "AD"
    assert "N0007" in {
        r.values["local_student_id"] for r in return_file(county.north, last_year, "SCSE").rows
    }
    assert "N0007" not in {
        r.values["local_student_id"] for r in return_file(county.north, year, "SCSE").rows
    }


def test_a_promotion_during_the_term_reaches_the_open_enrollments(county, year):
    """A district's file moves Ana up a grade while her Fall enrollments are open: they take
    the new grade from that day (enrollment.categories.student_categories_follow)."""
    from datetime import date

    from ropdesk.enrollment.categories import student_categories_follow
    from ropdesk.enrollment.models import Enrollment

    Enrollment.objects.filter(student=county.ana).update(grade_level="11", grade_9_12=True)
    county.ana.grade_level = "12"
    county.ana.save(update_fields=["grade_level"])
    student_categories_follow(actor=None, student=county.ana, effective_on=date(2026, 11, 2))
    assert set(
        Enrollment.objects.filter(student=county.ana).values_list("grade_level", flat=True)
    ) == {"12"}
