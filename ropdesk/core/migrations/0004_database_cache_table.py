"""The database cache table the rate limiter and the sign-in lockout count in (settings.CACHES):
made by `migrate`, so that no deployment forgets `createcachetable`."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_student_birth_date_and_race_validators")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
