"""A fuzz run of some minutes: the property tests of tests/test_fuzz.py with many examples each.

    python scripts/fuzz.py [--examples N]      # N examples per property (default 2000)

Not part of CI's run (there each property runs 25 examples). Prints hypothesis's statistics per
property: how many examples ran, how long they took, and any failure with the input that caused it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=2000, help="examples per property")
    args = parser.parse_args()
    env = {**os.environ, "VIVIDPRINT_HYPOTHESIS": "fuzz", "VIVIDPRINT_FUZZ_EXAMPLES": str(args.examples)}
    started = time.monotonic()
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-n", "2", "-q"]
    command += ["--hypothesis-show-statistics", str(ROOT / "tests/test_fuzz.py")]
    status = subprocess.run(command, cwd=ROOT, env=env).returncode
    print(f"fuzz run: {args.examples} examples per property, {time.monotonic() - started:.0f} s, exit {status}")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
