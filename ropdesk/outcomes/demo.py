"""Demo outcomes (ropdesk/demo/seed.py): last year's seniors, the course sequences they took,
their exits and graduation from the home districts, credentials and on-the-job hours, and the
completers' follow-up wave in progress with answers by every channel. Everything grows with
`--students` (one former senior for every six current students) and is deterministic; a
second run adds nothing.

The former student of the fixed link DEMO_LINK has not answered yet, so a reviewer can open
/outcomes/survey/demo-followup-link/ and answer (docs/outcomes.md)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone, translation

from ropdesk.attendance.models import OnTheJobHours
from ropdesk.catalog.models import Course, InstructionMode, StateCourseCode
from ropdesk.core.models import Organization, Role, Site, SmsMessage, Student, User
from ropdesk.core.tokens import token_hash, token_new
from ropdesk.demo import county
from ropdesk.enrollment.models import Completion, Enrollment
from ropdesk.outcomes import reference, rules
from ropdesk.outcomes.models import (
    SMS_REFERENCE,
    Channel,
    Exit,
    FollowUpInvitation,
    FollowUpLink,
    FollowUpResponse,
    FollowUpWave,
    IndustryCredential,
)
from ropdesk.outcomes.queries import psts_codes_for
from ropdesk.scheduling.models import SchoolYear, Section, Term
from ropdesk.scheduling.services import section_create

DEMO_LINK = "demo-followup-link"


def _last_year(today: date) -> tuple[SchoolYear, Term, Term]:
    start = (today.year if today.month >= 7 else today.year - 1) - 1
    year, _ = SchoolYear.objects.get_or_create(
        name=f"{start}-{start + 1}",
        defaults={
            "start_date": date(start, 7, 1),
            "end_date": date(start + 1, 6, 30),
            "first_instruction_day": date(start, 8, 20),
            "last_instruction_day": date(start + 1, 6, 11),
        },
    )
    fall, _ = Term.objects.get_or_create(
        school_year=year,
        name="Fall",
        defaults={"start_date": date(start, 8, 20), "end_date": date(start + 1, 1, 23)},
    )
    spring, _ = Term.objects.get_or_create(
        school_year=year,
        name="Spring",
        defaults={"start_date": date(start + 1, 1, 26), "end_date": date(start + 1, 6, 11)},
    )
    return year, fall, spring


def _sequences() -> list[tuple[Course, Course]]:
    """(introduction, capstone) for every demo course that is a pathway's capstone: the
    introduction is added to the catalog with the pathway's first other course code (the
    demo's sections this year are of the capstones only)."""
    pairs = []
    for capstone in Course.objects.filter(
        code__startswith="ROP-", state_course_code__capstone_course=True
    ).select_related("pathway", "state_course_code"):
        if capstone.code.endswith("-I"):
            continue
        pathway = capstone.pathway
        assert pathway is not None  # demo courses are set up
        intro_code = (
            StateCourseCode.objects.filter(pathway=capstone.pathway, capstone_course=False)
            .order_by("code")
            .first()
        )
        intro, _ = Course.objects.get_or_create(
            code=f"{capstone.code}-I",
            defaults={
                "title": f"Introduction to {pathway.name}",
                "pathway": pathway,
                "state_course_code": intro_code,
                "hours": 90,
                "description": f"The first course of the {pathway.name} sequence.",
            },
        )
        pairs.append((intro, capstone))
    return pairs


def _sections(
    pairs: list[tuple[Course, Course]], fall: Term, spring: Term, rng: random.Random
) -> list[tuple[Section, Section]]:
    instructors = list(User.objects.filter(roles__role=Role.INSTRUCTOR).order_by("pk")[:20])
    sites = list(Site.objects.exclude(kind=Site.Kind.WORKSITE).order_by("pk")[:20])
    found = []
    for intro, capstone in pairs:
        made = []
        for course, term in ((intro, fall), (capstone, spring)):
            mode = InstructionMode.CLASSROOM
            if course is capstone and course.allows_community_classroom:
                mode = InstructionMode.COMMUNITY_CLASSROOM
            code = f"{course.code}-{term.school_year.name[:4]}{term.name[0]}"
            section = Section.objects.filter(code=code).first() or section_create(
                actor=None,
                code=code,
                course=course,
                term=term,
                site=rng.choice(sites),
                instructor=rng.choice(instructors) if instructors else None,
                mode=mode,
                capacity=40,
                days="Tue,Thu",
                start_time=time(14, 0),
                end_time=time(16, 30),
            )
            made.append(section)
        found.append((made[0], made[1]))
    return found


