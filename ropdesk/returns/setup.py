"""What the office enters for the return files: instructors' state educator ids (SEID), the
CDS codes of districts and schools, and each course's credit value and CALPADS state course
code. Each page saves a whole table at once: every row is checked first, and a table with a
mistake saves nothing and names the row and the field; each change is audited."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ropdesk.catalog.models import Course, StateCourseCode
from ropdesk.core.models import Organization, Role, User
from ropdesk.core.services import audit_record
from ropdesk.marks.models import CourseCredit
from ropdesk.returns.models import CdsCode, StaffStateId

SEID = re.compile(r"^\d{10}$")
CDS = re.compile(r"^\d{14}$")
CREDITS = re.compile(r"^\d{1,3}(\.\d{1,2})?$")


@dataclass
class RowResult:
    """What one table's save did: the rows changed, or the problems by row (nothing saved)."""

    changed: int = 0
    problems: dict[str, str] = field(default_factory=dict)  # input name → message


def instructors() -> QuerySet[User]:
    return (
        User.objects.filter(roles__role=Role.INSTRUCTOR)
        .distinct()
        .select_related("state_id")
        .order_by("last_name", "first_name", "username")
    )


def organizations() -> QuerySet[Organization]:
    return (
        Organization.objects.filter(kind__in=[Organization.Kind.DISTRICT, Organization.Kind.SCHOOL])
        .select_related("cds", "parent__cds")
        .order_by("kind", "name")
    )


def courses() -> QuerySet[Course]:
    return Course.objects.select_related("credit", "state_course_code").order_by("code")


def placeholder() -> str:
    return str(settings.ROPDESK["CALPADS_SEID_PLACEHOLDER"])


def _seid_of(user: User) -> str:
    row = getattr(user, "state_id", None)
    return row.seid if row else ""


def seid_check(value: str) -> str | None:
    if value in ("", placeholder()):
        return None
    if not SEID.match(value):
        return _("An SEID is 10 digits.")
    return None


@transaction.atomic
def seids_save(*, actor: Any, users: list[User], values: dict[int, str]) -> RowResult:
    """Set each instructor's SEID. Empty, or the placeholder, means "none": the instructor is
    reported with ROPDESK["CALPADS_SEID_PLACEHOLDER"] (staff who are not the district's)."""
    result = RowResult()
    taken = dict(StaffStateId.objects.values_list("seid", "user_id"))
    for user in users:
        value = values.get(user.pk, _seid_of(user)).strip()
        message = seid_check(value)
        owner = taken.get(value)
        if message is None and owner is not None and owner != user.pk:
            message = _("This SEID is already another instructor's.")
        if message:
            result.problems[f"seid-{user.pk}"] = message
    if result.problems:
        return result
    for user in users:
        before = _seid_of(user)
        value = values.get(user.pk, before).strip()
        value = "" if value == placeholder() else value
        if value == before:
            continue
        StaffStateId.objects.filter(user=user).delete()
        if value:
            StaffStateId.objects.create(user=user, seid=value)
        audit_record(actor=actor, action="returns.seid_set", obj=user, before=before, after=value)
        result.changed += 1
    return result


def _cds_of(org: Organization | None) -> str:
    row = getattr(org, "cds", None) if org is not None else None
    return row.code if row else ""


def cds_check(org: Organization, value: str, district_code: str) -> str | None:
    if value == "":
        return None
    if not CDS.match(value):
        return _("A CDS code is 14 digits.")
    if org.kind == Organization.Kind.SCHOOL and district_code and value[:7] != district_code[:7]:
        return _(
            "A school's CDS code starts with its district's county and district digits "
            "(%(digits)s)."
        ) % {"digits": district_code[:7]}
    return None


@transaction.atomic
def cds_save(*, actor: Any, orgs: list[Organization], values: dict[int, str]) -> RowResult:
    """Set each district's and school's 14-digit CDS code; empty removes it (an organization
    whose own code is a CDS code needs none)."""
    result = RowResult()
    wanted = {o.pk: values.get(o.pk, _cds_of(o)).strip() for o in orgs}
    taken = dict(CdsCode.objects.values_list("code", "organization_id"))
    for org in orgs:
        value = wanted[org.pk]
        parent = org.parent if org.kind == Organization.Kind.SCHOOL else None
        district_code = wanted.get(parent.pk, "") if parent is not None else ""
        message = cds_check(org, value, district_code or _cds_of(parent))
        owner = taken.get(value)
        if message is None and value and owner is not None and owner != org.pk:
            if owner not in wanted or wanted[owner] == value:
                message = _("This CDS code is already another organization's.")
        if message:
            result.problems[f"cds-{org.pk}"] = message
    if result.problems:
        return result
    changes = [(o, _cds_of(o), wanted[o.pk]) for o in orgs if wanted[o.pk] != _cds_of(o)]
    CdsCode.objects.filter(organization__in=[o for o, _b, _a in changes]).delete()
    for org, before, value in changes:
        if value:
            CdsCode.objects.create(organization=org, code=value)
        audit_record(actor=actor, action="returns.cds_set", obj=org, before=before, after=value)
        result.changed += 1
    return result


def _credits_of(course: Course) -> str:
    row = getattr(course, "credit", None)
    return f"{row.credits:.2f}" if row else ""


def _state_code_of(course: Course) -> str:
    return course.state_course_code.code if course.state_course_code else ""


@transaction.atomic
def courses_save(
    *, actor: Any, items: list[Course], credits: dict[int, str], codes: dict[int, str]
) -> RowResult:
    """Set each course's credit value (empty: ROPDESK["MARKS_DEFAULT_CREDITS"]) and CALPADS
    state course code (one of CDE's Valid Code Combinations; empty: the course is not
    reported, as SIS vendors do)."""
    result = RowResult()
    known = {c.code: c for c in StateCourseCode.objects.all()}
    parsed: dict[int, tuple[Decimal | None, StateCourseCode | None]] = {}
    for course in items:
        text = credits.get(course.pk, _credits_of(course)).strip()
        amount: Decimal | None = None
        if text:
            try:
                amount = Decimal(text) if CREDITS.match(text) else None
            except InvalidOperation:
                amount = None
            if amount is None:
                result.problems[f"credits-{course.pk}"] = _(
                    "Credits are a number from 0 to 999.99, with at most two decimals."
                )
        code = codes.get(course.pk, _state_code_of(course)).strip()
        state_code = known.get(code) if code else None
        if code and state_code is None:
            result.problems[f"code-{course.pk}"] = _(
                "%(code)s is not a CALPADS state course code (CDE Valid Code Combinations)."
            ) % {"code": code}
        parsed[course.pk] = (amount, state_code)
    if result.problems:
        return result
    for course in items:
        amount, state_code = parsed[course.pk]
        before = (_credits_of(course), _state_code_of(course))
        after = (
            f"{amount:.2f}" if amount is not None else "",
            state_code.code if state_code else "",
        )
        if before == after:
            continue
        if before[0] != after[0]:
            CourseCredit.objects.filter(course=course).delete()
            if amount is not None:
                CourseCredit.objects.create(course=course, credits=amount)
        if before[1] != after[1]:
            course.state_course_code = state_code
            course.save(update_fields=["state_course_code"])
        audit_record(
            actor=actor,
            action="returns.course_set",
            obj=course,
            credits_before=before[0],
            credits_after=after[0],
            state_course_code_before=before[1],
            state_course_code_after=after[1],
        )
        result.changed += 1
    return result
