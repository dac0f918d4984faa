from django.db import migrations, models


class Migration(migrations.Migration):
    """The typed city is no longer a plain column (it is sealed with the report since 0007). The
    columns get an empty default first, so that going back re-creates them for existing rows."""

    dependencies = [
        ("cases", "0007_locality_from_city"),
    ]

    operations = [
        migrations.AlterField(
            model_name="case",
            name="city",
            field=models.CharField(default="", max_length=100),
        ),
        migrations.AlterField(
            model_name="routingrule",
            name="city",
            field=models.CharField(blank=True, default="", max_length=100),
        ),
        migrations.RemoveField(
            model_name="case",
            name="city",
        ),
        migrations.RemoveField(
            model_name="routingrule",
            name="city",
        ),
    ]
