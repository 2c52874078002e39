"""School years and their calendars, terms, sections and the meetings generated for them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ropdesk.catalog.models import Course, InstructionMode
from ropdesk.core.content import shown
from ropdesk.core.models import Site
from ropdesk.scheduling import calendar

WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
WEEKDAY_NAMES = {
    "Mon": _("Monday"),
    "Tue": _("Tuesday"),
    "Wed": _("Wednesday"),
    "Thu": _("Thursday"),
    "Fri": _("Friday"),
    "Sat": _("Saturday"),
    "Sun": _("Sunday"),
}


class SchoolYear(models.Model):
    """A fiscal school year, July 1 to June 30 (EC 41601 periods are counted within it)."""

    name = models.CharField(_("name"), max_length=9, unique=True)  # "2026-2027"
    start_date = models.DateField(_("fiscal year start"))
    end_date = models.DateField(_("fiscal year end"))
    first_instruction_day = models.DateField(_("first day of instruction"))
    last_instruction_day = models.DateField(_("last day of instruction"))

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("school year")
        verbose_name_plural = _("school years")
        constraints = [
            models.CheckConstraint(
                name="school_year_instruction_within_fiscal_year",
                condition=models.Q(first_instruction_day__gte=models.F("start_date"))
                & models.Q(last_instruction_day__lte=models.F("end_date"))
                & models.Q(first_instruction_day__lte=models.F("last_instruction_day")),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Holiday(models.Model):
    """A weekday of the school year without classes, and what kind of day it is: no meeting is
    generated on it, and its kind decides whether it is a day of the school month
    (scheduling.calendar.days_left_out_of_school_months; EC 37201(a))."""

    class Kind(models.TextChoices):
        LEGAL_HOLIDAY = calendar.LEGAL_HOLIDAY, _("Legal holiday (EC 37220)")
        LOCAL_HOLIDAY = (
            calendar.LOCAL_HOLIDAY,
            _("Holiday adopted by the board (EC 37220.5, 37220.7)"),
        )
        WINTER_RECESS = calendar.WINTER_RECESS, _("Winter recess")
        NON_SCHOOL_DAY = calendar.NON_SCHOOL_DAY, _("Other day without school")

    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="holidays")
    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(
        _("kind of day"), max_length=16, choices=Kind.choices, default=Kind.LEGAL_HOLIDAY
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        constraints = [
            models.UniqueConstraint(fields=["school_year", "date"], name="holiday_unique_date"),
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.name}"


class SchoolMonth(models.Model):
    """A school month: a run of 20 weekdays (holidays included, the winter recess left out when
    the program so chooses: EC 37201(a)) counted from the first day of instruction.
    Rebuilt from the calendar by `scheduling.services.school_year_build_calendar`."""

    school_year = models.ForeignKey(
        SchoolYear, on_delete=models.CASCADE, related_name="school_months"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    start_date = models.DateField(_("first school day"))
    end_date = models.DateField(_("last school day"))
    school_days = models.PositiveSmallIntegerField(_("school days"))

    class Meta:
        ordering = ["school_year", "number"]
        verbose_name = _("school month")
        verbose_name_plural = _("school months")
        constraints = [
            models.UniqueConstraint(fields=["school_year", "number"], name="school_month_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.school_year} month {self.number}"


class Term(models.Model):
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="terms")
    name = models.CharField(_("name"), max_length=60)
    # Its Spanish twin ("Otoño"), blank until translated (core/content.py).
    name_es = models.CharField(_("name (Spanish)"), max_length=60, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))

    class Meta:
        ordering = ["start_date", "name"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        constraints = [
            models.UniqueConstraint(fields=["school_year", "name"], name="term_unique_name"),
            models.CheckConstraint(
                name="term_dates_ordered", condition=models.Q(start_date__lte=models.F("end_date"))
            ),
        ]

    def __str__(self) -> str:
        return f"{shown(self, 'name')} {self.school_year}"


class Section(models.Model):
    """A course offered in a term at a site by an instructor, on a weekly meeting pattern."""

    code = models.CharField(_("section id"), max_length=40, unique=True)
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="sections"
    )
    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="sections"
    )
    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.PROTECT, related_name="sections"
    )
    instructor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("instructor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sections_taught",
    )
    # Mode and meeting pattern are blank only while the section needs setup (a district's file
    # carries neither); the office completes them on the interop "needs setup" page.
    mode = models.CharField(
        _("instruction mode"),
        max_length=24,
        choices=InstructionMode.choices,
        default=InstructionMode.CLASSROOM,
        blank=True,
    )
    capacity = models.PositiveSmallIntegerField(_("capacity"))
    days = models.CharField(_("meeting days"), max_length=27, blank=True)  # "Mon,Wed,Fri"
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    # Its own mode or pattern is missing, or its course needs setup: it takes no attendance
    # and earns no ADA until set up.
    needs_setup = models.BooleanField(_("needs setup"), default=False, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["course__title", "code"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.CheckConstraint(
                name="section_set_up_has_mode_and_pattern",
                condition=models.Q(needs_setup=True)
                | (
                    ~models.Q(mode="")
                    & ~models.Q(days="")
                    & models.Q(start_time__isnull=False, end_time__isnull=False)
                ),
            ),
            models.CheckConstraint(
                name="section_times_ordered",
                condition=models.Q(start_time__lt=models.F("end_time")),
            ),
            models.CheckConstraint(
                name="section_capacity_positive", condition=models.Q(capacity__gt=0)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course.title} — {self.code}"

    def setup_missing(self) -> list[str]:
        """What the office still has to give before the section is set up (its own fields)."""
        missing = []
        if not self.mode:
            missing.append(str(_("instruction mode")))
        if not self.days or self.start_time is None or self.end_time is None:
            missing.append(str(_("meeting days and times")))
        return missing

    @property
    def day_list(self) -> list[str]:
        return [day for day in self.days.split(",") if day]

    @property
    def seats_left(self) -> int:
        """Open seats; needs the `enrolled_count` annotation (enrollment.queries)."""
        return max(0, self.capacity - self.enrolled_count)  # type: ignore[attr-defined]

    def days_display(self) -> str:
        return ", ".join(str(WEEKDAY_NAMES[day]) for day in self.day_list)


class Meeting(models.Model):
    """One scheduled class meeting of a section; attendance is taken per meeting."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"))

    class Meta:
        ordering = ["date", "start_time"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(fields=["section", "date"], name="meeting_unique_day"),
            models.CheckConstraint(
                name="meeting_times_ordered",
                condition=models.Q(start_time__lt=models.F("end_time")),
            ),
        ]
        indexes = [models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.section.code} {self.date}"
