"""Fail when a Kyrgyz or Russian interface string is missing, or when the catalogues are stale.

Stale means `makemessages` would add or drop an entry. The catalogues are restored afterwards, so
running this check never changes the working tree.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "korgoo" / "locale"
LANGUAGES = ("ky", "ru", "en")
REQUIRED = ("ky", "ru")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")
MAKEMESSAGES = [
    sys.executable,
    "-m",
    "korgoo",
    "makemessages",
    "--no-location",
    "--no-obsolete",
    *[f"-l={lang}" for lang in LANGUAGES],
    "-i=.venv/*",
    "-i=build/*",
    "-i=benchmarks/*",
]


def entries(path: Path) -> list[dict[str, object]]:
    """msgctxt, msgid, msgid_plural, msgstr forms and flags of every live entry."""
    found = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        lines = block.strip().splitlines()
        if not lines or all(line.startswith("#~") for line in lines if line.strip()):
            continue
        entry: dict[str, object] = {"flags": "", "msgstr": {}}
        key = None
        for line in lines:
            if line.startswith("#,"):
                entry["flags"] = line
                continue
            if line.startswith("#"):
                continue
            match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?) "(.*)"$', line)
            if match:
                key = match.group(1)
                text = match.group(3)
                if key.startswith("msgstr"):
                    entry["msgstr"][key] = text  # type: ignore[index]
                else:
                    entry[key] = text
            elif line.startswith('"') and key:
                text = line[1:-1]
                if key.startswith("msgstr"):
                    entry["msgstr"][key] += text  # type: ignore[index]
                else:
                    entry[key] = str(entry[key]) + text
        if entry.get("msgid"):
            found.append(entry)
    return found


def identity(entry: dict[str, object]) -> tuple[object, ...]:
    return (entry.get("msgctxt"), entry.get("msgid"), entry.get("msgid_plural"))


def main() -> int:
    problems: list[str] = []
    before = {
        lang: {identity(e) for e in entries(LOCALE / lang / "LC_MESSAGES" / "django.po")}
        for lang in LANGUAGES
    }
    with tempfile.TemporaryDirectory() as backup:
        for lang in LANGUAGES:
            shutil.copy(LOCALE / lang / "LC_MESSAGES" / "django.po", Path(backup) / f"{lang}.po")
        try:
            env = {**os.environ, "DJANGO_SETTINGS_MODULE": "korgoo.config.settings.test"}
            subprocess.run(MAKEMESSAGES, cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603 - fixed argv
            for lang in LANGUAGES:
                after = {identity(e) for e in entries(LOCALE / lang / "LC_MESSAGES" / "django.po")}
                for missing in sorted(map(str, after - before[lang])):
                    problems.append(f"{lang}: not in the catalogue yet (run makemessages): {missing}")
                for stale in sorted(map(str, before[lang] - after)):
                    problems.append(f"{lang}: no longer used (run makemessages): {stale}")
        finally:
            for lang in LANGUAGES:
                shutil.copy(Path(backup) / f"{lang}.po", LOCALE / lang / "LC_MESSAGES" / "django.po")
    for lang in REQUIRED:
        for entry in entries(LOCALE / lang / "LC_MESSAGES" / "django.po"):
            msgid = str(entry["msgid"])
            strings = entry["msgstr"]
            assert isinstance(strings, dict)
            if "fuzzy" in str(entry["flags"]):
                problems.append(f"{lang}: fuzzy: {msgid!r}")
            if not strings or any(value == "" for value in strings.values()):
                problems.append(f"{lang}: untranslated: {msgid!r}")
                continue
            wanted = sorted(PLACEHOLDER.findall(msgid))
            for value in strings.values():
                if sorted(PLACEHOLDER.findall(str(value))) != wanted and not (
                    entry.get("msgid_plural") and set(PLACEHOLDER.findall(str(value))) <= set(wanted)
                ):
                    problems.append(f"{lang}: placeholders differ: {msgid!r}")
            if lang == "ky" and re.search("[ұқғіәöü]", "".join(map(str, strings.values()))):
                problems.append(f"ky: letters that are not Kyrgyz: {msgid!r}")
    for problem in problems:
        print(problem)
    print(f"translations: {'OK' if not problems else f'{len(problems)} problem(s)'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
