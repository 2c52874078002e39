"""Demo CALPADS identities: a CDS code for each district and school (fictional, in the right
shape: county 19, a five-digit district number, a seven-digit school number) and a state
educator id for two instructors in three; the others are reported with the placeholder."""

from __future__ import annotations

from ropdesk.core.models import Organization, Role, Student, User
from ropdesk.returns.models import CdsCode, StaffStateId


def seed_returns(*, seed: int) -> int:
    districts = Organization.objects.filter(kind=Organization.Kind.DISTRICT).order_by("code")
    have = set(CdsCode.objects.values_list("organization_id", flat=True))
    rows = []
    for i, district in enumerate(districts, start=1):
        lea = f"19{64000 + i * 7:05d}"
        if district.pk not in have:
            rows.append(CdsCode(organization=district, code=f"{lea}0000000"))
        for j, school in enumerate(
            district.children.filter(kind=Organization.Kind.SCHOOL).order_by("code"), start=1
        ):
            if school.pk not in have:
                rows.append(CdsCode(organization=school, code=f"{lea}19{i:02d}{j:03d}"))
    CdsCode.objects.bulk_create(rows, ignore_conflicts=True)
    instructors = User.objects.filter(roles__role=Role.INSTRUCTOR).distinct().order_by("username")
    ids = [
        StaffStateId(
            user=user, seid=f"{(seed * 7919 + k * 104729) % 9_000_000_000 + 1_000_000_000}"
        )
        for k, user in enumerate(instructors)
        if k % 3 != 2
    ]
    StaffStateId.objects.bulk_create(ids, ignore_conflicts=True)
    _give_ssids()
    return len(rows)


def _give_ssids() -> None:
    """The demo's sign-in students were typed in without an SSID; a district would have one
    for each of its high-school students, so they get a fictional one (starting 99)."""
    taken = set(Student.objects.exclude(statewide_id=None).values_list("statewide_id", flat=True))
    number = 9_900_000_000
    for student in Student.objects.filter(
        statewide_id=None, grade_level__in=Student.HIGH_SCHOOL_GRADES
    ).order_by("pk"):
        while str(number) in taken:
            number += 1
        student.statewide_id = str(number)
        student.save(update_fields=["statewide_id"])
        taken.add(student.statewide_id)
