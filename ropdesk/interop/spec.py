"""OneRoster 1.1 and 1.2 CSV: the files ropdesk reads and writes, their columns in the normative
order, the vocabularies, and ropdesk's extension columns (to the right, named
metadata.ropdesk.*). See shared/oneroster.md and docs/import-formats.md."""

from __future__ import annotations

COMMON = ["sourcedId", "status", "dateLastModified"]

COLUMNS: dict[str, list[str]] = {
    "orgs.csv": [*COMMON, "name", "type", "identifier", "parentSourcedId"],
    "academicSessions.csv": [
        *COMMON,
        "title",
        "type",
        "startDate",
        "endDate",
        "parentSourcedId",
        "schoolYear",
    ],
    "courses.csv": [
        *COMMON,
        "schoolYearSourcedId",
        "title",
        "courseCode",
        "grades",
        "orgSourcedId",
        "subjects",
        "subjectCodes",
    ],
    "classes.csv": [
        *COMMON,
        "title",
        "grades",
        "courseSourcedId",
        "classCode",
        "classType",
        "location",
        "schoolSourcedId",
        "termSourcedIds",
        "subjects",
        "subjectCodes",
        "periods",
    ],
    "users.csv": [
        *COMMON,
        "enabledUser",
        "orgSourcedIds",
        "role",
        "username",
        "userIds",
        "givenName",
        "familyName",
        "middleName",
        "identifier",
        "email",
        "sms",
        "phone",
        "agentSourcedIds",
        "grades",
        "password",
    ],
    "enrollments.csv": [
        *COMMON,
        "classSourcedId",
        "schoolSourcedId",
        "userSourcedId",
        "role",
        "primary",
        "beginDate",
        "endDate",
    ],
    "demographics.csv": [
        *COMMON,
        "birthDate",
        "sex",
        "americanIndianOrAlaskaNative",
        "asian",
        "blackOrAfricanAmerican",
        "nativeHawaiianOrOtherPacificIslander",
        "white",
        "demographicRaceTwoOrMoreRaces",
        "hispanicOrLatinoEthnicity",
        "countryOfBirthCode",
        "stateOfBirthAbbreviation",
        "cityOfBirth",
        "publicSchoolResidenceStatus",
    ],
}

# OneRoster 1.2 (CSV binding 1.2.1): users.csv loses orgSourcedIds and role (they move to
# roles.csv) and gains the master identifier, preferred names, primaryOrgSourcedId and pronouns;
# the other rostering files keep their 1.1 columns.
COLUMNS_1_2: dict[str, list[str]] = {
    **COLUMNS,
    "users.csv": [
        *COMMON,
        "enabledUser",
        "username",
        "userIds",
        "givenName",
        "familyName",
        "middleName",
        "identifier",
        "email",
        "sms",
        "phone",
        "agentSourcedIds",
        "grades",
        "password",
        "userMasterIdentifier",
        "preferredGivenName",
        "preferredMiddleName",
        "preferredFamilyName",
        "primaryOrgSourcedId",
        "pronouns",
    ],
    "roles.csv": [
        *COMMON,
        "userSourcedId",
        "roleType",
        "role",
        "beginDate",
        "endDate",
        "orgSourcedId",
        "userProfileSourcedId",
    ],
    "userProfiles.csv": [
        *COMMON,
        "userSourcedId",
        "profileType",
        "vendorId",
        "applicationId",
        "description",
        "credentialType",
        "username",
        "password",
    ],
}
VERSIONS = ("1.1", "1.2")


def columns(version: str) -> dict[str, list[str]]:
    return COLUMNS_1_2 if version == "1.2" else COLUMNS


# ropdesk's extension columns, written by the export and read by the import when present.
EXTENSIONS: dict[str, list[str]] = {
    "orgs.csv": [],
    "academicSessions.csv": ["metadata.ropdesk.holidays"],
    "courses.csv": [
        "metadata.ropdesk.pathway",
        "metadata.ropdesk.hours",
        "metadata.ropdesk.modes",
        "metadata.ropdesk.stateCourseCode",
    ],
    "classes.csv": [
        "metadata.ropdesk.mode",
        "metadata.ropdesk.days",
        "metadata.ropdesk.startTime",
        "metadata.ropdesk.endTime",
        "metadata.ropdesk.capacity",
        "metadata.ropdesk.siteCode",
        "metadata.ropdesk.siteName",
        "metadata.ropdesk.siteKind",
    ],
    "users.csv": [
        "metadata.ropdesk.programs",
        "metadata.ropdesk.preferredName",
        "metadata.ropdesk.relationship",
    ],
    "enrollments.csv": ["metadata.ropdesk.status"],
    "demographics.csv": ["metadata.ropdesk.raceCodes", "metadata.ropdesk.sex"],
    "roles.csv": [],
    "userProfiles.csv": [],
}

# The manifest's file.* property of each data file, in the order ropdesk applies them.
MANIFEST_KEYS = {
    "orgs.csv": "file.orgs",
    "academicSessions.csv": "file.academicSessions",
    "courses.csv": "file.courses",
    "classes.csv": "file.classes",
    "users.csv": "file.users",
    "enrollments.csv": "file.enrollments",
    "demographics.csv": "file.demographics",
}
# 1.2's own files: roles.csv is read (it carries the users' roles and orgs); userProfiles.csv
# (credentials for other applications) is read for its shape only and otherwise ignored.
MANIFEST_KEYS_1_2 = {
    **MANIFEST_KEYS,
    "roles.csv": "file.roles",
    "userProfiles.csv": "file.userProfiles",
}
MANIFEST_ONLY_1_2 = [
    "file.userResources",
    "file.scoreScales",
    "file.lineItemScoreScales",
    "file.resultScoreScales",
    "file.lineItemLearningObjectiveIds",
    "file.resultLearningObjectiveIds",
]


