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
import sys
import tomllib
from functools import cache
from importlib import resources

from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from typer import Abort, _click
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from kbo_cli.core.text import closest
from kbo_cli.terminal import Console

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

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """The whole command line, with two things typer does not do for an officer:

        - `kbo --lang en …` (before the command, `--help` too) sets the language of the run,
          as KBO_LANG does;
        - a usage error is one line in the help's language, saying what to do, where typer
          frames it in an English box."""
        args = list(sys.argv[1:] if args is None else args)
        if args[:1] == ["--lang"] or (args[:1] and args[0].startswith("--lang=")):
            value = args[0].partition("=")[2] if "=" in args[0] else (args[1:2] or [""])[0]
            args = args[1:] if "=" in args[0] else args[2:]
            if chosen(value) is None:
                _usage_failed(
                    texts()["page"][env_lang()]["bad_lang"].format(value=value), prog_name
                )
            os.environ[ENV] = chosen(value)
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except _click.exceptions.NoArgsIsHelpError as exc:  # `kbo` alone: its help, printed
            sys.exit(exc.exit_code)
        except _click.exceptions.UsageError as exc:
            lang = chosen(_lang_in(args)) or env_lang()
            where = exc.ctx.command_path if exc.ctx else (prog_name or "kbo")
            _usage_failed(_usage_text(exc, lang, args), where, exc.exit_code)
        except Abort:
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


def _usage_failed(text: str, where: str | None, code: int = 2):
    """One line on stderr, as kbo's other errors are, then the exit code of a usage error."""
    lang = env_lang()
    page = texts()["page"][lang]
    word = "ผิดพลาด" if lang == "th" else "error"
    help_line = page["see_help"].format(prog=where or "kbo")
    Console(stderr=True, highlight=False).print(
        f"{word}: {text} {help_line}", style="red", markup=False, soft_wrap=True
    )
    sys.exit(code)


def _usage_text(exc, lang: str, args: list[str]) -> str:
    """What a usage error says, in a language: missing a registry, an option that does not
    exist (with the closest), a command that does not exist (with the closest), a bad value."""
    page = texts()["page"][lang]
    errors = _click.exceptions
    command = exc.ctx.command if exc.ctx else None
    table = getattr(command, "table_name", GROUP)
    if isinstance(exc, errors.MissingParameter) and exc.param is not None:
        what = param_text(table, exc.param.name, lang)[1] or exc.param.name
        return page["missing"].format(what=what.rstrip("."))

    def guessed(text: str, word: str, choices) -> str:  # with the closest choice, if any
        guess = closest(word, choices)
        return text + (" " + page["did_you_mean"].format(guess=guess) if guess else "")

    if isinstance(exc, errors.NoSuchOption):
        text = page["no_option"].format(option=exc.option_name)
        return guessed(text, exc.option_name, exc.possibilities or ())
    if isinstance(exc, errors.BadParameter) and exc.param is not None:
        hint = exc.param_hint or "/".join(getattr(exc.param, "opts", ()) or [exc.param.name])
        return page["bad_value"].format(option=hint, why=exc.message)
    if isinstance(command, TyperGroup) and exc.ctx is not None:
        words = [a for a in args if not a.startswith("-")]
        names = command.list_commands(exc.ctx)
        unknown = next((w for w in words if w not in names), None)
        if unknown is not None:
            return guessed(page["no_command"].format(command=unknown), unknown, names)
    return exc.format_message()
