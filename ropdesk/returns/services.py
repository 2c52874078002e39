"""Handing a return file to a district: refused while the file has problems; otherwise the
hand-off log row, the audit record and one disclosure-log row per student, together."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ropdesk.core.models import DisclosureLog, Student
from ropdesk.core.services import audit_record
from ropdesk.returns.files import ReturnFile
from ropdesk.returns.models import HandOff

# The district is the student's own school district, which reports the ROP's courses, marks
# and credits in its CALPADS files: a school official with a legitimate educational interest.
LEGAL_BASIS = gettext_noop(
    "34 CFR 99.31(a)(1): the student's home district, for its CALPADS report of the ROP "
    "courses, marks and credits (EC 52310; ROC/Ps do not report to CALPADS)"
)


class FileNotValid(ValidationError):
    """The file does not match its layout; `problems` lists every one."""

    def __init__(self, file: ReturnFile) -> None:
        self.file = file
        super().__init__(
            _("%(file)s has %(n)d problems and cannot be handed out.")
            % {"file": file.file_type, "n": len(file.problems)}
        )


def handoff_record(
    *, actor: Any, file: ReturnFile, file_format: str, via: str = "page"
) -> tuple[HandOff, bytes]:
    """Give `file` to its district in `file_format` (txt, csv or xlsx): returns the log row and
    the bytes to send. A file with problems raises FileNotValid and nothing is logged."""
    if not file.valid:
        raise FileNotValid(file)
    content = file.content(file_format)
    actor = actor if getattr(actor, "pk", None) else None
    with transaction.atomic(durable=True):
        hand_off = HandOff.objects.create(
            district=file.district,
            school_year=file.year,
            file_type=file.file_type,
            file_format=file_format,
            spec_version=file.version,
            rows=len(file.rows),
            students=len(file.students),
            sha256=ReturnFile.sha256(content),
            handed_by=actor,
            via=via,
        )
        audit_record(
            actor=actor,
            action="returns.hand_off",
            obj=hand_off,
            file=file.file_name(file_format),
            rows=len(file.rows),
        )
        _log_disclosures(file, actor, file_format)
    return hand_off, content


def _log_disclosures(file: ReturnFile, actor: Any, file_format: str) -> None:
    _disclose(
        district=file.district,
        year_name=file.year.name,
        file_type=file.file_type,
        students=file.students,
        actor=actor,
        file_format=file_format,
        name=file.file_name(file_format),
    )


def _disclose(
    *,
    district: Any,
    year_name: str,
    file_type: str,
    students: Iterable[int],
    actor: Any,
    file_format: str,
    name: str,
) -> None:
    # Written here rather than through core.services.disclosure_record: that helper logs what
    # an outside *user* was shown, under the site supervisor's basis, and leaves out students
    # the user reaches as a school official (a coordinator reaches all of their district's), so
    # a hand-off would log nothing; the command also hands files out with no user at all.
    who = f"{district.name}"
    if actor is not None:
        who += f" ({actor.username})"
    records = f"CALPADS {file_type} {year_name} ({file_format})"
    found = Student.objects.filter(pk__in=list(students)).only(
        "pk", "local_id", "statewide_id", "legal_first_name", "legal_last_name"
    )
    DisclosureLog.objects.bulk_create(
        [
            DisclosureLog(
                student=s,
                student_local_id=s.local_id,
                student_statewide_id=s.statewide_id or "",
                student_name=f"{s.legal_first_name} {s.legal_last_name}"[:200],
                party=actor,
                party_description=who[:200],
                records=records[:200],
                page=name[:200],
                legal_basis=LEGAL_BASIS,
            )
            for s in found
        ],
        batch_size=1000,
    )


def bundle_handoff_record(
    *, actor: Any, district: Any, school_year: Any, file_format: str, files: list[dict[str, Any]]
) -> None:
    """The hand-off of a bundle the worker built (returns/bundle.py), when it is downloaded:
    per file in it, the log row, the audit record and one disclosure-log row per student, as
    for one file's download. `files` holds what the build kept of each: file_type, name,
    spec_version, rows, students (ids), sha256."""
    actor = actor if getattr(actor, "pk", None) else None
    with transaction.atomic(durable=True):
        for f in files:
            hand_off = HandOff.objects.create(
                district=district,
                school_year=school_year,
                file_type=f["file_type"],
                file_format=file_format,
                spec_version=f["spec_version"],
                rows=f["rows"],
                students=len(f["students"]),
                sha256=f["sha256"],
                handed_by=actor,
                via="bundle",
            )
            audit_record(
                actor=actor, action="returns.hand_off", obj=hand_off, file=f["name"], rows=f["rows"]
            )
            _disclose(
                district=district,
                year_name=school_year.name,
                file_type=f["file_type"],
                students=f["students"],
                actor=actor,
                file_format=file_format,
                name=f["name"],
            )
