"""The vocabulary's trigram index serves similarity alone, on ``lower(term)``.

On ``term`` itself, PostgreSQL could also answer equality from it: with statistics taken while the
vocabulary was nearly empty, it chose this index for ``term = ANY(<thousands of terms>)`` when an
import updated the vocabulary, and one such lookup took 15 seconds instead of a millisecond. Terms
are stored lower-case already, so the expression changes no answer; equality now always uses the
unique b-tree index of ``term``."""

from django.db import migrations

UP = [
    "DROP INDEX IF EXISTS search_term_trigram",
    "CREATE INDEX search_term_trigram ON search_searchterm USING gin (lower(term) gin_trgm_ops)",
]
DOWN = [
    "DROP INDEX IF EXISTS search_term_trigram",
    "CREATE INDEX search_term_trigram ON search_searchterm USING gin (term gin_trgm_ops)",
]


def _run(statements):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [migrations.RunPython(_run(UP), _run(DOWN))]
