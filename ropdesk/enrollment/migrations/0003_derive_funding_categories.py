"""Fill in the funding category of enrollments made before it was stored (EC 52302.8,
EC 52324.5): from the student's grade level and special-program flags."""

from django.db import migrations

HIGH_SCHOOL_GRADES = ("09", "10", "11", "12")
PROGRAMS = ("calworks", "tap", "job_corps", "wioa_intensive")


def derive(apps, schema_editor):
    Enrollment = apps.get_model("enrollment", "Enrollment")
    rows = Enrollment.objects.filter(grade_9_12__isnull=True).select_related("student")
    batch = []
    for enrollment in rows.iterator(chunk_size=2000):
        student = enrollment.student
        in_grades = student.grade_level in HIGH_SCHOOL_GRADES
        programs = [code for code in PROGRAMS if getattr(student, code)]
        enrollment.grade_9_12 = in_grades
        enrollment.concurrent = in_grades
        enrollment.special_population = bool(programs)
        enrollment.special_programs = programs
        batch.append(enrollment)
        if len(batch) >= 2000:
            Enrollment.objects.bulk_update(
                batch, ["grade_9_12", "concurrent", "special_population", "special_programs"]
            )
            batch = []
    Enrollment.objects.bulk_update(
        batch, ["grade_9_12", "concurrent", "special_population", "special_programs"]
    )


def forget(apps, schema_editor):
    Enrollment = apps.get_model("enrollment", "Enrollment")
    Enrollment.objects.update(
        grade_9_12=None, concurrent=None, special_population=False, special_programs=[]
    )


class Migration(migrations.Migration):
    dependencies = [("enrollment", "0002_admissions")]

    operations = [migrations.RunPython(derive, forget)]
