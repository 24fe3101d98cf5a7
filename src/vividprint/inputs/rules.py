"""Rules of a manifest that span its sections: the covers come as four, the key topic is one article."""

from __future__ import annotations

from ..errors import Problems
from .model import COVER_ORDER, Manifest

MANIFEST = "issue.toml"


def check_covers(covers: object, problems: Problems) -> None:
    """All four covers or none: with one missing, every inside page would print on the wrong side.
    Judged on the manifest's table as written, so a cover with mistakes of its own counts as given."""
    given = [name for name, _ in COVER_ORDER if isinstance(covers, dict) and name in covers]
    if given and len(given) < len(COVER_ORDER):
        for name, label in COVER_ORDER:
            if name not in given:
                problems.add(
                    MANIFEST,
                    f"covers.{name}",
                    f"is missing: an issue has all four covers (U1-U4) or none, and without {label} every "
                    f"inside page lands on the wrong side; add `{name} = {{ template = ... }}` or "
                    f"`{{ pdf = ... }}` under [covers]",
                )


def check_key_topic(manifest: Manifest, problems: Problems) -> None:
    """One article slot at most may be marked the key topic; checked here so that every mistake of the
    manifest is named in the same run."""
    marked = [(f"flatplan[{i}]", spec) for i, spec in enumerate(manifest.flatplan, start=1) if spec and spec.key_topic]
    for key, spec in marked:
        if not spec.article:
            problems.add(MANIFEST, f"{key}.key_topic", "the key topic is an article, and this slot has none")
    for key, _ in marked[1:]:
        problems.add(MANIFEST, f"{key}.key_topic", f"an issue has one key topic, and {marked[0][0]} is marked already")
