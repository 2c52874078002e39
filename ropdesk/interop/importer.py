"""Importing a OneRoster 1.1 CSV package (docs/import-formats.md).

Three steps: read every file and value (reader.py), check every reference against the package
and what ropdesk already holds, then — only when nothing at all is wrong — apply everything in
one transaction, comparing values so that importing the same package twice changes nothing.
Bulk files add and update; delta files also remove (status=tobedeleted). Records that history
hangs on (attendance, certificates) are never deleted: their enrollments are ended instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from ropdesk.catalog.models import Course, Pathway, StateCourseCode
from ropdesk.catalog.services import CA_CTE_DIR, catalog_load_reference
from ropdesk.core.models import (
    Guardianship,
    Organization,
    Role,
    RoleAssignment,
    Site,
    Student,
    User,
)
from ropdesk.core.services import audit_record
from ropdesk.enrollment.categories import SPECIAL_PROGRAMS, student_categories_follow
from ropdesk.enrollment.models import Enrollment, EnrollmentEvent
from ropdesk.enrollment.services import enrollments_derive_funding
from ropdesk.interop import sourced, spec
from ropdesk.interop.models import SourcedId
from ropdesk.interop.reader import Package, Problem, Record, read_package
from ropdesk.scheduling.calendar import kind_for_name
from ropdesk.scheduling.models import Holiday, Meeting, SchoolYear, Section, Term
from ropdesk.scheduling.services import (
    school_year_build_calendar,
    section_create,
    section_generate_meetings,
)

Progress = Callable[[int, str], None]
ACTIONS = ("created", "updated", "unchanged", "deleted", "ended", "kept")


@dataclass
class Outcome:
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def bump(self, file: str, action: str, n: int = 1) -> None:
        self.counts.setdefault(file, dict.fromkeys(ACTIONS, 0))[action] += n

    @property
    def changed(self) -> bool:
        return any(c[a] for c in self.counts.values() for a in ACTIONS if a != "unchanged")


def _save(obj: models.Model, values: dict[str, Any]) -> str:
    """Set the values on obj and save only when one differs: created, updated or unchanged."""
    if obj.pk is None:
        for name, value in values.items():
            setattr(obj, name, value)
        obj.save()
        return "created"
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if not changed:
        return "unchanged"
    obj.save(update_fields=changed)
    return "updated"


def _try_delete(obj: models.Model) -> bool:
    try:
        with transaction.atomic():
            obj.delete()
    except (ProtectedError, IntegrityError):
        return False
    return True


class Importer:
    """Checks and applies one package. `problems` after check(); `outcome` after apply()."""

    def __init__(self, package: Package, *, actor: Any, progress: Progress | None = None) -> None:
        self.p = package
        self.actor = actor if getattr(actor, "pk", None) else None
        self.progress = progress or (lambda percent, step: None)
        self.outcome = Outcome()
        self.live: dict[str, dict[str, Record]] = {
            name: {r.sid: r for r in package.rows(name) if not r.deleted} for name in spec.COLUMNS
        }
        self.demographics = {r.sid: r for r in package.rows("demographics.csv")}

    def add(self, r: Record, column: str, reason: str) -> None:
        self.p.add(r.file, r.row, column, reason)

    def unknown(self, r: Record, column: str, sid: str) -> None:
        reason = _("No record has the sourcedId “%(sid)s”, in this package or in ropdesk.")
        self.add(r, column, reason % {"sid": sid})

    # --- checking references -------------------------------------------------------------------

    def check(self) -> list[Problem]:
        self.db_orgs = {
            o.code: o.kind
            for o in Organization.objects.filter(code__in=self._refs_to_orgs()).only("code", "kind")
        }
        self._check_orgs()
        self._check_sessions()
        self._check_courses()
        self._check_classes()
        self._check_users()
        self._check_enrollments()
        self._check_demographics()
        return self.p.problems

    def _refs_to_orgs(self) -> set[str]:
        refs: set[str] = set()
        for r in self.p.rows("orgs.csv"):
            refs |= {r.sid, r.get("parentSourcedId")}
        for r in self.p.rows("courses.csv"):
            refs.add(r.get("orgSourcedId"))
        for r in self.p.rows("classes.csv") + self.p.rows("enrollments.csv"):
            refs.add(r.get("schoolSourcedId"))
        for r in self.p.rows("users.csv"):
            refs |= set(r.parsed.get("orgs", []))
        return refs - {""}

    def org_kind(self, sid: str) -> str | None:
        found = self.live["orgs.csv"].get(sid)
        return found.parsed.get("kind") if found is not None else self.db_orgs.get(sid)

    def _check_orgs(self) -> None:
        for r in self.live["orgs.csv"].values():
            parent = r.get("parentSourcedId")
            if parent and self.org_kind(parent) is None:
                self.unknown(r, "parentSourcedId", parent)
            if r.parsed["kind"] == "school" and self.org_kind(parent) != "district":
                self.add(r, "parentSourcedId", _("A school needs its district as parentSourcedId."))

    def session(self, sid: str) -> str | None:
        """'year' or 'term' for a known session sourcedId, else None."""
        found = self.live["academicSessions.csv"].get(sid)
        if found is not None:
            return "year" if found.get("type") == "schoolYear" else "term"
        obj = sourced.find_session(sid)
        return None if obj is None else ("year" if isinstance(obj, SchoolYear) else "term")

    def _check_sessions(self) -> None:
        for r in self.live["academicSessions.csv"].values():
            year = r.parsed["year"]
            if r.get("type") == "schoolYear":
                if (
                    year
                    and r.parsed["start"]
                    and not (
                        date(year - 1, 7, 1)
                        <= r.parsed["start"]
                        <= r.parsed["end"]
                        <= date(year, 6, 30)
                    )
                ):
                    reason = _(
                        "A school year's dates must fall between July 1 and June 30 of %(y)s."
                    )
                    self.add(r, "startDate", reason % {"y": f"{year - 1}-{year}"})
            elif self._year_of_term(r) is None:
                parent = r.get("parentSourcedId")
                if parent:
                    self.unknown(r, "parentSourcedId", parent)
                else:
                    self.add(
                        r, "parentSourcedId", _("A term needs its school year as parentSourcedId.")
                    )

    def _year_of_term(self, r: Record) -> str | None:
        parent = r.get("parentSourcedId")
        if parent:
            return parent if self.session(parent) == "year" else None
        return None

    def _check_courses(self) -> None:
        pathways = set(Pathway.objects.values_list("code", flat=True)) or _reference_pathways()
        codes = set(StateCourseCode.objects.values_list("code", flat=True))
        existing = set(
            Course.objects.filter(code__in=self.live["courses.csv"]).values_list("code", flat=True)
        )
        for r in self.live["courses.csv"].values():
            org = r.get("orgSourcedId")
            if org and self.org_kind(org) is None:
                self.unknown(r, "orgSourcedId", org)
            pathway = r.get("metadata.ropdesk.pathway")
            if pathway and pathway not in pathways:
                self.add(r, "metadata.ropdesk.pathway", _("No CALPADS pathway has this code."))
            state = r.get("metadata.ropdesk.stateCourseCode")
            if state and codes and state not in codes:
                self.add(
                    r,
                    "metadata.ropdesk.stateCourseCode",
                    _("No state course code is %(c)s.") % {"c": state},
                )
            if r.sid not in existing:
                for column in ("metadata.ropdesk.pathway", "metadata.ropdesk.hours"):
                    if not r.get(column):
                        self.add(r, column, _("A new course needs this extension column."))

    def course_modes(self, sid: str) -> list[str] | None:
        found = self.live["courses.csv"].get(sid)
        if found is not None:
            if found.parsed["modes"] or not Course.objects.filter(code=sid).exists():
                return found.parsed["modes"] or ["classroom"]
        course = Course.objects.filter(code=sid).first()
        return None if course is None else course.allowed_modes()

    def _check_classes(self) -> None:
        existing = set(
            Section.objects.filter(code__in=self.live["classes.csv"]).values_list("code", flat=True)
        )
        for r in self.live["classes.csv"].values():
            modes = self.course_modes(r.get("courseSourcedId"))
            if r.get("courseSourcedId") and modes is None:
                self.unknown(r, "courseSourcedId", r.get("courseSourcedId"))
            elif r.parsed["mode"] and r.parsed["mode"] not in modes:
                self.add(
                    r,
                    "metadata.ropdesk.mode",
                    _("The course is not approved for this instruction mode."),
                )
            school = r.get("schoolSourcedId")
            if school and self.org_kind(school) is None:
                self.unknown(r, "schoolSourcedId", school)
            for term in r.parsed["terms"]:
                kind = self.session(term)
                if kind is None:
                    self.unknown(r, "termSourcedIds", term)
                elif kind != "term":
                    self.add(
                        r, "termSourcedIds", _("A class meets in a term, not a whole school year.")
                    )
            if r.sid not in existing:
                for column in (
                    "metadata.ropdesk.days",
                    "metadata.ropdesk.startTime",
                    "metadata.ropdesk.endTime",
                ):
                    if not r.get(column):
                        self.add(r, column, _("A new class needs this extension column."))

    def user_role(self, sid: str) -> str | None:
        found = self.live["users.csv"].get(sid)
        if found is not None:
            return found.get("role")
        if Student.objects.filter(local_id=sid).exists():
            return "student"
        return "teacher" if sourced.find_teacher(sid) is not None else None

    def _check_users(self) -> None:
        existing = set(
            Student.objects.filter(local_id__in=self.live["users.csv"]).values_list(
                "local_id", flat=True
            )
        )
        for r in self.live["users.csv"].values():
            for org in r.parsed["orgs"]:
                if self.org_kind(org) is None:
                    self.unknown(r, "orgSourcedIds", org)
            role = r.get("role")
            if role == "student":
                kinds = [self.org_kind(o) for o in r.parsed["orgs"]]
                if "district" not in kinds and "school" not in kinds:
                    self.add(r, "orgSourcedIds", _("A student needs a school or district."))
                demo = self.demographics.get(r.sid)
                if r.sid not in existing and (
                    demo is None or not demo.parsed.get("birth") or not demo.parsed.get("sex")
                ):
                    self.add(
                        r,
                        "sourcedId",
                        _("A new student needs a demographics row with birthDate and sex."),
                    )
            if role in spec.GUARDIAN_ROLES:
                for agent in r.parsed["agents"]:
                    if self.user_role(agent) != "student":
                        self.unknown(r, "agentSourcedIds", agent)

    def _check_enrollments(self) -> None:
        for r in self.p.rows("enrollments.csv"):
            klass = r.get("classSourcedId")
            if (
                klass
                and klass not in self.live["classes.csv"]
                and not Section.objects.filter(code=klass).exists()
            ):
                self.unknown(r, "classSourcedId", klass)
            school = r.get("schoolSourcedId")
            if school and self.org_kind(school) is None:
                self.unknown(r, "schoolSourcedId", school)
            user = r.get("userSourcedId")
            role = self.user_role(user) if user else ""
            if user and role is None:
                self.unknown(r, "userSourcedId", user)
            elif user and r.parsed["role"] in ("student", "teacher") and role != r.parsed["role"]:
                reason = _("The user is not a %(role)s.") % {"role": r.parsed["role"]}
                self.add(r, "userSourcedId", reason)

    def _check_demographics(self) -> None:
        for r in self.p.rows("demographics.csv"):
            if r.sid and self.user_role(r.sid) != "student":
                self.unknown(r, "sourcedId", r.sid)

    # --- applying --------------------------------------------------------------------------------

    def apply(self) -> Outcome:
        """Write everything, inside the caller's transaction."""
        steps = [
            (_("organizations"), self._apply_orgs),
            (_("school years and terms"), self._apply_sessions),
            (_("courses"), self._apply_courses),
            (_("people"), self._apply_users),
            (_("classes"), self._apply_classes),
            (_("enrollments"), self._apply_enrollments),
            (_("removals"), self._apply_deletions),
            (_("attendance"), self._apply_attendance),
            (_("job-site hours"), self._apply_job_site_hours),
        ]
        for number, (label, step) in enumerate(steps):
            self.progress(40 + 60 * number // len(steps), label)
            step()
        return self.outcome

    def _org(self, sid: str) -> Organization | None:
        return Organization.objects.filter(code=sid).first() if sid else None

    def _apply_orgs(self) -> None:
        order = {"county": 0, "district": 1, "school": 2}
        for r in sorted(self.live["orgs.csv"].values(), key=lambda r: order[r.parsed["kind"]]):
            org = self._org(r.sid) or Organization(code=r.sid)
            values = {
                "kind": r.parsed["kind"],
                "name": r.get("name"),
                "parent": self._org(r.get("parentSourcedId")),
            }
            self.outcome.bump("orgs.csv", _save(org, values))

    def _apply_sessions(self) -> None:
        rows = self.live["academicSessions.csv"].values()
        for r in [r for r in rows if r.get("type") == "schoolYear"]:
            self._apply_year(r)
        for r in [r for r in rows if r.get("type") != "schoolYear"]:
            found = sourced.find_session(r.sid)
            year = sourced.find_session(r.get("parentSourcedId"))
            assert isinstance(year, SchoolYear)
            term = found if isinstance(found, Term) else None
            term = (
                term
                or Term.objects.filter(school_year=year, name=r.get("title")[:60]).first()
                or Term()
            )
            values = {
                "school_year": year,
                "name": r.get("title")[:60],
                "start_date": r.parsed["start"],
                "end_date": r.parsed["end"],
            }
            self.outcome.bump("academicSessions.csv", _save(term, values))
            sourced.remember(SourcedId.Kind.SESSION, r.sid, term)

    def _apply_year(self, r: Record) -> None:
        y = r.parsed["year"]
        name = f"{y - 1}-{y}"
        found = sourced.find_session(r.sid)
        year = found if isinstance(found, SchoolYear) else None
        year = year or SchoolYear.objects.filter(name=name).first() or SchoolYear()
        values = {
            "name": name,
            "start_date": date(y - 1, 7, 1),
            "end_date": date(y, 6, 30),
            "first_instruction_day": r.parsed["start"],
            "last_instruction_day": r.parsed["end"],
        }
        action = _save(year, values)
        if r.get("metadata.ropdesk.holidays") or action == "created":
            wanted = dict(r.parsed["holidays"])
            have = dict(year.holidays.values_list("date", "name"))
            if wanted != have:
                year.holidays.all().delete()
                Holiday.objects.bulk_create(
                    Holiday(school_year=year, date=d, name=n[:120], kind=kind_for_name(n))
                    for d, n in wanted.items()
                )
                action = "updated" if action == "unchanged" else action
        if action != "unchanged" or not year.school_months.exists():
            school_year_build_calendar(school_year=year)
        self.outcome.bump("academicSessions.csv", action)
        sourced.remember(SourcedId.Kind.SESSION, r.sid, year)

    def _apply_courses(self) -> None:
        if self.live["courses.csv"] and not Pathway.objects.exists():
            catalog_load_reference()  # the state catalog is reference data every course needs
        for r in self.live["courses.csv"].values():
            course = Course.objects.filter(code=r.sid).first() or Course(code=r.sid)
            values: dict[str, Any] = {"title": r.get("title")[:200], "active": True}
            if r.get("metadata.ropdesk.pathway"):
                values["pathway"] = Pathway.objects.get(code=r.get("metadata.ropdesk.pathway"))
            if r.parsed["hours"]:
                values["hours"] = r.parsed["hours"]
            if r.get("metadata.ropdesk.modes") or course.pk is None:
                modes = r.parsed["modes"] or ["classroom"]
                values["allows_classroom"] = "classroom" in modes
                values["allows_community_classroom"] = "community_classroom" in modes
                values["allows_cve"] = "cve" in modes
            if "metadata.ropdesk.stateCourseCode" in r.values:
                code = r.get("metadata.ropdesk.stateCourseCode")
                values["state_course_code"] = (
                    StateCourseCode.objects.filter(code=code).first() if code else None
                )
            self.outcome.bump("courses.csv", _save(course, values))

    # --- people ----------------------------------------------------------------------------------

    def _apply_users(self) -> None:
        rows = list(self.live["users.csv"].values())
        for r in rows:
            if r.get("role") == "teacher":
                self._apply_teacher(r)
            elif r.get("role") == "student":
                self._apply_student(r)
            elif r.get("role") in spec.STAFF_ROLES_SKIPPED:
                self.outcome.bump("users.csv", "kept")
        for r in self.p.rows("demographics.csv"):
            if r.sid not in self.live["users.csv"] and not r.deleted:
                self._apply_demographics_only(r)
        self._apply_guardians(rows)

    def _apply_teacher(self, r: Record) -> None:
        user = sourced.find_teacher(r.sid, r.get("username")) or User(
            username=r.get("username")[:150]
        )
        if user.pk is None:
            user.set_unusable_password()
        values = {
            "first_name": r.get("givenName")[:150],
            "last_name": r.get("familyName")[:150],
            "email": r.get("email"),
            "is_active": r.get("enabledUser") == "true",
        }
        action = _save(user, values)
        _, added = RoleAssignment.objects.get_or_create(
            user=user, role=Role.INSTRUCTOR, organization=None, site=None
        )
        self.outcome.bump("users.csv", "updated" if added and action == "unchanged" else action)
        sourced.remember(SourcedId.Kind.TEACHER, r.sid, user)

    def _student_orgs(self, r: Record) -> tuple[Organization, Organization | None]:
        orgs = [self._org(sid) for sid in r.parsed["orgs"]]
        school = next((o for o in orgs if o and o.kind == "school"), None)
        district = next((o for o in orgs if o and o.kind == "district"), None)
        return district or school.parent, school  # type: ignore[union-attr,return-value]

    def _apply_student(self, r: Record) -> None:
        student = Student.objects.filter(local_id=r.sid).first() or Student(local_id=r.sid)
        status_before = _funding_status(student) if student.pk else None
        district, school = self._student_orgs(r)
        values: dict[str, Any] = {
            "legal_first_name": r.get("givenName")[:80],
            "legal_last_name": r.get("familyName")[:80],
            "legal_middle_name": r.get("middleName")[:80],
            "email": r.get("email"),
            "phone": (r.get("phone") or r.get("sms"))[:40],
            "statewide_id": r.parsed["ssid"] or None,
            "grade_level": r.parsed["grade"],
            "district_of_residence": district,
            "school_of_attendance": school,
        }
        if "metadata.ropdesk.preferredName" in r.values:
            values["preferred_name"] = r.get("metadata.ropdesk.preferredName")[:80]
        if "metadata.ropdesk.programs" in r.values:
            for program, name in spec.PROGRAMS.items():
                values[name] = program in r.parsed["programs"]
        demo = self.demographics.get(r.sid)
        if demo is not None and not demo.deleted:
            values.update(_demographic_values(demo))
        self.outcome.bump("users.csv", _save(student, values))
        if status_before is not None and status_before != _funding_status(student):
            # A new grade or program changes the category of attendance from today on, not
            # of the hours already earned (EC 52302.8).
            student_categories_follow(
                actor=self.actor, student=student, effective_on=timezone.localdate()
            )
        if demo is not None and not demo.deleted:
            self.outcome.bump("demographics.csv", "unchanged")

    def _apply_demographics_only(self, r: Record) -> None:
        student = Student.objects.get(local_id=r.sid)
        self.outcome.bump("demographics.csv", _save(student, _demographic_values(r)))

    def _apply_guardians(self, rows: list[Record]) -> None:
        links: dict[str, set[str]] = defaultdict(set)  # guardian sid -> student sids
        for r in rows:
            if r.get("role") == "student":
                for agent in r.parsed["agents"]:
                    if (
                        agent in self.live["users.csv"]
                        and self.live["users.csv"][agent].get("role") in spec.GUARDIAN_ROLES
                    ):
                        links[agent].add(r.sid)
            elif r.get("role") in spec.GUARDIAN_ROLES:
                links[r.sid] |= set(r.parsed["agents"])
        for sid, students in links.items():
            r = self.live["users.csv"][sid]
            name = f"{r.get('givenName')} {r.get('familyName')}"[:160]
            account = User.objects.filter(username=r.get("username")).first()
            for student in Student.objects.filter(local_id__in=students):
                found = Guardianship.objects.filter(student=student, name=name).first()
                values = {
                    "relationship": (
                        r.get("metadata.ropdesk.relationship") or r.get("role").title()
                    )[:40],
                    "email": r.get("email"),
                    "phone": (r.get("phone") or r.get("sms"))[:40],
                }
                if account is not None:
                    values["user"] = account
                self.outcome.bump(
                    "users.csv", _save(found or Guardianship(student=student, name=name), values)
                )

    # --- classes and enrollments -----------------------------------------------------------------

    def _teachers_of_classes(self) -> dict[str, str]:
        teachers: dict[str, tuple[bool, str]] = {}
        for r in self.p.rows("enrollments.csv"):
            if r.parsed["role"] == "teacher" and not r.deleted:
                primary = bool(r.parsed["primary"])
                current = teachers.get(r.get("classSourcedId"))
                if current is None or (primary and not current[0]):
                    teachers[r.get("classSourcedId")] = (primary, r.get("userSourcedId"))
        return {klass: user for klass, (_p, user) in teachers.items()}

    def _teacher(self, sid: str) -> User | None:
        row = self.live["users.csv"].get(sid)
        return sourced.find_teacher(sid, row.get("username") if row else "")

    def _site(self, r: Record) -> Site:
        org = Organization.objects.get(code=r.get("schoolSourcedId"))
        code = r.get("metadata.ropdesk.siteCode") or f"{org.code}-CAMPUS"
        site = Site.objects.filter(code=code).first()
        if site is not None:
            return site
        kind = r.get("metadata.ropdesk.siteKind") or (
            "school" if org.kind == "school" else "community"
        )
        owner = org
        if kind == "community":
            owner = Organization.objects.filter(kind="county").first() or org
        return Site.objects.create(
            kind=kind,
            code=code,
            name=(r.get("metadata.ropdesk.siteName") or r.get("location") or org.name)[:200],
            organization=owner,
            district=org.district,
        )

    def _apply_classes(self) -> None:
        teachers = self._teachers_of_classes()
        for r in self.live["classes.csv"].values():
            section = Section.objects.filter(code=r.sid).first()
            term = sourced.find_session(r.parsed["terms"][0])
            values: dict[str, Any] = {
                "course": Course.objects.get(code=r.get("courseSourcedId")),
                "term": term,
                "site": self._site(r),
            }
            if r.sid in teachers:
                values["instructor"] = self._teacher(teachers[r.sid])
            elif section is None:
                values["instructor"] = None
            for name, column in (
                ("mode", "mode"),
                ("days", "days"),
                ("start_time", "start"),
                ("end_time", "end"),
                ("capacity", "capacity"),
            ):
                if r.parsed[column]:
                    values[name] = r.parsed[column]
            if section is None:
                values.setdefault("mode", "classroom")
                values.setdefault("capacity", 30)
                section_create(actor=self.actor, code=r.sid, **values)
                self.outcome.bump("classes.csv", "created")
                continue
            action = _save(section, values)
            if action == "updated":
                section_generate_meetings(section=section)
            self.outcome.bump("classes.csv", action)

    def _apply_enrollments(self) -> None:
        new: list[int] = []
        for r in self.p.rows("enrollments.csv"):
            if r.deleted:
                continue
            if r.parsed["role"] != "student":
                self.outcome.bump(
                    "enrollments.csv", "unchanged" if r.parsed["role"] == "teacher" else "kept"
                )
                continue
            student = Student.objects.get(local_id=r.get("userSourcedId"))
            section = Section.objects.get(code=r.get("classSourcedId"))
            enrollment = Enrollment.objects.filter(student=student, section=section).first()
            values: dict[str, Any] = {"enrolled_on": r.parsed["begin"], "ended_on": r.parsed["end"]}
            if r.parsed["status"] or enrollment is None:
                values["status"] = r.parsed["status"] or Enrollment.Status.ENROLLED
            action = _save(enrollment or Enrollment(student=student, section=section), values)
            if action == "created":
                new.append(Enrollment.objects.get(student=student, section=section).pk)
            self.outcome.bump("enrollments.csv", action)
        if new:
            enrollments_derive_funding(Enrollment.objects.filter(pk__in=new))

    # --- delta removals ---------------------------------------------------------------------------

    def _end(self, enrollment: Enrollment, file: str, day: date | None) -> None:
        """Remove an enrollment, or end it when attendance or a completion hangs on it."""
        if _try_delete(enrollment):
            self.outcome.bump(file, "deleted")
            return
        if enrollment.status in Enrollment.ENDED:
            self.outcome.bump(file, "unchanged")
            return
        before = enrollment.status
        enrollment.status = Enrollment.Status.DROPPED
        enrollment.ended_on = day or timezone.localdate()
        enrollment.status_reason = _("Removed by a OneRoster delta import.")
        enrollment.save(update_fields=["status", "ended_on", "status_reason", "updated_at"])
        EnrollmentEvent.objects.create(
            enrollment=enrollment,
            from_status=before,
            to_status=enrollment.status,
            at=timezone.now(),
            by=self.actor,
            reason=enrollment.status_reason,
        )
        self.outcome.bump(file, "ended")

    def _apply_deletions(self) -> None:
        gone = {name: [r for r in self.p.rows(name) if r.deleted] for name in spec.COLUMNS}
        for r in gone["enrollments.csv"]:
            section = Section.objects.filter(code=r.get("classSourcedId")).first()
            if r.parsed["role"] == "teacher":
                teacher = self._teacher(r.get("userSourcedId"))
                if section and teacher and section.instructor_id == teacher.pk:
                    section.instructor = None
                    section.save(update_fields=["instructor"])
                self.outcome.bump("enrollments.csv", "deleted")
                continue
            enrollment = Enrollment.objects.filter(
                section=section, student__local_id=r.get("userSourcedId")
            ).first()
            if enrollment is not None:
                self._end(enrollment, "enrollments.csv", r.parsed["end"])
        for r in gone["classes.csv"]:
            section = Section.objects.filter(code=r.sid).first()
            if section is not None:
                for enrollment in section.enrollments.all():
                    self._end(enrollment, "enrollments.csv", None)
                self.outcome.bump("classes.csv", "deleted" if _try_delete(section) else "kept")
        for r in gone["users.csv"]:
            self._remove_user(r)
        for r in gone["courses.csv"]:
            course = Course.objects.filter(code=r.sid).first()
            if course is not None and not _try_delete(course):
                course.active = False
                course.save(update_fields=["active"])
                self.outcome.bump("courses.csv", "kept")
            elif course is not None:
                self.outcome.bump("courses.csv", "deleted")
        for r in gone["academicSessions.csv"]:
            session = sourced.find_session(r.sid)
            if session is not None:
                self.outcome.bump(
                    "academicSessions.csv", "deleted" if _try_delete(session) else "kept"
                )
        for r in gone["orgs.csv"]:
            org = self._org(r.sid)
            if org is not None:
                self.outcome.bump("orgs.csv", "deleted" if _try_delete(org) else "kept")

    def _remove_user(self, r: Record) -> None:
        role = r.get("role")
        if role == "student":
            student = Student.objects.filter(local_id=r.sid).first()
            if student is None:
                return
            for enrollment in student.enrollments.all():
                self._end(enrollment, "enrollments.csv", None)
            self.outcome.bump("users.csv", "deleted" if _try_delete(student) else "kept")
        elif role == "teacher":
            teacher = self._teacher(r.sid)
            if teacher is not None:
                RoleAssignment.objects.filter(user=teacher, role=Role.INSTRUCTOR).delete()
                teacher.is_active = False
                teacher.save(update_fields=["is_active"])
                self.outcome.bump("users.csv", "ended")
        elif role in spec.GUARDIAN_ROLES:
            name = f"{r.get('givenName')} {r.get('familyName')}"
            removed, _rows = Guardianship.objects.filter(
                student__local_id__in=r.parsed["agents"], name=name
            ).delete()
            self.outcome.bump("users.csv", "deleted", removed)

    # --- attendance (ropdesk's extension file) ----------------------------------------------------

    def _apply_attendance(self) -> None:
        """Restore attendance.csv through the attendance import's parser and writer. The
        records were checked by ropdesk's rules when they were taken, so only their student,
        section and meeting are looked up here (not the roster dates: an export may hold a
        record of the day a course was completed)."""
        if self.p.attendance is None:
            return
        from ropdesk.attendance import imports

        rows, errors = imports.parse(imports.decode(self.p.attendance))
        enrollments = {
            (e.student.local_id, e.section.code): e
            for e in Enrollment.objects.select_related("student", "section").filter(
                section__code__in={r.section_id for r in rows}
            )
        }
        meetings = {
            (m.section.code, m.date): m
            for m in Meeting.objects.select_related("section").filter(
                section__code__in={r.section_id for r in rows}
            )
        }
        for row in rows:
            row.enrollment = enrollments.get((row.student_id, row.section_id))
            row.meeting = meetings.get((row.section_id, row.day))
            if row.enrollment is None:
                errors.append(
                    imports.RowError(
                        row.number, "student_id", _("The student is not in this section.")
                    )
                )
            elif row.meeting is None:
                errors.append(
                    imports.RowError(
                        row.number, "date", _("The section does not meet on this date.")
                    )
                )
        result = imports.Outcome(errors=errors)
        if not errors:
            imports.apply(rows, actor=self.actor, outcome=result)
        for e in result.errors:
            self.p.add(spec.ATTENDANCE_FILE, e.row, e.column, e.reason)
        self.outcome.bump(spec.ATTENDANCE_FILE, "created", result.created)
        self.outcome.bump(spec.ATTENDANCE_FILE, "updated", result.updated)
        self.outcome.bump(spec.ATTENDANCE_FILE, "unchanged", result.unchanged)

    def _apply_job_site_hours(self) -> None:
        """Restore jobSiteHours.csv: each day's hours with their approval and the agreement
        date, then let the attendance rules credit them (attendance.services.ojt_recount)."""
        if self.p.job_site_hours is None:
            return
        import csv
        import io
        from datetime import datetime

        from ropdesk.attendance.models import OnTheJobHours
        from ropdesk.attendance.rules import week_start
        from ropdesk.attendance.services import (
            ojt_outside_enrollment_message,
            ojt_recount,
            ojt_within_enrollment,
        )

        file = spec.JOB_SITE_HOURS_FILE
        text = self.p.job_site_hours.decode("utf-8-sig")
        weeks: dict[tuple[int, str], set[date]] = defaultdict(set)
        enrollments = {
            (e.student.local_id, e.section.code): e
            for e in Enrollment.objects.select_related("student", "section__term")
        }
        for number, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
            enrollment = enrollments.get((row["student_id"], row["section_id"]))
            try:
                day = date.fromisoformat(row["date"])
                minutes = int(row["minutes"])
                approved = (
                    datetime.fromisoformat(row["approved_at"]) if row["approved_at"] else None
                )
                signed = (
                    date.fromisoformat(row["agreement_signed_on"])
                    if row["agreement_signed_on"]
                    else None
                )
            except (ValueError, KeyError):
                self.p.add(file, number, "", _("A value of this row is not valid."))
                continue
            if enrollment is None or row["kind"] not in OnTheJobHours.Kind.values:
                self.p.add(file, number, "student_id", _("The student is not in this section."))
                continue
            if not ojt_within_enrollment(enrollment, day):  # EC 46300
                self.p.add(file, number, "date", ojt_outside_enrollment_message(enrollment, day))
                continue
            entry = OnTheJobHours.objects.filter(
                enrollment=enrollment, kind=row["kind"], date=day
            ).first()
            values = {
                "minutes": minutes,
                "supervisor_approved_at": approved,
                "agreement_signed_on": signed,
            }
            action = _save(
                entry or OnTheJobHours(enrollment=enrollment, kind=row["kind"], date=day), values
            )
            self.outcome.bump(file, action)
            if action != "unchanged":
                weeks[(enrollment.pk, row["kind"])].add(week_start(day))
        for (enrollment_id, kind), mondays in weeks.items():
            ojt_recount(
                enrollment=Enrollment.objects.get(pk=enrollment_id), kind=kind, weeks=mondays
            )


def _funding_status(student: Student) -> tuple[Any, ...]:
    """What a student's funding category is derived from (enrollment.categories)."""
    return (student.grade_level, *(getattr(student, p) for p in SPECIAL_PROGRAMS))


def _demographic_values(r: Record) -> dict[str, Any]:
    values: dict[str, Any] = {
        "races": r.parsed["races"],
        "hispanic_latino": bool(r.parsed["hispanic"]),
    }
    if r.parsed["birth"]:
        values["birth_date"] = r.parsed["birth"]
    if r.parsed["sex"]:
        values["sex"] = r.parsed["sex"]
    return values


def _reference_pathways() -> set[str]:
    import csv

    with (CA_CTE_DIR / "pathways.csv").open(encoding="utf-8-sig") as source:
        return {row["pathway_code"] for row in csv.DictReader(source)}


class Rejected(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=_problem_order)
        shown = "; ".join(f"{p.file}:{p.row}:{p.column}: {p.reason}" for p in self.problems[:5])
        super().__init__(f"{len(problems)} problems: {shown}")


def _problem_order(p: Problem) -> tuple[int, str, int, str]:
    files = [*spec.COLUMNS, spec.ATTENDANCE_FILE]
    position = files.index(p.file) if p.file in files else -1
    return (position, p.file, p.row, p.column)


def oneroster_import(
    *,
    files: dict[str, bytes],
    actor: Any,
    audit_obj: models.Model,
    progress: Progress | None = None,
) -> Outcome:
    """Check a whole package, then apply it in one transaction; Rejected lists every problem."""
    progress = progress or (lambda percent, step: None)
    progress(5, _("reading files"))
    package = read_package(files)
    importer = Importer(package, actor=actor, progress=progress)
    if not package.problems:
        progress(20, _("checking references"))
        importer.check()
    if package.problems:
        raise Rejected(package.problems)
    with transaction.atomic():
        outcome = importer.apply()
        if package.problems:  # the attendance file found something only the saved roster shows
            transaction.set_rollback(True)
        else:
            audit_record(
                actor=actor, action="oneroster.import", obj=audit_obj, counts=outcome.counts
            )
    if package.problems:
        raise Rejected(package.problems)
    return outcome


def oneroster_check(*, files: dict[str, bytes]) -> list[Problem]:
    """Every problem of a package, without writing anything (the template validator)."""
    package = read_package(files)
    if not package.problems:
        Importer(package, actor=None).check()
    return sorted(package.problems, key=_problem_order)
