"""Parsed hyphenation dictionaries are cached per machine and rebuilt when damaged."""

from __future__ import annotations

from pathlib import Path

import pyphen

from vividprint.hyphenation import dictionary_path, preload


def test_de_de_maps_to_the_german_dictionary() -> None:
    path = dictionary_path("de-DE")
    assert path is not None and path.name == "hyph_de_DE.dic"
    assert dictionary_path("xx-YY") is None


def test_pickled_dictionary_is_used_and_a_damaged_one_rebuilt(tmp_path: Path) -> None:
    path = dictionary_path("de-DE")
    assert path is not None
    pyphen.hdcache.pop(path, None)
    preload(["de-DE"], tmp_path)
    (pickled,) = tmp_path.glob("hyph_de_DE-*.pickle")
    first = pyphen.hdcache[path]
    assert pyphen.Pyphen(lang="de_DE").inserted("Wirtschaftsförderung") == "Wirt-schafts-för-de-rung"

    pickled.write_bytes(pickled.read_bytes()[:100])
    pyphen.hdcache.pop(path)
    preload(["de-DE"], tmp_path)
    assert pyphen.hdcache[path] is not first
    assert pyphen.hdcache[path].positions("Wirtschaftsförderung") == first.positions("Wirtschaftsförderung")
    assert pickled.stat().st_size > 100_000
