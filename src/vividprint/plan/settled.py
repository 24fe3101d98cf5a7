"""The pixels each picture of a proof was last embedded with, so that the next build starts there.

How large a picture is placed is known only once its slot is laid out, so a proof embeds no more
pixels than it shows by rendering a slot again with smaller copies (build.py). Kept from one build
to the next, those sizes make that second render the exception: an edited article renders once, and
a second edition, whose pictures sit where the first edition's do, starts from the first's sizes.
Print starts afresh each time: its files must not depend on what was built before.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..disk import write_atomic


class SettledSizes:
    """{original picture: longest side} of one issue's proofs, one file per edition."""

    def __init__(self, cache_root: Path, profile: str, edition: str) -> None:
        self.folder = cache_root / "settled"
        self.path = self.folder / f"{profile}-{re.sub(r'[^a-z0-9]+', '-', edition.lower())}.json"
        self.profile = profile

    def load(self, root: Path) -> dict[Path, int]:
        """This edition's sizes, else another edition's of the same issue, else none."""
        others = sorted(self.folder.glob(f"{self.profile}-*.json")) if self.folder.is_dir() else []
        for path in [self.path, *others]:
            try:
                known = json.loads(path.read_text(encoding="utf-8"))
                return {root / source: int(side) for source, side in known.items() if int(side) > 0}
            except (OSError, ValueError, TypeError, AttributeError):
                continue
        return {}

    def save(self, root: Path, sizes: dict[Path, int]) -> None:
        known = {path.relative_to(root).as_posix(): side for path, side in sorted(sizes.items())}
        write_atomic(self.path, json.dumps(known, indent=0).encode())
