import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Transfer",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("direction", models.CharField(choices=[("import", "import"), ("export", "export")], max_length=6, verbose_name="direction")),
                ("kind", models.CharField(max_length=40, verbose_name="data")),
                ("file_format", models.CharField(max_length=4, verbose_name="format")),
                ("file_name", models.CharField(blank=True, max_length=255, verbose_name="file")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="when")),
                ("rows", models.PositiveIntegerField(default=0, verbose_name="rows")),
                ("created", models.PositiveIntegerField(default=0, verbose_name="created")),
                ("updated", models.PositiveIntegerField(default=0, verbose_name="updated")),
                ("unchanged", models.PositiveIntegerField(default=0, verbose_name="unchanged")),
                ("filters", models.JSONField(blank=True, default=dict, verbose_name="filters")),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="by",
                    ),
                ),
            ],
            options={
                "verbose_name": "import or export",
                "verbose_name_plural": "imports and exports",
                "ordering": ["-created_at", "-pk"],
                "indexes": [models.Index(fields=["user", "created_at"], name="interchange_user_id_0483dc_idx")],
            },
        ),
    ]
