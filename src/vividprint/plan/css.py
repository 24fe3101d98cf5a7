"""The CSS vividprint owns, around the layout's: page size, fonts, colours, and where a slot starts."""

from __future__ import annotations

from ..inputs.layout import Layout
from ..profiles import Profile
from ..text.markdown import KEEP_CLASS
from .jobs import PageSize, Side


def page_css(layout: Layout, profile: Profile, size: PageSize) -> str:
    """Before the layout's CSS: fonts, colours and page size, the same for every slot of a build."""
    width, height = size.trim_mm
    rules = [f"@page {{ size: {width}mm {height}mm; }}"]
    if size.bleed_mm:
        rules.append(f"@page {{ bleed: {size.bleed_mm}mm; }}")
    if profile.colour == "cmyk":
        # Names the paper's profile as the output intent; device-cmyk() colours are meant for it. The
        # components are a comma-separated list: written without commas they count as one, and the
        # profile is embedded as a one-component colour space.
        rules.append(
            f'@color-profile device-cmyk {{ src: url("{layout.output_profile.as_uri()}"); '
            f"components: cyan, magenta, yellow, black; }}"
        )
    for font in layout.fonts:
        rules.append(
            f'@font-face {{ font-family: "{font.family}"; src: url("{font.path.as_uri()}"); '
            f"font-weight: {font.weight}; font-style: {font.style}; }}"
        )
    # The baseline grid: the layout's CSS takes its line heights and spacing in the column from it, and
    # the engine grows the blocks marked `--snap` to whole lines of it.
    variables = [f"--bleed: {size.bleed_mm:g}mm;", f"--grid: {layout.grid.line:g}pt;"]
    for name, colour in layout.colors.items():
        if profile.colour == "cmyk":
            c, m, y, k = (v / 100 for v in colour.cmyk)
            variables.append(f"--{name}: device-cmyk({c:g} {m:g} {y:g} {k:g});")
        else:
            variables.append(f"--{name}: {colour.rgb};")
    rules.append(":root { " + " ".join(variables) + " }")
    return "\n".join(rules)


def slot_css(first_folio: int | None, side: Side) -> str:
    """Last in the cascade: the slot starts at its flatplan folio, on its flatplan side, and what
    the text stage marked to keep whole (URLs, hyphenated compounds) is never hyphenated."""
    rules = [f"html {{ break-before: {side}; }}", f".{KEEP_CLASS} {{ hyphens: manual !important; }}"]
    if first_folio is not None:
        rules.append(f"@page :first {{ counter-reset: page {first_folio}; }}")
    return "\n".join(rules)
