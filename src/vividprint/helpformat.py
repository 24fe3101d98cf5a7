"""How the command line's help reads: `vividprint build [OPTIONS] ISSUE`, and a flag without a value
placeholder after it.

Typer marks a required argument in the usage line with braces (`{issue}`) and shows `<bool>` after every
flag, the help flag included, as if it took a value. The command classes here write the usage line the
way manual pages do (required arguments bare, in capitals, optional ones in brackets) and give flags an
empty placeholder; everything else is Typer's own formatting.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup


def _usage(command: Any, ctx: Any) -> list[str]:
    pieces = [command.options_metavar] if command.options_metavar else []
    for param in command.get_params(ctx):
        if param.param_type_name != "argument":
            continue
        name = param.metavar or param.name.upper()
        name = name if param.required else f"[{name}]"
        pieces.append(name + ("..." if param.nargs != 1 else ""))
    return pieces


def _no_flag_placeholder(param: Any) -> Any:
    if param is not None and getattr(param, "is_flag", False) and param.metavar is None:
        param.metavar = ""
    return param


class Command(TyperCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            _no_flag_placeholder(param)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return _usage(self, ctx)

    def get_help_option(self, ctx: Any) -> Any:
        return _no_flag_placeholder(super().get_help_option(ctx))


class Group(TyperGroup):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            _no_flag_placeholder(param)

    def get_help_option(self, ctx: Any) -> Any:
        return _no_flag_placeholder(super().get_help_option(ctx))


class App(typer.Typer):
    """A Typer application whose groups and commands use the classes above."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", Group)
        super().__init__(**kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cls", Command)
        return super().command(*args, **kwargs)
