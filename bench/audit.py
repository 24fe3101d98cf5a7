"""Typesetting audit of PDFs: word gaps of justified body lines, hyphen stacks, shared baselines.

    python bench/audit.py out/vivid-4-2025-en-proof.pdf [more.pdf ...] [--size 9] [--worst 10]

Each PDF is measured on its own (its body size is its most common font size unless --size says).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from vividprint.engine.audit import MIN_LAST_LINE, audit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="+", type=Path)
    parser.add_argument("--size", type=float, default=None, help="body font size in pt")
    parser.add_argument("--worst", type=int, default=0, help="also list this many loosest lines")
    args = parser.parse_args()
    for pdf in args.pdfs:
        result = audit([pdf], args.size)
        s = result.summary()
        print(f"{pdf.name}: body {s['body_size_pt']:g} pt, {s['body_lines']} body lines")
        print(
            f"  justified {s['justified_lines']}, gap > 0.5 em {s['over_0.5em']:.1%}, > 0.75 em "
            f"{s['over_0.75em']:.1%}, > 1.0 em {s['over_1.0em']:.1%}, median {s['median_gap_em']:.3f} em"
        )
        print(
            f"  hyphenated ends {s['hyphenated_ends']}, runs of 3+ {s['hyphen_runs_3plus']}, one-fragment lines "
            f"{s['fragment_lines']}, baselines shared with the next column {s['shared_baselines']:.1%}"
        )
        print(
            f"  widows {s['widows']}, orphans {s['orphans']}, runts (last line < {MIN_LAST_LINE:g} em) {s['runts']}, "
            f"hyphens ending a column {s['column_foot_hyphens']}"
        )
        worst = sorted(result.justified, key=lambda line: -(line.mean_gap or 0))[: args.worst]
        for line in worst:
            print(f"    p{line.page + 1} col {line.column + 1}: {line.mean_gap:.2f} em  {line.text}")


if __name__ == "__main__":
    main()
