"""Rate limits of the public consular API, counted by the rotating keyed hash of the client's address
(`core.throttle`), never by the address itself."""

from __future__ import annotations

from korgoo.core.throttle import PerClientThrottle


class ConsularReadThrottle(PerClientThrottle):
    """Missions and free slots: at most KORGOO_CONSULAR_READS_PER_MINUTE a minute per client (120)."""

    scope, setting, seconds = "consular-read", "KORGOO_CONSULAR_READS_PER_MINUTE", 60


class ConsularWriteThrottle(PerClientThrottle):
    """Bookings, cancellations and changes: at most KORGOO_CONSULAR_WRITES_PER_HOUR an hour per client
    (30: a family or a dormitory shares one address; a reseller's script does not get far)."""

    scope, setting, seconds = "consular-write", "KORGOO_CONSULAR_WRITES_PER_HOUR", 3600
