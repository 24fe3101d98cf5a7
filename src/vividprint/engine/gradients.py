"""CSS gradients in CMYK: WeasyPrint paints them in RGB only.

WeasyPrint 70 writes every gradient's colour function with three components (sRGB), in whatever colour
space the document uses: in a print document that is the CMYK output profile, and the shading is
malformed (poppler: "function with wrong output size"). A gradient with `device-cmyk()` stops, as the
layout's colours are in print, raises NotImplementedError. Box shadows with a blur are drawn as
gradients too.

So, while a slot renders, a gradient whose visible stops are all `device-cmyk()` is painted here as a
DeviceCMYK shading with four-component functions (its transparency, as WeasyPrint does it, as a soft
mask of greys). One with other colours is left to WeasyPrint in a proof; in print it is not painted,
and `findings` names the element that asks for it, so that the check stage can refuse it.
"""

from __future__ import annotations

from tinycss2.color5 import Color
from weasyprint import draw, images
from weasyprint.formatting_structure import boxes

from ..plan.jobs import GradientFinding
from .frames import element_name

_ORIGINAL = {
    "draw": images.Gradient.draw,
    "average": images.gradient_average_color,
    "shadow": draw._draw_box_shadow,
}
_state = {"cmyk": False}
CMYK = "device-cmyk"


def use(on: bool, cmyk: bool = False) -> None:
    """Paint gradients here (`cmyk`: the document is for print) or put WeasyPrint's own painting back."""
    _state["cmyk"] = cmyk
    images.Gradient.draw = _draw if on else _ORIGINAL["draw"]  # type: ignore[method-assign]
    images.gradient_average_color = _average if on else _ORIGINAL["average"]
    draw._draw_box_shadow = _draw_box_shadow if on else _ORIGINAL["shadow"]


class _Cmyk(Color):
    """A device-cmyk() colour that can be "converted" to its own space: tinycss2 makes a copy of a colour
    that way (for a shadow's transparent end) with a class that knows no CMYK."""

    def to(self, space):  # type: ignore[no-untyped-def]
        if space == self.space:
            return _Cmyk(space, self.coordinates, self.alpha)
        return super().to(space)


def _draw_box_shadow(stream, box, style, tx, ty, blur, spread, colour, inset):  # type: ignore[no-untyped-def]
    if getattr(colour, "space", None) == CMYK:
        colour = _Cmyk(colour.space, colour.coordinates, colour.alpha)
    _ORIGINAL["shadow"](stream, box, style, tx, ty, blur, spread, colour, inset)


def _visible(colours) -> list:  # type: ignore[no-untyped-def]
    """The stops that show: a fully transparent stop only fades its neighbours, whatever its colour."""
    return [colour for colour in colours if colour.alpha > 0]


def paintable(colours, cmyk: bool) -> bool:  # type: ignore[no-untyped-def]
    """Whether a gradient of these stops can be painted in a document of this kind: all in CMYK, or (in a
    proof) none in CMYK."""
    spaces = {colour.space for colour in _visible(colours)}
    return spaces <= {CMYK} or (not cmyk and CMYK not in spaces)


def _draw(self, stream, width, height, style):  # type: ignore[no-untyped-def]
    spaces = {colour.space for colour in _visible(self.colors)}
    if not spaces:
        return  # transparent all through: nothing to paint
    if spaces <= {CMYK}:
        _draw_cmyk(self, stream, width, height, style)
    elif paintable(self.colors, _state["cmyk"]):
        _ORIGINAL["draw"](self, stream, width, height, style)
    # Else nothing: RGB in a print document. The element is named by `findings`.


def _cmyk_of(colours) -> list[tuple[float, ...]]:  # type: ignore[no-untyped-def]
    """Each stop's inks; a transparent stop takes its neighbour's, so that a fade to transparent keeps
    its colour instead of passing through black."""
    inks: list[tuple[float, ...] | None] = [
        tuple(v or 0.0 for v in colour.coordinates) if colour.alpha > 0 and colour.space == CMYK else None
        for colour in colours
    ]
    for index in range(len(inks)):
        if inks[index] is None:
            near = [inks[j] for j in (index - 1, index + 1) if 0 <= j < len(inks) and inks[j] is not None]
            inks[index] = near[0] if near else (0.0, 0.0, 0.0, 0.0)
    return [ink for ink in inks if ink is not None]


