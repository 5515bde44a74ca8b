from __future__ import annotations

import importlib
import random
from datetime import date
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spolu.core.demo import DemoContext
from spolu.core.models import Office


class Command(BaseCommand):
    help = "Fill an empty database with realistic demo data of the Ústecký kraj centre."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="date the demo is built around (YYYY-MM-DD; default: today)",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing (and succeed) when the database already holds data",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if Office.objects.exists():
            if options["if_empty"]:
                self.stdout.write(_("The database already holds data; demo data not loaded again."))
                return
            raise CommandError(
                _(
                    "The database already holds data. seed_demo only fills an empty database, so "
                    "it never mixes demo records into real ones or loads them twice. Use a new "
                    "database (make reset) to start again."
                )
            )
        today = options["today"] or timezone.localdate()
        ctx = DemoContext(seed=options["seed"], today=today, rng=random.Random(options["seed"]))
        with transaction.atomic():
            for config in apps.get_app_configs():
                if not config.name.startswith("spolu."):
                    continue
                try:
                    module = importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError:
                    continue
                self.stdout.write(_("Demo data: %(app)s…") % {"app": config.verbose_name})
                module.seed(ctx)
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo data loaded (seed %(seed)s, today %(today)s).")
                % {"seed": ctx.seed, "today": today}
            )
        )