def _former_students(rng: random.Random, count: int, start: int) -> list[Student]:
    districts = list(Organization.objects.filter(kind=Organization.Kind.DISTRICT).order_by("pk"))
    schools = {
        d.pk: list(Organization.objects.filter(parent=d, kind=Organization.Kind.SCHOOL))
        for d in districts
    }
    rows = []
    for n in range(count):
        sex = rng.choices(["F", "M", "X"], [48, 51, 1])[0]
        names = county.FIRST_NAMES_F if sex == "F" else county.FIRST_NAMES_M
        district = rng.choice(districts)
        hispanic = rng.random() < 0.62
        spanish = hispanic and rng.random() < 0.45
        first, last = rng.choice(names), rng.choice(county.LAST_NAMES)
        rows.append(
            Student(
                local_id=f"ROPX{n + 1:06d}",
                legal_first_name=first,
                legal_last_name=last,
                birth_date=date(start - 17, 1, 1) + timedelta(days=rng.randrange(365)),
                sex=sex,
                hispanic_latino=hispanic,
                races=[rng.choices(["700", "200", "600", "400", "100"], [40, 25, 20, 12, 3])[0]],
                grade_level="12",
                district_of_residence=district,
                school_of_attendance=rng.choice(schools[district.pk] or [None]),
                has_iep=rng.random() < 0.11,
                english_learner=spanish and rng.random() < 0.3,
                economically_disadvantaged=rng.random() < 0.64,
                foster_youth=rng.random() < 0.01,
                homeless=rng.random() < 0.03,
                home_language="Spanish" if spanish else "English",
                email=f"{first}.{last}.{n + 1}@example.net".lower() if rng.random() < 0.8 else "",
                phone=f"(562) 555-{rng.randrange(10000):04d}" if rng.random() < 0.9 else "",
                city=district.city,
            )
        )
    Student.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
    return list(Student.objects.filter(local_id__startswith="ROPX").order_by("local_id"))


def _grade(rng: random.Random, passing: float) -> str:
    if rng.random() > passing:
        return rng.choice(["D", "F"])
    return rng.choices(["A", "B", "C"], [40, 38, 22])[0]


