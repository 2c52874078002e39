"""The one access policy: who may see which students, sections and enrollments.

Every view, export and API that touches student data starts from these functions
(style.md rule 6), so no page can forget a rule. Forbidden looks exactly like missing: the
`get_*_for` functions raise Http404 for both (style.md rule 12).

Scopes (design.md, "Who uses it"):

- administrator: the whole county program;
- support services: complaints and equity; sees figures without names, no student records
  (FERPA's legitimate educational interest: 34 CFR 99.31(a)(1));
- district coordinator: students who live in or attend a school of their district, and the
  sections that meet in their district;
- counselor: students of their assigned schools (or every school of an assigned district);
- instructor: students enrolled in their own sections;
- employer supervisor: students who train at their own site;
- student: their own record;
- parent or guardian: their children's records while the child is a minor, and an adult
  child's only with the student's consent (FERPA rights pass to the student at 18, 34 CFR 99.5).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ropdesk.core.disclosures import disclosing
from ropdesk.core.models import Guardianship, Role, RoleAssignment, Student
from ropdesk.core.types import Actor, StaffActor

if TYPE_CHECKING:
    from ropdesk.core.models import ImportJob, Invitation, Site

COUNTY_WIDE_ROLES = {Role.ADMINISTRATOR}


@dataclass(frozen=True)
class Scope:
    """What one signed-in user may reach, read once from their role assignments."""

    roles: frozenset[str] = frozenset()
    district_ids: frozenset[int] = frozenset()  # district coordinator
    counselor_school_ids: frozenset[int] = frozenset()
    counselor_district_ids: frozenset[int] = frozenset()
    site_ids: frozenset[int] = frozenset()  # employer supervisor
    superuser: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def has(self, role: str) -> bool:
        return self.superuser or role in self.roles

    @property
    def county_wide(self) -> bool:
        return self.superuser or bool(self.roles & COUNTY_WIDE_ROLES)


def scope_of(user: Actor) -> Scope:
    """The user's scope, cached on the user object for the rest of the request."""
    if not user.is_authenticated:
        return Scope()
    cached = getattr(user, "_ropdesk_scope", None)
    if cached is not None:
        return cached
    roles: set[str] = set()
    districts: set[int] = set()
    counselor_schools: set[int] = set()
    counselor_districts: set[int] = set()
    sites: set[int] = set()
    assignments = RoleAssignment.objects.filter(user=user).select_related("organization")
    for assignment in assignments:
        roles.add(assignment.role)
        org = assignment.organization
        if assignment.role == Role.DISTRICT_COORDINATOR and org is not None:
            districts.add(org.pk)
        elif assignment.role == Role.COUNSELOR and org is not None:
            if org.kind == org.Kind.DISTRICT:
                counselor_districts.add(org.pk)
            else:
                counselor_schools.add(org.pk)
        elif assignment.role == Role.EMPLOYER_SUPERVISOR and assignment.site_id is not None:
            sites.add(assignment.site_id)
    scope = Scope(
        roles=frozenset(roles),
        district_ids=frozenset(districts),
        counselor_school_ids=frozenset(counselor_schools),
        counselor_district_ids=frozenset(counselor_districts),
        site_ids=frozenset(sites),
        superuser=bool(user.is_superuser),
    )
    user._ropdesk_scope = scope
    return scope


def primary_role(user: Actor) -> str | None:
    """The role whose dashboard the user lands on, in order of reach."""
    scope = scope_of(user)
    if scope.superuser:
        return Role.ADMINISTRATOR
    for role in Role.values:
        if role in scope.roles:
            return role
    return None


def eighteenth_birthday_cutoff(today: date) -> date:
    """Students born after this date are minors on `today`."""
    try:
        return today.replace(year=today.year - 18)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 18, day=28)


