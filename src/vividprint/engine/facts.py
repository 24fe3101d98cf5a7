"""Facts about rendered parts: the fonts a PDF names, and how large each image was placed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from PIL import Image as PILImage
from pypdf import PdfReader

from ..plan.jobs import ImagePlacement, PlacedImage, Plan, RenderedPart, RenderJob


def pdf_fonts(source: Path | BinaryIO) -> set[str]:
    """The base fonts a PDF uses, without the subset prefix (ABCDEF+)."""
    names = set()
    for page in PdfReader(source).pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources else None
        if not fonts:
            continue
        for ref in fonts.get_object().values():
            base = str(ref.get_object().get("/BaseFont", ""))
            names.add(base.lstrip("/").split("+", 1)[-1])
    return names


def effective_ppi(placement: ImagePlacement, width_px: int, height_px: int) -> float:
    """Pixels per inch as printed: object-fit cover crops, so the tighter axis counts; contain does not."""
    if placement.width_in <= 0 or placement.height_in <= 0:
        return float("inf")
    ppi_x, ppi_y = width_px / placement.width_in, height_px / placement.height_in
    return max(ppi_x, ppi_y) if placement.fit == "contain" else min(ppi_x, ppi_y)


def placed_images(
    plan: Plan, parts: dict[str, RenderedPart], *, allotted_only: bool = True
) -> Iterator[tuple[RenderJob, ImagePlacement, PlacedImage]]:
    """Every image box of every rendered slot, with the image the article named for it: the pictures made
    of pixels, whose resolution counts (not SVG)."""
    for job in plan.renders:
        by_url = {image.url: image for image in job.images if image.colour != "svg"}
        for placement in parts[job.key].placements:
            image = by_url.get(placement.url)
            if image is not None and not (allotted_only and placement.page >= job.pages):
                yield job, placement, image


def pixels(path: Path) -> tuple[int, int]:
    with PILImage.open(path) as im:
        return im.size


def lowest_ppi_by_page(plan: Plan, parts: dict[str, RenderedPart]) -> dict[str, dict[str, object]]:
    """For the job report: on each page with images, the weakest one and the resolution it is
    embedded at (after any downsampling, so what the printer gets)."""
    lowest: dict[str, dict[str, object]] = {}
    for job, placement, image in placed_images(plan, parts):
        label = job.label or str((job.first_folio or 0) + placement.page)
        width, height = pixels(image.path)
        ppi = round(effective_ppi(placement, min(width, image.width_px), min(height, image.height_px)))
        if label not in lowest or ppi < lowest[label]["ppi"]:  # type: ignore[operator]
            lowest[label] = {"ppi": ppi, "image": image.src}
    return lowest
