"""On PostgreSQL, an import job's file is stored uncompressed out of line (STORAGE EXTERNAL),
so that reading it a slice at a time (core/jobs.import_job_file) reads only that slice's
chunks instead of decompressing the whole file for every slice. Nothing to do elsewhere."""

from django.db import migrations


def external(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE core_importjob ALTER COLUMN content SET STORAGE EXTERNAL")


def main(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE core_importjob ALTER COLUMN content SET STORAGE MAIN")


class Migration(migrations.Migration):
    dependencies = [("core", "0010_import_job_kinds_of_the_apps_and_report_output")]

    operations = [migrations.RunPython(external, main)]