def _draw_cmyk(gradient, stream, width, height, style) -> None:  # type: ignore[no-untyped-def]
    scale_y, kind, points, positions, colours, hints = gradient.layout(width, height, style)
    if kind == "solid":
        stream.rectangle(0, 0, width, height)
        stream.set_color(colours[0])
        stream.fill()
        return
    inks = _cmyk_of(colours)
    alphas = [colour.alpha for colour in colours]
    shading_type = 2 if kind == "linear" else 3
    domain = (positions[0], positions[-1])

    def stitched(values: list[tuple[float, ...]]):  # type: ignore[no-untyped-def]
        # One exponential function per pair of stops, its exponent from the colour hint between them.
        parts = [
            stream.create_interpolation_function((0, 1), values[i], values[i + 1], hints[i])
            for i in range(len(values) - 1)
        ]
        return stream.create_stitching_function(domain, (len(values) - 1) * (0, 1), positions[1:-1], parts)

    shading = stream.add_shading(
        shading_type, domain, points, not gradient.repeating, stitched(inks), color_space="DeviceCMYK"
    )
    stream.transform(d=scale_y)
    if any(alpha != 1 for alpha in alphas):
        mask = stream.set_alpha_state(0, 0, width, height / scale_y)
        # A mask of greys is painted in greys: no ink is involved in it.
        mask.extra["Group"]["CS"] = "/DeviceGray"
        alpha_shading = mask.add_shading(
            shading_type, domain, points, not gradient.repeating, stitched([(a,) for a in alphas]), "DeviceGray"
        )
        mask.transform(d=scale_y)
        mask.stream = [f"/{alpha_shading.id} sh"]
    stream.paint_shading(shading.id)


def _average(colours, positions):  # type: ignore[no-untyped-def]
    """The colour a repeating gradient of no length shows, and a radial gradient's colour at its centre
    when its stops start below zero: averaged in CMYK when the stops are, as WeasyPrint averages RGB."""
    if not any(colour.space == CMYK for colour in colours):
        return _ORIGINAL["average"](colours, positions)
    total = positions[-1] - positions[0]
    if total == 0:
        positions, total = list(range(len(colours))), len(colours) - 1
    inks = _cmyk_of(colours)
    weights = [0.0] * len(colours)
    for i in range(1, len(positions)):
        share = (positions[i] - positions[i - 1]) / (2 * total)
        weights[i - 1] += share
        weights[i] += share
    alpha = sum(w * colour.alpha for w, colour in zip(weights, colours, strict=True))
    if alpha == 0:
        return Color(CMYK, (0, 0, 0, 0), 0)
    mixed = [
        sum(w * colour.alpha * ink[n] for w, colour, ink in zip(weights, colours, inks, strict=True)) / alpha
        for n in range(4)
    ]
    return Color(CMYK, mixed, alpha)


def _stops(colours) -> str:  # type: ignore[no-untyped-def]
    return ", ".join(_css(colour) for colour in colours)


def _css(colour) -> str:  # type: ignore[no-untyped-def]
    if colour.alpha == 0:
        return "transparent"
    if colour.space == "srgb":
        r, g, b = (round(max(0.0, min(1.0, v or 0.0)) * 255) for v in colour.coordinates)
        text = f"#{r:02x}{g:02x}{b:02x}"
    else:
        text = f"{colour.space}({' '.join(f'{v or 0:g}' for v in colour.coordinates)})"
    return text if colour.alpha == 1 else f"{text} / {colour.alpha:g}"


def findings(document, cmyk: bool) -> list[GradientFinding]:  # type: ignore[no-untyped-def]
    """Every element with a gradient (or a blurred shadow, painted as one) whose colours this document
    cannot take, once per element and page."""
    found: dict[tuple[int, str, str, str], GradientFinding] = {}
    for index, page in enumerate(document.pages):
        for box in page._page_box.descendants(placeholders=True):
            style = box.style
            if style["visibility"] != "visible":
                continue
            for what, colours in _gradients_of(box, style):
                if colours and not paintable(colours, cmyk):
                    name = element_name(box.element)
                    finding = GradientFinding(page=index, element=name, kind=what, stops=_stops(colours))
                    found.setdefault((index, name, what, finding.stops), finding)
    return list(found.values())


def _gradients_of(box, style):  # type: ignore[no-untyped-def]
    """(what, stops) of each gradient a box paints: backgrounds, border and mask images, list markers,
    generated content, blurred box shadows."""
    layers = [value for kind, value in style["background_image"] if kind != "url"]
    for name in ("border_image_source", "mask_border_source", "list_style_image"):
        kind, value = style[name]
        if kind in ("linear-gradient", "radial-gradient"):
            layers.append(value)
    if isinstance(box, boxes.ReplacedBox) and isinstance(box.replacement, images.Gradient):
        layers.append(box.replacement)
    for layer in layers:
        if isinstance(layer, images.Gradient):
            what = "radial-gradient" if isinstance(layer, images.RadialGradient) else "linear-gradient"
            yield what, [colour for colour in layer.colors if hasattr(colour, "space")]
    for *_, blur, _spread, colour, _inset in style["box_shadow"] or ():
        if blur.value and hasattr(colour, "space"):
            yield "box-shadow", [colour]
        elif blur.value and colour == "currentcolor":
            yield "box-shadow", [style["color"]]
