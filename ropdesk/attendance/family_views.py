"""The attendance and hours page of a student, for the student and their parents."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ropdesk.attendance import access, hours
from ropdesk.core import charts
from ropdesk.enrollment.access import enrollments_visible_to


@login_required
def student_hours(request: HttpRequest, pk: int) -> HttpResponse:
    student = access.family_student_for(request.user, pk)
    today = timezone.localdate()
    items = hours.enrollment_hours(
        enrollments_visible_to(request.user).filter(student=student), today
    )
    year = hours.school_year_of(today)
    months = hours.by_month(items, hours.months_of(year, today) if year else [])
    chart = charts.stacked_bar_chart(
        title=_("Hours by month"),
        description=_(
            "Each month's classroom hours and on-the-job hours that count toward attendance, "
            "and on-the-job hours still waiting for the supervisor's approval."
        ),
        series=[
            _("Classroom hours"),
            _("On-the-job hours that count"),
            _("On-the-job hours waiting for approval"),
        ],
        stacks=[
            charts.Stack(
                date_format(m.month, "YEAR_MONTH_FORMAT"),
                [float(m.classroom), float(m.job_counted), float(m.job_waiting)],
            )
            for m in months
        ],
        label_heading=_("Month"),
        total_heading=_("Total hours"),
        decimals=2,
        key=str(student.pk),
    )
    return render(
        request,
        "attendance/student_hours.html",
        {
            "student": student,
            "own": student.user_id == request.user.pk,
            "items": items,
            "chart": chart,
            "year": year,
            "today": today,
        },
    )
