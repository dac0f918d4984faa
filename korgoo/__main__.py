"""The `korgoo` console script: Django's manage.py under the project's own name.

`korgoo demo --data-dir DIR` must choose its data directory before the settings are read, so that
option is applied to the environment here.
"""

import os
import sys

from django.core.management import execute_from_command_line


def _early_options(argv: list[str]) -> None:
    if len(argv) > 1 and argv[1] == "demo":
        os.environ["KORGOO_DEMO"] = "1"
        for i, arg in enumerate(argv):
            if arg == "--data-dir" and i + 1 < len(argv):
                os.environ["KORGOO_DATA_DIR"] = argv[i + 1]
            elif arg.startswith("--data-dir="):
                os.environ["KORGOO_DATA_DIR"] = arg.split("=", 1)[1]


def main() -> None:
    _early_options(sys.argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "korgoo.config.settings.base")

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
