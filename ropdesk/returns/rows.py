"""The rows of each district return file, from ropdesk's records.

Whose rows: a district's file holds the students whose school of attendance is one of its
schools, in grades 9-12 (CALPADS is the district's report on its own K-12 pupils; adults and
students of other districts are never in it). The course section rows (CRSE, CRSC) are the
sections those students sat in, once per school of attendance (the district reports the ROP
section as delivered to its school).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet, Sum

from ropdesk.attendance.models import OnTheJobHours
from ropdesk.catalog.models import InstructionMode, Pathway
from ropdesk.core.models import Organization, Student
from ropdesk.enrollment.models import Enrollment
from ropdesk.marks import rules as mark_rules
from ropdesk.marks.queries import marks_of_record
from ropdesk.outcomes import queries as outcome_queries
from ropdesk.outcomes.models import FollowUpResponse, FollowUpWave
from ropdesk.returns import layouts
from ropdesk.returns.models import CdsCode, StaffStateId
from ropdesk.scheduling.models import SchoolYear, Section, Term


@dataclass
class ReturnRow:
    values: dict[str, str]
    who: str  # the student (local id and name) or the section, for problem lists
    student_id: int | None = None


@dataclass
class Context:
    """What every builder of one district's files for one year shares."""

    district: Organization
    year: SchoolYear
    cds: dict[int, str] = field(default_factory=dict)  # organization pk → 14-digit CDS code
    seids: dict[int, str] = field(default_factory=dict)
    term_codes: dict[int, str] = field(default_factory=dict)


def census_day(year: SchoolYear) -> date:
    """CALPADS Fall 1 Census Day: the first Wednesday in October [S: CDE, CALPADS Fall 1]."""
    first = date(year.start_date.year, 10, 1)
    return first + timedelta(days=(2 - first.weekday()) % 7)


def cds_of(org: Organization | None, known: dict[int, str]) -> str:
    """An organization's 14-digit CDS code: its CdsCode row, or its own code when that is one."""
    if org is None:
        return ""
    if org.pk in known:
        return known[org.pk]
    return org.code if len(org.code) == 14 and org.code.isdigit() else ""


def lea_of(district: Organization, known: dict[int, str]) -> str:
    return cds_of(district, known)[:7]


def school_code(school: Organization | None, known: dict[int, str]) -> str:
    return cds_of(school, known)[7:]


def term_codes(year: SchoolYear) -> dict[int, str]:
    """CALPADS Academic Term Codes for the year's terms, by how the year is divided: in the
    shipped layout one term is FY, two are S1/S2, three T1-T3, four Q1-Q4 (unconfirmed reading:
    the layout file's "term_codes"; docs/district-returns.md). A year divided another way
    gets no codes, so validation names every section."""
    terms = list(Term.objects.filter(school_year=year).order_by("start_date", "name"))
    codes = layouts.spec().term_codes.get(len(terms), [])
    return {t.pk: codes[i] if i < len(codes) else "" for i, t in enumerate(terms)}


def context_for(district: Organization, year: SchoolYear) -> Context:
    return Context(
        district=district,
        year=year,
        cds=dict(CdsCode.objects.values_list("organization_id", "code")),
        seids=dict(StaffStateId.objects.values_list("user_id", "seid")),
        term_codes=term_codes(year),
    )


def in_district_high_school(district: Organization, prefix: str = "student__") -> Q:
    """Enrollments of the district's high-school students in the grade they had that year:
    the grade kept on the enrollment when it was made (enrollment.grade_level), or, for an
    enrollment made before ropdesk kept it, the student's grade today (docs/district-returns.md,
    "Whose records are in your files")."""
    return Q(**{f"{prefix}school_of_attendance__parent": district}) & (
        Q(grade_level__in=Student.HIGH_SCHOOL_GRADES)
        | Q(grade_level="", **{f"{prefix}grade_level__in": Student.HIGH_SCHOOL_GRADES})
    )


