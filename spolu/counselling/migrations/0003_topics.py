from django.db import migrations

from spolu.counselling import reference_data


def load(apps, schema_editor):
    reference_data.load(apps)


class Migration(migrations.Migration):
    dependencies = [("counselling", "0002_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
