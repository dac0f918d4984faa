"""Choosing the organisation for a new report from the coordinators' routing rules."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from korgoo.organisations.models import Organisation

from .models import RoutingRule


def route(
    *,
    country: str,
    locality_id: int | None,
    categories: Iterable[str],
    share_with: Iterable[str],
    woman_needed: bool,
) -> Organisation | None:
    """The organisation of the best matching rule, or None for the coordinators' queue.

    A rule matches when its country equals the report's, its city (a gazetteer id) is empty or the
    report's city, and its category is empty or one of the report's. A report whose city the
    gazetteer does not know (`locality_id` None) is matched by rules for its whole country only.
    Among matches, a rule naming a city beats one that does not, a rule naming a category beats one
    that does not, then the lowest priority wins. Rules whose organisation the worker did not consent
    to, or that cannot offer a woman caseworker when one was asked for, never match.
    """
    wanted = set(categories)
    allowed = set(share_with)
    best: tuple[tuple[int, int, int, int], Organisation] | None = None
    city = Q(locality_id__isnull=True) | (
        Q(locality_id=locality_id) if locality_id is not None else Q(pk__in=[])
    )
    rules = RoutingRule.objects.filter(
        city,
        Q(category="") | Q(category__in=wanted),
        country=country,
        is_active=True,
        organisation__is_active=True,
        organisation__kind__in=allowed,
    ).select_related("organisation")
    if woman_needed:
        rules = rules.filter(organisation__woman_caseworker_available=True)
    for rule in rules:
        rank = (0 if rule.locality_id else 1, 0 if rule.category else 1, rule.priority, rule.pk)
        if best is None or rank < best[0]:
            best = (rank, rule.organisation)
    return best[1] if best else None
