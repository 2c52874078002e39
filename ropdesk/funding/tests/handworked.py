"""A small county whose ADA was worked out by hand (docs/attendance-and-ada.md walks through it).

School year 2025-2026: fiscal year July 1 to June 30; instruction from Monday, August 18 to
June 5, no holidays, so school months are four weeks: P-1 counts months 1-4 (Aug 18-Dec 5),
P-2 months 1-8 (Aug 18-Mar 27), annual the whole fiscal year.

Welding (CVE), Terry Teach, at a North site, Wednesdays 13:00-16:00 (blocks 1 + 1 + 1 h):
  Jul 16  Ana present 13:00-16:00 ........ 3 h  (summer: annual only)
  Sep  3  Ana 13:00-16:00 ................ 3 h;  Ben 14:10-14:40 .... 1 h
  Dec 10  Ana 13:00-16:00 ................ 3 h  (month 5: P-2 and annual)
  Apr  1  Ana absent ..................... 0 h;  Ben 13:00-16:00 .... 3 h (month 9: annual)
  Ana's CVE job, Nov 5: 4 h approved under an agreement signed Sep 1 ...... 4 h
          and Nov 6: 5 h not approved ........................................ 0 h
Nursing Assistant, Nina Nurse, at a South site, Wednesdays 17:00-19:30 (1 + 1 + 0.5 h):
  Oct  1  Cal 17:00-19:30 ................ 2.5 h; Ana 17:50-19:05 ... 2.5 h
  Mar 25  Cal 17:00-18:00 ................ 1 h

Ana is in grade 11 (North Unified, North High School); Ben is an adult (South Unified); Cal
is an adult CalWORKs participant (South Unified).

P-1: 3 + 1 + 2.5 + 2.5 + 4 = 13 h  -> ADA 13/210 = 0.0619 -> 0.06; revenue $130.00
     North 9.5 h (0.05, $95.00), South 3.5 h (0.02, $35.00)
     not in 9-12: 3.5 h = 0.0167 ADA, share 3.5/13 = 0.2692; special 2.5 h = 0.0119 ADA;
     cap (10 % of 13 + min(2.5, 5 % of 13)) / 210 = 1.95 h / 210: over the cap.
P-2: P-1 + Dec 10 (3) + Mar 25 (1) = 17 h -> 17/405 = 0.0420 -> 0.04; $88.15
Annual: P-2 + Jul 16 (3) + Apr 1 (3) = 23 h -> 23/525 = 0.0438 -> 0.04; $92.00 (= 23 x $4)
     North 15.5 h ($62.00), South 7.5 h ($30.00).
"""

from __future__ import annotations

from datetime import date, time
from types import SimpleNamespace

from ropdesk.attendance import services
from ropdesk.catalog.models import InstructionMode
from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f
from ropdesk.scheduling.models import SchoolYear, Term
from ropdesk.scheduling.services import school_year_build_calendar, section_create


def _section(code, course, site, teacher, term, mode, start, end):
    return section_create(
        actor=None,
        code=code,
        course=course,
        term=term,
        site=site,
        instructor=teacher,
        mode=mode,
        capacity=30,
        days="Wed",
        start_time=start,
        end_time=end,
    )


def build() -> SimpleNamespace:
    w = SimpleNamespace()
    w.north, w.south = f.district("North Unified"), f.district("South Unified")
    w.north_high = f.school(w.north, "North High School")
    w.year = SchoolYear.objects.create(
        name="2025-2026",
        start_date=date(2025, 7, 1),
        end_date=date(2026, 6, 30),
        first_instruction_day=date(2025, 8, 18),
        last_instruction_day=date(2026, 6, 5),
    )
    school_year_build_calendar(school_year=w.year)
    term = Term.objects.create(
        school_year=w.year, name="Year", start_date=date(2025, 7, 1), end_date=date(2026, 6, 30)
    )
    w.terry = f.user("terry", role=Role.INSTRUCTOR, first_name="Terry", last_name="Teach")
    w.nina = f.user("nina", role=Role.INSTRUCTOR, first_name="Nina", last_name="Nurse")
    w.welding = _section(
        "WELD-1",
        f.course(title="Welding", cve=True),
        f.site(district_org=w.north, name="North Campus"),
        w.terry,
        term,
        InstructionMode.CVE,
        time(13),
        time(16),
    )
    w.nursing = _section(
        "NURSE-1",
        f.course(title="Nursing Assistant"),
        f.site(district_org=w.south, name="South Center"),
        w.nina,
        term,
        InstructionMode.CLASSROOM,
        time(17),
        time(19, 30),
    )
    w.ana = f.student(school_org=w.north_high, grade="11", first="Ana", last="Alvarez")
    w.ben = f.student(district_org=w.south, grade="AD", first="Ben", last="Brooks")
    w.cal = f.student(district_org=w.south, grade="AD", first="Cal", last="Cruz", calworks=True)
    e = {
        ("ana", "welding"): f.enroll(w.ana, w.welding),
        ("ben", "welding"): f.enroll(w.ben, w.welding),
        ("ana", "nursing"): f.enroll(w.ana, w.nursing),
        ("cal", "nursing"): f.enroll(w.cal, w.nursing),
    }
    w.enrollments = e
    marks = [
        ("ana", "welding", date(2025, 7, 16), time(13), time(16)),
        ("ana", "welding", date(2025, 9, 3), time(13), time(16)),
        ("ben", "welding", date(2025, 9, 3), time(14, 10), time(14, 40)),
        ("ana", "welding", date(2025, 12, 10), time(13), time(16)),
        ("ana", "welding", date(2026, 4, 1), None, None),
        ("ben", "welding", date(2026, 4, 1), time(13), time(16)),
        ("cal", "nursing", date(2025, 10, 1), time(17), time(19, 30)),
        ("ana", "nursing", date(2025, 10, 1), time(17, 50), time(19, 5)),
        ("cal", "nursing", date(2026, 3, 25), time(17), time(18)),
    ]
    for who, where, day, arrived, departed in marks:
        section = getattr(w, where)
        services.attendance_mark(
            actor=section.instructor,
            meeting=section.meetings.get(date=day),
            enrollment=e[(who, where)],
            arrived=arrived,
            departed=departed,
        )
    w.supervisor = f.user("sam", role=Role.EMPLOYER_SUPERVISOR, site_obj=f.site())
    job = services.ojt_record(
        actor=w.ana.user,
        enrollment=e[("ana", "welding")],
        kind="cve_ojt",
        day=date(2025, 11, 5),
        minutes=240,
        agreement_signed_on=date(2025, 9, 1),
    )
    services.ojt_approve(actor=w.supervisor, entry=job)
    services.ojt_record(
        actor=None,
        enrollment=e[("ana", "welding")],
        kind="cve_ojt",
        day=date(2025, 11, 6),
        minutes=300,
        agreement_signed_on=date(2025, 9, 1),
    )
    return w
