"""Resolves `request.actor` once per request from the session."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from korgoo.core.actor import Actor, ActorRequest

from .probes import probe_record
from .selectors import actor_for_user

SESSION_MEMBERSHIP_KEY = "korgoo_membership"


class ActorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        def resolve() -> Actor:
            user = getattr(request, "user", None)
            return actor_for_user(user, request.session.get(SESSION_MEMBERSHIP_KEY))

        # Every request carries its actor from here on: views are typed with `ActorRequest`.
        cast(ActorRequest, request).actor = cast(Actor, SimpleLazyObject(resolve))
        response = self.get_response(request)
        if response.status_code == 404:
            probe_record(request, response)
        return response