def _enrollments(ctx: Context) -> QuerySet[Enrollment]:
    """The district's students' enrollments of the year, in courses that have a CALPADS state
    course code: a course without one is not reported (vendors' rule too: Infinite Campus KB,
    "CALPADS Student Course Section": "Courses without a state code do not report")."""
    return Enrollment.objects.filter(
        in_district_high_school(ctx.district),
        section__term__school_year=ctx.year,
        section__course__state_course_code__isnull=False,
    ).select_related(
        "student__school_of_attendance",
        "section__course__state_course_code",
        "section__course__pathway",
        "section__term",
        "section__instructor",
    )


def courses_left_out(district: Organization, year: SchoolYear) -> list[Any]:
    """Courses the district's students took this year that have no state course code, so are
    not reported (the office gives them one in the catalog)."""
    from ropdesk.catalog.models import Course

    return list(
        Course.objects.filter(
            state_course_code__isnull=True,
            sections__term__school_year=year,
            sections__enrollments__in=Enrollment.objects.filter(
                in_district_high_school(district), section__term__school_year=year
            ),
        )
        .distinct()
        .order_by("code")
    )


def _head(ctx: Context, record_type: str, school: Organization | None) -> dict[str, str]:
    return {
        "record_type": record_type,
        "transaction_type": "",
        "local_record_id": "",
        "reporting_lea": lea_of(ctx.district, ctx.cds),
        "school": school_code(school, ctx.cds),
        "academic_year": ctx.year.name,
    }


def _student_values(ctx: Context, record_type: str, s: Student) -> dict[str, str]:
    return {
        **_head(ctx, record_type, s.school_of_attendance),
        "ssid": s.statewide_id or "",
        "local_student_id": s.local_id,
        "first_name": s.legal_first_name,
        "last_name": s.legal_last_name,
        # Unknown (an import without demographics): left empty, so validation names it.
        "birth_date": s.birth_date.strftime("%Y%m%d") if s.birth_date else "",
        "gender": s.sex,
    }


def _who(s: Student) -> str:
    return f"{s.local_id} {s.legal_last_name}, {s.legal_first_name}"


def _section_values(ctx: Context, e: Enrollment) -> dict[str, str]:
    return {
        "delivery_school": school_code(e.student.school_of_attendance, ctx.cds),
        "local_course_id": e.section.course.code,
        "section_id": e.section.code,
        "term_code": ctx.term_codes.get(e.section.term_id, ""),
    }


def census_enrollments(ctx: Context) -> list[Enrollment]:
    """Enrollments in a seat on Census Day (or left after it)."""
    day = census_day(ctx.year)
    found = []
    for e in (
        _enrollments(ctx)
        .filter(section__term__start_date__lte=day, section__term__end_date__gte=day)
        .order_by("student__local_id", "section__code")
    ):
        if e.status in Enrollment.SEATED or (
            e.status in Enrollment.ENDED and e.ended_on is not None and e.ended_on >= day
        ):
            found.append(e)
    return found


def scse_rows(ctx: Context) -> list[ReturnRow]:
    return [
        ReturnRow(
            {**_student_values(ctx, "SCSE", e.student), **_section_values(ctx, e)},
            _who(e.student),
            e.student_id,
        )
        for e in census_enrollments(ctx)
    ]


def _record_marks(ctx: Context) -> list[Any]:
    return list(
        marks_of_record(_enrollments(ctx), school_year=ctx.year)
        .select_related(
            "enrollment__student__school_of_attendance",
            "enrollment__section__course__state_course_code",
            "enrollment__section__course__pathway",
            "enrollment__section__term",
            "enrollment__section__instructor",
        )
        .order_by("enrollment__student__local_id", "enrollment__section__code")
    )


def scsc_rows(ctx: Context) -> list[ReturnRow]:
    rows = []
    for m in _record_marks(ctx):
        e = m.enrollment
        values = {
            **_student_values(ctx, "SCSC", e.student),
            **_section_values(ctx, e),
            "credits_attempted": f"{m.credits_attempted:.2f}",
            "credits_earned": f"{m.credits_earned:.2f}",
            "final_grade": m.value,
            "uc_csu_requirement": "",
        }
        rows.append(ReturnRow(values, _who(e.student), e.student_id))
    return rows


