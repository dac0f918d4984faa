"""Reading a whole decision: every fact at once."""

from __future__ import annotations

from .articles import find_articles
from .base import FIELDS, Extraction, Fact, Sentences, operative_start
from .orders import find_interpreter, find_orders
from .parties import (
    find_case_number,
    find_citizenship,
    find_country,
    find_court,
    find_decided_on,
    find_proceeding,
)


def extract(text: str, title: str = "") -> Extraction:
    """Every field of a decision, each with the sentence it came from."""
    sentences = Sentences(text)
    operative = operative_start(text)
    facts: dict[str, Fact] = {}
    facts["court"] = find_court(text, sentences, title)
    facts["case_number"] = find_case_number(text, sentences, title)
    facts["decided_on"] = find_decided_on(text, sentences)
    facts["proceeding"] = find_proceeding(text, sentences, facts["case_number"].value)
    proceeding = facts["proceeding"].value
    facts["articles"] = find_articles(text, sentences, operative, proceeding)
    facts["kyrgyz_citizen"] = find_citizenship(text, sentences)
    facts.update(find_orders(text, sentences, operative, proceeding))
    facts["interpreter"] = find_interpreter(text, sentences)
    return Extraction(facts={name: facts[name] for name in FIELDS}, country=find_country(text))
