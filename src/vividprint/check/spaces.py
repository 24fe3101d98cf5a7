"""Colour spaces as the preflight sees them: which inks a colour in them puts on which plate.

A colour is judged by what a press makes of it: DeviceGray and one-component ICC spaces go on the black
plate, CMYK (device or ICC) on the four process plates, Separation and DeviceN on the plates they name
(process names among them on the process plates), Indexed through its palette. RGB and Lab name no
plate: the printer's RIP would have to convert them, with a profile of its choosing.
"""

from __future__ import annotations

from dataclasses import dataclass

import pikepdf

PROCESS = ("Cyan", "Magenta", "Yellow", "Black")
SHORT = {"Cyan": "C", "Magenta": "M", "Yellow": "Y", "Black": "K"}

Inks = dict[str, float]  # plate -> tint from 0 to 1


@dataclass(frozen=True)
class Space:
    kind: str  # gray | cmyk | rgb | lab | colourants | indexed | pattern | unknown
    components: int
    label: str  # as a message names it: "DeviceRGB", "ICCBased RGB", "Separation PANTONE 185 C"
    colourants: tuple[str, ...] = ()  # of a Separation or DeviceN space
    base: Space | None = None  # of Indexed and Pattern; the alternate of Separation and DeviceN
    palette: bytes = b""  # of Indexed

    @property
    def rgb(self) -> bool:
        """RGB, or an Indexed palette of RGB colours. A spot's alternate space does not count: a press
        prints the plates a Separation or DeviceN names, and a spot that is no plate of the job is
        refused as a spot."""
        return self.kind == "rgb" or (self.kind == "indexed" and self.base is not None and self.base.rgb)

    @property
    def lab(self) -> bool:
        return self.kind == "lab" or (self.kind == "indexed" and self.base is not None and self.base.lab)

    def inks(self, values: tuple[float, ...]) -> Inks:
        """The tint on each plate of a colour given in this space (an empty dict for RGB and Lab)."""
        if self.kind == "gray":
            return {"Black": 1 - values[0]} if values else {"Black": 0.0}
        if self.kind == "cmyk":
            return dict(zip(PROCESS, values, strict=False))
        if self.kind == "colourants":
            inks: Inks = {}
            for name, value in zip(self.colourants, values, strict=False):
                if name == "None":  # paints nothing on any plate
                    continue
                for plate in PROCESS if name == "All" else (name,):  # All: registration, every plate
                    inks[plate] = max(inks.get(plate, 0.0), value)
            return inks
        if self.kind == "indexed" and self.base is not None and values:
            return self.base.inks(self.entry(int(values[0])))
        return {}

    def entry(self, index: int) -> tuple[float, ...]:
        """An Indexed space's palette entry as colour values of its base space (0..1 each)."""
        assert self.base is not None
        n = self.base.components
        raw = self.palette[index * n : index * n + n]
        return tuple(b / 255 for b in raw)

    @property
    def plates(self) -> tuple[str, ...]:
        """The plates a colour in this space can reach."""
        if self.kind == "gray":
            return ("Black",)
        if self.kind == "cmyk":
            return PROCESS
        if self.kind == "colourants":
            names = [n for n in self.colourants if n != "None"]
            return tuple(PROCESS if "All" in names else names)
        if self.kind == "indexed" and self.base is not None:
            return self.base.plates
        return ()

    @property
    def spots(self) -> tuple[str, ...]:
        return tuple(p for p in self.plates if p not in PROCESS)


GRAY = Space("gray", 1, "DeviceGray")
CMYK = Space("cmyk", 4, "DeviceCMYK")
RGB = Space("rgb", 3, "DeviceRGB")
UNKNOWN = Space("unknown", 0, "unknown")
_DEVICE = {"/DeviceGray": GRAY, "/DeviceCMYK": CMYK, "/DeviceRGB": RGB, "/G": GRAY, "/CMYK": CMYK, "/RGB": RGB}


def resolve(obj: object, named: pikepdf.Object | None = None, depth: int = 0) -> Space:
    """The space a colour space object (a name, a resource name in `named`, or an array) stands for."""
    if obj is None or depth > 4:
        return UNKNOWN
    if isinstance(obj, pikepdf.Name):
        key = str(obj)
        if key in _DEVICE:
            return _DEVICE[key]
        if key == "/Pattern":
            return Space("pattern", 1, "Pattern")
        if named is not None and key in named:
            return resolve(named[key], None, depth + 1)
        return UNKNOWN
    if not isinstance(obj, pikepdf.Array) or len(obj) == 0:
        return UNKNOWN
    family = str(obj[0])
    if family == "/ICCBased":
        n = int(obj[1].get("/N", 0))
        kind, label = {1: ("gray", "ICCBased Gray"), 3: ("rgb", "ICCBased RGB"), 4: ("cmyk", "ICCBased CMYK")}.get(
            n, ("unknown", f"ICCBased with {n} components")
        )
        return Space(kind, n, label)
    if family == "/CalRGB":
        return Space("rgb", 3, "CalRGB")
    if family == "/CalGray":
        return Space("gray", 1, "CalGray")
    if family == "/Lab":
        return Space("lab", 3, "Lab")
    if family == "/Separation":
        name = _name(obj[1])
        return Space("colourants", 1, f"Separation {name}", (name,), resolve(obj[2], named, depth + 1))
    if family == "/DeviceN":
        names = tuple(_name(n) for n in obj[1])
        label = "DeviceN " + ", ".join(names)
        return Space("colourants", len(names), label, names, resolve(obj[2], named, depth + 1))
    if family in ("/Indexed", "/I"):
        base = resolve(obj[1], named, depth + 1)
        table = obj[3]
        palette = bytes(table.read_bytes()) if isinstance(table, pikepdf.Stream) else bytes(table)
        return Space("indexed", 1, f"Indexed {base.label}", base=base, palette=palette)
    if family == "/Pattern":
        base = resolve(obj[1], named, depth + 1) if len(obj) > 1 else None
        return Space("pattern", 1 + (base.components if base else 0), "Pattern", base=base)
    return UNKNOWN


def _name(obj: object) -> str:
    return str(obj).removeprefix("/")


def describe(inks: Inks) -> str:
    """A colour as a printer writes it: 'C100 M90 Y90 K100', 'K100', 'PANTONE 185 C 100'."""
    parts = [f"{SHORT[p]}{round(inks[p] * 100)}" for p in PROCESS if inks.get(p, 0) > 0.004]
    parts += [f"{name} {round(v * 100)}" for name, v in inks.items() if name not in PROCESS and v > 0.004]
    return " ".join(parts) or "no ink"
