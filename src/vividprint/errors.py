"""The one exception type for mistakes a user can make, and the problems it carries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where it is and what to do about it."""

    file: str
    place: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.place}" if self.place else self.file
        return f"{where}: {self.message}"


class VividError(Exception):
    """Input a designer or editor can fix. The CLI prints it without a traceback and exits 1."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def one(cls, file: str, place: str, message: str) -> VividError:
        return cls([Problem(file, place, message)])


class Problems:
    """Collects problems so that all of an issue's mistakes are reported in one run."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, file: str, place: str, message: str) -> None:
        self.items.append(Problem(file, place, message))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise VividError(self.items)
