"""The database refuses UPDATE and DELETE on audit rows (SECURITY.md requirement 29).

Row triggers, so that the rule holds on the embedded SQLite too and for every role; production
additionally grants the application role only INSERT and SELECT on audit_auditevent, which also
rules out TRUNCATE (docs/operations.md).
"""

from django.db import migrations

from korgoo.audit.migrations._append_only import PG_DOWN, PG_UP, SQLITE_DOWN, SQLITE_UP


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_UP)
    elif vendor == "sqlite":
        for statement in SQLITE_UP:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DOWN)
    elif vendor == "sqlite":
        for statement in SQLITE_DOWN:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
