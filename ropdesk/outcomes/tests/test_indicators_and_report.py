"""Perkins V indicators, the headline figures and `ropdesk outcomes-report`, worked by hand for
a small cohort, and `ropdesk import-followup` refusing bad rows whole."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ropdesk.attendance.models import OnTheJobHours
from ropdesk.core.models import Student
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.clock import suite_now
from ropdesk.outcomes import queries, rules, services
from ropdesk.outcomes.models import (
    FollowUpInvitation,
    FollowUpResponse,
    FollowUpWave,
    IndustryCredential,
    NontraditionalDesignation,
)
from ropdesk.outcomes.tests import factories as of

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort() -> dict[str, Student]:
    """Five seniors who left in 2025-2026, all of the four-year cohort 2025-2026, in Patient
    Care, which the crosswalk flags nontraditional for men (women 90 % of the occupations):

    | | sex | courses | completer | graduated | credential | WBL | answer |
    |---|---|---|---|---|---|---|---|
    | ana | F | B, C (+ CC course) | yes | yes | yes | yes | employed |
    | bea | F | B, D+ | no (concentrator) | yes | no | no | seeking work |
    | carl | M | A, A | yes | yes | no | no | military |
    | dan | M | A, A | yes | no (code 400) | no | no | — |
    | eva | F | A (one course) | no (participant) | yes | — | — | — |

    Concentrators: ana, bea, carl, dan (4).
    1S1 = graduated concentrators of the cohort / concentrators of the cohort = 3 / 4 = 75.0.
    3S1 = placed / concentrators who answered = 2 (ana, carl) / 3 (ana, bea, carl) = 66.7.
    4S1 = men / concentrators in a nontraditional-for-men pathway = 2 / 4 = 50.0.
    5S1 = with a credential / graduated concentrators = 1 (ana) / 3 = 33.3.
    5S3 = with approved CC hours / graduated concentrators = 1 (ana) / 3 = 33.3.
    Headline: completers ana, carl, dan (3), all 12th grade; graduated 2 -> 66.7 %. Dan left
    with code 400, not a completion code of the PSTS file, so the completers' wave surveys ana
    and carl; both answer: response rate 100.0 %, placed 2 of 2. (Dan is invited in the
    concentrators' wave, unanswered.)
    """
    pathway, intro, capstone = of.pathway()
    NontraditionalDesignation.objects.create(
        pathway=pathway, women_percent=Decimal("90.0"), nontraditional_for="M", source="test"
    )
    pair = (intro, capstone)
    people = {
        "ana": of.former_student(grades=("B", "C"), courses=pair, sex="F"),
        "bea": of.former_student(grades=("B", "D+"), courses=pair, sex="F"),
        "carl": of.former_student(grades=("A", "A"), courses=pair, sex="M"),
        "dan": of.former_student(
            grades=("A", "A"), courses=pair, sex="M", code="400", graduated=False
        ),
        "eva": of.former_student(grades=("A", ""), courses=pair, sex="F"),
    }
    IndustryCredential.objects.create(
        student=people["ana"], name="CNA", issuer="CDPH", earned_on=date(2026, 5, 1)
    )
    cc = of.took(people["ana"], f.course(cc=True, pathway_code="198"), "A")
    cc.section.mode = "community_classroom"
    cc.section.save(update_fields=["mode"])
    OnTheJobHours.objects.create(
        enrollment=cc,
        kind="cc_ojt",
        date=date(2026, 3, 2),
        minutes=180,
        supervisor_approved_at=suite_now(),
    )
    completers = of.wave(opened_at=None)
    services.wave_open(actor=None, wave=completers, base_url="http://testserver/")
    for name, answer in (("ana", {"employment": "full_time"}), ("carl", {"military": "active"})):
        invitation = FollowUpInvitation.objects.get(wave=completers, student=people[name])
        services.response_enter(actor=None, invitation=invitation, answers=answer)
    concentrators = of.wave(population=FollowUpWave.Population.CONCENTRATORS)
    services.response_enter(
        actor=None,
        invitation=of.invitation(people["bea"], concentrators),
        answers={"seeking_work": True},
    )
    of.invitation(people["dan"], concentrators)
    return people


def test_the_indicators_of_a_small_cohort_match_the_hand_count(cohort) -> None:
    found = {i.code: i.total for i in queries.indicators("2025-2026", Student.objects.all())}
    assert {code: (c["numerator"], c["denominator"], c["rate"]) for code, c in found.items()} == {
        "1S1": (3, 4, 75.0),
        "3S1": (2, 3, 66.7),
        "4S1": (2, 4, 50.0),
        "5S1": (1, 3, 33.3),
        "5S3": (1, 3, 33.3),
    }


def test_the_report_command_prints_exactly_the_keys_of_the_issue(cohort) -> None:
    out = StringIO()
    call_command("outcomes_report", "--exit-year", "2025-2026", "--format", "json", stdout=out)
    report = json.loads(out.getvalue())
    assert list(report) == [
        "completers",
        "surveyed",
        "responded",
        "response_rate",
        "placed",
        "placed_rate",
        "graduation_cohort",
        "graduated",
        "graduation_rate",
        "indicators",
    ]
    assert {k: v for k, v in report.items() if k != "indicators"} == {
        "completers": 3,
        "surveyed": 2,
        "responded": 2,
        "response_rate": 100.0,
        "placed": 2,
        "placed_rate": 100.0,
        "graduation_cohort": 3,
        "graduated": 2,
        "graduation_rate": 66.7,
    }
    assert report["indicators"]["3S1"] == {"numerator": 2, "denominator": 3, "rate": 66.7}
    assert list(report["indicators"]) == ["1S1", "3S1", "4S1", "5S1", "5S3"]


def test_the_report_command_refuses_a_year_that_is_not_one() -> None:
    with pytest.raises(CommandError, match="not an academic year"):
        call_command("outcomes_report", "--exit-year", "2025-2027")


def test_small_cells_are_suppressed_on_the_indicators_page(cohort, client, settings) -> None:
    client.force_login(f.user(role="administrator"))
    page = client.get("/outcomes/indicators/?year=2025-2026")
    first = page.context["indicators"][0]
    assert (first.code, first.total["suppressed"]) == ("1S1", True)
    assert '<td class="num" data-label="Numerator">3</td>' not in page.content.decode()
    settings.ROPDESK = {**settings.ROPDESK, "OUTCOMES": {"MINIMUM_CELL": 2}}
    page = client.get("/outcomes/indicators/?year=2025-2026")
    total = page.context["indicators"][0].total
    assert (total["suppressed"], total["numerator"]) == (False, 3)
    placement = page.context["indicators"][1]
    assert placement.response == {
        "numerator": 3,
        "denominator": 4,
        "rate": 75.0,
        "suppressed": False,
    }
    by_sex = dict(page.context["indicators"][0].groups["sex"])
    assert (by_sex["Female"]["numerator"], by_sex["Female"]["denominator"]) == (2, 2)
    assert by_sex["Male"]["suppressed"] is True  # 1 of 2: one student's outcome would show


def test_the_headline_page_states_both_claims_from_the_records(cohort, client) -> None:
    client.force_login(f.user(role="administrator"))
    page = client.get("/outcomes/headline/?year=2025-2026").content.decode()
    assert "100.0 % of completers were in school, in the military and/or working." in page
    assert "66.7 % of 3 12th-grade completers graduated." in page


def test_psts_codes_are_a_function_other_apps_call() -> None:
    assert queries.psts_codes_for({"postsecondary": "csu_uc", "military": "guard"}) == [
        "UNV",
        "MIL",
    ]
    assert queries.psts_codes_for({}) == ["UNK"]


def test_the_psts_table_is_seeded_unconfirmed_with_the_settings_values() -> None:
    """Migration 0002 seeds one row per survey status, each unconfirmed, with the values the
    setting falls back to (rules.DEFAULTS), every code three characters (the PSTS field)."""
    from ropdesk.outcomes.models import PstsCode

    rows = {p.status: p for p in PstsCode.objects.all()}
    assert set(rows) == set(PstsCode.Status.values) == set(rules.DEFAULTS["PSTS_CODES"])
    assert {k: p.code for k, p in rows.items()} == rules.DEFAULTS["PSTS_CODES"]
    assert not any(p.confirmed for p in rows.values())
    assert all(len(p.code) == 3 for p in rows.values())


def test_the_office_edits_a_psts_code_and_the_mapping_follows() -> None:
    """Every status maps to its row: several at once, in PSTS order; an edited row wins, a
    deleted row falls back to the setting."""
    from ropdesk.outcomes.models import PstsCode

    everything = {
        "postsecondary": "adult",
        "apprenticeship": True,
        "national_service": True,
        "seeking_work": True,
        "military": "reserve",
        "employment": "full_time",
    }
    assert queries.psts_codes_for(everything) == ["ADL", "APP", "SRV", "UNE", "MIL", "EMP"]
    assert queries.psts_codes_for({"not_in_labor_force": True}) == ["NLF"]
    assert queries.psts_codes_for({"postsecondary": "private"}) == ["PRV"]
    assert queries.psts_codes_for({"postsecondary": "other"}) == ["OTH"]
    PstsCode.objects.filter(status="employed").update(code="480", confirmed=True)
    PstsCode.objects.filter(status="military").delete()
    assert queries.psts_codes_for({"military": "active", "employment": "part_time"}) == [
        "MIL",
        "480",
    ]


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "answers.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_import_followup_saves_good_rows_with_the_import_channel(cohort, tmp_path) -> None:
    dan = cohort["dan"]
    path = _csv(
        tmp_path,
        "exit_year,student_id,answered_on,respondent,proxy_relationship,employment\r\n"
        f"2025-2026,{dan.local_id},2026-12-10,proxy,father,part_time\r\n",
    )
    out = StringIO()
    call_command("import_followup", str(path), stdout=out)
    assert "1 answers imported" in out.getvalue()
    answer = FollowUpResponse.objects.get(invitation__student=dan)
    assert (answer.channel, answer.respondent, answer.employment) == (
        "import",
        "proxy",
        "part_time",
    )


def test_import_followup_refuses_the_whole_file_naming_row_and_column(cohort, tmp_path) -> None:
    ana, dan = cohort["ana"], cohort["dan"]
    before = FollowUpResponse.objects.count()
    path = _csv(
        tmp_path,
        "exit_year,student_id,answered_on,respondent,military,satisfaction\n"
        f"2025-2026,{dan.local_id},2026-12-10,self,reserve,4\n"
        f"2025-2026,{ana.local_id},2026-12-11,self,navy,\n"
        "2025-2026,NOBODY,2026-12-11,self,,9\n",
    )
    with pytest.raises(CommandError) as refused:
        call_command("import_followup", str(path))
    message = str(refused.value)
    assert "row 3, column military: Choose one of the listed answers." in message
    assert "row 4, column student_id: no student has the id or SSID 'NOBODY'" in message
    assert "row 4, column satisfaction: '9' is not a whole number from 1 to 5" in message
    assert FollowUpResponse.objects.count() == before


def test_import_followup_refuses_a_file_without_its_columns(tmp_path) -> None:
    path = _csv(tmp_path, "student_id,answer\nL1,yes\n")
    with pytest.raises(CommandError) as refused:
        call_command("import_followup", str(path))
    assert "row 1, column exit_year: the column is missing" in str(refused.value)
    assert "row 1, column answer: is not a column of this file" in str(refused.value)
