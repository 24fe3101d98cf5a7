"""Calls that keep CPython's frame stack from thrashing, which made a render up to a fifth slower by chance.

CPython 3.11 keeps Python frames on a stack of 16 KiB chunks and unmaps a chunk as soon as the first frame
in it returns. When a hot recursion in layout goes up and down across a chunk border, each crossing costs
an mmap, an munmap and a few page faults: one 5-page slot made 24,000 of each, half a second of system
time, in one process, and a few hundred in another. Which happens depends only on how deep the stack is
where rendering starts.

`call` runs a function above a frame so large that its chunk has room for everything the function calls.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

# 66,000 slots of 8 bytes: a 528 KB frame, for which CPython maps a 1 MiB chunk; the ~500 KB left over
# hold far more frames than the recursion limit allows.
_PADDING = 66_000


def _make_roomy() -> Callable[..., object]:
    namespace: dict[str, object] = {}
    exec("def roomy(function, *args):\n    return function(*args)\n", namespace)
    roomy = namespace["roomy"]
    assert callable(roomy) and hasattr(roomy, "__code__")
    code = roomy.__code__
    names = code.co_varnames + tuple(f"_slot{i}" for i in range(_PADDING))
    roomy.__code__ = code.replace(co_varnames=names, co_nlocals=len(names))
    return roomy


_roomy = _make_roomy()


def call(function: Callable[..., T], *args: object) -> T:
    """`function(*args)`, with room on the frame stack for all it calls."""
    return _roomy(function, *args)  # type: ignore[return-value]
