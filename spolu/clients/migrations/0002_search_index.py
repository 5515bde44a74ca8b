"""Trigram search on PostgreSQL, and the search text recomputed in its current form.

PostgreSQL gets the pg_trgm extension and a GIN trigram index on `Client.search_text`, which
`spolu.clients.search` uses for fuzzy name search ranked by similarity. SQLite has no such
index; the search module falls back to substring filters there, so the migration only
recomputes the derived text on both databases.
"""

from typing import Any

from django.db import migrations

INDEX = "clients_client_search_trgm"


def create_trigram_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON clients_client USING gin (search_text gin_trgm_ops)"
    )


def drop_trigram_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


def reindex_clients(apps: Any, schema_editor: Any) -> None:
    from spolu.clients.search import search_text_for

    client_model = apps.get_model("clients", "Client")
    alias_model = apps.get_model("clients", "ClientAlias")
    status_model = apps.get_model("clients", "ResidenceStatus")
    aliases: dict[int, list[str]] = {}
    for client_id, name in alias_model.objects.values_list("client_id", "name"):
        aliases.setdefault(client_id, []).append(name)
    permits: dict[int, list[str]] = {}
    for client_id, number in status_model.objects.values_list("client_id", "permit_number"):
        permits.setdefault(client_id, []).append(number)
    changed = []
    for client in client_model.objects.iterator(chunk_size=2000):
        text = search_text_for(client, aliases.get(client.pk, []), permits.get(client.pk, []))
        if text != client.search_text:
            client.search_text = text
            changed.append(client)
    client_model.objects.bulk_update(changed, ["search_text"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("clients", "0001_initial")]

    operations = [
        migrations.RunPython(create_trigram_index, drop_trigram_index, elidable=False),
        migrations.RunPython(reindex_clients, migrations.RunPython.noop, elidable=True),
    ]
