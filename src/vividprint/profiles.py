"""Output profiles as data: what proof and print builds do differently."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal


@dataclass(frozen=True)
class Profile:
    name: str
    colour: Literal["rgb", "cmyk"]
    image_ppi: int  # placed images are prepared for about this effective resolution
    # An image placed above `max_ppi` (original pixels over its most demanding box) is prepared again for
    # `image_ppi` there (build.py); None: the layout's [print] max_ppi and warn_ppi decide, as the
    # printing house asks. Supplied pages in a proof are scaled the same way (pdf/proofcopy.py).
    max_ppi: int | None
    bleed: bool  # extend pages by the bleed and write BleedBox/TrimBox
    pdf_variant: str | None  # WeasyPrint's pdf_variant, e.g. "pdf/x-4"
    jpeg_quality: int
    delivery: bool  # a folder with single pages, report and checksums, not just the issue PDF
    # The ink preflight of pages (check/inks.py): "refuse" reports each finding as its rule says, errors
    # stopping the build; "warn" makes every finding about a supplied page a warning, so that a proof
    # shows what print will refuse. Pages of our own are preflighted only in CMYK.
    preflight: Literal["refuse", "warn"]


PROFILES: dict[str, Profile] = {
    "proof": Profile(
        "proof",
        colour="rgb",
        image_ppi=150,
        max_ppi=180,  # a proof is read on screens and mailed: 150 ppi of the placement, within a fifth
        bleed=False,
        pdf_variant=None,
        jpeg_quality=80,
        delivery=False,
        preflight="warn",
    ),
    "print": Profile(
        "print",
        colour="cmyk",
        image_ppi=300,
        max_ppi=None,
        bleed=True,
        pdf_variant="pdf/x-4",
        jpeg_quality=92,
        delivery=True,
        preflight="refuse",
    ),
}

PDFX_VARIANTS = {"4": "pdf/x-4", "1a": "pdf/x-1a"}


def get_profile(name: str, pdfx: str | None = None) -> Profile:
    profile = PROFILES[name]
    if pdfx is not None and profile.pdf_variant and profile.pdf_variant.startswith("pdf/x"):
        profile = replace(profile, pdf_variant=PDFX_VARIANTS[pdfx])
    return profile
