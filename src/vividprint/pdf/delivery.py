"""The printer's delivery folder: the issue PDF, one PDF per page named by folio, a job report in
text and JSON, and SHA256SUMS. Written beside its final place and renamed into it when complete.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter

from ..disk import make_temp_dir, replace_folder, user_error
from ..engine.facts import pdf_fonts
from . import pdfx
from .assemble import DocumentInfo, finish, write_pdf


@dataclass
class JobReport:
    """What the printing house wants to know about the job, before it opens a single page."""

    magazine: str
    number: str
    date: str
    profile: str
    standard: str
    trim_mm: tuple[float, float]
    bleed_mm: float
    binding: str
    pages: int
    output_intent: str
    fonts: list[str] = field(default_factory=list)
    lowest_ppi: dict[str, dict[str, Any]] = field(default_factory=dict)  # page label -> {ppi, image}
    warnings: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    # Per page, as the preflight saw it (plan.jobs.PageFacts): label, file, page, peak_ink, inks, fonts,
    # images ([name, ppi]) and findings.
    per_page: list[dict[str, Any]] = field(default_factory=list)

    def text(self) -> str:
        lines = [
            f"{self.magazine} {self.number} ({self.date}), {self.profile} profile",
            f"standard:       {self.standard}",
            f"output intent:  {self.output_intent}",
            f"trim:           {self.trim_mm[0]:g} x {self.trim_mm[1]:g} mm, bleed {self.bleed_mm:g} mm",
            f"binding:        {self.binding}, {self.pages} pages",
            f"fonts:          {len(self.fonts)}, all embedded: " + ", ".join(self.fonts),
            "",
            "lowest image resolution per page:",
        ]
        lines += [f"  {page:>4}  {v['ppi']:>5} ppi  {v['image']}" for page, v in self.lowest_ppi.items()]
        lines += ["", "pages (highest ink coverage, plates, fonts, images at their effective ppi, findings):"]
        for page in self.per_page:
            lines += _page_lines(page)
        lines += ["", f"warnings: {len(self.warnings)}"] + [f"  {w}" for w in self.warnings]
        lines += ["", "files:"] + [f"  {name}" for name in self.files]
        return "\n".join(lines) + "\n"


def _page_lines(page: dict[str, Any]) -> list[str]:
    inks = " ".join(_SHORT.get(ink, f'"{ink}"') for ink in page["inks"]) or "none"
    head = f"  {page['label']:>4}  ink {page['peak_ink']:>5.1f} %  plates {inks}  ({page['file']}, {page['page']})"
    lines = [head]
    if page["fonts"]:
        lines.append(f"        fonts: {', '.join(page['fonts'])}")
    lines += [f"        image: {name} at {ppi} ppi" for name, ppi in page["images"]]
    lines += [f"        warning: {finding}" for finding in page["findings"]]
    return lines


_SHORT = {"Cyan": "C", "Magenta": "M", "Yellow": "Y", "Black": "K"}


def page_file(slug: str, label: str) -> str:
    """vivid-4-2025_p003.pdf for folio 3, vivid-4-2025_U1.pdf for the front cover."""
    return f"{slug}_p{int(label):03d}.pdf" if label.isdigit() else f"{slug}_{label}.pdf"


def deliver(
    issue_pdf: Path,
    labels: tuple[str, ...],
    slug: str,
    folder: Path,
    info: DocumentInfo,
    standard: pdfx.Standard,
    report: JobReport,
    scratch: Path | None = None,
) -> Path:
    """Write the delivery folder for `issue_pdf` (which is moved into it) and return the folder. It is
    made in `scratch` (or hidden beside its place) and put in place whole."""
    staging = make_temp_dir(folder, scratch)
    try:
        whole = staging / f"{slug}-{report.profile}.pdf"
        os.replace(issue_pdf, whole)
        reader = PdfReader(whole)
        for index, label in enumerate(labels):
            writer = PdfWriter()
            writer.add_page(reader.pages[index])
            if label.isdigit():
                writer.set_page_label(0, 0, style="/D", start=int(label))
            else:
                writer.set_page_label(0, 0, prefix=label)
            page_info = DocumentInfo(
                title=f"{info.title}, {label if not label.isdigit() else 'page ' + label}",
                magazine=info.magazine,
                number=info.number,
                language=info.language,
                date=info.date,
                identity=f"{info.identity}/{label}",
            )
            finish(writer, page_info, standard)
            write_pdf(writer, staging / page_file(slug, label))
        report.fonts = sorted(pdf_fonts(whole))
        report.files = [*sorted(p.name for p in staging.iterdir()), "report.json", "report.txt"]
        with user_error(folder):
            text = json.dumps(report.__dict__, indent=2, ensure_ascii=False) + "\n"
            (staging / "report.json").write_text(text, encoding="utf-8")
            (staging / "report.txt").write_text(report.text(), encoding="utf-8")
            sums = "".join(
                f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}\n" for path in sorted(staging.iterdir())
            )
            (staging / "SHA256SUMS").write_text(sums, encoding="utf-8")
        replace_folder(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return folder
