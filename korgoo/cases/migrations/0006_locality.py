from django.db import migrations, models


class Migration(migrations.Migration):
    """Cases and routing rules name their city by gazetteer id (filled from the typed city by 0007)."""

    dependencies = [
        ("cases", "0005_case_sector"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="locality_id",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="routingrule",
            name="locality_id",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.AlterModelOptions(
            name="routingrule",
            options={"ordering": ["country", "locality_id", "category", "priority"]},
        ),
    ]
