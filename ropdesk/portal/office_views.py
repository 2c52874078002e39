"""The office's screens for the catalog and the schedule: courses, sections (site, instructor,
mode, capacity, meeting pattern) and each school year's calendar. They write through the same
services as the Django admin and the imports (catalog.services, scheduling.services), so each
change is validated and audited the same way. Only the office (county-wide); anyone else gets
a 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ropdesk.catalog import services as catalog
from ropdesk.catalog.models import Course, IndustrySector
from ropdesk.catalog.services import COURSE_FIELDS, course_save
from ropdesk.core import access
from ropdesk.core.types import Actor
from ropdesk.enrollment.models import Enrollment
from ropdesk.funding import queries as funding_queries
from ropdesk.portal.office_forms import CourseForm, HolidayForm, SectionForm
from ropdesk.scheduling import services as scheduling
from ropdesk.scheduling.models import Holiday, SchoolYear, Section, Term


def _require_office(user: Actor) -> None:
    if not access.can_manage_schedule(user):
        raise Http404("No such page")


def _refused(form: Any, refused: ValidationError) -> None:
    """A service's refusal shown next to the field it names (or above the form)."""
    if hasattr(refused, "error_dict"):
        for name, errors in refused.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, refused)


@login_required
def course_list(request: HttpRequest) -> HttpResponse:
    _require_office(request.user)
    courses = Course.objects.select_related("pathway__sector").order_by("title")
    text = request.GET.get("q", "").strip()
    if text:
        courses = courses.filter(Q(title__icontains=text) | Q(code__icontains=text))
    page = Paginator(courses, 50).get_page(request.GET.get("page"))
    return render(request, "portal/office_courses.html", {"page": page, "q": text})


@login_required
def course_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_office(request.user)
    course = get_object_or_404(Course, pk=pk) if pk is not None else None
    form = CourseForm(request.POST or None, instance=course)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in COURSE_FIELDS}
        try:
            saved = course_save(actor=request.user, course=course, **fields)
        except ValidationError as refused:
            _refused(form, refused)
        else:
            messages.success(request, _("The course %(title)s is saved.") % {"title": saved.title})
            return redirect("office_courses")
    return render(request, "portal/office_course_form.html", {"form": form, "course": course})


def _seated(section: Section) -> int:
    return section.enrollments.filter(status__in=Enrollment.SEATED).count()


@login_required
def section_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_office(request.user)
    section = get_object_or_404(Section, pk=pk) if pk is not None else None
    form = SectionForm(request.POST or None, section=section)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        pattern = {
            "days": ",".join(data["days"]),
            "start_time": data["start_time"],
            "end_time": data["end_time"],
        }
        common = {
            "site": data["site"],
            "instructor": data["instructor"],
            "mode": data["mode"],
            "capacity": data["capacity"],
            **pattern,
        }
        try:
            if section is None:
                saved = scheduling.section_create(
                    actor=request.user,
                    code=data["code"],
                    course=data["course"],
                    term=data["term"],
                    **common,
                )
            else:
                saved = scheduling.section_update(
                    actor=request.user, section=section, seated=_seated(section), **common
                )
        except ValidationError as refused:
            _refused(form, refused)
        else:
            messages.success(request, _("The section %(code)s is saved.") % {"code": saved.code})
            return redirect("section_detail", pk=saved.pk)
    return render(request, "portal/office_section_form.html", {"form": form, "section": section})