# A reach: (user, scope, on_enrollments) -> the students (or, with on_enrollments, the
# enrollments) a role reaches through an app above core, or None. Apps register theirs when
# Django loads them (enrollment/apps.py), so core's policy needs no import of them; a reach
# that is not registered reaches nobody, so a missing app fails closed.
Reach = Callable[[Actor, Scope, bool], "Q | None"]
_REACHES: list[Reach] = []


def register_reach(reach: Reach) -> Reach:
    """Add a way of reaching students that core cannot see (used as a decorator)."""
    if reach not in _REACHES:
        _REACHES.append(reach)
    return reach


def student_filter(user: Actor, scope: Scope, prefix: str = "") -> Q | None:
    """A filter for everything the user may see; None means everything.

    With prefix="" it filters Student; with prefix="student__" it filters Enrollment, and then
    instructors and supervisors see only the enrollments of their own sections and site
    (not the rest of their students' schedules).
    """
    if scope.county_wide:
        return None
    p = prefix
    q = Q(pk__in=[])
    if scope.district_ids:
        q |= Q(**{f"{p}district_of_residence__in": scope.district_ids})
        q |= Q(**{f"{p}school_of_attendance__parent__in": scope.district_ids})
    if scope.counselor_school_ids:
        q |= Q(**{f"{p}school_of_attendance__in": scope.counselor_school_ids})
    if scope.counselor_district_ids:
        q |= Q(**{f"{p}school_of_attendance__parent__in": scope.counselor_district_ids})
        q |= Q(**{f"{p}district_of_residence__in": scope.counselor_district_ids})
    for reach in _REACHES:
        # Reaches through the apps above core (an instructor's sections, a supervisor's site).
        extra = reach(user, scope, bool(p))
        if extra is not None:
            q |= extra
    if scope.has(Role.STUDENT):
        q |= Q(**{f"{p}user": user})
    if scope.has(Role.PARENT) and user.is_authenticated:
        student_ref = OuterRef("student_id") if p else OuterRef("pk")
        # A student whose birth date is unknown (imported without demographics) is not shown
        # to a parent without the adult student's consent: the student may be an adult, whose
        # FERPA rights are their own (34 CFR 99.5). Refusing a parent until the office enters
        # the date is the privacy-safe error; a disclosure could not be taken back.
        minor = Q(**{f"{p}birth_date__gt": eighteenth_birthday_cutoff(timezone.localdate())})
        guardian_of = Guardianship.objects.filter(user=user, student=student_ref)
        q |= Q(Exists(guardian_of)) & (
            minor | Q(Exists(guardian_of.filter(adult_student_consent=True)))
        )
    return q


def students_visible_to(user: Actor) -> QuerySet[Student]:
    students = Student.objects.all()
    if not getattr(user, "is_authenticated", False):
        return students.none()
    condition = student_filter(user, scope_of(user))
    students = students if condition is None else students.filter(condition)
    return logged(user, students, path="pk", records="student record")


def logged(user: Actor, queryset: QuerySet[Any], *, path: str, records: str) -> QuerySet[Any]:
    """An outside party's rows are logged as disclosures when shown (core/disclosures.py)."""
    if not user.is_authenticated or not is_outside_party(user):
        return queryset
    return disclosing(queryset, user=user, path=path, records=records)


