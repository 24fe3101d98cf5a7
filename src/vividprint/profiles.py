"""Output profiles as data: what proof, print and archive builds do differently."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Profile:
    name: str
    colour: Literal["rgb", "cmyk"]
    image_ppi: int  # placed images are downsampled to about this effective resolution
    bleed: bool  # extend pages by the bleed and write BleedBox/TrimBox
    pdf_variant: str | None  # WeasyPrint's pdf_variant, e.g. "pdf/x-4"
    jpeg_quality: int


PROFILES: dict[str, Profile] = {
    "proof": Profile("proof", colour="rgb", image_ppi=150, bleed=False, pdf_variant=None, jpeg_quality=80),
}


def get_profile(name: str) -> Profile:
    return PROFILES[name]
