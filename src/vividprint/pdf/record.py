"""What the last build wrote, so that a build with nothing changed writes nothing."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from ..disk import write_atomic
from ..plan.jobs import Plan, RenderedPart, RenderJob, SuppliedJob


class OutputRecord:
    """Remembers what the last build wrote, so that a build with nothing changed writes nothing.

    The stamp covers every part's cache key, every supplied file, the metadata, the standard and the
    warnings (the print report lists them); the record also holds the digest of what was written, so a
    file changed or removed since is written again.
    """

    def __init__(self, path: Path, output: Path, digest: Callable[[Path], str]) -> None:
        self.path = path
        self.output = output
        self.digest = digest  # of an input file: World.digest

    def stamp(
        self, plan: Plan, parts: dict[str, RenderedPart], info: object, standard: object, notes: list[str]
    ) -> str:
        h = hashlib.sha256(repr((info, standard, notes, plan.size, plan.binding)).encode())
        for job in plan.jobs:
            match job:
                case RenderJob():
                    h.update(f"|{job.key}|{job.pages}|{job.label}|{job.first_folio}|{job.title}|".encode())
                    h.update(parts[job.key].sha256.encode())  # checked against the file when taken from the cache
                case SuppliedJob():
                    h.update(f"|{job.key}|{job.pages}|{job.label}|{job.first_folio}|".encode())
                    h.update(self.digest(job.path).encode())
        return h.hexdigest()

    def unchanged(self, stamp: str) -> dict | None:
        try:
            record = json.loads(self.path.read_text(encoding="utf-8"))
            same = record["stamp"] == stamp and record["output"] == str(self.output.resolve())
            if same and record["digest"] == self._digest():
                return record
        except (OSError, ValueError, KeyError, TypeError):
            pass
        return None

    def save(self, stamp: str, page_count: int, labels: tuple[str, ...]) -> None:
        record = {
            "stamp": stamp,
            "output": str(self.output.resolve()),
            "digest": self._digest(),
            "page_count": page_count,
            "labels": list(labels),
        }
        write_atomic(self.path, json.dumps(record).encode())

    def _digest(self) -> str:
        target = self.output / "SHA256SUMS" if self.output.is_dir() else self.output
        return hashlib.sha256(target.read_bytes()).hexdigest()
