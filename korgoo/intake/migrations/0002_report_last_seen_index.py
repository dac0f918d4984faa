"""An index on the day each receipt was last used, for the retention job's search of inactive receipts."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="report",
            index=models.Index(fields=["last_seen_on"], name="report_last_seen"),
        ),
    ]
