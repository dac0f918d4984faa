"""Cities in the tallies are gazetteer ids (or "other"), no longer the words workers typed.

The facts and tallies kept so far hold typed cities, and published cells of the city table hold them
as labels: those cells go at once (the table is empty until the next refresh), and the next refresh
rebuilds every tally from the cases. Going back does the same for the old shape.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def rebuild_at_next_refresh(apps: Any, schema_editor: Any) -> None:
    apps.get_model("monitoring", "PublishedCell").objects.filter(face="F4").delete()
    apps.get_model("monitoring", "Tally").objects.filter(face="F4").delete()
    apps.get_model("monitoring", "CaseFact").objects.update(city="")
    apps.get_model("monitoring", "MonitoringState").objects.update(watermark=None)


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0003_case_fact_sector"),
        ("cases", "0008_remove_city"),
    ]

    operations = [
        migrations.RunPython(rebuild_at_next_refresh, rebuild_at_next_refresh),
    ]
