"""The shape of the code: each stage's package imports only from the stages before it."""

from __future__ import annotations

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "src" / "vividprint"

# In pipeline order; a module may import from its own layer and from layers before it.
LAYERS = [
    {"__init__", "errors", "disk", "options", "profiles"},
    {"inputs"},
    {"text"},
    {"plan"},
    {"engine"},
    {"pdf"},
    {"check"},
    {"compare"},  # reads finished PDFs only: it needs nothing of the build, and the build nothing of it
    {"build"},
    {"server"},
    {"cli", "cli_start", "findings", "helpformat", "preview", "scaffold"},
]


def _layer(name: str) -> int:
    return next(i for i, layer in enumerate(LAYERS) if name in layer)


def _imports(path: Path) -> set[str]:
    """The top-level vividprint names a module imports (relative imports resolved)."""
    package = path.relative_to(SOURCE).parts[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(package[: len(package) - node.level + 1])
            target = [*base, *(node.module.split(".") if node.module else [])]
            if target:
                found.add(target[0])
            else:  # `from . import x` at the top of the package
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("vividprint."):
            found.add(node.module.split(".")[1])
    return found


def test_every_package_imports_only_from_earlier_stages() -> None:
    wrong = []
    for path in sorted(SOURCE.rglob("*.py")):
        own = path.relative_to(SOURCE).parts[0].removesuffix(".py")
        for name in _imports(path):
            if name != "__version__" and _layer(name) > _layer(own):
                wrong.append(f"{path.relative_to(SOURCE)} imports {name}")
    assert not wrong


def test_no_module_is_much_over_350_lines() -> None:
    long = {
        p.relative_to(SOURCE).as_posix(): n
        for p in SOURCE.rglob("*.py")
        if (n := len(p.read_text().splitlines())) > 360
    }
    assert not long
