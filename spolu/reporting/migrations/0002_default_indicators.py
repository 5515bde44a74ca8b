from django.db import migrations

from spolu.reporting import reference_data


def load(apps, schema_editor):
    reference_data.load(apps)


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial"), ("core", "0002_reference_data")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
