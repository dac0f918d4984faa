"""What the loaders of data files (the directory's lists, the articles, the agency registry) report
when a file is wrong: every problem at once, each with its file and line, so that whoever keeps the
file fixes it in one go."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    line: int  # 0 when the problem is the file as a whole
    message: str

    def __str__(self) -> str:
        return (
            f"{self.file}, line {self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"
        )


class DataFileProblems(Exception):
    """Raised with every problem found in the files read; nothing of them was loaded."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
