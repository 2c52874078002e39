"""jobSiteHours.csv rows outside the enrollment are refused with the row and the column
(EC 46300: only the attendance of enrolled pupils counts)."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date

import pytest

from ropdesk.attendance import services
from ropdesk.attendance.models import OnTheJobHours
from ropdesk.catalog.models import InstructionMode
from ropdesk.core.models import ImportJob
from ropdesk.core.tests import factories as f
from ropdesk.interop import spec
from ropdesk.interop.exporter import oneroster_export
from ropdesk.interop.importer import Rejected, oneroster_import
from ropdesk.interop.reader import files_of

pytestmark = pytest.mark.django_db


def _with_extra_row(data: bytes, day: date) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            if name == spec.JOB_SITE_HOURS_FILE:
                rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
                extra = dict(rows[0], date=day.isoformat())
                text = io.StringIO()
                writer = csv.DictWriter(text, fieldnames=list(rows[0]), lineterminator="\n")
                writer.writeheader()
                writer.writerows([*rows, extra])
                content = text.getvalue().encode()
            target.writestr(name, content)
    return out.getvalue()


def test_a_row_dated_before_the_enrollment_is_refused_with_its_row_and_column():
    """The enrollment begins Wed 2026-08-19 (the Fall term's first day); a row dated Tue
    2026-08-18 is row 3 of the file (the header is row 1, the exported day row 2)."""
    section = f.section(mode=InstructionMode.COMMUNITY_CLASSROOM)
    enrollment = f.enroll(f.student(), section, worksite=f.site())
    services.ojt_record(
        actor=None,
        enrollment=enrollment,
        kind="cc_ojt",
        day=date(2026, 9, 1),
        minutes=120,
        agreement_signed_on=date(2026, 8, 19),
    )
    data = _with_extra_row(oneroster_export(), date(2026, 8, 18))
    job = ImportJob.objects.create(kind="oneroster", file_name="x.zip", content=data, sha256="-")
    with pytest.raises(Rejected) as rejected:
        oneroster_import(files=files_of(data), actor=None, audit_obj=job)
    problems = [
        (p.file, p.row, p.column)
        for p in rejected.value.problems
        if p.file == spec.JOB_SITE_HOURS_FILE
    ]
    assert problems == [(spec.JOB_SITE_HOURS_FILE, 3, "date")]
    assert "Tue, Aug 18, 2026 is outside the student's enrollment" in str(rejected.value)
    assert list(OnTheJobHours.objects.values_list("date", flat=True)) == [date(2026, 9, 1)]
