"""An independent OneRoster CSV checker for the tests, written from the column lists and rules of
shared/oneroster.md (1EdTech OneRoster v1.1 CSV Tables; CSV Binding 1.2.1) — deliberately not
from ropdesk's spec.py or exporter, so that an exporter bug cannot hide behind its own tables.
No published Python OneRoster CSV parser exists on PyPI (the packages named oneroster are REST
clients), hence this one."""

from __future__ import annotations

import csv
import io
import re
import zipfile

COMMON = ["sourcedId", "status", "dateLastModified"]
V11 = {
    "orgs": COMMON + "name type identifier parentSourcedId".split(),
    "academicSessions": COMMON + "title type startDate endDate parentSourcedId schoolYear".split(),
    "courses": COMMON
    + "schoolYearSourcedId title courseCode grades orgSourcedId subjects subjectCodes".split(),
    "classes": COMMON
    + (
        "title grades courseSourcedId classCode classType location schoolSourcedId "
        "termSourcedIds subjects subjectCodes periods"
    ).split(),
    "users": COMMON
    + (
        "enabledUser orgSourcedIds role username userIds givenName familyName middleName "
        "identifier email sms phone agentSourcedIds grades password"
    ).split(),
    "enrollments": COMMON
    + "classSourcedId schoolSourcedId userSourcedId role primary beginDate endDate".split(),
    "demographics": COMMON
    + (
        "birthDate sex americanIndianOrAlaskaNative asian blackOrAfricanAmerican "
        "nativeHawaiianOrOtherPacificIslander white demographicRaceTwoOrMoreRaces "
        "hispanicOrLatinoEthnicity countryOfBirthCode stateOfBirthAbbreviation cityOfBirth "
        "publicSchoolResidenceStatus"
    ).split(),
}
V12 = {
    **V11,
    "users": COMMON
    + (
        "enabledUser username userIds givenName familyName middleName identifier email sms "
        "phone agentSourcedIds grades password userMasterIdentifier preferredGivenName "
        "preferredMiddleName preferredFamilyName primaryOrgSourcedId pronouns"
    ).split(),
    "roles": COMMON
    + "userSourcedId roleType role beginDate endDate orgSourcedId userProfileSourcedId".split(),
}
REQUIRED = {
    "orgs": ["name", "type"],
    "academicSessions": ["title", "type", "startDate", "endDate", "schoolYear"],
    "courses": ["title", "orgSourcedId"],
    "classes": ["title", "courseSourcedId", "classType", "schoolSourcedId", "termSourcedIds"],
    "users": ["enabledUser", "username", "givenName", "familyName"],
    "enrollments": ["classSourcedId", "schoolSourcedId", "userSourcedId", "role"],
    "demographics": [],
    "roles": ["userSourcedId", "roleType", "role", "orgSourcedId"],
}
ENUMS = {
    ("orgs", "type"): {"department", "school", "district", "local", "state", "national"},
    ("academicSessions", "type"): {"schoolYear", "term", "semester", "gradingPeriod"},
    ("classes", "classType"): {"homeroom", "scheduled"},
    ("users", "role"): {
        "administrator", "aide", "guardian", "parent", "proctor", "relative", "student", "teacher"
    },
    ("enrollments", "role"): {"student", "teacher", "administrator", "proctor"},
    ("roles", "roleType"): {"primary", "secondary"},
}  # fmt: skip
SEX = {"1.1": {"male", "female"}, "1.2": {"male", "female", "other", "unspecified"}}
BOOLEANS = {
    "users": ["enabledUser"],
    "enrollments": ["primary"],
    "demographics": [
        "americanIndianOrAlaskaNative", "asian", "blackOrAfricanAmerican",
        "nativeHawaiianOrOtherPacificIslander", "white", "demographicRaceTwoOrMoreRaces",
        "hispanicOrLatinoEthnicity",
    ],
}  # fmt: skip
DATES = {
    "academicSessions": ["startDate", "endDate"],
    "enrollments": ["beginDate", "endDate"],
    "demographics": ["birthDate"],
    "roles": ["beginDate", "endDate"],
}
STANDARD_FILES_11 = set(V11) | {
    "categories", "classResources", "courseResources", "lineItems", "resources", "results"
}  # fmt: skip
STANDARD_FILES_12 = STANDARD_FILES_11 | {
    "roles", "userProfiles", "userResources", "scoreScales", "lineItemScoreScales",
    "resultScoreScales", "lineItemLearningObjectiveIds", "resultLearningObjectiveIds",
}  # fmt: skip
# column -> file whose sourcedIds it references
REFERENCES = {
    "parentSourcedId": None,  # same file
    "orgSourcedId": "orgs",
    "schoolSourcedId": "orgs",
    "orgSourcedIds": "orgs",
    "primaryOrgSourcedId": "orgs",
    "courseSourcedId": "courses",
    "classSourcedId": "classes",
    "termSourcedIds": "academicSessions",
    "userSourcedId": "users",
    "agentSourcedIds": "users",
}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def check_package(data: bytes) -> list[str]:
    """Every departure from the CSV binding found in a package (.zip bytes); [] when clean."""
    errors: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        files = {name: archive.read(name).decode("utf-8-sig") for name in archive.namelist()}
    if "manifest.csv" not in files:
        return ["no manifest.csv"]
    manifest = list(csv.reader(io.StringIO(files["manifest.csv"])))
    if manifest[0] != ["propertyName", "value"]:
        errors.append("manifest header")
    props = dict(row for row in manifest[1:] if len(row) == 2)
    version = props.get("oneroster.version", "")
    if version not in ("1.1", "1.2"):
        return [f"oneroster.version {version!r}"]
    columns = V12 if version == "1.2" else V11
    standard = STANDARD_FILES_12 if version == "1.2" else STANDARD_FILES_11
    tables: dict[str, list[dict[str, str]]] = {}
    for key, mode in props.items():
        if ".file." in key or (key.startswith("metadata.") and "file." in key):
            errors.append(f"manifest {key}: reads as a file property a checker cannot find")
        if not key.startswith("file."):
            continue
        name = key[5:]
        if name not in standard:
            errors.append(f"manifest {key}: not a file of OneRoster {version}")
        if mode not in ("absent", "bulk", "delta"):
            errors.append(f"manifest {key}: mode {mode!r}")
        present = f"{name}.csv" in files
        if mode == "absent" and present:
            errors.append(f"{name}.csv is present but declared absent")
        if mode in ("bulk", "delta") and not present:
            errors.append(f"{name}.csv is declared {mode} but missing")
        if mode in ("bulk", "delta") and present and name in columns:
            tables[name] = _check_file(errors, name, files[f"{name}.csv"], columns[name], mode)
    _check_values(errors, tables, version)
    return errors


