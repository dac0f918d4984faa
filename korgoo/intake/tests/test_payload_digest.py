"""The digest that tells a retry from another report under the same Idempotency-Key never changes
for the same report: a record written before an upgrade must still recognise the retry after it.
The two digests below were computed by the code that first wrote such records (with
`dataclasses.asdict`), for these exact reports."""

from __future__ import annotations

import datetime as dt

from korgoo.cases.rules import NewReport
from korgoo.intake.services import _payload_digest


def test_the_payload_digest_is_what_earlier_versions_wrote() -> None:
    full = NewReport(
        language="ky",
        country="RU",
        city="Москва",
        categories=("unpaid_wages", "housing"),
        description="Айлык берилген жок.",
        employer_name="ООО Ромашка",
        happened_on=dt.date(2026, 10, 1),
        contact_channel="whatsapp",
        contact_value="+7 900",
        full_name="Айгүл",
        prefers_woman_caseworker=True,
        share_with=["ngo", "embassy"],
        sector="construction",
    )
    short = NewReport(language="ru", country="KZ", city="Алматы", categories=["police"], description="x")
    assert _payload_digest(full, []) == "cba9a3543501c65d01c0ed9918ef525193e72d753c2eeacbeaa1a3f3adf63e5c"
    assert _payload_digest(short, []) == "a108e5b926d95d0a4f2b1f14aef50fac2ef306d4db25611b3515c2546f2d4a6b"
    # The order of the boxes ticked does not matter; what was written does.
    reordered = NewReport(**{**full.__dict__, "categories": ["housing", "unpaid_wages"]})
    assert _payload_digest(reordered, []) == _payload_digest(full, [])
    assert _payload_digest(NewReport(**{**full.__dict__, "city": "Казань"}), []) != _payload_digest(full, [])
