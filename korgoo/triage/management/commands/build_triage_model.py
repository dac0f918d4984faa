from typing import Any

from django.core.management.base import BaseCommand

from korgoo.triage.build import build
from korgoo.triage.model import MODEL_PATH


class Command(BaseCommand):
    help = "Train the triage model on the shipped corpus and write korgoo/triage/data/model.json.gz."

    def handle(self, *args: Any, **options: Any) -> None:
        data = build()
        size = MODEL_PATH.stat().st_size
        self.stdout.write(
            f"{MODEL_PATH.name}: {len(data['features'])} features, {len(data['labels'])} labels, "
            f"{data['meta']['examples']} examples, {size / 1024:.0f} KiB"
        )