@login_required
def calendar_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A school year's days without classes (add, remove) and the school months they make."""
    _require_office(request.user)
    year = get_object_or_404(SchoolYear, pk=pk)
    form = HolidayForm(request.POST or None, instance=Holiday(school_year=year))
    if request.method == "POST" and form.is_valid():
        try:
            holiday = scheduling.holiday_add(
                actor=request.user,
                school_year=year,
                day=form.cleaned_data["date"],
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as refused:
            _refused(form, refused)
        else:
            messages.success(request, _("%(name)s is on the calendar.") % {"name": holiday.name})
            return redirect("office_calendar", pk=year.pk)
    return render(
        request,
        "portal/office_calendar.html",
        {
            "year": year,
            "years": SchoolYear.objects.all(),
            "form": form,
            "holidays": year.holidays.all(),
            "months": funding_queries.school_calendar(year),
        },
    )


@require_POST
@login_required
def holiday_remove(request: HttpRequest, pk: int) -> HttpResponse:
    _require_office(request.user)
    holiday = get_object_or_404(Holiday.objects.select_related("school_year"), pk=pk)
    year = holiday.school_year
    added = scheduling.holiday_remove(actor=request.user, holiday=holiday)
    messages.success(
        request,
        _("%(name)s is off the calendar; %(n)s meetings were added back.")
        % {"name": holiday.name, "n": added},
    )
    return redirect("office_calendar", pk=year.pk)


@login_required
def calendar_current(request: HttpRequest) -> HttpResponse:
    _require_office(request.user)
    year = SchoolYear.objects.order_by("-start_date").first()
    if year is None:
        raise Http404("No school year")
    return redirect("office_calendar", pk=year.pk)


NEW_COMPETENCY_ROWS = 3


@login_required
def course_competencies(request: HttpRequest, pk: int) -> HttpResponse:
    """A course's competencies in English and Spanish: change those it has, add new ones."""
    _require_office(request.user)
    course = get_object_or_404(Course, pk=pk)
    competencies = list(course.competencies.order_by("number"))
    error = ""
    if request.method == "POST":
        post = request.POST
        changes = {
            c.pk: (post.get(f"description-{c.pk}", ""), post.get(f"description_es-{c.pk}", ""))
            for c in competencies
            if f"description-{c.pk}" in post
        }
        added = [
            (post.get(f"new-description-{k}", ""), post.get(f"new-description_es-{k}", ""))
            for k in range(NEW_COMPETENCY_ROWS)
        ]
        try:
            written = catalog.competencies_save(
                actor=request.user, course=course, changes=changes, added=added
            )
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(
                request,
                ngettext("%(n)s competency is saved.", "%(n)s competencies are saved.", written)
                % {"n": written},
            )
            return redirect("office_course_competencies", pk=course.pk)
        for c in competencies:  # what was typed, shown again with the refusal
            c.description, c.description_es = changes.get(c.pk, (c.description, c.description_es))
    return render(
        request,
        "portal/office_competencies.html",
        {
            "course": course,
            "competencies": competencies,
            "new_rows": range(NEW_COMPETENCY_ROWS),
            "error": error,
        },
    )


@login_required
def spanish_names(request: HttpRequest) -> HttpResponse:
    """The Spanish names of industry sectors, pathways and terms, on one screen (catalog
    content in the reader's language, core/content.py). Blank shows the English."""
    _require_office(request.user)
    sectors = list(IndustrySector.objects.prefetch_related("pathways").order_by("name"))
    terms = list(Term.objects.select_related("school_year").order_by("-start_date", "name"))
    if request.method == "POST":
        post = request.POST

        def typed(prefix: str, rows: Any) -> dict[int, str]:
            return {r.pk: post[f"{prefix}-{r.pk}"] for r in rows if f"{prefix}-{r.pk}" in post}

        pathways = [p for s in sectors for p in s.pathways.all()]
        try:
            with transaction.atomic():
                written = catalog.spanish_names_save(
                    actor=request.user,
                    sectors=typed("sector", sectors),
                    pathways=typed("pathway", pathways),
                )
                written += scheduling.term_names_es_save(
                    actor=request.user, terms=typed("term", terms)
                )
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
        else:
            messages.success(
                request,
                ngettext("%(n)s name is saved.", "%(n)s names are saved.", written)
                % {"n": written},
            )
        return redirect("office_spanish_names")
    return render(request, "portal/office_spanish_names.html", {"sectors": sectors, "terms": terms})
