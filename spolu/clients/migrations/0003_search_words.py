"""PostgreSQL: the vocabulary of client names, for typo-tolerant search.

`clients_searchword` holds every distinct word and spelling key of the clients' search texts
(derived data, no Django model). Statement-level triggers add the words of inserted and
updated clients, so it is always complete; words of renamed or merged clients stay (harmless:
they only suggest spellings). A search with a typo first looks up the nearest real words here
(a few thousand rows, trigram index), then finds the clients with those words. SQLite does not
need it: its fallback scans the clients directly.
"""

from typing import Any

from django.db import migrations

WORDS_OF = (
    "unnest(string_to_array(split_part({t}.search_text, ' | ', 1) || ' ' || "
    "split_part({t}.search_text, ' | ', 2), ' '))"
)

CREATE = [
    "CREATE TABLE IF NOT EXISTS clients_searchword (word text PRIMARY KEY)",
    "CREATE INDEX IF NOT EXISTS clients_searchword_trgm ON clients_searchword "
    "USING gin (word gin_trgm_ops)",
    f"""
    CREATE OR REPLACE FUNCTION clients_searchword_collect() RETURNS trigger AS $$
    BEGIN
        INSERT INTO clients_searchword (word)
        SELECT DISTINCT w FROM new_clients, {WORDS_OF.format(t="new_clients")} AS w
        WHERE w <> ''
        ON CONFLICT DO NOTHING;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    "DROP TRIGGER IF EXISTS clients_searchword_on_insert ON clients_client",
    "CREATE TRIGGER clients_searchword_on_insert AFTER INSERT ON clients_client "
    "REFERENCING NEW TABLE AS new_clients FOR EACH STATEMENT "
    "EXECUTE FUNCTION clients_searchword_collect()",
    "DROP TRIGGER IF EXISTS clients_searchword_on_update ON clients_client",
    "CREATE TRIGGER clients_searchword_on_update AFTER UPDATE ON clients_client "
    "REFERENCING NEW TABLE AS new_clients FOR EACH STATEMENT "
    "EXECUTE FUNCTION clients_searchword_collect()",
    f"""
    INSERT INTO clients_searchword (word)
    SELECT DISTINCT w FROM clients_client c, {WORDS_OF.format(t="c")} AS w
    WHERE w <> ''
    ON CONFLICT DO NOTHING
    """,
]

DROP = [
    "DROP TRIGGER IF EXISTS clients_searchword_on_insert ON clients_client",
    "DROP TRIGGER IF EXISTS clients_searchword_on_update ON clients_client",
    "DROP FUNCTION IF EXISTS clients_searchword_collect()",
    "DROP TABLE IF EXISTS clients_searchword",
]


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("clients", "0002_search_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
