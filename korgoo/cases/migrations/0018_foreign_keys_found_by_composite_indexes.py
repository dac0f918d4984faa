"""Foreign keys of the case tables without an index of their own: each is the first column of
another index of its table (the inbox's, the unique pairs, the timeline's and the search lookup's),
which finds the same rows. Each was one more write for every report and every search token.

Only the indexes go: the constraints stay as they are (altering the fields would drop and check
them again, a long lock on a large database).
"""

import django.db.models.deletion
from django.db import migrations, models

# The index Django made for each of these foreign keys: its name, table and column.
DROPPED = (
    ("cases_case_organisation_id_dac38ff3", "cases_case", "organisation_id"),
    ("cases_casecategory_case_id_5fe66bfa", "cases_casecategory", "case_id"),
    ("cases_caseevent_case_id_6c6031ac", "cases_caseevent", "case_id"),
    ("cases_casesearchtoken_case_id_f2afb24b", "cases_casesearchtoken", "case_id"),
    ("cases_casesearchtoken_organisation_id_04297234", "cases_casesearchtoken", "organisation_id"),
    ("cases_casesuggestion_case_id_ff417846", "cases_casesuggestion", "case_id"),
)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0017_case_employer_digest_fill"),
        ("organisations", "0007_kyrgyz_organisation_kinds"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="case",
                    name="organisation",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cases",
                        to="organisations.organisation",
                    ),
                ),
                migrations.AlterField(
                    model_name="casecategory",
                    name="case",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="categories",
                        to="cases.case",
                    ),
                ),
                migrations.AlterField(
                    model_name="caseevent",
                    name="case",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="cases.case",
                    ),
                ),
                migrations.AlterField(
                    model_name="casesearchtoken",
                    name="case",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="search_tokens",
                        to="cases.case",
                    ),
                ),
                migrations.AlterField(
                    model_name="casesearchtoken",
                    name="organisation",
                    field=models.ForeignKey(
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        to="organisations.organisation",
                    ),
                ),
                migrations.AlterField(
                    model_name="casesuggestion",
                    name="case",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="suggestions",
                        to="cases.case",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{name}"',
                    reverse_sql=f'CREATE INDEX "{name}" ON "{table}" ("{column}")',
                )
                for name, table, column in DROPPED
            ],
        ),
    ]
