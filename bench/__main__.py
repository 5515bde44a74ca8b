"""make bench: run every app's benchmarks against PostgreSQL, print a table, write JSON.

    python -m bench [--only SUBSTRING] [--output bench-results.json]

The database is BENCH_DATABASE_URL (default: a `spolu_bench` database on the local
PostgreSQL). It is created and migrated when missing; benchmarks generate the data they need
once and reuse it in later runs.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/spolu_bench"


def ensure_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1].split("?")[0]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="run only benchmarks whose name contains this")
    parser.add_argument("--output", default="bench-results.json", type=Path)
    args = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    if not url.startswith("postgres"):
        print("make bench runs on PostgreSQL: set BENCH_DATABASE_URL=postgres://…", file=sys.stderr)
        return 2
    ensure_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spolu.settings_test")

    import django
    from django.apps import apps
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)

    from bench.harness import Benchmark, evaluate, render_table, write_json

    benchmarks: list[Benchmark] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("spolu."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.bench")
        except ModuleNotFoundError:
            continue
        benchmarks.extend(b for b in module.BENCHMARKS if args.only in b.name)

    results = []
    for benchmark in benchmarks:
        print(f"… {benchmark.name} ({benchmark.size})", file=sys.stderr, flush=True)
        results.append(evaluate(benchmark))
    print(render_table(results))
    meta = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": "postgresql",
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
    }
    write_json(results, args.output, meta)
    print(f"\nWritten to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
