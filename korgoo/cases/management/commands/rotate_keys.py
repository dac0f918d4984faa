"""`korgoo rotate_keys`: re-wrap every case data key under the first key of KORGOO_ROOT_KEYS."""

from typing import Any

from django.core.management.base import BaseCommand

from korgoo.cases.services import case_keys_rewrap


class Command(BaseCommand):
    help = "Re-wrap all case data keys under the active root key; afterwards the old key can be removed."

    def handle(self, *args: Any, **options: Any) -> None:
        rewrapped, current = case_keys_rewrap()
        self.stdout.write(f"Re-wrapped {rewrapped} case keys; {current} were already under the active key.")