def _check_file(
    errors: list[str], name: str, text: str, expected: list[str], mode: str
) -> list[dict[str, str]]:
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    if header[: len(expected)] != expected:
        errors.append(f"{name}.csv header {header[: len(expected)]} != {expected}")
    for extra in header[len(expected) :]:
        if not extra.startswith("metadata."):
            errors.append(f"{name}.csv extension column {extra!r}")
    if len(set(header)) != len(header):
        errors.append(f"{name}.csv repeats a column")
    records = [dict(zip(header, row, strict=False)) for row in rows[1:] if any(row)]
    if not records:
        errors.append(f"{name}.csv has no rows")
    seen: set[str] = set()
    for number, record in enumerate(records, start=2):
        where = f"{name}.csv row {number}"
        if not record.get("sourcedId"):
            errors.append(f"{where}: no sourcedId")
        if record.get("sourcedId") in seen:
            errors.append(f"{where}: sourcedId repeated")
        seen.add(record.get("sourcedId", ""))
        if mode == "bulk" and (record.get("status") or record.get("dateLastModified")):
            errors.append(f"{where}: a bulk file leaves status and dateLastModified blank")
        for column in REQUIRED[name]:
            if not record.get(column):
                errors.append(f"{where}: {column} is required")
        for column in BOOLEANS.get(name, []):
            if record.get(column) not in ("", "true", "false"):
                errors.append(f"{where}: {column} {record.get(column)!r} is not true/false")
        for column in DATES.get(name, []):
            if record.get(column) and not _DATE.match(record[column]):
                errors.append(f"{where}: {column} {record[column]!r} is not YYYY-MM-DD")
    return records


def _check_values(errors: list[str], tables: dict[str, list[dict[str, str]]], version: str) -> None:
    ids = {name: {r["sourcedId"] for r in rows} for name, rows in tables.items()}
    for name, rows in tables.items():
        for number, record in enumerate(rows, start=2):
            where = f"{name}.csv row {number}"
            for (file, column), allowed in ENUMS.items():
                if file == name and record.get(column) and record[column] not in allowed:
                    if not (version == "1.2" and column == "role"):
                        errors.append(f"{where}: {column} {record[column]!r}")
            if name == "demographics" and record.get("sex"):
                if record["sex"] not in SEX[version]:
                    errors.append(f"{where}: sex {record['sex']!r} is not OneRoster {version}")
            if name == "academicSessions" and not re.match(r"^\d{4}$", record["schoolYear"]):
                errors.append(f"{where}: schoolYear {record['schoolYear']!r}")
            if name == "demographics" and record["sourcedId"] not in ids.get("users", set()):
                errors.append(f"{where}: no user {record['sourcedId']}")
            for column, target in REFERENCES.items():
                value = record.get(column, "")
                target_ids = ids.get(target or name, set())
                for ref in [v.strip() for v in value.split(",") if v.strip()]:
                    if ref not in target_ids:
                        errors.append(f"{where}: {column} {ref!r} is not in {target or name}")
