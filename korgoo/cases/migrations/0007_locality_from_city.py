"""The city of every case and routing rule as a gazetteer id, from the text typed so far.

Cases: the id is what `locality_match` finds for the city in the case's country (none: "another
city"); the text the worker typed moves into the sealed report (`city`), since the plain column
that held it goes in 0008. Routing rules: a rule whose city names no city of its country cannot keep
its meaning, so it is switched off rather than widened to the whole country.

Backwards, the text comes back from the sealed report (or, for a case whose content is erased and
for rules, the English name of the city).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

BATCH = 1000


def _open(case: Any) -> dict[str, Any] | None:
    from korgoo.cases import vault as sealed

    if case.content_erased or not case.sealed_report:
        return None
    try:
        return sealed.open_report(case)
    except Exception:  # content that cannot be opened cannot take the city either
        return None


def _batches(queryset: Any) -> Any:
    last = None
    while True:
        page = queryset.order_by("pk")
        if last is not None:
            page = page.filter(pk__gt=last)
        rows = list(page[:BATCH])
        if not rows:
            return
        yield rows
        last = rows[-1].pk


def cities_to_localities(apps: Any, schema_editor: Any) -> None:
    from korgoo.cases import vault as sealed
    from korgoo.core.gazetteer import locality_match

    Case = apps.get_model("cases", "Case")
    RoutingRule = apps.get_model("cases", "RoutingRule")
    fields = ["id", "organisation_id", "country", "city", "wrapped_key", "sealed_report", "content_erased"]
    for rows in _batches(Case.objects.only(*fields)):
        for case in rows:
            case.locality_id = locality_match(case.city, case.country)
            content = _open(case)
            if content is not None:
                content["city"] = case.city
                sealed.seal_report(case, content)
        Case.objects.bulk_update(rows, ["locality_id", "sealed_report"])
    for rule in RoutingRule.objects.exclude(city=""):
        rule.locality_id = locality_match(rule.city, rule.country)
        if rule.locality_id is None:
            rule.is_active = False
        rule.save(update_fields=["locality_id", "is_active"])


def localities_to_cities(apps: Any, schema_editor: Any) -> None:
    from korgoo.cases import vault as sealed
    from korgoo.core.gazetteer import locality_name

    Case = apps.get_model("cases", "Case")
    RoutingRule = apps.get_model("cases", "RoutingRule")
    fields = ["id", "organisation_id", "locality_id", "wrapped_key", "sealed_report", "content_erased"]
    for rows in _batches(Case.objects.only(*fields)):
        for case in rows:
            content = _open(case)
            typed = content.pop("city", "") if content is not None else ""
            case.city = (typed or locality_name(case.locality_id, "en"))[:100]
            if content is not None:
                sealed.seal_report(case, content)
        Case.objects.bulk_update(rows, ["city", "sealed_report"])
    for rule in RoutingRule.objects.exclude(locality_id=None):
        rule.city = locality_name(rule.locality_id, "en")
        rule.save(update_fields=["city"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_locality"),
    ]

    operations = [
        migrations.RunPython(cities_to_localities, localities_to_cities),
    ]
