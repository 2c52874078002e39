"""Credit the attendance records made before credited minutes were stored, with the rule."""

from django.db import migrations

from ropdesk.attendance.rules import credited_minutes


def credit_existing(apps, schema_editor):
    AttendanceRecord = apps.get_model("attendance", "AttendanceRecord")
    present = (
        AttendanceRecord.objects.filter(arrived__isnull=False, credited_minutes=0)
        .select_related("meeting")
        .order_by("pk")
    )
    batch = []
    for record in present.iterator(chunk_size=5000):
        meeting = record.meeting
        record.credited_minutes = credited_minutes(
            meeting.start_time, meeting.end_time, record.arrived, record.departed
        )
        batch.append(record)
        if len(batch) >= 5000:
            AttendanceRecord.objects.bulk_update(batch, ["credited_minutes"])
            batch = []
    AttendanceRecord.objects.bulk_update(batch, ["credited_minutes"])


class Migration(migrations.Migration):
    dependencies = [("attendance", "0003_credited_minutes_certification_adjustment_ojt_import")]

    operations = [migrations.RunPython(credit_existing, migrations.RunPython.noop)]
