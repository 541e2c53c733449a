"""`--help` in Thai or English: the texts of `data/help.toml`, drawn with rich.

Typer's own help page cannot be told what an officer needs: it prints each parameter's Python
type beside it (`<list[Path]>`, and `<bool>` beside a flag, as if `--force` took a value: typer
0.29's `rich_utils._print_options_panel` asks every parameter for `display_type_rich`, which a
metavar replaces for an option but never for an argument), and its headings are English
constants. kbo's command classes draw the page themselves instead, with what typer has already
parsed (options, flags, defaults) and the words of the table.

The language is `--lang` on the same command line (read before the command line is parsed:
`--help` answers as soon as it is met), else KBO_LANG, else Thai.
"""

from __future__ import annotations

import os
import tomllib
from functools import cache
from importlib import resources

from rich.console import Console
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

LANGS = ("th", "en")
ENV = "KBO_LANG"
_META = "kbo_cli.lang"  # the --lang of a command line, kept in click's context for its help
GROUP = "kbo"  # the table's name for the group's own page


def chosen(value: str | None) -> str | None:
    """`th` or `en` for a language as written (`EN`, `Th`, ` en `); None for anything else."""
    text = (value or "").strip().lower()
    return text if text in LANGS else None


def env_lang() -> str:
    """The language KBO_LANG asks for; Thai when it is unset or says something else."""
    return chosen(os.environ.get(ENV)) or "th"


@cache
def texts() -> dict:
    """The table of `data/help.toml` (read once)."""
    return tomllib.loads(resources.files("kbo_cli").joinpath("data/help.toml").read_text("utf-8"))


def command_text(command: str, lang: str) -> str:
    """What a command does (`kbo` for the group)."""
    return texts()["commands"][command][lang]


def param_text(command: str, param: str, lang: str) -> tuple[str, str | None]:
    """(help, metavar) of a command's parameter; metavar None for a flag."""
    entry = texts()["commands"][command].get("params", {}).get(param) or texts()["params"][param]
    return entry[lang], entry.get("metavar", {}).get(lang)


def _lang_in(args: list[str]) -> str | None:
    """The last --lang of a command line, before `--`, as written."""
    found = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            found = args[i + 1]
        elif arg.startswith("--lang="):
            found = arg.partition("=")[2]
    return found


class _KboHelp:
    """The usage line and help page shared by kbo's commands and its group."""

    table_name: str

    def _lang(self, ctx) -> str:
        return chosen(ctx.meta.get(_META)) or env_lang()

    def _metavar(self, param, lang: str) -> str | None:
        """What the help calls a parameter's value (`DIR`, `REGISTRY...`); None for a flag."""
        metavar = param_text(self.table_name, param.name, lang)[1]
        if isinstance(param, TyperArgument):
            return metavar + ("..." if param.nargs != 1 else "")
        return None if param.is_flag else metavar

    def _usage(self, ctx, lang: str) -> str:
        page = texts()["page"][lang]
        pieces = [page["options_metavar"]]
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument) and not param.hidden:
                name = self._metavar(param, lang)
                pieces.append(name if param.required else f"[{name}]")
        if isinstance(self, TyperGroup):
            pieces.append(page["command_metavar"])
        return " ".join(pieces)

    def format_usage(self, ctx, formatter) -> None:
        """The usage line, also printed above a usage error."""
        lang = self._lang(ctx)
        prefix = texts()["page"][lang]["usage"] + ": "
        formatter.write_usage(ctx.command_path, self._usage(ctx, lang), prefix=prefix)

    def format_help(self, ctx, formatter) -> None:
        """The help page, printed straight to the terminal as typer's own is (so `kbo` alone,
        which click answers with the group's help, shows it too)."""
        lang = self._lang(ctx)
        page = texts()["page"][lang]
        console = Console(highlight=False)
        console.print()
        console.print(
            Padding(
                Text.assemble(
                    (page["usage"] + ": ", "yellow"),
                    (f"{ctx.command_path} {self._usage(ctx, lang)}", "bold"),
                ),
                (0, 1),
            )
        )
        console.print(Padding(command_text(self.table_name, lang), (1, 1)))
        params = [p for p in self.get_params(ctx) if not getattr(p, "hidden", False)]
        arguments = [p for p in params if isinstance(p, TyperArgument)]
        if arguments:
            console.print(self._panel(page["arguments"], arguments, lang))
        options = [p for p in params if isinstance(p, TyperOption)]
        console.print(self._panel(page["options"], options, lang))
        if isinstance(self, TyperGroup):
            grid = _grid()
            for name in self.list_commands(ctx):
                grid.add_row(Text(name, "bold cyan"), command_text(name, lang))
            console.print(_titled(page["commands"], grid))
        # One line each, as typed, never run together into a paragraph (a terminal too narrow
        # for one wraps it rather than cut it).
        examples = texts()["commands"][self.table_name]["examples"]
        console.print(_titled(page["examples"], Text("\n").join(map(Text, examples))))
        if isinstance(self, TyperGroup):
            console.print(Padding(page["more"].format(prog=ctx.command_path), (0, 1)))
        console.print(Padding(Text(page["other_language"], "dim"), (0, 1)))

    def _panel(self, title: str, params: list, lang: str) -> Panel:
        """Each parameter as `-o, --out DIR` (long options aligned under a short one) and its
        help; a flag has no metavar, an argument its metavar alone."""
        indent = " " * 4 if any(len(getattr(p, "opts", ())) > 1 for p in params) else ""
        grid = _grid()
        for param in params:
            metavar = self._metavar(param, lang)
            if isinstance(param, TyperArgument):
                name = Text(metavar, "bold cyan")
            else:
                short = [o for o in param.opts if not o.startswith("--")]
                name = Text(", ".join(short) + ", " if short else indent, "bold green")
                name.append(", ".join(o for o in param.opts if o.startswith("--")), "bold cyan")
                if metavar:
                    name.append(" " + metavar, "yellow")
            help_text = Text(param_text(self.table_name, param.name, lang)[0])
            # The default of an option that takes a value; --lang's is KBO_LANG's, which its
            # help says instead.
            if metavar and param.default not in (None, (), []) and not param.envvar:
                word = texts()["page"][lang]["default"]
                help_text.append(f" [{word}: {param.default}]", "dim")
            grid.add_row(name, help_text)
        return _titled(title, grid)


def _grid() -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    # Thai is wrapped at spaces only: in a narrow terminal a phrase wider than the column is
    # broken, not cut short.
    grid.add_column(overflow="fold")
    return grid


def _titled(title: str, body) -> Panel:
    return Panel(body, title=title, title_align="left", border_style="dim")


class KboCommand(_KboHelp, TyperCommand):
    """A kbo command: its help page from `data/help.toml`, in the language asked for."""

    @property
    def table_name(self) -> str:
        return self.name

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        ctx.meta[_META] = _lang_in(args)
        return super().parse_args(ctx, args)


class KboGroup(_KboHelp, TyperGroup):
    """The `kbo` group: its page lists the commands."""

    table_name = GROUP
