"""Partners and committees for the demo county (ropdesk/demo/seed.py): every employer of
work-based learning as a partner (the same organization), the other kinds of partner, a
business advisory committee per industry sector with courses and one steering committee per
district, a year of meetings (minutes approved at the next one, an agenda posted late, a
meeting coming up), recommendations in every state, EDD projections, a snapshot in a packet
and a needs assessment in progress. It grows with the county: more students, more employers
and sections, so more partners, members and recommendations. Written with the models directly
(the seed runs in one transaction, the services each in their own); a second run adds nothing.
"""

from __future__ import annotations

import csv
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from ropdesk.catalog.models import Course
from ropdesk.core.models import Organization, Role, RoleAssignment, User
from ropdesk.partners import rules
from ropdesk.partners.models import (
    Activity,
    Attendance,
    Change,
    Committee,
    Consultation,
    Contact,
    Element,
    ElementFinding,
    Evidence,
    ItemCategory,
    LaborMarketSnapshot,
    Meeting,
    MemberRole,
    Membership,
    NeedsAssessment,
    Partner,
    Projection,
    PublicComment,
    Recommendation,
    StakeholderCategory,
)

AGENDA = (
    "1. Call to order\n2. Public comment\n3. Approval of the minutes\n4. Program review\n"
    "5. Recommendations"
)
LABOR_CSV = (
    Path(__file__).resolve().parent.parent / "data" / "labor" / "ca_occupational_projections.csv"
)
DEMO_AREA = "Los Angeles-Long Beach-Glendale MD (Los Angeles County)"

# A few occupations each demo pathway prepares for (pathway code -> SOC codes).
PATHWAY_OCCUPATIONS = {
    "103": ["31-9096"],
    "111": ["27-1024"],
    "113": ["27-4032"],
    "122": ["49-9021"],
    "123": ["47-2031", "47-2061"],
    "130": ["39-9011", "25-2011"],
    "170": ["15-1232"],
    "172": ["15-1244"],
    "174": ["15-1254", "15-1252"],
    "180": ["43-3071"],
    "182": ["43-6014"],
    "197": ["31-9093"],
    "198": ["31-1131", "29-1141"],
    "201": ["35-2014", "35-1011"],
    "212": ["51-4041"],
    "213": ["51-4121"],
    "220": ["49-3021"],
    "221": ["49-3023"],
    "233": ["29-2042"],
    "250": ["43-6013"],
}

OTHER_PARTNERS = [
    ("Los Angeles County Federation of Labor", Partner.Kind.LABOR, MemberRole.LABOR),
    ("Cerritos College", Partner.Kind.COMMUNITY_COLLEGE, MemberRole.POSTSECONDARY),
    ("Rio Hondo College", Partner.Kind.COMMUNITY_COLLEGE, MemberRole.POSTSECONDARY),
    ("Southland Technical Institute", Partner.Kind.PRIVATE_POSTSECONDARY, MemberRole.POSTSECONDARY),
    (
        "America's Job Center of California, Southeast LA",
        Partner.Kind.EMPLOYMENT_AGENCY,
        MemberRole.EDD,
    ),
    ("EDD Norwalk Field Office", Partner.Kind.PUBLIC_AGENCY, MemberRole.EDD),
    (
        "Southeast Los Angeles County Workforce Development Board",
        Partner.Kind.PUBLIC_AGENCY,
        MemberRole.WORKFORCE_BOARD,
    ),
    ("Families in Transition Network", Partner.Kind.COMMUNITY, MemberRole.PUBLIC_DISADVANTAGED),
    ("Southeast Parents' Council", Partner.Kind.COMMUNITY, MemberRole.PARENT),
]
FIRST = ["Ana", "Luis", "Grace", "Tomas", "Priya", "Derek", "Mei", "Samuel", "Rosa", "Kevin"]
LAST = [
    "Ortiz",
    "Nguyen",
    "Harper",
    "Salazar",
    "Patel",
    "Brooks",
    "Chen",
    "Ramirez",
    "Kim",
    "Ellis",
]