def get_student_for(user: Actor, pk: Any) -> Student:
    try:
        return (
            students_visible_to(user)
            .select_related("district_of_residence", "school_of_attendance")
            .get(pk=pk)
        )
    except (Student.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404("No such student") from missing


def can_list_sections(user: Actor) -> bool:
    """The sections list: staff who work with sections (the office, a district's coordinator,
    counselors, instructors). Students and parents reach their sections through their pages."""
    scope = scope_of(user)
    return bool(getattr(user, "is_active", False)) and (
        scope.county_wide
        or bool(scope.district_ids)
        or scope.has(Role.COUNSELOR)
        or scope.has(Role.INSTRUCTOR)
    )


def can_list_students(user: Actor) -> bool:
    """The student list and search: the office, a district's coordinator, counselors."""
    scope = scope_of(user)
    return bool(getattr(user, "is_active", False)) and (
        scope.county_wide or bool(scope.district_ids) or scope.has(Role.COUNSELOR)
    )


def can_record_own_completions(user: Actor) -> bool:
    """The list of one's own sections to record completion in: instructors."""
    return bool(getattr(user, "is_active", False)) and scope_of(user).has(Role.INSTRUCTOR)


def can_manage_schedule(user: Actor) -> bool:
    """Courses, sections, meeting patterns, capacity and the school calendar: the office."""
    return bool(getattr(user, "is_active", False)) and scope_of(user).county_wide


def can_use_admin(user: Actor) -> bool:
    """The Django admin is for administrators only."""
    return bool(getattr(user, "is_active", False)) and scope_of(user).has(Role.ADMINISTRATOR)


def can_see_program_figures(user: Actor) -> bool:
    """County-wide figures without names: administrators and support services."""
    scope = scope_of(user)
    return scope.county_wide or scope.has(Role.SUPPORT_SERVICES)


# --- Complaints (UCP, Title IX, Section 504): confidential cases ------------------------------
# Only support services handle complaints. Nobody else sees a case, administrators and
# superusers included, unless support services granted them access to it
# (complaints.ComplaintAccessGrant), and then only to read it.


def can_handle_complaints(user: Actor) -> bool:
    """Support services receive, investigate and decide complaints (design.md, "Who uses it")."""
    return bool(getattr(user, "is_active", False)) and Role.SUPPORT_SERVICES in scope_of(user).roles


def can_edit_notices(user: Actor) -> bool:
    """The office edits the public non-discrimination and complaint-procedure notices."""
    scope = scope_of(user)
    return bool(getattr(user, "is_active", False)) and (
        scope.county_wide or scope.has(Role.SUPPORT_SERVICES)
    )


def can_see_complaint_figures(user: Actor) -> bool:
    """Complaint statistics carry no names: support services and administrators."""
    return bool(getattr(user, "is_active", False)) and can_see_program_figures(user)


# --- Admissions (enrollment.Application) and enrollment work -----------------------------------
# The office (administrators) and counselors admit students (EC 52314(a)(1): admission is
# approved by the program); a counselor sees the applications of their own schools and
# districts. Only the office overrides an eligibility rule. An applicant sees their own.


def can_admit(user: Actor) -> bool:
    scope = scope_of(user)
    return bool(getattr(user, "is_active", False)) and (
        scope.county_wide or scope.has(Role.COUNSELOR)
    )


def can_override_eligibility(user: Actor) -> bool:
    return bool(getattr(user, "is_active", False)) and scope_of(user).county_wide


def can_manage_enrollments(user: Actor) -> bool:
    """Seat, drop and withdraw students: the office and counselors, within their scope."""
    return can_admit(user)


def can_list_enrollments(user: Actor) -> bool:
    scope = scope_of(user)
    return scope.county_wide or bool(scope.district_ids) or scope.has(Role.COUNSELOR)


# --- Attendance and ADA ------------------------------------------------------------------------
# The section's instructor takes and corrects its attendance; the office (county-wide) may do
# it for any section, and alone certifies, imports and adjusts. The ADA report is county-wide
# for the office; a district coordinator sees the rows of the students living in the district.


def can_manage_attendance(user: Actor) -> bool:
    """Certify, import and adjust attendance: the office."""
    return bool(getattr(user, "is_active", False)) and scope_of(user).county_wide


def ada_report_districts(user: Actor) -> frozenset[int] | None:
    """The districts whose rows the user may see in the ADA report: None for the whole county.
    Anyone else gets a 404, as for a missing page."""
    scope = scope_of(user)
    if not getattr(user, "is_active", False):
        raise Http404("No such report")
    if scope.county_wide:
        return None
    if scope.district_ids:
        return scope.district_ids
    raise Http404("No such report")


def can_see_ada_report(user: Actor) -> bool:
    scope = scope_of(user)
    return bool(getattr(user, "is_active", False)) and (
        scope.county_wide or bool(scope.district_ids)
    )


# --- Careers: career plans and confidential counseling notes ----------------------------------
# A career plan (interest survey results, goals, counseling meetings) is seen by the student,
# the counselors whose schools or districts cover the student, parents under the rules above
# (minor child, or an adult child's consent) and administrators. Instructors, supervisors,
# district coordinators and support services do not see it. Confidential counseling notes are
# narrower still: only counselors whose scope covers the student read them — not
# administrators, not superusers (docs/careers.md) — and every read is logged
# (careers.services.counseling_notes_read).

CAREER_PLAN_ROLES = frozenset({Role.ADMINISTRATOR, Role.COUNSELOR, Role.STUDENT, Role.PARENT})


def _narrowed(scope: Scope, roles: frozenset[str], *, superuser: bool) -> Scope:
    """The same user's scope with only some of their roles (and none of the organization
    scopes that belong to the others)."""
    return Scope(
        roles=scope.roles & roles,
        counselor_school_ids=scope.counselor_school_ids,
        counselor_district_ids=scope.counselor_district_ids,
        superuser=superuser and scope.superuser,
    )


def _students_under(user: Actor, scope: Scope) -> QuerySet[Student]:
    students = Student.objects.all()
    if not getattr(user, "is_active", False) or not getattr(user, "is_authenticated", False):
        return students.none()
    condition = student_filter(user, scope)
    return students if condition is None else students.filter(condition)


def career_plans_visible_to(user: Actor) -> QuerySet[Student]:
    """Students whose career plan (survey results, goals, meetings) the user may see."""
    return _students_under(user, _narrowed(scope_of(user), CAREER_PLAN_ROLES, superuser=True))


def get_career_plan_for(user: Actor, pk: Any) -> Student:
    try:
        return (
            career_plans_visible_to(user)
            .select_related("district_of_residence", "school_of_attendance")
            .get(pk=pk)
        )
    except (Student.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404("No such student") from missing


def counseling_caseload_of(user: Actor) -> QuerySet[Student]:
    """A counselor's caseload: the students of their schools and districts. Administrators
    see the whole county's, to check that every student is being counseled."""
    roles = frozenset({Role.ADMINISTRATOR, Role.COUNSELOR})
    return _students_under(user, _narrowed(scope_of(user), roles, superuser=True))


def can_use_caseload(user: Actor) -> bool:
    scope = scope_of(user)
    return bool(getattr(user, "is_active", False)) and (
        scope.county_wide or Role.COUNSELOR in scope.roles
    )


def _counsels(user: Actor, student: Student) -> bool:
    """The user holds a counselor assignment whose school or district covers the student."""
    if Role.COUNSELOR not in scope_of(user).roles:
        return False
    roles = frozenset({Role.COUNSELOR})
    return (
        _students_under(user, _narrowed(scope_of(user), roles, superuser=False))
        .filter(pk=student.pk)
        .exists()
    )


def can_read_counseling_notes(user: Actor, student: Student) -> bool:
    """Confidential counseling notes: the student's counselors only (not administrators, not
    the student's instructors, not the student or parents)."""
    return _counsels(user, student)


def can_keep_counseling_records(user: Actor, student: Student) -> bool:
    """Record meetings and write notes: the student's counselors."""
    return _counsels(user, student)


def can_set_career_goals(user: Actor, student: Student) -> bool:
    """Goals are set by the student's counselors and by the student."""
    own = student.user_id is not None and student.user_id == getattr(user, "pk", None)
    return bool(getattr(user, "is_active", False)) and (own or _counsels(user, student))


def can_see_career_summary(user: Actor) -> bool:
    """Interest codes and course choices per school and district, without names."""
    scope = scope_of(user)
    return bool(getattr(user, "is_active", False)) and (
        can_see_program_figures(user) or bool(scope.district_ids) or Role.COUNSELOR in scope.roles
    )


def career_summary_students(user: Actor) -> QuerySet[Student]:
    """The students a career summary counts: the county for administrators and support
    services (figures only), the district for coordinators, the caseload for counselors."""
    if not can_see_career_summary(user):
        return Student.objects.none()
    if can_see_program_figures(user):
        return Student.objects.all()
    roles = frozenset({Role.DISTRICT_COORDINATOR, Role.COUNSELOR})
    scope = scope_of(user)
    narrowed = Scope(
        roles=scope.roles & roles,
        district_ids=scope.district_ids,
        counselor_school_ids=scope.counselor_school_ids,
        counselor_district_ids=scope.counselor_district_ids,
    )
    return _students_under(user, narrowed)


def sees_full_record(user: Actor, student: Student) -> bool:
    """Whether the user sees the whole record, or only what a training site needs.

    An employer supervisor is an outside party: they see the trainee's name, course and
    training site, and each view is logged as a disclosure (34 CFR 99.32; EC 49064). Anyone
    who also reaches the student through another role sees the whole record.
    """
    from dataclasses import replace

    scope = scope_of(user)
    if not scope.site_ids:
        return True
    without_site = replace(scope, site_ids=frozenset())
    condition = student_filter(user, without_site)
    if condition is None:
        return True
    return Student.objects.filter(condition, pk=student.pk).exists()


def is_outside_party(user: Actor) -> bool:
    """Users whose views of student records are disclosures to be logged."""
    scope = scope_of(user)
    return bool(scope.site_ids) and not scope.county_wide


def students_seen_as_school_official(user: Actor, student_ids: set[int]) -> set[int]:
    """Of these students, those the user reaches through a role other than site supervisor
    (their instructor, say): showing them is not a disclosure to an outside party."""
    from dataclasses import replace

    scope = scope_of(user)
    condition = student_filter(user, replace(scope, site_ids=frozenset()))
    if condition is None:
        return set(student_ids)
    return set(Student.objects.filter(condition, pk__in=student_ids).values_list("pk", flat=True))


def disclosure_subjects_of(user: Actor) -> QuerySet[Student]:
    """Whose disclosure log the user may read (34 CFR 99.32(c)): their own record, and their
    children's under the parent rule (a minor child; an adult child who consented)."""
    narrowed = _narrowed(scope_of(user), frozenset({Role.STUDENT, Role.PARENT}), superuser=False)
    if not narrowed.roles:
        return Student.objects.none()
    return _students_under(user, narrowed)


# --- Work-based learning ------------------------------------------------------------------------
# Community-classroom and CVE trainees: an enrollment in a CC or CVE section with a training
# site. Staff and supervisors see them through enrollments_visible_to (instructors their own
# sections', supervisors their own site's); instructors and the office set up training sites
# and agreements; each party signs an agreement only as themselves.

WORK_BASED_MODES = ("community_classroom", "cve")


def can_coordinate_work_based_learning(user: Actor) -> bool:
    """Set up training sites and agreements, write plans, log visits: instructors (the
    instructor-coordinators) and the office."""
    scope = scope_of(user)
    return bool(getattr(user, "is_active", False)) and (
        scope.county_wide or scope.has(Role.INSTRUCTOR)
    )


def worksites_visible_to(user: Actor) -> QuerySet[Site]:
    from ropdesk.core.models import Site

    sites = Site.objects.filter(kind=Site.Kind.WORKSITE)
    if not getattr(user, "is_active", False) or not getattr(user, "is_authenticated", False):
        return sites.none()
    if can_coordinate_work_based_learning(user):
        return sites
    return sites.filter(pk__in=scope_of(user).site_ids)


def get_worksite_for(user: Actor, pk: Any) -> Site:
    from ropdesk.core.models import Site

    try:
        return worksites_visible_to(user).select_related("organization").get(pk=pk)
    except (Site.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404("No such training site") from missing


# --- Interop: OneRoster import/export, CSV templates and the REST API --------------------------
# The office imports and applies templates; anyone who lists enrollments may download an export
# of what they see; staff hold personal API tokens, which reach exactly what their owner sees.

STAFF_ROLES = frozenset(
    {
        Role.ADMINISTRATOR,
        Role.SUPPORT_SERVICES,
        Role.DISTRICT_COORDINATOR,
        Role.COUNSELOR,
        Role.INSTRUCTOR,
    }
)


def can_exchange_data(user: Actor) -> bool:
    return bool(getattr(user, "is_active", False)) and scope_of(user).county_wide


def can_export_roster(user: Actor) -> bool:
    return bool(getattr(user, "is_active", False)) and can_list_enrollments(user)


def can_hold_api_token(user: Actor) -> bool:
    scope = scope_of(user)
    return bool(getattr(user, "is_active", False)) and (
        scope.superuser or bool(scope.roles & STAFF_ROLES)
    )


def acting_as(user: StaffActor, role: str) -> StaffActor:
    """The same user reaching only what one of their roles gives, for the `*_visible_to`
    functions: the API shows each record with the fields of the roles that reach it
    (interop.api_fields), so a supervisor who also teaches sees a trainee of their site as a
    supervisor does, and their own students in full."""
    import copy

    scope = scope_of(user)
    actor = copy.copy(user)
    actor._ropdesk_scope = Scope(
        roles=scope.roles & {role},
        district_ids=scope.district_ids if role == Role.DISTRICT_COORDINATOR else frozenset(),
        counselor_school_ids=scope.counselor_school_ids if role == Role.COUNSELOR else frozenset(),
        counselor_district_ids=(
            scope.counselor_district_ids if role == Role.COUNSELOR else frozenset()
        ),
        site_ids=scope.site_ids if role == Role.EMPLOYER_SUPERVISOR else frozenset(),
    )
    return actor


# --- Background work: import jobs and outgoing mail --------------------------------------------


def import_jobs_visible_to(user: Actor) -> QuerySet[ImportJob]:
    """An import's progress, result and errors: for whoever started it, and administrators."""
    from ropdesk.core.models import ImportJob

    if not user.is_authenticated or not user.is_active:
        return ImportJob.objects.none()
    if can_use_admin(user):
        return ImportJob.objects.all()
    return ImportJob.objects.filter(started_by=user)


def can_resend_mail(user: Actor) -> bool:
    """Failed e-mail (addresses, subjects, bodies) is for administrators, who may send it again."""
    return can_use_admin(user)


# --- Granting roles ----------------------------------------------------------------------------
# Roles are given by the office in the Django admin (audited, core/admin.py), or by invitation:
# an instructor-coordinator or the office invites a supervisor for one training site they may
# open, and only the invited person can accept (core/invitations.py). No one can accept a role
# for themselves that someone else offered them to reach records beyond their own scope.


def can_invite_supervisor(user: Actor, site: Site) -> bool:
    return (
        can_coordinate_work_based_learning(user)
        and worksites_visible_to(user).filter(pk=site.pk).exists()
    )


def may_accept_invitation(user: Actor, invitation: Invitation) -> bool:
    """The signed-in account may accept: it is active, it is the invited address's owner, it
    is not the inviter, and it holds no role but site supervisor (a student, parent or staff
    member who is also a supervisor is set up by the office, which sees the whole picture)."""
    if not user.is_authenticated or not user.is_active or user.is_superuser or user.is_staff:
        return False
    if invitation.invited_by_id == user.pk:
        return False
    if (user.email or "").strip().lower() != invitation.email.strip().lower():
        return False
    return scope_of(user).roles <= {Role.EMPLOYER_SUPERVISOR}
