"""Copy the attendance and OneRoster import history into core.ImportJob, before the two old
job tables are removed (attendance 0005, interop 0002)."""

from django.db import migrations

RUNNING = {"waiting", "checking", "saving"}


def _status(old: str) -> str:
    # The old jobs ran in a thread of a web process that is gone: any unfinished one is dead.
    return "failed" if old in RUNNING else old


def copy_history(apps, schema_editor):
    ImportJob = apps.get_model("core", "ImportJob")
    for old in apps.get_model("attendance", "AttendanceImport").objects.all():
        ImportJob.objects.create(
            kind="attendance",
            file_name=old.file_name,
            content=old.content.encode(),
            sha256=old.sha256,
            status=_status(old.status),
            percent=100 if old.status == "done" else 0,
            result={
                "created": old.created_count,
                "updated": old.updated_count,
                "unchanged": old.unchanged_count,
            },
            errors=old.errors,
            failure="Stopped with the web process." if old.status in RUNNING else "",
            started_by_id=old.uploaded_by_id,
            finished_at=old.finished_at or old.created_at,
        )
    for old in apps.get_model("interop", "OneRosterImport").objects.all():
        ImportJob.objects.create(
            kind="oneroster",
            file_name=old.file_name,
            content=bytes(old.content),
            sha256=old.sha256,
            status=_status(old.status),
            step=old.step,
            percent=old.percent,
            result=old.counts,
            errors=old.errors,
            failure="Stopped with the web process." if old.status in RUNNING else "",
            started_by_id=old.uploaded_by_id,
            finished_at=old.finished_at or old.created_at,
        )
    # created_at is auto_now_add: keep the original upload times.
    for model, kind in (("AttendanceImport", "attendance"), ("OneRosterImport", "oneroster")):
        app = "attendance" if kind == "attendance" else "interop"
        olds = apps.get_model(app, model).objects.order_by("pk")
        news = ImportJob.objects.filter(kind=kind).order_by("pk")
        for old, new in zip(olds, news, strict=False):
            ImportJob.objects.filter(pk=new.pk).update(created_at=old.created_at)


def copy_back(apps, schema_editor):
    apps.get_model("core", "ImportJob").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_import_job_mail_message_scheduled_run"),
        ("attendance", "0004_backfill_credited_minutes"),
        ("interop", "0001_initial"),
    ]

    operations = [migrations.RunPython(copy_history, copy_back)]
