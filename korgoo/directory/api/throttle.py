"""The rate limit of the public help API (directory, articles, agency check, search), all four
counted together per client."""

from __future__ import annotations

from korgoo.core.throttle import PerMinuteThrottle


class HelpApiThrottle(PerMinuteThrottle):
    """At most KORGOO_HELP_API_PER_MINUTE requests a minute per client (120 unless set in the
    environment)."""

    scope = "help-api"
    setting = "KORGOO_HELP_API_PER_MINUTE"
