"""System checks of the shared kernel (`korgoo check`, `korgoo check --deploy`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

# Cache backends whose counts each process (or machine) keeps to itself.
PER_PROCESS_CACHES = frozenset(
    {
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
        "django.core.cache.backends.filebased.FileBasedCache",
    }
)


@checks.register(checks.Tags.security, deploy=True)
def check_shared_throttle_store(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Throttles and budgets must count in a store every process shares, or each gunicorn worker
    multiplies every limit (ten allowed failed receipts become twenty with two workers)."""
    backend = str(settings.CACHES.get("throttle", {}).get("BACKEND", ""))
    if not backend or backend in PER_PROCESS_CACHES:
        return [
            checks.Error(
                f"The throttle cache is {backend or 'missing'}: every process would count its own limits.",
                hint="Set KORGOO_REDIS_URL, or leave CACHES['throttle'] to korgoo.core.counters.DatabaseCounterCache.",
                id="korgoo.E004",
            )
        ]
    return []
