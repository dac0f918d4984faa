"""The rules that read a decision: each field, the sentence it came from, and how sure the rule is.

Every rule is a regular expression over the decision's text (morphology from pymorphy3 where a court's
name must be put back into the nominative case), so a reviewer can see why a value was taken: the
sentence is kept with it. A value the rules are unsure of (confidence below `REVIEW_BELOW`) puts the
decision into the review queue.

Where a rule reads the operative part (what the court ordered: after «ПОСТАНОВИЛ:», «РЕШИЛ:»,
«ПРИГОВОРИЛ:»), it does so because the reasoning part quotes the charge, the prosecutor's request and
earlier decisions, which are not what the court decided.
"""

from __future__ import annotations

from .articles import (
    find_articles,
    parse_articles,
)
from .base import (
    FIELDS,
    REVIEW_BELOW,
    Extraction,
    Fact,
    Sentences,
    operative_start,
)
from .orders import (
    find_interpreter,
    find_orders,
)
from .parties import (
    MONTHS,
    find_case_number,
    find_citizenship,
    find_country,
    find_court,
    find_decided_on,
    find_proceeding,
    normalise_court,
)
from .reading import (
    extract,
)

__all__ = [
    "FIELDS",
    "MONTHS",
    "REVIEW_BELOW",
    "Extraction",
    "Fact",
    "Sentences",
    "extract",
    "find_articles",
    "find_case_number",
    "find_citizenship",
    "find_country",
    "find_court",
    "find_decided_on",
    "find_interpreter",
    "find_orders",
    "find_proceeding",
    "normalise_court",
    "operative_start",
    "parse_articles",
]
