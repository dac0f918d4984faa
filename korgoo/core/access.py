"""Every view declares who may call it; the route inventory test fails on a view that does not.

Kinds: `public` (anyone, no session), `worker` (a worker with a receipt session), `staff` (a member of
an organisation, see `korgoo.organisations.permissions.staff_view`), `platform-admin` (Django admin).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

View = TypeVar("View", bound=Callable[..., Any])


def classify(kind: str) -> Callable[[View], View]:
    def mark(view: View) -> View:
        view.korgoo_access = kind  # type: ignore[attr-defined]
        return view

    return mark


public_view = classify("public")
worker_view = classify("worker")
