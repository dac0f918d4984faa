"""Court decisions of the demo world: the corpus pages, brought in by the embassy in Moscow (Russian
courts) and the consulate in Almaty (Kazakh courts). Detentions and forced expulsions of citizens
become alerts in their inboxes; the uncertain ones wait in the review queue."""

from __future__ import annotations

from pathlib import Path

from korgoo.core.actor import Actor

from .services import decision_ingest

CORPUS = Path(__file__).parent / "tests" / "corpus"


def build_court_world(*, embassy: Actor, consulate: Actor) -> dict[str, int]:
    stored = 0
    for path in sorted(p for p in CORPUS.iterdir() if p.suffix != ".json"):
        data = path.read_bytes()
        actor = consulate if "-kz-" in path.name else embassy
        source = f"https://demo.korgoo.invalid/courts/{path.stem}"
        stored += decision_ingest(actor=actor, data=data, filename=path.name, source_url=source).created
    return {"court_decisions": stored}
