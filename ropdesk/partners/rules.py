"""The committee rules, each a named function with its source (docs/partners-and-committees.md).

Every number is configurable in settings.ROPDESK["PARTNERS"] (any key left out keeps the
default below), as domain-rules.md §1 asks of every number.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from ropdesk.core.formatting import day_text
from ropdesk.partners.models import Meeting, MemberRole, Membership

DEFAULTS: dict[str, Any] = {
    # Title 5 §55601 (the community-college twin of EC 8070, whose text was not read): the
    # public knowledgeable about disadvantaged populations, students, teachers, business,
    # industry, the administration and the EDD field office.
    "REQUIRED_ROLES": [
        MemberRole.PUBLIC_DISADVANTAGED,
        MemberRole.STUDENT,
        MemberRole.TEACHER,
        MemberRole.BUSINESS,
        MemberRole.ADMINISTRATOR,
        MemberRole.EDD,
    ],
    # A steering committee is the district's representatives and its coordinator (the seed).
    "STEERING_REQUIRED_ROLES": [
        MemberRole.DISTRICT_REPRESENTATIVE,
        MemberRole.DISTRICT_COORDINATOR,
    ],
    # CDE practice: 5 to 12 members (anchors-wave2.md §2.1).
    "MIN_MEMBERS": 5,
    "MAX_MEMBERS": 12,
    "TERM_WARNING_DAYS": 60,
    "TERM_YEARS": 3,
    # Each course reviewed by industry at least once a year (Perkins IV §135(b): "not less than
    # one annual business and industry advisory committee meeting"; domain-rules.md 4.8).
    "REVIEW_MONTHS": 12,
    # Gov. Code 54954.2(a)(1): a regular meeting's agenda is posted 72 hours before;
    # 54956(a): a special meeting's notice 24 hours before.
    "LEAD_HOURS": {Meeting.Kind.REGULAR: 72, Meeting.Kind.SPECIAL: 24},
    # The area whose projections a course's outlook shows (an EDD "Area Name").
    "LMI_AREA": "California",
}


def config(key: str) -> Any:
    return settings.ROPDESK.get("PARTNERS", {}).get(key, DEFAULTS[key])


@dataclass(frozen=True)
class Warning:
    code: str
    message: str


def composition_gaps(
    roles_present: Iterable[str], *, steering: bool = False
) -> list[str]:  # T5 §55601 (EC 8070 stand-in)
    """The required member roles no current member sits for, in the configured order."""
    required = config("STEERING_REQUIRED_ROLES" if steering else "REQUIRED_ROLES")
    present = set(roles_present)
    return [str(role) for role in required if str(role) not in present]


def size_outside_range(count: int) -> bool:  # CDE practice: 5-12 members
    """True when fewer than the minimum or more than the maximum members; both ends allowed."""
    return count < config("MIN_MEMBERS") or count > config("MAX_MEMBERS")


def term_ends_soon(membership: Membership, today: date) -> bool:
    """A current term that ends within the warning window: the 60th day from today counts,
    the 61st does not; a term that already ended is not "ending soon"."""
    return today <= membership.term_ends_on <= today + timedelta(days=config("TERM_WARNING_DAYS"))


def review_cutoff(today: date) -> date:  # Perkins IV §135(b); domain-rules 4.8
    """A course whose last review was on or after this day has been reviewed in time: a review
    exactly twelve months ago still counts, one a day earlier does not."""
    months = config("REVIEW_MONTHS")
    year, month = divmod(today.month - 1 - months, 12)
    year += today.year
    month += 1
    day = min(today.day, _days_in(year, month))
    return date(year, month, day)


def _days_in(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


def lead_hours(kind: str) -> int:  # Gov. Code 54954.2(a)(1) regular; 54956(a) special
    return int(config("LEAD_HOURS")[kind])


def posted_late(*, kind: str, posted_at: datetime, starts_at: datetime) -> bool:
    """True when the agenda went up less than the lead time before the meeting: posted exactly
    72 hours before a regular meeting is on time, a minute later is late."""
    return starts_at - posted_at < timedelta(hours=lead_hours(kind))


def term_default_end(starts_on: date) -> date:
    """The default term (three years, renewable: Ottawa ISD practice) ends the day before the
    anniversary."""
    years = config("TERM_YEARS")
    try:
        anniversary = starts_on.replace(year=starts_on.year + years)
    except ValueError:  # 29 February
        anniversary = starts_on.replace(year=starts_on.year + years, day=28)
    return anniversary - timedelta(days=1)


def committee_warnings(
    memberships: list[Membership], today: date, *, steering: bool
) -> list[Warning]:
    """Everything out of order about a committee's membership on `today`."""
    current = [m for m in memberships if m.current_on(today)]
    warnings = []
    gaps = composition_gaps((m.role for m in current), steering=steering)
    if gaps:
        labels = ", ".join(str(MemberRole(g).label) for g in gaps)
        warnings.append(Warning("composition", _("No current member sits for: %s.") % labels))
    if not steering and size_outside_range(len(current)):
        warnings.append(
            Warning(
                "size",
                _("%(n)s current members; the committee should have %(min)s to %(max)s.")
                % {"n": len(current), "min": config("MIN_MEMBERS"), "max": config("MAX_MEMBERS")},
            )
        )
    chairs = [m for m in current if m.officer == Membership.Officer.CHAIR]
    if not steering and any(m.role != MemberRole.BUSINESS for m in chairs):
        # CDE practice: the chair comes from business or industry.
        warnings.append(Warning("chair", _("The chair does not sit for business or industry.")))
    for m in current:
        if term_ends_soon(m, today):
            warnings.append(
                Warning(
                    "term",
                    _("%(name)s's term ends on %(day)s.")
                    % {"name": m.contact.name, "day": day_text(m.term_ends_on)},
                )
            )
    return warnings
