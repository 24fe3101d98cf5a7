"""What the proof extras cost when a proof is written: the slug under every page, the deduplication of
pictures and fonts, the reader spreads; and how large the proof comes out.

    python bench/proof_extras.py [issues/example] [--edition en] [--rounds 5]

The issue is built once (its parts then come from the cache); each round assembles the proof from
those parts as `build` does, without and with the slug, and writes the spreads. Medians of the rounds.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from vividprint.build import Builder
from vividprint.options import BuildOptions
from vividprint.pdf import _proof_copies, _resampling
from vividprint.pdf.assemble import DocumentInfo, assemble
from vividprint.pdf.slug import Slug
from vividprint.pdf.spreads import write_spreads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("issue", nargs="?", type=Path, default=Path("issues/example"))
    parser.add_argument("--edition", default="en")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, Builder() as builder:
        out = Path(tmp)
        options = BuildOptions(issue_dir=args.issue, out_dir=out, edition=args.edition)
        builder.build(options)  # fills the cache
        done = builder._checked(options, None)
        issue, resampling = done.issue, _resampling(done.profile)
        assert resampling is not None
        info = DocumentInfo(issue.title or "", issue.magazine, issue.number, issue.language, issue.date, "bench")
        slug = Slug(issue.magazine, issue.number, issue.language, "1a2b3c4 dirty", done.layout.fonts)
        copies = _proof_copies(done.world, done.plan, done.cache_root, resampling)
        times: dict[str, list[float]] = {"plain": [], "slug": [], "spreads": []}
        for _ in range(args.rounds):
            for name, with_slug in (("plain", None), ("slug", slug)):
                start = time.perf_counter()
                assembled = assemble(
                    done.world, done.plan, done.rendered.parts, info, out / f"{name}.pdf",
                    proof_marks=done.layout.typesetting.proof_marks, supplied=copies, slug=with_slug,
                )  # fmt: skip
                times[name].append(time.perf_counter() - start)
            start = time.perf_counter()
            write_spreads(out / "slug.pdf", assembled.labels, out / "spreads.pdf", info.title)
            times["spreads"].append(time.perf_counter() - start)
        plain, slugged = statistics.median(times["plain"]), statistics.median(times["slug"])
        print(f"{args.issue} ({args.edition}), {assembled.page_count} pages, median of {args.rounds} rounds:")
        print(f"  assemble without slug {plain:.2f} s ({(out / 'plain.pdf').stat().st_size / 1e6:.2f} MB)")
        print(
            f"  assemble with slug and deduplication {slugged:.2f} s "
            f"({(out / 'slug.pdf').stat().st_size / 1e6:.2f} MB): {slugged - plain:+.2f} s, x{slugged / plain:.2f}"
        )
        spreads = statistics.median(times["spreads"])
        print(f"  spreads {spreads:.2f} s ({(out / 'spreads.pdf').stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
