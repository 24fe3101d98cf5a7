"""Where every slot goes: folios, sides and the contents, all known before anything is rendered."""

from __future__ import annotations

from dataclasses import dataclass

from ..inputs.layout import Layout
from ..inputs.model import Issue, Slot
from ..profiles import Profile
from .jobs import PageSize, Side

COVER_SIDES: dict[str, Side] = {"U1": "right", "U2": "left", "U3": "right", "U4": "left"}


@dataclass(frozen=True)
class Placement:
    slot: Slot
    first_folio: int | None  # None on covers
    side: Side


def place(issue: Issue) -> list[Placement]:
    """Folios and sides for every slot in physical order: U1, U2, the flatplan, U3, U4."""
    front = [c for c in issue.covers if c.cover_label in ("U1", "U2")]
    back = [c for c in issue.covers if c.cover_label in ("U3", "U4")]
    out = [Placement(c, None, COVER_SIDES[c.cover_label or "U1"]) for c in front]
    folio = issue.first_page
    for slot in issue.flatplan:
        out.append(Placement(slot, folio, side_of(folio)))
        folio += slot.pages
    out += [Placement(c, None, COVER_SIDES[c.cover_label or "U4"]) for c in back]
    return out


def side_of(folio: int) -> Side:
    """Odd folios are right-hand pages, as in every book and magazine set left to right."""
    return "right" if folio % 2 else "left"


def page_size(issue: Issue, layout: Layout, profile: Profile) -> PageSize:
    trim = issue.trim_mm or layout.trim_mm
    bleed = (issue.bleed_mm if issue.bleed_mm is not None else layout.bleed_mm) if profile.bleed else 0.0
    return PageSize(trim_mm=trim, bleed_mm=bleed)


def language_of(slot: Slot, issue: Issue) -> str:
    return slot.article.language if slot.article else issue.language
