"""A feed's last import is a core.ImportJob now that every import kind shares that one model
(the OneRosterImport table goes in 0004). The old links point at OneRosterImport rows, so
they are cleared first; the next pickup sets them again."""

import django.db.models.deletion
from django.db import migrations, models


def clear_last_imports(apps, schema_editor):
    apps.get_model("interop", "Feed").objects.update(last_import=None)


class Migration(migrations.Migration):
    dependencies = [
        ("interop", "0002_district_feeds"),
        ("core", "0004_copy_import_history_into_import_job"),
    ]

    operations = [
        migrations.RunPython(clear_last_imports, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="feed",
            name="last_import",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="core.importjob",
                verbose_name="last import",
            ),
        ),
    ]
