"""Each admission rule at its boundary (domain-rules.md §3)."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest

from ropdesk.catalog.models import InstructionMode
from ropdesk.core.models import Organization, Site
from ropdesk.core.tests import factories as f
from ropdesk.enrollment import eligibility, services
from ropdesk.enrollment.eligibility import BLOCK, NOTE, PASS, Applicant
from ropdesk.enrollment.tests.helpers import application

pytestmark = pytest.mark.django_db

BORN = date(2010, 9, 15)
SIXTEENTH = date(2026, 9, 15)


def student(born: date = BORN, grade: str = "10", **facts) -> Applicant:
    return Applicant(birth_date=born, grade_level=grade, **facts)


# --- minimum age: 16 (EC 52314 via district policies) ------------------------------------------


def test_a_student_is_not_16_the_day_before_the_16th_birthday():
    finding = eligibility.minimum_age(student(), date(2026, 9, 14))
    assert finding.result == BLOCK
    assert "Will be 15 years old on Mon, Sep 14, 2026" in finding.reason
    assert "at least 16" in finding.reason


def test_a_student_is_16_on_the_16th_birthday():
    assert eligibility.minimum_age(student(), SIXTEENTH).result == PASS


def test_a_29_february_birthday_turns_16_on_1_march_in_a_common_year():
    leapling = student(born=date(2008, 2, 29))
    assert eligibility.minimum_age(leapling, date(2024, 2, 28)).result == BLOCK
    assert eligibility.minimum_age(leapling, date(2024, 2, 29)).result == PASS  # leap year
    assert eligibility.age_on(date(2008, 2, 29), date(2025, 2, 28)) == 16
    assert eligibility.age_on(date(2009, 2, 28), date(2025, 2, 28)) == 16
    later = student(born=date(2012, 2, 29))
    assert eligibility.minimum_age(later, date(2028, 2, 28)).result == BLOCK
    assert eligibility.minimum_age(later, date(2028, 2, 29)).result == PASS
    assert eligibility.age_on(date(2012, 2, 29), date(2027, 2, 28)) == 14
    assert eligibility.age_on(date(2012, 2, 29), date(2027, 3, 1)) == 15


def test_the_age_reckoning_matches_the_student_record():
    record = f.student(birth_date=date(2008, 2, 29))
    assert record.birth_date is not None
    for day in (date(2025, 2, 28), date(2025, 3, 1), date(2024, 2, 29), date(2024, 2, 28)):
        assert eligibility.age_on(record.birth_date, day) == record.age_on(day)


def test_a_15_year_old_in_grade_11_is_an_exception_the_program_allows():
    finding = eligibility.minimum_age(student(grade="11"), date(2026, 9, 1))
    assert finding.result == PASS
    assert "grade 11 or 12" in finding.reason


def test_the_exception_list_is_configurable(settings):
    settings.ROPDESK = {**settings.ROPDESK, "MINIMUM_AGE_EXCEPTIONS": []}
    assert eligibility.minimum_age(student(grade="11"), date(2026, 9, 1)).result == BLOCK


def test_the_minimum_age_is_configurable(settings):
    settings.ROPDESK = {**settings.ROPDESK, "MINIMUM_AGE": 17}
    assert eligibility.minimum_age(student(), SIXTEENTH).result == BLOCK


def test_the_rules_are_judged_on_the_first_day_of_the_term():
    fall = f.term(2026)  # starts 2026-08-19
    section = f.section(term_obj=fall)
    assert eligibility.start_day(section, date(2026, 6, 1)) == date(2026, 8, 19)
    assert eligibility.start_day(section, date(2026, 10, 1)) == date(2026, 10, 1)


# --- community classroom and CVE: 16 or grade 11 (5 CCR 10082, 10103) ---------------------------


def test_community_classroom_needs_16_or_grade_11():
    """5 CCR 10082 (via a county deck [S]): "16 years of age or in grade eleven"."""
    section = f.section(mode=InstructionMode.COMMUNITY_CLASSROOM)
    assert eligibility.work_based_minimum(student(), section, date(2026, 9, 14)).result == BLOCK
    assert eligibility.work_based_minimum(student(), section, SIXTEENTH).result == PASS
    in_11 = student(grade="11")
    assert eligibility.work_based_minimum(in_11, section, date(2026, 9, 14)).result == PASS


def test_cve_needs_16_whatever_the_grade():
    """5 CCR 10103(a): CVE students are "at least 16 years of age except a student with
    exceptional needs ... as determined by the principal or local educational director". No
    grade-11 exception: 15 in grade 11 the day before the 16th birthday is blocked; 16 on it
    passes."""
    section = f.section(mode=InstructionMode.CVE)
    in_11 = student(grade="11")
    blocked = eligibility.work_based_minimum(in_11, section, date(2026, 9, 14))
    assert blocked.result == BLOCK and "at least 16, whatever their grade" in blocked.reason
    assert eligibility.work_based_minimum(in_11, section, SIXTEENTH).result == PASS


def test_cve_under_16_passes_on_a_recorded_exceptional_needs_determination():
    section = f.section(mode=InstructionMode.CVE)
    determined = student(cve_exceptional_needs_by="Principal Pat Lee on 2026-09-01")
    finding = eligibility.work_based_minimum(determined, section, date(2026, 9, 14))
    assert finding.result == PASS
    assert "Principal Pat Lee on 2026-09-01" in finding.reason


def test_a_classroom_section_has_no_on_the_job_minimum():
    section = f.section()
    assert eligibility.work_based_minimum(student(), section, date(2026, 1, 1)).result == PASS


# --- adults on a high-school campus in the school day (EC 52314(a)(2)) --------------------------


def campus_section(*, allows: bool, start: time, end: time, days: str = "Mon,Wed") -> object:
    district = f.district()
    Organization.objects.filter(pk=district.pk).update(allows_adults_on_campus=allows)
    district.refresh_from_db()
    return f.section(site_obj=f.site(district_org=district), start=start, end=end, days=days)


ADULT = Applicant(birth_date=date(1990, 1, 1), grade_level="AD")
DAY = date(2026, 9, 1)


def test_an_adult_may_not_join_a_daytime_section_on_campus_where_the_district_forbids_it():
    section = campus_section(allows=False, start=time(9, 0), end=time(11, 0))
    finding = eligibility.adults_on_campus(ADULT, section, DAY)
    assert finding.result == BLOCK
    assert "does not allow adult students" in finding.reason


def test_an_adult_may_where_the_district_allows_it():
    section = campus_section(allows=True, start=time(9, 0), end=time(11, 0))
    assert eligibility.adults_on_campus(ADULT, section, DAY).result == PASS


def test_the_school_day_ends_at_the_configured_time():
    at_the_bell = campus_section(allows=False, start=time(15, 30), end=time(17, 0))
    before = campus_section(allows=False, start=time(15, 29), end=time(17, 0))
    assert eligibility.adults_on_campus(ADULT, at_the_bell, DAY).result == PASS
    assert eligibility.adults_on_campus(ADULT, before, DAY).result == BLOCK


def test_saturday_and_program_centers_are_open_to_adults():
    saturday = campus_section(allows=False, start=time(9, 0), end=time(12, 0), days="Sat")
    assert eligibility.adults_on_campus(ADULT, saturday, DAY).result == PASS
    center = f.section(site_obj=f.site(kind=Site.Kind.COMMUNITY), start=time(9, 0), end=time(12, 0))
    assert eligibility.adults_on_campus(ADULT, center, DAY).result == PASS


def test_a_high_school_senior_of_18_is_not_an_adult_for_this_rule():
    senior = Applicant(birth_date=date(2008, 1, 1), grade_level="12")
    section = campus_section(allows=False, start=time(9, 0), end=time(11, 0))
    assert eligibility.adults_on_campus(senior, section, DAY).result == PASS


def test_an_adult_is_18_from_the_18th_birthday():
    section = campus_section(allows=False, start=time(9, 0), end=time(11, 0))
    grown = Applicant(birth_date=date(2008, 9, 1), grade_level="AD")
    assert eligibility.adults_on_campus(grown, section, date(2026, 8, 31)).result == PASS
    assert eligibility.adults_on_campus(grown, section, date(2026, 9, 1)).result == BLOCK


# --- youth out of school 15-18 (EC 52314.5) -----------------------------------------------------


def youth(**facts) -> Applicant:
    values: dict[str, Any] = dict(
        birth_date=date(2011, 5, 1),  # 15 on 2026-05-01
        grade_level="10",
        out_of_school=True,
        out_of_school_since=date(2026, 1, 5),
        high_school_plan_on_file=True,
        parent_approved_plan=True,
        plan_courses_enrolled=True,
    )
    return Applicant(**(values | facts))


def test_a_15_year_old_out_of_school_with_a_plan_the_parent_approved_is_admitted():
    finding = eligibility.out_of_school_youth(youth(), date(2026, 9, 1))
    assert finding.result == PASS
    assert eligibility.minimum_age(youth(), date(2026, 9, 1)).result == PASS


def test_without_a_calendar_on_file_three_calendar_months_are_the_fallback():
    exactly_three = youth(out_of_school_since=date(2026, 6, 1))
    assert eligibility.out_of_school_youth(exactly_three, date(2026, 9, 1)).result == BLOCK
    a_day_more = youth(out_of_school_since=date(2026, 5, 31))
    assert eligibility.out_of_school_youth(a_day_more, date(2026, 9, 1)).result == PASS


def test_more_than_three_school_months_is_more_than_60_school_year_days():
    """EC 52314.5: "more than three months during the regular school year"; a school month is
    20 days (EC 37201), so 60 days out is not enough and 61 is."""
    assert eligibility.out_of_school_youth(youth(out_of_school_days=60), DAY).result == BLOCK
    assert eligibility.out_of_school_youth(youth(out_of_school_days=61), DAY).result == PASS


def test_summer_does_not_count_toward_the_three_months():
    """The factories' school years: instruction Aug 19, 2025 - Jun 10, 2026 and Aug 19, 2026 -
    Jun 10, 2027, no calendar entries. A youth who left on Fri 2026-05-01:
    May 1 - Jun 10, 2026 is 29 weekdays (1 + 4 x 5 + 5 + 3); the summer counts nothing;
    Aug 19 - 31 is 9 (3 + 5 + 1): 38 by Sep 1, when the old calendar-month rule already let
    the youth in. Then Sep 1 - 30 is 22 more (4 + 5 + 5 + 5 + 3): through Sep 30 = 60, not
    more than three months; through Thu Oct 1 = 61. Judged on Oct 1 the youth is blocked, on
    Oct 2 admitted."""
    f.school_year(2025)
    f.school_year(2026)
    left = date(2026, 5, 1)
    assert eligibility.out_of_school_days(left, date(2026, 9, 1)) == 38
    assert eligibility.out_of_school_days(left, date(2026, 10, 1)) == 60
    assert eligibility.out_of_school_days(left, date(2026, 10, 2)) == 61
    for judged, result in (
        (date(2026, 9, 1), BLOCK),
        (date(2026, 10, 1), BLOCK),
        (date(2026, 10, 2), PASS),
    ):
        facts = youth(
            out_of_school_since=left,
            out_of_school_days=eligibility.out_of_school_days(left, judged),
        )
        assert eligibility.out_of_school_youth(facts, judged).result == result
    # Before the calendar on file begins, nothing can be counted: the fallback applies.
    assert eligibility.out_of_school_days(date(2024, 3, 1), date(2026, 9, 1)) is None


def test_the_youth_must_be_enrolled_in_the_courses_the_plan_names():
    """EC 52314.5: "... and the pupil enrolls in the adult school or high school courses"
    the plan requires."""
    finding = eligibility.out_of_school_youth(youth(plan_courses_enrolled=False), DAY)
    assert finding.result == BLOCK and "courses the plan names" in finding.reason


def test_the_plan_and_the_parent_s_written_approval_are_both_needed():
    no_plan = eligibility.out_of_school_youth(youth(high_school_plan_on_file=False), DAY)
    assert no_plan.result == BLOCK and "high-school plan" in no_plan.reason
    no_parent = eligibility.out_of_school_youth(youth(parent_approved_plan=False), DAY)
    assert no_parent.result == BLOCK and "written approval" in no_parent.reason
    assert eligibility.minimum_age(youth(parent_approved_plan=False), DAY).result == BLOCK


def test_out_of_school_youth_are_15_to_18():
    fourteen = youth(birth_date=date(2011, 9, 2))  # 14 on 2026-09-01, 15 the next day
    assert eligibility.out_of_school_youth(fourteen, date(2026, 9, 1)).result == BLOCK
    assert eligibility.out_of_school_youth(fourteen, date(2026, 9, 2)).result == PASS
    nineteen = youth(birth_date=date(2007, 9, 1))
    assert eligibility.out_of_school_youth(nineteen, date(2026, 8, 31)).result == PASS
    assert eligibility.out_of_school_youth(nineteen, date(2026, 9, 1)).result == BLOCK


# --- parent consent for minors ------------------------------------------------------------------


def test_a_minor_needs_a_parent_s_consent_until_the_18th_birthday():
    minor = Applicant(birth_date=date(2008, 9, 1), grade_level="12")
    assert eligibility.parent_consent(minor, date(2026, 8, 31)).result == BLOCK
    assert eligibility.parent_consent(minor, date(2026, 9, 1)).result == PASS
    consented = Applicant(birth_date=date(2008, 9, 1), grade_level="12", parent_consent=True)
    assert eligibility.parent_consent(consented, date(2026, 8, 31)).result == PASS


def test_students_acknowledge_their_own_transportation():
    assert eligibility.transportation(student(transportation_acknowledged=False)).result == BLOCK
    assert eligibility.transportation(student()).result == PASS


# --- priority (EC 52302.5(d), EC 52302.8) -------------------------------------------------------


def test_ages_16_to_18_inclusive_have_the_highest_priority():
    junior = Applicant(birth_date=BORN, grade_level="11")
    assert eligibility.priority(junior, SIXTEENTH).priority == 1
    assert eligibility.priority(junior, date(2026, 9, 14)).priority == 4  # 15: no age priority
    out = Applicant(birth_date=date(2007, 9, 1), grade_level="AD")
    assert eligibility.priority(out, date(2026, 8, 31)).priority == 2  # 18
    assert eligibility.priority(out, date(2026, 9, 1)).priority == 4  # 19


def test_calworks_tap_and_job_corps_come_before_other_adults():
    for program in ("calworks", "tap", "job_corps"):
        adult = Applicant(
            birth_date=date(1990, 1, 1), grade_level="AD", special_programs=frozenset({program})
        )
        assert eligibility.priority(adult, DAY).priority == 3
    wioa = Applicant(
        birth_date=date(1990, 1, 1),
        grade_level="AD",
        special_programs=frozenset({"wioa_intensive"}),
    )
    assert eligibility.priority(wioa, DAY).priority == 4
    assert eligibility.priority(wioa, DAY).result == NOTE


# --- approval (EC 52314(a)(1)) ------------------------------------------------------------------


def test_admission_needs_an_authorized_approver_who_found_the_applicant_will_benefit():
    counselor = f.user("grace", first_name="Grace", last_name="Kim")
    assert eligibility.approval(counselor, authorized=False, will_benefit=True).result == BLOCK
    assert eligibility.approval(counselor, authorized=True, will_benefit=False).result == BLOCK
    finding = eligibility.approval(counselor, authorized=True, will_benefit=True)
    assert finding.result == PASS
    assert finding.reason == "Admitted by Grace Kim, who found that the applicant will benefit."


# --- limited English is never a reason to refuse (OCR Guidelines IV-L) --------------------------


def test_english_learner_status_changes_no_finding_and_no_priority():
    section = f.section()
    district = f.district()
    school = f.school(district)
    found = []
    for learner in (False, True):
        filed = application(
            section=section,
            school=school,
            birth_date=date(2009, 1, 1),
            english_learner=learner,
            home_language="Spanish" if learner else "English",
        )
        rows = services.application_check(application=filed, actor=None)
        found.append(sorted((r.rule, r.result, r.reason) for r in rows))
    assert found[0] == found[1]
    assert not hasattr(services.applicant_of(filed), "english_learner")


def test_evaluate_counts_the_school_year_days_up_to_the_day_judged():
    """The same youth as above (left Fri 2026-05-01), judged through evaluate(): blocked on
    Oct 1 (60 days), admitted on Oct 2 (61)."""
    f.school_year(2025)
    f.school_year(2026)
    facts = youth(out_of_school_since=date(2026, 5, 1))
    blocked = {x.rule: x for x in eligibility.evaluate(facts, None, date(2026, 10, 1))}
    assert blocked["out_of_school_youth"].result == BLOCK
    admitted = {x.rule: x for x in eligibility.evaluate(facts, None, date(2026, 10, 2))}
    assert admitted["out_of_school_youth"].result == PASS


# --- a student whose birth date is unknown (imported without demographics) ----------------------

UNKNOWN = Applicant(birth_date=None, grade_level="10")
NEEDS = "Needs a birth date: the student's record has none"


def test_the_minimum_age_needs_a_birth_date_when_none_is_on_file():
    finding = eligibility.minimum_age(UNKNOWN, DAY)
    assert finding.result == BLOCK and finding.reason.startswith(NEEDS)


def test_work_based_training_needs_a_birth_date_unless_grade_11_or_a_determination_decides():
    cc = f.section(mode=InstructionMode.COMMUNITY_CLASSROOM)
    cve = f.section(mode=InstructionMode.CVE)
    assert eligibility.work_based_minimum(UNKNOWN, cc, DAY).reason.startswith(NEEDS)
    assert eligibility.work_based_minimum(UNKNOWN, cve, DAY).reason.startswith(NEEDS)
    in_11 = Applicant(birth_date=None, grade_level="11")
    assert eligibility.work_based_minimum(in_11, cc, DAY).result == PASS  # 5 CCR 10082: or grade 11
    assert eligibility.work_based_minimum(in_11, cve, DAY).reason.startswith(NEEDS)  # no grade rule
    determined = Applicant(birth_date=None, grade_level="10", cve_exceptional_needs_by="Pat")
    assert eligibility.work_based_minimum(determined, cve, DAY).result == PASS
    assert eligibility.work_based_minimum(UNKNOWN, f.section(), DAY).result == PASS


def test_parent_consent_reads_an_unknown_age_as_a_minor():
    blocked = eligibility.parent_consent(UNKNOWN, DAY)
    assert blocked.result == BLOCK and "birth date is unknown" in blocked.reason
    consented = Applicant(birth_date=None, grade_level="10", parent_consent=True)
    assert eligibility.parent_consent(consented, DAY).result == PASS


def test_adults_on_campus_asks_for_the_birth_date_only_of_someone_not_in_high_school():
    section = campus_section(allows=False, start=time(9, 0), end=time(11, 0))
    assert eligibility.adults_on_campus(UNKNOWN, section, DAY).result == PASS  # in grade 10
    not_in_school = Applicant(birth_date=None, grade_level="AD")
    assert eligibility.adults_on_campus(not_in_school, section, DAY).reason.startswith(NEEDS)


def test_an_unknown_age_gets_regular_priority_and_is_no_youth_out_of_school():
    assert eligibility.priority(UNKNOWN, DAY).priority == 4
    calworks = Applicant(
        birth_date=None, grade_level="10", special_programs=frozenset({"calworks"})
    )
    assert eligibility.priority(calworks, DAY).priority == 3
    youth_facts = Applicant(birth_date=None, grade_level="10", out_of_school=True)
    finding = eligibility.out_of_school_youth(youth_facts, DAY)
    assert finding.result == BLOCK and "have a birth date on file" in finding.reason
    assert eligibility.is_adult(Applicant(birth_date=None, grade_level="AD"), DAY) is False


def test_every_rule_answers_for_a_student_with_no_birth_date():
    """No rule fails on a missing birth date: each gives a finding (evaluate runs them all)."""
    section = f.section(mode=InstructionMode.CVE)
    findings = eligibility.evaluate(UNKNOWN, section, DAY)
    assert [(x.rule, x.result) for x in findings] == [
        ("minimum_age", BLOCK),
        ("out_of_school_youth", PASS),
        ("parent_consent", BLOCK),
        ("transportation", PASS),
        ("work_based_minimum", BLOCK),
        ("adults_on_campus", PASS),
        ("priority", NOTE),
    ]
