"""Choosing the organisation for a new report from the coordinators' routing rules."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from korgoo.organisations.models import Organisation

from .models import RoutingRule


def same_city(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def route(
    *, country: str, city: str, categories: Iterable[str], share_with: Iterable[str], woman_needed: bool
) -> Organisation | None:
    """The organisation of the best matching rule, or None for the coordinators' queue.

    A rule matches when its country equals the report's, its city is empty or the report's city, and
    its category is empty or one of the report's. Among matches, a rule naming a city beats one that
    does not, a rule naming a category beats one that does not, then the lowest priority wins. Rules
    whose organisation the worker did not consent to, or that cannot offer a woman caseworker when one
    was asked for, never match.
    """
    wanted = set(categories)
    allowed = set(share_with)
    best: tuple[tuple[int, int, int], Organisation] | None = None
    rules = RoutingRule.objects.filter(
        Q(category="") | Q(category__in=wanted),
        country=country,
        is_active=True,
        organisation__is_active=True,
        organisation__kind__in=allowed,
    ).select_related("organisation")
    if woman_needed:
        rules = rules.filter(organisation__woman_caseworker_available=True)
    for rule in rules:
        org = rule.organisation
        if rule.city and not same_city(rule.city, city):
            continue
        rank = (0 if rule.city else 1, 0 if rule.category else 1, rule.priority)
        if best is None or rank < best[0]:
            best = (rank, org)
    return best[1] if best else None