def _course_section_rows(
    ctx: Context, record_type: str, enrollments: list[Enrollment]
) -> list[ReturnRow]:
    seen: dict[tuple[int, int | None], Enrollment] = {}
    for e in enrollments:
        seen.setdefault((e.section_id, e.student.school_of_attendance_id), e)
    rows = []
    placeholder = str(settings.ROPDESK["CALPADS_SEID_PLACEHOLDER"])
    for (_sid, _school), e in sorted(
        seen.items(), key=lambda kv: (kv[1].section.code, kv[0][1] or 0)
    ):
        section: Section = e.section
        course = section.course
        instructor = section.instructor
        values = {
            **_head(ctx, record_type, e.student.school_of_attendance),
            "state_course_code": course.state_course_code.code if course.state_course_code else "",
            "local_course_id": course.code,
            "course_name": course.title[:40],
            "content_area": str(settings.ROPDESK["CALPADS_CONTENT_AREA_CODE"]),
            "pathway_code": course.pathway.code if course.pathway else "",
            "uc_csu": "N",
            "level": "",
            "section_id": section.code,
            "term_code": ctx.term_codes.get(section.term_id, ""),
            "seid": ctx.seids.get(instructor.pk, placeholder) if instructor else placeholder,
            "local_staff_id": instructor.username if instructor else "",
            "independent_study": "N",
            "distance_learning": "N",
            "provider": str(settings.ROPDESK["CALPADS_CTE_PROVIDER_CODE"]),
        }
        rows.append(ReturnRow(values, f"{section.code} ({course.code})"))
    return rows


def crse_rows(ctx: Context) -> list[ReturnRow]:
    return _course_section_rows(ctx, "CRSE", census_enrollments(ctx))


def crsc_rows(ctx: Context) -> list[ReturnRow]:
    return _course_section_rows(ctx, "CRSC", [m.enrollment for m in _record_marks(ctx)])


def scte_rows(ctx: Context) -> list[ReturnRow]:
    """One row per student and CTE pathway they took a course of this year (participation);
    the completion year is this year when they passed the pathway's capstone course with C- or
    better (CDE completer definition; anchors-wave2.md 3.1)."""
    pathways: dict[tuple[int, str], dict[str, Any]] = {}
    for e in census_enrollments(ctx):
        if e.section.course.pathway:
            pathways.setdefault(
                (e.student_id, e.section.course.pathway.code), {"student": e.student, "done": False}
            )
    for m in _record_marks(ctx):
        course = m.enrollment.section.course
        if not course.pathway:
            continue
        entry = pathways.setdefault(
            (m.enrollment.student_id, course.pathway.code),
            {"student": m.enrollment.student, "done": False},
        )
        code = course.state_course_code
        if code is not None and code.capstone_course and mark_rules.passes_capstone(m.value):
            entry["done"] = True
    rows = []
    for (student_id, pathway), entry in sorted(
        pathways.items(), key=lambda kv: (kv[1]["student"].local_id, kv[0][1])
    ):
        s = entry["student"]
        values = {
            **_student_values(ctx, "SCTE", s),
            "pathway_code": pathway,
            "completion_year": ctx.year.name if entry["done"] else "",
        }
        rows.append(ReturnRow(values, _who(s), student_id))
    return rows


