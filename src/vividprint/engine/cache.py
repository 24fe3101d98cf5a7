"""Content-addressed cache of rendered slots.

A slot's key hashes everything that can change its PDF: its HTML (which already names each prepared
image by the hash of its bytes), the generated and the layout CSS, the font files, where it starts, the
profile, and the versions of vividprint and WeasyPrint. An entry whose PDF no longer matches the digest
recorded beside it is treated as missing, so a truncated or damaged file is rebuilt, never used.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import asdict, replace
from pathlib import Path

import weasyprint

from .. import __version__
from ..disk import code_digest, write_atomic
from ..plan.jobs import (
    Fitted,
    FrameFinding,
    GradientFinding,
    ImagePlacement,
    RenderedPart,
    RenderJob,
    SetCounts,
    SetLine,
)

FORMAT = 7


class PartCache:
    def __init__(self, folder: Path, profile: str, pdf_variant: str | None, digest: Callable[[Path], str]) -> None:
        self.folder = folder
        self._digest = digest  # of an input file: World.digest
        # The environment may override the layout's line breaker (engine/linebreak.py), which changes every
        # text page, and bench/ switches what the render does; the layout's own choice is in the job.
        switches = ("VIVIDPRINT_LINEBREAK", "VIVIDPRINT_BARE")
        breaker = "|".join(os.environ.get(name, "") for name in switches)
        versions = f"{FORMAT}|{__version__}|{code_digest()}|{weasyprint.__version__}"
        self._salt = f"{versions}|{profile}|{pdf_variant}|{breaker}"

    def key(self, job: RenderJob, font_files: tuple[Path, ...]) -> str:
        h = hashlib.sha256(self._salt.encode())
        for part in (
            job.html,
            job.base_url,
            job.page_css,
            str(job.first_folio),
            job.side,
            str(job.pages),
            job.hyphenation,
            job.typesetting,
        ):
            h.update(b"\0" + part.encode())
        for path in (*job.stylesheets, *font_files):
            h.update(b"\0" + self._digest(path).encode())
        return h.hexdigest()[:40]

    def get(self, key: str, slot_key: str) -> RenderedPart | None:
        meta_path, pdf_path = self._paths(key)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            data = pdf_path.read_bytes()
        except (OSError, ValueError):
            return None
        digest = hashlib.sha256(data).hexdigest()
        if not isinstance(meta, dict) or digest != meta.get("sha256"):
            return None
        try:
            return RenderedPart(
                key=slot_key,
                pdf=pdf_path,
                pages_used=int(meta["pages_used"]),
                warnings=tuple(meta["warnings"]),
                overflow_lines=int(meta["overflow_lines"]),
                placements=tuple(ImagePlacement(**p) for p in meta["placements"]),
                fonts=tuple(meta["fonts"]),
                refused=tuple(meta.get("refused", ())),
                frames=tuple(FrameFinding(**f) for f in meta.get("frames", ())),
                fitted=tuple(Fitted(**f) for f in meta.get("fitted", ())),
                setting=tuple(SetLine(**s) for s in meta.get("setting", ())),
                counts=SetCounts(**meta.get("counts", {})),
                last_empty=float(meta.get("last_empty", 0.0)),
                gradients=tuple(GradientFinding(**g) for g in meta.get("gradients", ())),
                sha256=digest,
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            return None

    def put(self, key: str, part: RenderedPart) -> RenderedPart:
        """Move a freshly rendered part into the cache; the PDF first, its record last."""
        meta_path, pdf_path = self._paths(key)
        data = part.pdf.read_bytes()
        write_atomic(pdf_path, data)
        if part.pdf != pdf_path:
            part.pdf.unlink(missing_ok=True)
        record = {k: v for k, v in asdict(part).items() if k not in ("key", "pdf", "sha256")}
        record["sha256"] = digest = hashlib.sha256(data).hexdigest()
        write_atomic(meta_path, json.dumps(record, indent=1).encode())
        return replace(part, pdf=pdf_path, sha256=digest)

    def _paths(self, key: str) -> tuple[Path, Path]:
        return self.folder / f"{key}.json", self.folder / f"{key}.pdf"
