from django.db import migrations

from spolu.courses import reference_data


def load(apps, schema_editor):
    reference_data.load(apps)


class Migration(migrations.Migration):
    dependencies = [("courses", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