def wblr_rows(ctx: Context) -> list[ReturnRow]:
    """Community-classroom and CVE placements (ropdesk/worksite): one row per enrollment with
    its dates and the supervisor-approved on-the-job hours."""
    wbl_types = layouts.spec().wbl_types  # instruction mode → type code (the layout file)
    modes = [InstructionMode.COMMUNITY_CLASSROOM, InstructionMode.CVE]
    enrollments = list(
        _enrollments(ctx)
        .filter(section__mode__in=modes, status__in=(*Enrollment.SEATED, *Enrollment.ENDED))
        .order_by("student__local_id", "section__code")
    )
    minutes = dict(
        OnTheJobHours.objects.filter(
            enrollment__in=[e.pk for e in enrollments], supervisor_approved_at__isnull=False
        )
        .values("enrollment")
        .annotate(total=Sum("minutes"))
        .values_list("enrollment", "total")
    )
    agreements = _agreements(enrollments)
    rows = []
    for e in enrollments:
        agreement = agreements.get(e.pk)
        start = e.enrolled_on or e.section.term.start_date
        end = e.ended_on or (
            e.section.term.end_date if e.status == Enrollment.Status.COMPLETED else None
        )
        if agreement is not None:  # the training on the job runs under the agreement's dates
            start = max(start, agreement.starts_on)
            end = min(end, agreement.ends_on) if end else None
        hours = Decimal(minutes.get(e.pk, 0)) / 60
        values = {
            **_student_values(ctx, "WBLR", e.student),
            "wbl_type": wbl_types.get(e.section.mode, ""),
            "start_date": start.strftime("%Y%m%d"),
            "end_date": end.strftime("%Y%m%d") if end else "",
            "hours": f"{hours:.2f}",
            "pathway_code": e.section.course.pathway.code if e.section.course.pathway else "",
        }
        rows.append(ReturnRow(values, _who(e.student), e.student_id))
    return rows


def _agreements(enrollments: list[Enrollment]) -> dict[int, Any]:
    """Each placement's training agreement (ropdesk/worksite): the student's CVE agreement, or
    the community-classroom joint venture of the student's training site for the term."""
    from ropdesk.worksite.models import TrainingAgreement

    found: dict[int, Any] = {}
    ids = [e.pk for e in enrollments]
    for a in TrainingAgreement.objects.filter(kind="cve", enrollment__in=ids):
        if a.enrollment_id is not None:
            found[a.enrollment_id] = a
    ventures = {
        (a.site_id, a.term_id): a
        for a in TrainingAgreement.objects.filter(
            kind="cc_joint_venture",
            site__in={e.worksite_id for e in enrollments if e.worksite_id},
        )
    }
    for e in enrollments:
        venture = ventures.get((e.worksite_id, e.section.term_id)) if e.worksite_id else None
        if e.pk not in found and venture is not None:
            found[e.pk] = venture
    return found


def previous_year_name(year: SchoolYear) -> str:
    first = int(year.name[:4]) - 1
    return f"{first}-{first + 1}"


def psts_rows(ctx: Context) -> list[ReturnRow]:
    """The PSTS follow-up file of the Fall 2 submission in `ctx.year`: the completers who left
    in the year before (CDE: survey six months after exit, report in Fall 2; CALPADS Flash
    #196) and answered the completers' follow-up wave (ropdesk/outcomes), one record per PSTS
    status code of their answer (several at once; Aeries 14000107394), mapped by the office's
    table (outcomes.queries.psts_table). Only the students whose exit the district reported."""
    answers = list(
        FollowUpResponse.objects.filter(
            invitation__wave__exit_year=previous_year_name(ctx.year),
            invitation__wave__population=FollowUpWave.Population.COMPLETERS,
            invitation__student__exit__district=ctx.district,
        )
        .select_related("invitation__student__school_of_attendance")
        .order_by("invitation__student__local_id")
    )
    table = outcome_queries.psts_table()
    students = [a.invitation.student_id for a in answers]
    completed = {
        student_id: status.completed_pathways
        for student_id, status in outcome_queries.statuses_of(students).items()
    }
    pathway_codes = dict(
        Pathway.objects.filter(pk__in={p for done in completed.values() for p in done}).values_list(
            "pk", "code"
        )
    )
    rows = []
    for answer in answers:
        s = answer.invitation.student
        done = completed.get(s.pk, {})
        # The pathway the student completed last (a completer of several reports the latest).
        latest = max(done, key=lambda p: (done[p], pathway_codes[p])) if done else None
        for code in outcome_queries.psts_codes_for(answer, table):
            values = {
                **_student_values(ctx, "PSTS", s),
                "status_code": code,
                "pathway_code": pathway_codes[latest] if latest else "",
            }
            rows.append(ReturnRow(values, _who(s), s.pk))
    return rows


BUILDERS = {
    "CRSE": crse_rows,
    "CRSC": crsc_rows,
    "SCSE": scse_rows,
    "SCSC": scsc_rows,
    "SCTE": scte_rows,
    "WBLR": wblr_rows,
    "PSTS": psts_rows,
}
