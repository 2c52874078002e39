"""Builds the demo county: a deterministic, realistic Regional Occupational Program.

Every random choice comes from a generator seeded with (seed, phase), so the same arguments
give the same county, and one phase's size does not shift another's draws. Every row has a
natural key (a code, a username, a pair), and rows are inserted with "ignore on conflict"
against the unique constraints, so running the seed again adds nothing that is already there.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.db import models, transaction

from ropdesk.attendance.models import AttendanceRecord
from ropdesk.attendance.rules import credited_minutes
from ropdesk.careers.demo import seed_careers
from ropdesk.catalog.models import Competency, Course, InstructionMode, Pathway, StateCourseCode
from ropdesk.catalog.services import catalog_load_reference
from ropdesk.complaints.demo import seed_complaints
from ropdesk.core.models import (
    Guardianship,
    Organization,
    Role,
    RoleAssignment,
    Site,
    Student,
    User,
)
from ropdesk.demo import county
from ropdesk.enrollment.demo import seed_admissions
from ropdesk.enrollment.models import Enrollment
from ropdesk.marks.demo import seed_marks
from ropdesk.outcomes.demo import seed_outcomes
from ropdesk.partners.demo import seed_partners
from ropdesk.portfolio.demo import seed_portfolio
from ropdesk.returns.demo import seed_returns
from ropdesk.scheduling.models import Holiday, Meeting, SchoolYear, Section, Term
from ropdesk.scheduling.services import school_year_build_calendar, section_create
from ropdesk.worksite.demo import seed_worksite

DEMO_PASSWORD = "ropdesk-demo"  # noqa: S105 -- printed by `make demo`; demo data only
DEMO_LOGINS = [  # username, role: one demo login per role
    ("admin", Role.ADMINISTRATOR),
    ("support", Role.SUPPORT_SERVICES),
    ("coordinator", Role.DISTRICT_COORDINATOR),
    ("counselor", Role.COUNSELOR),
    ("instructor", Role.INSTRUCTOR),
    ("supervisor", Role.EMPLOYER_SUPERVISOR),
    ("student", Role.STUDENT),
    ("parent", Role.PARENT),
]
M = TypeVar("M", bound=models.Model)
Progress = Callable[[str], None]


@dataclass
class DemoResult:
    counts: dict[str, int] = field(default_factory=dict)


def school_year_of(day: date) -> tuple[int, int]:
    start = day.year if day.month >= 7 else day.year - 1
    return start, start + 1


def _rng(seed: int, phase: str) -> random.Random:
    return random.Random(f"{seed}:{phase}")


def _ensure(model: type[M], key: str, objects: Iterable[M]) -> dict[Any, M]:
    """Insert what is missing (by the unique `key`) and return every object by key."""
    objects = list(objects)
    model._default_manager.bulk_create(objects, ignore_conflicts=True, batch_size=2000)
    keys = [getattr(obj, key) for obj in objects]
    found: dict[Any, M] = {}
    for start in range(0, len(keys), 900):  # stay under SQLite's parameter limit
        chunk = keys[start : start + 900]
        rows = model._default_manager.filter(**{f"{key}__in": chunk})
        found.update((getattr(o, key), o) for o in rows)
    return found


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _last_weekday(year: int, month: int, weekday: int) -> date:
    last = date(year, month + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _holidays(start: int) -> list[tuple[date, str, str]]:
    """The demo year's days without school and their kinds: the legal holidays of EC 37220
    that fall in the school year, the winter recess (which a school month may leave out,
    EC 37201(a)), and other days without school (counted in the school month)."""
    end = start + 1
    thanksgiving = _nth_weekday(start, 11, 3, 4)
    spring = _nth_weekday(end, 4, 0, 1)
    legal, other, winter_kind = (
        Holiday.Kind.LEGAL_HOLIDAY,
        Holiday.Kind.NON_SCHOOL_DAY,
        Holiday.Kind.WINTER_RECESS,
    )
    days = [
        (_nth_weekday(start, 9, 0, 1), "Labor Day", legal),
        (date(start, 11, 11), "Veterans Day", legal),
        (thanksgiving, "Thanksgiving", legal),
        (thanksgiving + timedelta(days=1), "Thanksgiving recess", other),
        (_nth_weekday(end, 1, 0, 3), "Martin Luther King Jr. Day", legal),
        (_nth_weekday(end, 2, 0, 3), "Presidents' Day", legal),
        (_last_weekday(end, 5, 0), "Memorial Day", legal),
    ]
    winter = date(start, 12, 21)
    days += [(winter + timedelta(days=i), "Winter recess", winter_kind) for i in range(14)]
    days += [(spring + timedelta(days=i), "Spring recess", other) for i in range(5)]
    return sorted(day for day in days if day[0].weekday() < 5)


class DemoCounty:
    def __init__(self, *, students: int, seed: int, today: date, progress: Progress) -> None:
        self.n_students = students
        self.seed = seed
        self.today = today
        self.say = progress
        self.result = DemoResult()

    # --- organizations and sites -----------------------------------------------------------
    def organizations(self) -> None:
        self.county, _ = Organization.objects.get_or_create(
            code="LACOE",
            defaults={
                "kind": Organization.Kind.COUNTY,
                "name": "Los Angeles County Office of Education",
                "city": "Downey",
            },
        )
        self.districts = list(
            _ensure(
                Organization,
                "code",
                (
                    Organization(
                        kind=Organization.Kind.DISTRICT,
                        name=name,
                        code=f"D{i + 1:02d}",
                        parent=self.county,
                        city=city,
                        allows_adults_on_campus=(i % 4 == 0),
                    )
                    for i, (name, _schools, city) in enumerate(county.DISTRICTS)
                ),
            ).values()
        )
        self.districts.sort(key=lambda d: d.code)
        schools = []
        for i, (_name, names, city) in enumerate(county.DISTRICTS):
            for j, school_name in enumerate(names):
                schools.append(
                    Organization(
                        kind=Organization.Kind.SCHOOL,
                        name=school_name,
                        code=f"D{i + 1:02d}S{j + 1}",
                        parent=self.districts[i],
                        city=city,
                    )
                )
        self.schools = sorted(_ensure(Organization, "code", schools).values(), key=lambda s: s.code)
        self.schools_by_district: dict[int | None, list[Organization]] = {}
        for school in self.schools:
            self.schools_by_district.setdefault(school.parent_id, []).append(school)
        employers = [
            Organization(
                kind=Organization.Kind.EMPLOYER,
                name=name,
                code=f"E{k + 1:02d}",
                city=county.DISTRICTS[d][2],
            )
            for k, (name, _paths, d) in enumerate(county.EMPLOYERS)
        ]
        self.employers = sorted(
            _ensure(Organization, "code", employers).values(), key=lambda e: e.code
        )

        sites = [
            Site(
                kind=Site.Kind.SCHOOL,
                name=s.name,
                code=f"{s.code}-CAMPUS",
                organization=s,
                district=self.districts[int(s.code[1:3]) - 1],
                city=s.city,
            )
            for s in self.schools
        ]
        sites += [
            Site(
                kind=Site.Kind.COMMUNITY,
                name=name,
                code=f"C{k + 1:02d}",
                organization=self.county,
                district=self.districts[d],
                city=county.DISTRICTS[d][2],
            )
            for k, (name, d) in enumerate(county.CENTERS)
        ]
        sites += [
            Site(
                kind=Site.Kind.WORKSITE,
                name=f"{e.name} — {e.city}",
                code=f"{e.code}-SITE",
                organization=e,
                district=self.districts[county.EMPLOYERS[k][2]],
                city=e.city,
            )
            for k, e in enumerate(self.employers)
        ]
        self.sites = _ensure(Site, "code", sites)
        self.campus = {s.code: self.sites[f"{s.code}-CAMPUS"] for s in self.schools}
        self.centers = [self.sites[f"C{k + 1:02d}"] for k in range(len(county.CENTERS))]
        self.worksites_by_pathway: dict[str, list[Site]] = {}
        for k, (_name, paths, _d) in enumerate(county.EMPLOYERS):
            for code in paths:
                self.worksites_by_pathway.setdefault(code, []).append(
                    self.sites[f"E{k + 1:02d}-SITE"]
                )
        self.say(
            f"  {len(self.districts)} districts, {len(self.schools)} high schools, "
            f"{len(self.centers)} program centers, {len(self.employers)} employers"
        )

    # --- catalog -----------------------------------------------------------------------------
    def catalog(self) -> None:
        catalog_load_reference()
        pathways = {p.code: p for p in Pathway.objects.filter(code__in=county.COURSES)}
        state_codes: dict[str, StateCourseCode] = {}
        for sc in StateCourseCode.objects.filter(pathway__code__in=county.COURSES).order_by("code"):
            # Prefer the capstone course code of the pathway, else its concentrator course.
            assert sc.pathway is not None  # chosen by its pathway's code
            current = state_codes.get(sc.pathway.code)
            if current is None or (sc.capstone_course and not current.capstone_course):
                state_codes[sc.pathway.code] = sc
        courses = []
        for code, (title, hours, cc, cve) in county.COURSES.items():
            pathway = pathways[code]
            title_es = county.COURSES_ES.get(code, "")
            courses.append(
                Course(
                    code=f"ROP-{code}",
                    title=title,
                    title_es=title_es,
                    description_es=(
                        f"Formación inicial para carreras en {pathway.name_es.lower()}, "
                        f"del sector {pathway.sector.name_es}. {hours} horas de instrucción"
                        + (", con práctica en una empresa o agencia." if cc or cve else ".")
                    )
                    if title_es
                    else "",
                    pathway=pathway,
                    state_course_code=state_codes.get(code),
                    hours=hours,
                    allows_classroom=True,
                    allows_community_classroom=cc,
                    allows_cve=cve,
                    description=(
                        f"Entry-level training for careers in {pathway.name.lower()}, "
                        f"part of the {pathway.sector.name} industry sector. "
                        f"{hours} hours of instruction"
                        + (
                            ", with on-the-job training at a business or agency."
                            if cc or cve
                            else "."
                        )
                    ),
                )
            )
        self.courses = sorted(_ensure(Course, "code", courses).values(), key=lambda c: c.code)
        competencies = [
            Competency(
                course=course,
                number=n + 1,
                description=text.format(field=course.title.lower()),
                description_es=spanish.format(field=course.title_es.lower())
                if course.title_es
                else "",
            )
            for course in self.courses
            for n, (text, spanish) in enumerate(
                zip(county.COMPETENCIES, county.COMPETENCIES_ES, strict=True)
            )
        ]
        Competency.objects.bulk_create(competencies, ignore_conflicts=True, batch_size=2000)
        sectors = {c.pathway.sector_id for c in self.courses if c.pathway}
        self.say(f"  {len(self.courses)} courses in {len(sectors)} industry sectors")

    # --- calendar ----------------------------------------------------------------------------
    def calendar(self) -> None:
        start, end = school_year_of(self.today)
        first_day = _nth_weekday(start, 8, 0, 3) + timedelta(days=2)  # third Wednesday-ish
        last_day = _nth_weekday(end, 6, 3, 2)
        self.year, created = SchoolYear.objects.get_or_create(
            name=f"{start}-{end}",
            defaults={
                "start_date": date(start, 7, 1),
                "end_date": date(end, 6, 30),
                "first_instruction_day": first_day,
                "last_instruction_day": last_day,
            },
        )
        Holiday.objects.bulk_create(
            [
                Holiday(school_year=self.year, date=d, name=name, kind=kind)
                for d, name, kind in _holidays(start)
            ],
            ignore_conflicts=True,
        )
        if created or not self.year.school_months.exists():
            school_year_build_calendar(school_year=self.year)
        spring_start = _nth_weekday(end, 1, 0, 4)
        self.fall, _ = Term.objects.get_or_create(
            school_year=self.year,
            name="Fall",
            defaults={
                "name_es": "Otoño",
                "start_date": first_day,
                "end_date": spring_start - timedelta(days=3),
            },
        )
        self.spring, _ = Term.objects.get_or_create(
            school_year=self.year,
            name="Spring",
            defaults={"name_es": "Primavera", "start_date": spring_start, "end_date": last_day},
        )
        self.say(f"  school year {self.year.name}: instruction {first_day} to {last_day}")

    # --- people ------------------------------------------------------------------------------
    def staff(self) -> None:
        rng = _rng(self.seed, "staff")
        unusable = make_password(None)
        people = []
        for k in range(72):
            female = rng.random() < 0.55
            first = rng.choice(county.FIRST_NAMES_F if female else county.FIRST_NAMES_M)
            last = rng.choice(county.LAST_NAMES)
            people.append(
                User(
                    username=f"instructor{k + 1:02d}",
                    first_name=first,
                    last_name=last,
                    email=f"instructor{k + 1:02d}@rop.example.org",
                    password=unusable,
                )
            )
        for i in range(len(self.districts)):
            for role in ("counselor", "coordinator"):
                first = rng.choice(county.FIRST_NAMES_F + county.FIRST_NAMES_M)
                people.append(
                    User(
                        username=f"{role}{i + 1:02d}",
                        first_name=first,
                        last_name=rng.choice(county.LAST_NAMES),
                        email=f"{role}{i + 1:02d}@rop.example.org",
                        password=unusable,
                    )
                )
        for k, _e in enumerate(self.employers):
            people.append(
                User(
                    username=f"supervisor{k + 1:02d}",
                    first_name=rng.choice(county.FIRST_NAMES_F + county.FIRST_NAMES_M),
                    last_name=rng.choice(county.LAST_NAMES),
                    password=unusable,
                )
            )
        users = _ensure(User, "username", people)
        self.instructors = [users[f"instructor{k + 1:02d}"] for k in range(72)]
        wanted: list[tuple[User, str, Organization | None, Site | None]] = [
            (users[f"instructor{k + 1:02d}"], Role.INSTRUCTOR, None, None) for k in range(72)
        ]
        for i, district in enumerate(self.districts):
            wanted.append((users[f"counselor{i + 1:02d}"], Role.COUNSELOR, district, None))
            wanted.append(
                (users[f"coordinator{i + 1:02d}"], Role.DISTRICT_COORDINATOR, district, None)
            )
        for k, employer in enumerate(self.employers):
            wanted.append(
                (
                    users[f"supervisor{k + 1:02d}"],
                    Role.EMPLOYER_SUPERVISOR,
                    None,
                    self.sites[f"{employer.code}-SITE"],
                )
            )
        self._assign(wanted)

    def _assign(self, wanted: list[tuple[User, str, Organization | None, Site | None]]) -> None:
        have = set(
            RoleAssignment.objects.values_list("user_id", "role", "organization_id", "site_id")
        )
        RoleAssignment.objects.bulk_create(
            RoleAssignment(user=u, role=r, organization=o, site=s)
            for u, r, o, s in wanted
            if (u.pk, r, o.pk if o else None, s.pk if s else None) not in have
        )

    # --- sections ----------------------------------------------------------------------------
    DAY_PATTERNS = [  # (days, start, end, for adults)
        ("Mon,Tue,Wed,Thu", time(14, 30), time(17, 0), False),
        ("Mon,Tue,Wed,Thu,Fri", time(7, 30), time(9, 30), False),
        ("Mon,Wed,Fri", time(13, 0), time(15, 30), False),
        ("Tue,Thu", time(14, 45), time(18, 15), False),
        ("Mon,Tue,Wed,Thu", time(18, 0), time(21, 0), True),
        ("Tue,Thu", time(17, 30), time(21, 30), True),
        ("Sat", time(8, 0), time(14, 0), True),
    ]

    def sections(self) -> None:
        rng = _rng(self.seed, "sections")
        busy: dict[int, set[tuple[str, str, time]]] = {}
        planned: list[dict[str, Any]] = []
        for course in self.courses:
            count = 3 if course.allows_community_classroom else 2
            count += rng.random() < 0.5
            for k in range(count):
                term = self.fall if k < count - 1 or rng.random() < 0.5 else self.spring
                days, start, end, adult = rng.choice(self.DAY_PATTERNS)
                if adult or rng.random() < 0.4:
                    site = rng.choice(self.centers)
                else:
                    site = self.campus[rng.choice(self.schools).code]
                modes = course.allowed_modes()
                mode: str = InstructionMode.CLASSROOM
                if len(modes) > 1 and k > 0:
                    mode = rng.choice(modes[1:])
                slot = (term.name, days, start)
                teachers = [t for t in self.instructors if slot not in busy.get(t.pk, set())]
                teacher = rng.choice(teachers)
                busy.setdefault(teacher.pk, set()).add(slot)
                capacity = (
                    rng.choice([24, 26, 28, 30])
                    if mode != "classroom"
                    else rng.choice([24, 28, 30, 32])
                )
                planned.append(
                    dict(
                        code=f"{course.code}-{term.name[0]}{k + 1}",
                        course=course,
                        term=term,
                        site=site,
                        instructor=teacher,
                        mode=mode,
                        capacity=capacity,
                        days=days,
                        start_time=start,
                        end_time=end,
                    )
                )
        existing = set(Section.objects.values_list("code", flat=True))
        for plan in planned:
            if plan["code"] not in existing:
                section_create(actor=None, **plan)
        self.sections_list = list(
            Section.objects.filter(term__school_year=self.year)
            .select_related("course", "site", "term")
            .order_by("code")
        )
        self.say(f"  {len(self.sections_list)} sections with their meetings")

    # --- students ----------------------------------------------------------------------------
    def students(self) -> None:
        rng = _rng(self.seed, "students")
        start, _ = school_year_of(self.today)
        languages = [lang for lang, _w in county.HOME_LANGUAGES]
        weights = [w for _l, w in county.HOME_LANGUAGES]
        district_weights = [len(self.schools_by_district[d.pk]) for d in self.districts]
        rows, ssids = [], set()
        for n in range(self.n_students):
            sex = rng.choices(["F", "M", "X"], [49, 50, 1])[0]
            names = county.FIRST_NAMES_F if sex == "F" else county.FIRST_NAMES_M
            if sex == "X":
                names = county.FIRST_NAMES_F + county.FIRST_NAMES_M
            district = rng.choices(self.districts, district_weights)[0]
            adult = rng.random() < 0.22
            if adult:
                grade, school = "AD", None
                birth = date(start - rng.randint(18, 55), 1, 1) + timedelta(days=rng.randrange(365))
            else:
                grade = rng.choice(["11", "12"])
                school = rng.choice(self.schools_by_district[district.pk])
                # Juniors are 16 and seniors 17 or older on the first day of instruction.
                first = self.year.first_instruction_day
                latest = first.replace(year=first.year - (17 if grade == "12" else 16))
                birth = latest - timedelta(days=rng.randrange(365))
            hispanic = rng.random() < 0.62
            race = rng.choices(
                ["700", "200", "600", "400", "100", "300"],
                [55 if hispanic else 30, 18, 14, 6, 1, 1],
            )[0]
            language = rng.choices(languages, weights)[0]
            if hispanic and language not in ("English", "Spanish"):
                language = "Spanish"
            ssid = None
            if not adult:
                while ssid is None or ssid in ssids:
                    ssid = str(rng.randrange(10**9, 10**10))
                ssids.add(ssid)
            rows.append(
                Student(
                    local_id=f"ROP{n + 1:06d}",
                    statewide_id=ssid,
                    legal_first_name=rng.choice(names),
                    legal_last_name=rng.choice(county.LAST_NAMES),
                    birth_date=birth,
                    sex=sex,
                    hispanic_latino=hispanic,
                    races=[race],
                    grade_level=grade,
                    district_of_residence=district,
                    school_of_attendance=school,
                    has_iep=rng.random() < 0.11,
                    has_504_plan=rng.random() < 0.04,
                    english_learner=language != "English" and rng.random() < 0.35,
                    economically_disadvantaged=rng.random() < 0.64,
                    foster_youth=rng.random() < 0.01,
                    homeless=rng.random() < 0.03,
                    calworks=adult and rng.random() < 0.06,
                    wioa_intensive=adult and rng.random() < 0.03,
                    job_corps=adult and rng.random() < 0.01,
                    tap=adult and rng.random() < 0.01,
                    home_language=language,
                    directory_opt_out=rng.random() < 0.05,
                    city=district.city,
                )
            )
        self.students_list = sorted(
            _ensure(Student, "local_id", rows).values(), key=lambda s: s.local_id
        )
        guardians = [
            Guardianship(
                student=s,
                name=f"{rng.choice(county.FIRST_NAMES_F + county.FIRST_NAMES_M)} "
                f"{s.legal_last_name}",
                relationship=rng.choice(["Mother", "Father", "Guardian"]),
                phone=f"(562) 555-{rng.randrange(10000):04d}",
            )
            for s in self.students_list
            if s.grade_level != "AD"
        ]
        Guardianship.objects.bulk_create(guardians, ignore_conflicts=True, batch_size=2000)
        self.say(f"  {len(self.students_list)} students")

    # --- enrollments -------------------------------------------------------------------------
    def enrollments(self) -> None:
        rng = _rng(self.seed, "enrollments")
        seats = {s.pk: s.capacity for s in self.sections_list}
        adult_slots = {(d, st) for d, st, _e, adult in self.DAY_PATTERNS if adult}
        by_district: dict[int | None, list[Section]] = {}
        for section in self.sections_list:
            by_district.setdefault(section.site.district_id, []).append(section)
        centers = [s for s in self.sections_list if s.site.kind == Site.Kind.COMMUNITY]
        rows = []
        for student in self.students_list:
            adult = student.grade_level == "AD"
            pool = by_district.get(student.district_of_residence_id, []) + centers
            pool = [
                s
                for s in pool
                if ((s.days, s.start_time) in adult_slots) == adult
                and (not adult or s.site.kind != Site.Kind.SCHOOL)
            ]
            taken: set[tuple[str, str, time | None]] = set()
            for _k in range(1 if rng.random() < 0.7 else 2):
                options = [
                    s
                    for s in pool
                    if seats[s.pk] > 0 and (s.term.name, s.days, s.start_time) not in taken
                ]
                if not options:
                    break
                section = rng.choice(options)
                seats[section.pk] -= 1
                taken.add((section.term.name, section.days, section.start_time))
                rows.append(self._enrollment(rng, student, section))
        Enrollment.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
        self.say(f"  {len(rows)} enrollments")

    def _enrollment(self, rng: random.Random, student: Student, section: Section) -> Enrollment:
        started = section.term.start_date <= self.today
        status = Enrollment.Status.ENROLLED
        ended = None
        if not started:
            status = rng.choice(
                [
                    Enrollment.Status.REQUESTED,
                    Enrollment.Status.ADMITTED,
                    Enrollment.Status.ENROLLED,
                ]
            )
        elif rng.random() < 0.05:
            status = rng.choice([Enrollment.Status.DROPPED, Enrollment.Status.WITHDRAWN])
            span = max(1, (self.today - section.term.start_date).days)
            ended = section.term.start_date + timedelta(days=rng.randrange(span))
        worksite = None
        if section.mode != InstructionMode.CLASSROOM:
            pathway = section.course.pathway
            options = self.worksites_by_pathway.get(pathway.code if pathway else "") or list(
                s for s in self.sites.values() if s.kind == Site.Kind.WORKSITE
            )
            worksite = rng.choice(options)
        return Enrollment(
            student=student,
            section=section,
            status=status,
            enrolled_on=section.term.start_date,
            ended_on=ended,
            worksite=worksite,
        )

    # --- attendance --------------------------------------------------------------------------
    def attendance(self) -> None:
        meetings: dict[int, list[Meeting]] = {}
        for meeting in Meeting.objects.filter(
            section__term__school_year=self.year, date__lt=self.today
        ).order_by("section_id", "date"):
            meetings.setdefault(meeting.section_id, []).append(meeting)
        enrollments = (
            Enrollment.objects.filter(
                section__term__school_year=self.year,
                status__in=[
                    *Enrollment.SEATED,
                    Enrollment.Status.DROPPED,
                    Enrollment.Status.WITHDRAWN,
                ],
            )
            .select_related("student")
            .order_by("section_id", "student__local_id")
        )
        by_section: dict[int, list[Enrollment]] = {}
        for enrollment in enrollments:
            by_section.setdefault(enrollment.section_id, []).append(enrollment)
        total = 0
        batch: list[AttendanceRecord] = []
        for section in self.sections_list:
            rng = _rng(self.seed, f"attendance:{section.code}")
            for meeting in meetings.get(section.pk, []):
                for enrollment in by_section.get(section.pk, []):
                    if enrollment.ended_on and meeting.date >= enrollment.ended_on:
                        continue
                    batch.append(self._mark(rng, enrollment, meeting))
            if len(batch) > 20000:
                AttendanceRecord.objects.bulk_create(batch, ignore_conflicts=True, batch_size=5000)
                total += len(batch)
                batch = []
        AttendanceRecord.objects.bulk_create(batch, ignore_conflicts=True, batch_size=5000)
        total += len(batch)
        self.say(f"  {total} attendance records up to {self.today - timedelta(days=1)}")

    @staticmethod
    def _mark(rng: random.Random, enrollment: Enrollment, meeting: Meeting) -> AttendanceRecord:
        roll = rng.random()
        arrived: time | None = meeting.start_time
        departed: time | None = meeting.end_time
        base = date(2000, 1, 1)
        if roll < 0.07:
            arrived = departed = None
        elif roll < 0.11:  # tardy
            arrived = (_at(base, meeting.start_time) + timedelta(minutes=rng.randint(5, 50))).time()
        elif roll < 0.14:  # left early
            departed = (_at(base, meeting.end_time) - timedelta(minutes=rng.randint(15, 70))).time()
        return AttendanceRecord(
            enrollment=enrollment,
            meeting=meeting,
            arrived=arrived,
            departed=departed,
            # The same rule as every other write (attendance.rules).
            credited_minutes=credited_minutes(
                meeting.start_time, meeting.end_time, arrived, departed
            ),
            source=AttendanceRecord.Source.DEMO,
        )

    # --- the demo logins ---------------------------------------------------------------------
    def logins(self) -> None:
        password = make_password(DEMO_PASSWORD)
        downey = self.districts[8]
        downey_high = self.schools_by_district[downey.pk][0]
        # The demo student: a Downey High junior in a community-classroom section, so that the
        # instructor, the site supervisor and the parent each see them.
        section = next(
            s
            for s in self.sections_list
            if s.course.pathway is not None
            and s.course.pathway.code == "198"
            and s.mode != "classroom"
            and s.term_id == self.fall.pk
        )
        worksite = self.sites["E01-SITE"]  # Gateway Regional Medical Center
        teacher = section.instructor
        assert teacher is not None  # every demo section has its instructor
        start, _ = school_year_of(self.today)
        demo = dict(
            admin=("Alicia", "Navarro", Role.ADMINISTRATOR, None, None),
            support=("Denise", "Okafor", Role.SUPPORT_SERVICES, None, None),
            coordinator=("Ray", "Delgado", Role.DISTRICT_COORDINATOR, downey, None),
            counselor=("Grace", "Kim", Role.COUNSELOR, downey, None),
            instructor=(
                teacher.first_name,
                teacher.last_name,
                Role.INSTRUCTOR,
                None,
                None,
            ),
            supervisor=("Monique", "Harris", Role.EMPLOYER_SUPERVISOR, None, worksite),
            student=("Sofia", "Ramirez", Role.STUDENT, None, None),
            parent=("Elena", "Ramirez", Role.PARENT, None, None),
        )
        users = _ensure(
            User,
            "username",
            (
                User(
                    username=name,
                    first_name=first,
                    last_name=last,
                    password=password,
                    email=f"{name}@rop.example.org",
                    is_staff=(role == Role.ADMINISTRATOR),
                )
                for name, (first, last, role, _o, _s) in demo.items()
            ),
        )
        self._assign(
            [(users[name], role, org, site) for name, (_f, _l, role, org, site) in demo.items()]
        )
        if section.instructor_id != users["instructor"].pk:
            # The demo instructor takes over the demo student's section and its sisters.
            Section.objects.filter(instructor=section.instructor).update(
                instructor=users["instructor"]
            )
        student, _ = Student.objects.get_or_create(
            local_id="ROP-DEMO-1",
            defaults=dict(
                user=users["student"],
                legal_first_name="Sofia",
                legal_last_name="Ramirez",
                birth_date=date(start - 17, 10, 14),
                sex="F",
                hispanic_latino=True,
                races=["700"],
                grade_level="11",
                district_of_residence=downey,
                school_of_attendance=downey_high,
                home_language="Spanish",
                english_learner=False,
                economically_disadvantaged=True,
                email="student@rop.example.org",
                city="Downey",
            ),
        )
        Guardianship.objects.get_or_create(
            student=student,
            name="Elena Ramirez",
            defaults=dict(
                user=users["parent"],
                relationship="Mother",
                email="parent@rop.example.org",
                phone="(562) 555-0142",
            ),
        )
        other = next(
            s
            for s in self.sections_list
            if s.site.district_id == downey.pk
            and s.mode == "classroom"
            and s.term_id == self.fall.pk
            and s.days != section.days
            and s.start_time is not None
            and s.start_time.hour < 17
        )
        for chosen, site in ((section, worksite), (other, None)):
            enrollment, created = Enrollment.objects.get_or_create(
                student=student,
                section=chosen,
                defaults=dict(
                    status=Enrollment.Status.ENROLLED,
                    enrolled_on=chosen.term.start_date,
                    worksite=site,
                ),
            )
            if created:
                rng = _rng(self.seed, f"demo-student:{chosen.code}")
                AttendanceRecord.objects.bulk_create(
                    [
                        self._mark(rng, enrollment, m)
                        for m in chosen.meetings.filter(date__lt=self.today).order_by("date")
                    ],
                    ignore_conflicts=True,
                )
        assert [(name, spec[2]) for name, spec in demo.items()] == DEMO_LOGINS

    def build(self) -> DemoResult:
        steps = [
            ("organizations and sites", self.organizations),
            ("catalog", self.catalog),
            ("calendar", self.calendar),
            ("staff", self.staff),
            ("sections", self.sections),
            ("students", self.students),
            ("enrollments", self.enrollments),
            ("attendance", self.attendance),
            ("demo logins", self.logins),
            ("admissions", lambda: seed_admissions(today=self.today)),
            ("career guidance", lambda: seed_careers(seed=self.seed, today=self.today)),
            ("complaints", lambda: seed_complaints(today=self.today, password=DEMO_PASSWORD)),
            ("work-based learning", lambda: seed_worksite(today=self.today)),
            ("marks and credits", lambda: seed_marks(today=self.today, seed=self.seed)),
            ("district return codes", lambda: seed_returns(seed=self.seed)),
            (
                "partners and committees",
                lambda: seed_partners(today=self.today, students=self.n_students),
            ),
            (
                "outcomes",
                lambda: seed_outcomes(seed=self.seed, today=self.today, scale=self.n_students),
            ),
            # Last: a portfolio's verified entries come from every other app's records.
            ("career portfolios", lambda: seed_portfolio(today=self.today, seed=self.seed)),
        ]
        for number, (label, step) in enumerate(steps, start=1):
            self.say(f"[{number}/{len(steps)}] {label}")
            step()
        self.result.counts = {
            "districts": Organization.objects.filter(kind="district").count(),
            "schools": Organization.objects.filter(kind="school").count(),
            "courses": Course.objects.count(),
            "sections": Section.objects.count(),
            "students": Student.objects.count(),
            "enrollments": Enrollment.objects.count(),
            "attendance records": AttendanceRecord.objects.count(),
        }
        return self.result


def _at(day: date, moment: time) -> Any:
    from datetime import datetime

    return datetime.combine(day, moment)


def seed_demo(
    *,
    students: int = 1500,
    seed: int = 2026,
    today: date,
    progress: Progress = lambda message: None,
) -> DemoResult:
    """Build (or complete) the demo county in one transaction."""
    with transaction.atomic():
        return DemoCounty(students=students, seed=seed, today=today, progress=progress).build()
