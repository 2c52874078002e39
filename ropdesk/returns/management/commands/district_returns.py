"""`ropdesk district-returns --district CDS-CODE --school-year YYYY-YYYY --out DIR`: write one
district's CALPADS return files (one per file type, named by it), each checked against its
layout first. Exits 1, listing every problem, when a file does not validate; nothing is
written or logged for that file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from ropdesk.core.models import Organization
from ropdesk.returns.files import FORMATS, district_files
from ropdesk.returns.services import handoff_record
from ropdesk.scheduling.models import SchoolYear


def find_district(code: str) -> Organization:
    """By its CDS code (14 digits, or the 7-digit county-district part) or its ropdesk code."""
    districts = Organization.objects.filter(kind=Organization.Kind.DISTRICT)
    query = Q(code=code) | Q(cds__code=code)
    if len(code) == 7 and code.isdigit():
        query |= Q(cds__code__startswith=code) | Q(code__startswith=code, code__regex=r"^\d{14}$")
    found = list(districts.filter(query).distinct()[:2])
    if len(found) != 1:
        raise CommandError(f"no single district has the code {code}")
    return found[0]


class Command(BaseCommand):
    help = "Write a district's CALPADS return files for a school year."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--district", required=True, help="CDS code of the district")
        parser.add_argument("--school-year", required=True, help="YYYY-YYYY")
        parser.add_argument("--out", required=True, help="folder to write the files to")
        parser.add_argument("--format", choices=FORMATS, default="txt")

    def handle(self, *args: Any, **options: Any) -> None:
        district = find_district(options["district"])
        try:
            year = SchoolYear.objects.get(name=options["school_year"])
        except SchoolYear.DoesNotExist as missing:
            raise CommandError(f"no school year {options['school_year']}") from missing
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        failed = 0
        for file in district_files(district, year):
            if not file.valid:
                failed += 1
                self.stderr.write(f"{file.file_type}: {len(file.problems)} problems, not written")
                for problem in file.problems:
                    self.stderr.write(f"  {problem}")
                continue
            _hand_off, content = handoff_record(
                actor=None, file=file, file_format=options["format"], via="command"
            )
            path = out / file.file_name(options["format"])
            path.write_bytes(content)
            self.stdout.write(f"{file.file_type}: {len(file.rows)} rows → {path}")
        if failed:
            raise CommandError(f"{failed} files do not validate", returncode=1)
