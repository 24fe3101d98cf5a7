"""The rules of a printing house's preflight (GWG 2015 MagazineAds and the output profile's limits),
applied to what walk.py saw on one page: each finding as a problem naming the page and what to do.

A supplied page is the advertiser's to fix, so its messages say what to ask for; a page of our own is
fixed in the layout or the article, so its messages name the template, the colour or the image.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import Problem
from ..inputs.layout import PrintSettings
from .preflight import Report
from .seen import ImageUse, PageWalk

MIN_LINE_PT = 0.125  # thinner lines break up or vanish on press
MIN_RICH_BLACK_PT = 12  # smaller text in four-colour black blurs with the slightest misregistration


@dataclass(frozen=True)
class Page:
    """A page being judged: how problems name it, and whose page it is."""

    file: str  # the supplied PDF, the article or issue.toml
    place: str  # "page 1" of a supplied PDF; "flatplan[2], page 5" of our own
    slot: str  # the slot key(s), for a supplied page: "covers.inside-front and flatplan[3]"
    template: str | None = None  # for a page of our own
    image_names: dict[str, str] = field(default_factory=dict)  # XObject name -> the article's image

    @property
    def supplied(self) -> bool:
        return self.template is None


def judge(walk: PageWalk, page: Page, settings: PrintSettings, *, strict: bool = False) -> Report:
    verdict = Report()

    def say(error: bool, message: str) -> None:
        verdict.add(error, Problem(page.file, page.place, message))

    where = page.slot if page.supplied else f"template {page.template!r}"
    at = f" ({where})"
    if walk.rgb:
        uses = ", ".join(sorted(set(walk.rgb))[:3])
        if page.supplied:
            message = (
                f"contains RGB ({uses}); a print PDF must be CMYK only: ask for a CMYK (PDF/X) version of this page{at}"
            )
        else:
            message = (
                f"renders RGB ({uses}) with template {page.template!r}: every colour in the layout's CSS must "
                "be a var(--colour) from layout.toml"
            )
        say(True, message)
    if walk.lab:
        uses = ", ".join(sorted(set(walk.lab))[:3])
        say(
            False,
            f"uses Lab colour ({uses}), which the printer's RIP converts as it sees fit{at}: "
            + ("ask for the page in CMYK to know what prints" if page.supplied else "use colours from layout.toml"),
        )
    # The article's pictures were held to the limit as they were prepared, and are named there by their
    # files (artwork.py): here they count for the job report only.
    peak, what = walk.highest(() if page.supplied else page.image_names)
    if peak > settings.max_ink + 0.5:
        say(True, _too_much_ink(peak, what, page, settings.max_ink, at))
    for spot, what in sorted(walk.spots.items()):
        if spot not in settings.plates:
            say(
                True,
                f'{what} in the spot colour "{spot}" needs a plate this job does not have{at}: ask for the page '
                f'in CMYK only, or list "{spot}" in layout.toml\'s [print] plates if the job prints it as a '
                "plate of its own",
            )
    for font, embedded in sorted(walk.fonts.items()):
        if not embedded:
            say(True, f"font {font} is not embedded{at}: ask for the page with all fonts embedded")
    if page.supplied:
        drawn = {(i.name, i.width, i.height, round(i.ppi) if i.ppi != float("inf") else 0): i for i in walk.images}
        for image in drawn.values():  # an image drawn twice at one size is one finding
            if image.ppi < settings.min_ppi:
                say(
                    True,
                    f"{_image(image)} prints at {image.ppi:.0f} ppi, below the minimum of {settings.min_ppi}{at}: "
                    f"ask for the page with images of at least {settings.warn_ppi} ppi",
                )
            elif image.ppi < settings.warn_ppi:
                say(strict, f"{_image(image)} prints at {image.ppi:.0f} ppi (below {settings.warn_ppi}){at}")
    if walk.white_overprint:
        kinds = sorted(set(walk.white_overprint))
        one = len(kinds) == 1
        say(
            True,
            f"white {' and '.join(kinds)} {'is' if one else 'are'} set to overprint and "
            f"vanish{'es' if one else ''} on press{at}: ask for the page with white set to knock out",
        )
    for colour, size in sorted(walk.rich_black.items()):
        if size >= MIN_RICH_BLACK_PT - 0.005:
            continue
        remedy = (
            "ask for the page with small text in black only"
            if page.supplied
            else "text colours are layout.toml's [colors]"
        )
        say(
            True,
            f"text set in rich black {colour} at {round(size, 1):g} pt: use 100 % K ({where}; {remedy})",
        )
    if walk.thinnest is not None and walk.thinnest < MIN_LINE_PT:
        remedy = "ask for the page with" if page.supplied else "give the layout's CSS"
        say(
            False,
            f"has lines {round(walk.thinnest, 3):g} pt thin, below {MIN_LINE_PT} pt, which break up or vanish on "
            f"press{at}: {remedy} lines of at least {MIN_LINE_PT} pt",
        )
    for what in sorted(set(walk.malformed)):
        remedy = "ask for a fresh PDF/X export" if page.supplied else "change the CSS that draws it"
        say(True, f"is malformed: {what}{at}: {remedy}")
    return verdict


def _too_much_ink(peak: float, what: str, page: Page, limit: float, at: str) -> str:
    head = f"{what} reaches {peak:.0f} % ink, above the limit of {limit:g} % ([print] max_ink){at}"
    if page.supplied:
        return f"{head}: ask for the page separated for the paper, with at most {limit:g} % ink"
    if what.startswith(("image ", "an inline image")):  # a picture of the layout's own
        return f"{head}: give the layout a picture separated for the paper, with at most {limit:g} % ink"
    return f"{head}: use a colour with less ink in layout.toml's [colors]"


def _image(image: ImageUse) -> str:
    return f"{image.label} ({image.width} × {image.height} px)"