def _name(n: int) -> str:
    return f"{FIRST[n % len(FIRST)]} {LAST[(n * 7 + 3) % len(LAST)]}"


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def seed_partners(*, today: date, students: int = 1500) -> int:
    """Build the demo's partners and committees; returns how many recommendations it holds.
    A bigger county has more partners (one more business for every 100 students) and more
    recommendations at each meeting (one more for every 750 students)."""
    if Committee.objects.exists():
        return Recommendation.objects.count()
    office = User.objects.filter(roles__role=Role.ADMINISTRATOR).order_by("pk").first()
    partners = _partners(today, businesses=students // 100)
    _projections()
    committees = _committees(today, partners, office, per_meeting=1 + students // 750)
    snapshot = _snapshot(today, office)
    meetings = Meeting.objects.filter(committee__in=committees, starts_at__gt=timezone.now())
    meetings.update(lmi_snapshot=snapshot)
    _assessment(today, snapshot)
    return Recommendation.objects.count()


BUSINESS_NAMES = [
    "Gateway Auto Group",
    "Imperial Medical Group",
    "Southbay Builders",
    "Rio Hondo Foods",
]


def _partners(today: date, *, businesses: int) -> dict[str, list[Contact]]:
    """Contacts by the member role they can fill: every employer of work-based learning (the
    same organization, now also a partner), `businesses` more, and the other kinds."""
    by_role: dict[str, list[Contact]] = {}
    for j in range(businesses):
        Organization.objects.get_or_create(
            code=f"partner-demo-biz-{j}",
            defaults={
                "kind": Organization.Kind.EMPLOYER,
                "name": f"{BUSINESS_NAMES[j % len(BUSINESS_NAMES)]} {j + 1}",
            },
        )
    employers = Organization.objects.filter(kind=Organization.Kind.EMPLOYER, partner__isnull=True)
    n = 0
    for org in employers.order_by("pk"):
        partner = Partner.objects.create(organization=org, kind=Partner.Kind.BUSINESS, size="small")
        contact = Contact.objects.create(
            partner=partner,
            name=_name(n),
            title="Owner",
            role=Contact.Role.EXECUTIVE,
            email=f"contact{n}@partner.example.org",
        )
        by_role.setdefault(MemberRole.BUSINESS, []).append(contact)
        kinds = list(Activity.Kind)
        Activity.objects.create(
            partner=partner,
            kind=kinds[n % len(kinds)],
            on=today - timedelta(days=10 + n % 200),
            description="Hosted students for a morning",
            value=Decimal("1500.00") if n % 6 == 0 else None,
        )
        n += 1
    for k, (name, kind, role) in enumerate(OTHER_PARTNERS):
        org, _c = Organization.objects.get_or_create(
            code=f"partner-demo-{k}", defaults={"kind": Organization.Kind.EMPLOYER, "name": name}
        )
        partner = Partner.objects.create(organization=org, kind=kind)
        for _j in range(2):
            contact = Contact.objects.create(
                partner=partner, name=_name(n), role=Contact.Role.PRIMARY
            )
            by_role.setdefault(role, []).append(contact)
            n += 1
    return by_role


def _staff_contact(user: User, role: str) -> Contact:
    contact, _c = Contact.objects.get_or_create(
        user=user, defaults={"name": str(user), "role": Contact.Role.STAFF, "email": user.email}
    )
    return contact


def _committees(
    today: date, by_role: dict[str, list[Contact]], office: User | None, *, per_meeting: int
) -> list[Committee]:
    committees = []
    courses = Course.objects.filter(active=True, needs_setup=False).select_related(
        "pathway__sector"
    )
    by_sector: dict[int, list[Course]] = {}
    for course in courses:
        if course.pathway is None:  # not offered until set up
            continue
        by_sector.setdefault(course.pathway.sector_id, []).append(course)
        for code in PATHWAY_OCCUPATIONS.get(course.pathway.code, []):
            course.occupations.get_or_create(soc_code=code)
    instructors = list(User.objects.filter(roles__role=Role.INSTRUCTOR).order_by("pk"))
    admins = list(User.objects.filter(roles__role=Role.ADMINISTRATOR).order_by("pk"))
    counselors = list(User.objects.filter(roles__role=Role.COUNSELOR).order_by("pk"))
    students = list(User.objects.filter(roles__role=Role.STUDENT).order_by("pk")[:40])
    businesses = by_role.get(MemberRole.BUSINESS, [])
    for k, (_sector_id, sector_courses) in enumerate(sorted(by_sector.items())):
        sector = sector_courses[0].sector
        assert sector is not None  # every course here has a pathway
        committee = Committee.objects.create(
            name=f"{sector.name} Advisory Committee",
            scope=Committee.Scope.SECTOR,
            sector=sector,
            created_by_action=f"Board resolution 2025-{k + 10} of 2025-06-10",
        )
        committee.courses.set(sector_courses)
        seats: list[tuple[Contact, str]] = []
        for j in range(max(2, len(sector_courses) // 3)):
            if businesses:
                seats.append((businesses[(k * 3 + j) % len(businesses)], MemberRole.BUSINESS))
        if instructors:
            seats.append(
                (_staff_contact(instructors[k % len(instructors)], "teacher"), MemberRole.TEACHER)
            )
        if admins:
            seats.append((_staff_contact(admins[0], "admin"), MemberRole.ADMINISTRATOR))
        if counselors and k % 2 == 0:
            seats.append(
                (_staff_contact(counselors[k % len(counselors)], "counselor"), MemberRole.COUNSELOR)
            )
        if students:
            seats.append(
                (_staff_contact(students[k % len(students)], "student"), MemberRole.STUDENT)
            )
        for role in (
            MemberRole.PUBLIC_DISADVANTAGED,
            MemberRole.LABOR,
            MemberRole.POSTSECONDARY,
            MemberRole.EDD,
        ):
            # One committee lacks its EDD seat: the composition warning of the demo.
            if role == MemberRole.EDD and k == 1:
                continue
            pool = by_role.get(role, [])
            if pool:
                seats.append((pool[k % len(pool)], role))
        _seat(committee, seats[:12], today, k)
        _year_of_meetings(committee, today, k, sector_courses, office, per_meeting=per_meeting)
        committees.append(committee)
    for k, district in enumerate(
        Organization.objects.filter(kind=Organization.Kind.DISTRICT).order_by("name")
    ):
        committee = Committee.objects.create(
            name=f"{district.name} Steering Committee",
            scope=Committee.Scope.DISTRICT_STEERING,
            district=district,
            created_by_action="Joint powers agreement",
        )
        seats = []
        for a in RoleAssignment.objects.filter(
            role=Role.DISTRICT_COORDINATOR, organization=district
        ).select_related("user"):
            seats.append((_staff_contact(a.user, "coordinator"), MemberRole.DISTRICT_COORDINATOR))
        for j in range(2):
            contact, _c = Contact.objects.get_or_create(
                name=f"{district.name} representative {j + 1}",
                partner=None,
                defaults={"role": Contact.Role.STAFF},
            )
            seats.append((contact, MemberRole.DISTRICT_REPRESENTATIVE))
        _seat(committee, seats, today, k)
        _year_of_meetings(committee, today, k, [], office, steering=True, per_meeting=1)
        committees.append(committee)
    return committees


def _seat(committee: Committee, seats: list[tuple[Contact, str]], today: date, k: int) -> None:
    rows = []
    for j, (contact, role) in enumerate(seats):
        starts = today.replace(year=today.year - 1 - j % 3) - timedelta(days=30 * j)
        ends = rules.term_default_end(starts)
        if j == 1 and k % 3 == 0:
            ends = today + timedelta(days=40)  # a term ending soon
        if ends <= starts:
            ends = starts + timedelta(days=365)
        officer = Membership.Officer.CHAIR if j == 0 else ""
        if j == len(seats) - 1 and not committee.is_steering:
            officer = Membership.Officer.SECRETARY
        rows.append(
            Membership(
                committee=committee,
                contact=contact,
                role=role,
                term_starts_on=starts,
                term_ends_on=ends,
                officer=officer,
            )
        )
    Membership.objects.bulk_create(rows)


def _year_of_meetings(
    committee: Committee,
    today: date,
    k: int,
    courses: list[Course],
    office: User | None,
    *,
    steering: bool = False,
    per_meeting: int = 1,
) -> None:
    """Four quarterly meetings in the past year, each with minutes approved at the next, and
    the next one coming up."""
    days = [today - timedelta(days=90 * q + 7 * (k % 5) + 5) for q in (3, 2, 1, 0)]
    days.append(today + timedelta(days=10 + k % 20))
    members = list(committee.memberships.all())
    meetings: list[Meeting] = []
    statuses = list(Recommendation.Status)
    for q, day in enumerate(days):
        starts = _at(day, 16)
        past = day < today
        lead = 4 if (q, k % 4) != (3, 0) else 1  # one agenda posted late (one day ahead)
        meeting = Meeting.objects.create(
            committee=committee,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            place="ROP Center, Room 12, 9200 Imperial Hwy, Downey",
            kind=Meeting.Kind.REGULAR,
            agenda=AGENDA,
            agenda_posted_at=starts - timedelta(days=lead)
            if past or q == 4 and k % 2 == 0
            else None,
        )
        if past:
            meeting.minutes = f"The committee reviewed the program. {len(members)} members invited."
            meeting.minutes_recorded_at = starts + timedelta(days=2)
            categories = (
                [ItemCategory.COURSES_OFFERED, ItemCategory.SCHEDULE]
                if steering
                else [ItemCategory.CURRICULUM, ItemCategory.EQUIPMENT, ItemCategory.LABOR_MARKET]
            )
            meeting.items_reviewed = [str(c) for c in categories]
            meeting.save(update_fields=["minutes", "minutes_recorded_at", "items_reviewed"])
            Attendance.objects.bulk_create(
                Attendance(meeting=meeting, membership=m)
                for m in members[: max(1, len(members) - 1)]
            )
            if q == 1:
                PublicComment.objects.create(
                    meeting=meeting, summary="A parent asked about evening sections."
                )
        if meetings and meetings[-1].minutes and past:
            meetings[-1].minutes_approved_at = meeting
            meetings[-1].save(update_fields=["minutes_approved_at"])
        meetings.append(meeting)
        for extra in range(per_meeting if past and q < 3 else 0):
            status = statuses[(k + q + extra) % len(statuses)]
            course = courses[(k + q + extra) % len(courses)] if courses else None
            _recommend(meeting, status, course, steering, office, day, q + extra)


def _recommend(
    meeting: Meeting,
    status: str,
    course: Course | None,
    steering: bool,
    office: User | None,
    day: date,
    q: int,
) -> None:
    if steering:
        text, category = (
            ["Open a second Medical Assisting section at the high school.", ItemCategory.SECTIONS]
            if q % 2
            else ["Offer Automotive Technology in the afternoon block.", ItemCategory.SCHEDULE]
        )
    else:
        title = course.title if course else "the program"
        text = f"Add industry-current equipment and safety practice to {title}."
        category = ItemCategory.EQUIPMENT if q % 2 else ItemCategory.CURRICULUM
    r = Recommendation.objects.create(
        meeting=meeting,
        text=text,
        category=category,
        course=course,
        owner=office,
        due_on=day + timedelta(days=120),
        status=status,
        status_changed_on=day + timedelta(days=30),
        declined_reason="The district's budget does not allow it this year."
        if status == Recommendation.Status.DECLINED
        else "",
        equipment="Diagnostic scan tool" if category == ItemCategory.EQUIPMENT else "",
    )
    if status == Recommendation.Status.IMPLEMENTED:
        kind = (
            Change.Kind.SCHEDULE
            if steering
            else (
                Change.Kind.PURCHASE
                if category == ItemCategory.EQUIPMENT
                else Change.Kind.COURSE_REVISION
            )
        )
        Change.objects.create(
            recommendation=r,
            kind=kind,
            made_on=day + timedelta(days=60),
            course=course,
            summary="Course outline revised to add the practice the committee asked for."
            if kind == Change.Kind.COURSE_REVISION
            else "Done as the committee asked.",
            amount=Decimal("4200.00") if kind == Change.Kind.PURCHASE else None,
        )


def _projections() -> None:
    now = timezone.now()
    with LABOR_CSV.open(newline="", encoding="utf-8") as handle:
        rows = [
            Projection(
                area=row["area"],
                soc_code=row["soc_code"],
                title=row["title"],
                base_year=int(row["base_year"]),
                projected_year=int(row["projected_year"]),
                base_employment=int(row["base_employment"]),
                projected_employment=int(row["projected_employment"]),
                annual_openings=int(row["annual_openings"]),
                median_annual_wage=int(row["median_annual_wage"])
                if row["median_annual_wage"]
                else None,
                imported_at=now,
            )
            for row in csv.DictReader(handle)
        ]
    Projection.objects.bulk_create(rows, ignore_conflicts=True)


def _snapshot(today: date, office: User | None) -> LaborMarketSnapshot:
    codes = sorted({c for codes in PATHWAY_OCCUPATIONS.values() for c in codes})
    rows = [
        {
            "soc_code": p.soc_code,
            "title": p.title,
            "base_year": p.base_year,
            "projected_year": p.projected_year,
            "base_employment": p.base_employment,
            "projected_employment": p.projected_employment,
            "change_percent": p.change_percent,
            "annual_openings": p.annual_openings,
            "median_annual_wage": p.median_annual_wage,
        }
        for p in Projection.objects.filter(area=DEMO_AREA, soc_code__in=codes).order_by("soc_code")
    ]
    return LaborMarketSnapshot.objects.create(
        title="Occupations of the program's courses",
        area=DEMO_AREA,
        taken_at=timezone.now(),
        source="California Employment Development Department, Labor Market Information Division",
        rows=rows,
        taken_by=office,
    )


def _assessment(today: date, snapshot: LaborMarketSnapshot) -> None:
    starts = date(today.year if today.month >= 7 else today.year - 1, 7, 1)
    assessment = NeedsAssessment.objects.create(
        title=f"CLNA {starts.year}–{starts.year + 2}",
        starts_on=starts,
        ends_on=starts.replace(year=starts.year + 2) - timedelta(days=1),
    )
    for element in Element.values:
        finding = ElementFinding.objects.create(
            assessment=assessment,
            element=element,
            status=ElementFinding.Status.IN_PROGRESS
            if element <= 3
            else ElementFinding.Status.NOT_STARTED,
            findings="Draft findings under review." if element <= 3 else "",
        )
        if element == Element.SIZE_SCOPE_QUALITY:
            Evidence.objects.create(
                finding=finding,
                kind=Evidence.Kind.LABOR_MARKET,
                title=snapshot.title,
                snapshot=snapshot,
            )
        if element == Element.PERFORMANCE:
            Evidence.objects.create(
                finding=finding,
                kind=Evidence.Kind.INDICATORS,
                title="Core indicators by subgroup, last two years",
                summary="From the outcomes report.",
            )
    for j, category in enumerate(list(StakeholderCategory)[:4]):
        Consultation.objects.create(
            assessment=assessment,
            on=starts + timedelta(days=60 + 30 * j),
            category=category,
            participants="Advisory committee members and program staff",
            elements=[1, 2] if j % 2 == 0 else [3, 5],
        )
