"""Fill `Case.employer_digest` for the cases sealed before the column existed: each report is opened
once, here, so that counting never has to open it again. Going back leaves the column to the schema
migration before this one, which removes it."""

from typing import Any

from django.db import migrations


def fill(apps: Any, schema_editor: Any) -> None:
    from korgoo.cases.reporting import employer_digests_fill

    employer_digests_fill(model=apps.get_model("cases", "Case"))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0016_case_employer_digest"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