def manifest_keys(version: str) -> dict[str, str]:
    return MANIFEST_KEYS_1_2 if version == "1.2" else MANIFEST_KEYS


# Files of the standard that a roster import does not read (gradebook and resources).
IGNORED_FILES = [
    "categories.csv",
    "classResources.csv",
    "courseResources.csv",
    "lineItems.csv",
    "resources.csv",
    "results.csv",
]
# ropdesk's own extension file: attendance in the attendance import format
# (docs/import-formats.md), read after the roster when the package holds it.
ATTENDANCE_FILE = "attendance.csv"
# Declared under a name without "file.": checkers read every file.* property as a file of the
# standard (the older name is still read).
ATTENDANCE_MANIFEST_KEY = "metadata.ropdesk.attendanceFile"
ATTENDANCE_MANIFEST_KEY_OLD = "metadata.ropdesk.file.attendance"

# 1.0 names of demographics columns that some senders still use (accepted on input).
DEMOGRAPHICS_1_0 = {"userSourcedId": "sourcedId", "birthdate": "birthDate"}

PROGRAMS = {
    # metadata.ropdesk.programs value -> Student field
    "calworks": "calworks",
    "tap": "tap",
    "job_corps": "job_corps",
    "wioa": "wioa_intensive",
    "iep": "has_iep",
    "504": "has_504_plan",
    "english_learner": "english_learner",
    "econ_disadvantaged": "economically_disadvantaged",
    "foster": "foster_youth",
    "homeless": "homeless",
}

# demographics.csv race columns -> CALPADS race code (core.Student.RACES). Filipino (400) is
# reported under asian=true and kept exactly in metadata.ropdesk.raceCodes.
RACE_COLUMNS = {
    "americanIndianOrAlaskaNative": "100",
    "asian": "200",
    "blackOrAfricanAmerican": "600",
    "nativeHawaiianOrOtherPacificIslander": "300",
    "white": "700",
}
SEX_IN = {"female": "F", "male": "M", "other": "X", "unspecified": "X"}
# 1.1's sex vocabulary is male and female; a nonbinary student's sex is left blank there (the
# column is optional) and kept exactly in metadata.ropdesk.sex. 1.2 has `other`.
SEX_OUT = {"F": "female", "M": "male", "X": ""}
SEX_OUT_1_2 = {"F": "female", "M": "male", "X": "other"}
# OneRoster org types -> Organization.kind. A `department` is part of a school: ropdesk reads it
# as its parent school (a reference to the department is a reference to the school; without a
# parent it is kept as a school). `local`, `state` and `national` are above the district
# (ropdesk's county office kind).
ORG_KINDS_IN = {
    "district": "district",
    "school": "school",
    "department": "department",
    "local": "county",
    "state": "county",
    "national": "county",
}
ORG_TYPES_OUT = {"district": "district", "school": "school", "county": "local"}
GUARDIAN_ROLES = ("guardian", "parent", "relative")
# Staff roles ropdesk does not grant from a file (1.1's, and 1.2's larger vocabulary).
STAFF_ROLES_SKIPPED = (
    "administrator", "aide", "proctor", "districtAdministrator", "principal",
    "siteAdministrator", "systemAdministrator", "counselor", "teacherAide",
)  # fmt: skip
HIGH_SCHOOL_GRADES = ("09", "10", "11", "12")
# The entry-grade vocabulary (CEDS, as OneRoster cites it) and the spellings real SIS exports
# use, in lower case -> ropdesk's grade level ("AD" for a student not in grades 9-12).
_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
             "ninth", "tenth", "eleventh", "twelfth"]  # fmt: skip
GRADES_IN: dict[str, str] = {
    **{f"{n:02d}": (f"{n:02d}" if n >= 9 else "AD") for n in range(1, 14)},
    **{str(n): (f"{n:02d}" if 9 <= n <= 12 else "AD") for n in range(1, 14)},
    **{word: (f"{n:02d}" if n >= 9 else "AD") for n, word in enumerate(_ORDINALS, start=1)},
    **{f"grade {n}": (f"{n:02d}" if 9 <= n <= 12 else "AD") for n in range(1, 13)},
    **dict.fromkeys(["it", "pr", "pk", "tk", "kg", "k", "ps", "ug", "other", "adult", "ad"], "AD"),
    "13": "AD",
}
# ropdesk's extension file of on-the-job (job-site) hours: the hours themselves, their approval
# and the training agreement date the crediting rules need (docs/import-formats.md).
JOB_SITE_HOURS_FILE = "jobSiteHours.csv"
JOB_SITE_HOURS_MANIFEST_KEY = "metadata.ropdesk.jobSiteHoursFile"
JOB_SITE_HOURS_MANIFEST_KEY_OLD = "metadata.ropdesk.file.jobSiteHours"
JOB_SITE_HOURS_COLUMNS = [
    "student_id",
    "section_id",
    "kind",
    "date",
    "minutes",
    "approved_at",
    "agreement_signed_on",
]
