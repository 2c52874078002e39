"""Copy each logged student's identifiers onto their existing disclosure rows, so the rows
still say whose record was disclosed after the student is removed (34 CFR 99.32)."""

from django.db import migrations


def copy_identifiers(apps, schema_editor):  # type: ignore[no-untyped-def]
    DisclosureLog = apps.get_model("core", "DisclosureLog")
    for row in DisclosureLog.objects.filter(student__isnull=False).select_related("student"):
        student = row.student
        row.student_local_id = student.local_id
        row.student_statewide_id = student.statewide_id or ""
        row.student_name = f"{student.legal_first_name} {student.legal_last_name}"[:200]
        row.save(update_fields=["student_local_id", "student_statewide_id", "student_name"])


class Migration(migrations.Migration):
    dependencies = [("core", "0003_disclosure_log_survives_student_and_invitations")]

    operations = [migrations.RunPython(copy_identifiers, migrations.RunPython.noop)]