def seed_outcomes(*, seed: int, today: date, scale: int) -> int:
    """Build the demo's outcomes; returns how many former students were added."""
    if Student.objects.filter(local_id__startswith="ROPX").exists():
        return 0
    rng = random.Random(f"{seed}:outcomes")  # noqa: S311 -- demo data, not a secret
    year, fall, spring = _last_year(today)
    pairs = _sections(_sequences(), fall, spring, rng)
    if not pairs:
        return 0
    people = _former_students(rng, max(30, scale // 6), int(year.name[:4]) + 1)
    recorded = timezone.make_aware(datetime.combine(spring.end_date, time(15)))
    enrollments, completions, exits, credentials, hours = [], [], [], [], []
    exit_on = year.last_instruction_day
    for student in people:
        intro, capstone = rng.choice(pairs)
        for section, passing in ((intro, 0.97), (capstone, 0.93)):
            enrollments.append(
                Enrollment(
                    student=student,
                    section=section,
                    status=Enrollment.Status.COMPLETED,
                    enrolled_on=section.term.start_date,
                    ended_on=section.term.end_date,
                    worksite=None,
                    grade_level="12",  # last year's 12th-grade completers
                )
            )
            completions.append((student.pk, section.pk, _grade(rng, passing)))
        graduated = rng.random() < 0.99
        exits.append(
            Exit(
                student=student,
                district=student.district_of_residence,
                exit_date=exit_on,
                exit_year=year.name,
                completion_code="100" if graduated else rng.choice(["400", "420"]),
                grade_at_exit="12",
                graduated=graduated,
                diploma_date=exit_on if graduated else None,
                graduation_cohort=year.name,
                source=Exit.Source.DISTRICT_FILE,
            )
        )
        if rng.random() < 0.3:
            credentials.append(
                IndustryCredential(
                    student=student,
                    name=f"{capstone.course.pathway} industry certification",
                    issuer="Industry certifying body",
                    earned_on=exit_on - timedelta(days=rng.randrange(10, 60)),
                    pathway=capstone.course.pathway,
                )
            )
    Enrollment.objects.bulk_create(enrollments, batch_size=2000)
    by_key = {
        (e.student_id, e.section_id): e
        for e in Enrollment.objects.filter(student__in=people).select_related("section")
    }
    Completion.objects.bulk_create(
        [
            Completion(enrollment=by_key[(s, sec)], final_grade=g, recorded_at=recorded)
            for s, sec, g in completions
        ],
        batch_size=2000,
    )
    for enrollment in by_key.values():
        if enrollment.section.mode == InstructionMode.COMMUNITY_CLASSROOM and rng.random() < 0.8:
            for week in range(3):
                hours.append(
                    OnTheJobHours(
                        enrollment=enrollment,
                        kind=OnTheJobHours.Kind.COMMUNITY_CLASSROOM,
                        date=spring.start_date + timedelta(days=7 * week + 2),
                        minutes=180,
                        supervisor_approved_at=recorded,
                        agreement_signed_on=spring.start_date,
                    )
                )
    OnTheJobHours.objects.bulk_create(hours, batch_size=2000)
    Exit.objects.bulk_create(exits, batch_size=2000)
    IndustryCredential.objects.bulk_create(credentials, batch_size=2000)
    reference.designations_load()
    _wave(rng, year.name, today)
    return len(people)


def _wave(rng: random.Random, exit_year: str, today: date) -> None:
    """The completers' wave, opened three weeks ago, with answers by every channel."""
    from ropdesk.outcomes.queries import wave_population

    opens_on, closes_on = rules.wave_default_dates(exit_year)
    opens_on = min(opens_on, today - timedelta(days=21))
    closes_on = max(closes_on, today + timedelta(days=30))
    wave, _ = FollowUpWave.objects.get_or_create(
        exit_year=exit_year,
        population=FollowUpWave.Population.COMPLETERS,
        defaults={
            "opens_on": opens_on,
            "closes_on": closes_on,
            "channels": [Channel.EMAIL, Channel.SMS, Channel.LETTER, Channel.PHONE],
            "reminder_days": rules.setting("REMINDER_DAYS"),
            "phone_from_day": rules.setting("PHONE_FROM_DAY"),
            "target_response_rate": rules.setting("TARGET_RESPONSE_RATE"),
            "opened_at": timezone.make_aware(datetime.combine(opens_on, time(9))),
            "base_url": "http://localhost:8000/",
        },
    )
    population = wave_population(wave)
    invitations = FollowUpInvitation.objects.bulk_create(
        [
            FollowUpInvitation(
                wave=wave,
                student=e.student,
                email=e.student.email,
                phone=e.student.phone,
                language="es" if e.student.home_language == "Spanish" else "en",
                sent_at=wave.opened_at if e.student.email or e.student.phone else None,
                reminder_count=2 if e.student.email else 0,
                valid_until=closes_on,
                uses_left=1,
            )
            for e in population
        ]
    )
    links, answers, texts = [], [], []
    quarter = rules.second_quarter_after(population[0].exit_date) if population else None
    for k, invitation in enumerate(invitations):
        channel = Channel.EMAIL if invitation.email else Channel.LETTER
        token = DEMO_LINK if k == 0 else token_new()
        links.append(
            FollowUpLink(invitation=invitation, token_hash=token_hash(token), channel=channel)
        )
        text_token = token_new() if invitation.phone else ""
        text = _text(rng, invitation, wave, text_token) if text_token else None
        if text is None:
            text_token = ""
        else:
            links.append(
                FollowUpLink(
                    invitation=invitation, token_hash=token_hash(text_token), channel=Channel.SMS
                )
            )
            texts.append(text)
        if k == 0:
            continue  # the reviewer's link stays unanswered
        roll = rng.random()
        if roll < 0.04:
            invitation.opted_out_at = wave.opened_at
            continue
        if invitation.email and roll < 0.08:
            invitation.bounced_at, invitation.bounce_reason = wave.opened_at, "550 mailbox unknown"
        if text is not None and text.status == SmsMessage.Status.FAILED:
            invitation.sms_bounced_at = wave.opened_at
            invitation.sms_bounce_reason = text.last_error[:200]
        answered_by = (
            Channel.EMAIL
            if invitation.email and roll < 0.45
            else Channel.SMS
            if text_token and not invitation.sms_bounced_at and roll < 0.50
            else Channel.LETTER
            if roll < 0.52
            else Channel.PHONE
            if roll < 0.76
            else Channel.IMPORT
            if roll < 0.80
            else None
        )
        if answered_by is None:
            invitation.call_attempts = rng.randint(0, 3)
            continue
        answers.append(_answer(rng, invitation, answered_by, quarter, opens_on))
    FollowUpLink.objects.bulk_create(links)
    SmsMessage.objects.bulk_create(texts)
    FollowUpResponse.objects.bulk_create(answers)
    answered = {a.invitation_id: a.answered_at for a in answers}
    for invitation in invitations:
        if invitation.pk in answered:
            invitation.completed_at, invitation.uses_left = answered[invitation.pk], 0
    FollowUpInvitation.objects.bulk_update(
        invitations,
        [
            "completed_at",
            "uses_left",
            "opted_out_at",
            "bounced_at",
            "bounce_reason",
            "sms_bounced_at",
            "sms_bounce_reason",
            "call_attempts",
        ],
    )


def _text(
    rng: random.Random, invitation: FollowUpInvitation, wave: FollowUpWave, token: str
) -> SmsMessage | None:
    """The first text of a demo invitation, as core/sms.py would have recorded it: sent, or
    (one in twenty) refused by the provider as a landline; None for a number no text can go
    to (core/sms.py would not have queued it)."""
    from ropdesk.core.sms import InvalidPhoneNumber, SmsTooLong, phone_e164, text_fit
    from ropdesk.outcomes.services import link_url, sms_text

    try:
        number = phone_e164(invitation.phone)
        with translation.override(invitation.language):
            body = text_fit(sms_text(invitation, link_url(wave.base_url, token), reminder=False))
    except (InvalidPhoneNumber, SmsTooLong):
        return None
    failed = rng.random() < 0.05
    return SmsMessage(
        kind="outcomes.followup.invitation",
        to=number,
        body=body,
        language=invitation.language,
        reference=f"{SMS_REFERENCE}{invitation.pk}",
        status=SmsMessage.Status.FAILED if failed else SmsMessage.Status.SENT,
        attempts=1,
        last_error=(
            "Twilio refused (400, error 21614): 'To' number is not a valid mobile number"
            if failed
            else ""
        ),
        provider_id="" if failed else f"demo-{invitation.pk}",
        sent_at=None if failed else wave.opened_at,
    )


def _answer(
    rng: random.Random,
    invitation: FollowUpInvitation,
    channel: str,
    quarter: tuple[date, date] | None,
    opens_on: date,
) -> FollowUpResponse:
    proxy = channel == Channel.PHONE and rng.random() < 0.25
    school = rng.choices(["ccc", "csu_uc", "private", "adult", ""], [45, 20, 6, 4, 25])[0]
    employment = rng.choices(["full_time", "part_time", ""], [30, 45, 25])[0]
    military = rng.choices(["active", "reserve", "guard", ""], [4, 1, 1, 94])[0]
    placed = bool(school or employment or military)
    values = {
        "postsecondary": school,
        "military": military,
        "employment": employment,
        "apprenticeship": rng.random() < 0.03,
        "seeking_work": not placed and rng.random() < 0.7,
        "not_in_labor_force": False,
        "national_service": False,
    }
    answered = timezone.make_aware(
        datetime.combine(opens_on + timedelta(days=rng.randrange(0, 21)), time(18))
    )
    start, end = quarter or (opens_on, opens_on)
    return FollowUpResponse(
        invitation=invitation,
        channel=channel,
        respondent="proxy" if proxy else "self",
        proxy_relationship=rng.choice(["mother", "father", "grandmother"]) if proxy else "",
        hours_per_week=rng.choice([20, 25, 32, 40]) if employment else None,
        related_to_pathway=(rng.random() < 0.55) if employment else None,
        satisfaction=None if proxy else rng.choices([5, 4, 3, 2, 1], [40, 35, 15, 6, 4])[0],
        consent_later_contact=rng.random() < 0.7,
        reference_quarter_start=start,
        reference_quarter_end=end,
        psts_codes=psts_codes_for(values),
        answered_at=answered,
        language=invitation.language,
        **values,
    )
