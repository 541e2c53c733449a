"""The `kbo` command line: parse options, call the library, render the result, set the exit code."""

from __future__ import annotations

import gc
import glob
import json
import os
import signal
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import rich.console
import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from kbo_cli import __version__
from kbo_cli.engine import preread
from kbo_cli.errors import KboError, MissingColumnsError, NoRegistryError, UnreadableFileError
from kbo_cli.help import ENV, KboCommand, KboGroup, chosen, env_lang
from kbo_cli.terminal import Console, to_reader

# The library (pandas, numpy, the writer) is imported when a command runs, after the parse of
# its first registry has started (`preread`): the two go on side by side.

# Exit codes, in one place.
EXIT_OK = 0
EXIT_INPUT = 1  # unusable input or output: one line saying what to do
EXIT_USAGE = 2  # typer/click's own code for usage errors
EXIT_INTERRUPTED = 130  # Ctrl-C or SIGTERM, as shells report a SIGINT


PROGRESS_LABELS = {
    "th": {"read": "อ่านทะเบียน", "check": "ตรวจตามเกณฑ์", "write": "เขียนไฟล์"},
    "en": {"read": "Reading", "check": "Checking", "write": "Writing"},
}


class _ProgressDisplay:
    """Progress on stderr, for a terminal only, and only once the run has taken a second: a
    quick run prints nothing extra, and --json or a redirected stderr never sees it."""

    DELAY = 1.0

    def __init__(self, enabled: bool, lang: str) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.labels = PROGRESS_LABELS[lang]
        self.state: dict[str, tuple[int, int]] = {}
        self.progress: Progress | None = None
        self.tasks: dict[str, TaskID] = {}
        self.lock = threading.Lock()
        self.timer = threading.Timer(self.DELAY, self._show)
        self.timer.daemon = True

    def __enter__(self) -> _ProgressDisplay:
        if self.enabled:
            self.timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self.timer.cancel()
        with self.lock:
            if self.progress is not None:
                self.progress.stop()
                self.progress = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        with self.lock:
            self.state[stage] = (done, total)
            if self.progress is not None:
                self._draw(stage)

    def _show(self) -> None:
        with self.lock:
            self.progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=rich.console.Console(stderr=True),
                transient=True,
            )
            self.progress.start()
            for stage in self.state:
                self._draw(stage)

    def _draw(self, stage: str) -> None:
        done, total = self.state[stage]
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(self.labels.get(stage, stage), total=total)
        self.progress.update(self.tasks[stage], completed=done, total=total)


@contextmanager
def _interruptible():
    """SIGTERM ends the run as Ctrl-C does, so the writer removes its temporary file."""

    def stop(signum, frame):
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread (an embedding program): leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


# Every command's help, and the group's, is drawn by kbo_cli/help.py from data/help.toml, in Thai
# or English: the options below carry no help texts of their own.
app = typer.Typer(
    cls=KboGroup,
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        print(f"kbo {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True),
    ] = False,
) -> None:
    """kbo: the KBO (Knowledge-Based OTOP) nomination run in one command."""


# Options that `select` and `check` share, declared once.
Registries = Annotated[list[Path], typer.Argument()]
SheetOption = Annotated[list[str] | None, typer.Option("--sheet")]
ProvinceOption = Annotated[str | None, typer.Option()]
DistrictOption = Annotated[list[str] | None, typer.Option("--district")]
RulesOption = Annotated[Path | None, typer.Option()]
DebugOption = Annotated[bool, typer.Option("--debug")]
OutOption = Annotated[Path, typer.Option("--out", "-o")]
ForceOption = Annotated[bool, typer.Option("--force")]
JsonOption = Annotated[bool, typer.Option("--json")]


@contextmanager
def _reported(debug: bool, lang: str):
    """A KboError becomes one line and exit 1; Ctrl-C or SIGTERM exit 130. `--debug` lets the
    traceback through instead."""
    try:
        with _interruptible():
            yield
    except KboError as exc:
        if debug:
            raise
        # One line, never wrapped, so it reads the same in a terminal, a log or a script.
        typer.secho(
            f"{'ผิดพลาด' if lang == 'th' else 'error'}: {exc.text(lang)}",
            err=True,
            fg=typer.colors.RED,
        )
        raise typer.Exit(EXIT_INPUT) from None
    except KeyboardInterrupt:
        if debug:
            raise
        typer.secho(
            "หยุดแล้ว: ไฟล์ที่เขียนเสร็จแล้วสมบูรณ์ ไม่มีไฟล์ค้างครึ่งเดียว"
            if lang == "th"
            else "interrupted: workbooks already written are complete; no partial file was left.",
            err=True,
            fg=typer.colors.RED,
        )
        raise typer.Exit(EXIT_INTERRUPTED) from None


def _check_lang(lang: str, where: str | None = None) -> str:
    """`th` or `en` for --lang (or KBO_LANG) as written, `EN` as `en`; for anything else a
    usage error, in the language KBO_LANG asks for."""
    found = chosen(lang)
    if found is None:
        raise typer.BadParameter(
            f"ใช้ได้เฉพาะ th หรือ en ไม่ใช่ '{lang}'"
            if env_lang() == "th"
            else f"write th or en, not '{lang}'",
            param_hint=where,
        )
    return found


def _lang_option(ctx: typer.Context, lang: str) -> str:
    """--lang as a command runs with it; a KBO_LANG that is wrong is named, not --lang."""
    from_env = ctx.get_parameter_source("lang").name == "ENVIRONMENT"
    return _check_lang(lang, ENV if from_env else None)


# KBO_LANG is the default, so that an officer who reads English sets it once.
LangOption = Annotated[str, typer.Option(callback=_lang_option, envvar=ENV, show_envvar=False)]


@app.command("select", cls=KboCommand)
def select_command(
    registries: Registries,
    out: OutOption = Path("kbo-output"),
    sheet: SheetOption = None,
    province: ProvinceOption = None,
    district: DistrictOption = None,
    rules: RulesOption = None,
    force: ForceOption = False,
    as_json: JsonOption = False,
    lang: LangOption = "th",
    debug: DebugOption = False,
) -> None:
    """Select the nominees from REGISTRIES and write one nomination workbook per district."""
    with _reported(debug, lang), _ProgressDisplay(not as_json, lang) as shown:
        registries = _expanded(registries)
        preread.start(registries[0])  # Ctrl-C from here on is reported as such
        from kbo_cli.engine import executors
        from kbo_cli.output.paths import check_output
        from kbo_cli.output.workbooks import write_workbooks
        from kbo_cli.report import render, to_json

        executor = executors.start(registries)
        try:
            selection = _run_select(
                registries, sheet, province, district, rules, progress=shown, executor=executor
            )
            # The inputs first: a wrong file name, --sheet, --district or rules file is told
            # as such, not as "use --force" because an earlier run's workbooks are in --out.
            # The read this costs a refused run is seconds even nationally (bench/README.md).
            check_output(out, selection.files, force=force)
        except BaseException:
            executor.finish(out)  # stops a second process
            raise
        written = write_workbooks(selection, out, force=force, progress=shown, executor=executor)
    if debug:
        for why in written.declined:
            typer.secho(f"fast path declined: {why}", err=True, fg=typer.colors.YELLOW)
    with to_reader():
        if as_json:
            sys.stdout.write(
                json.dumps(to_json(selection, written), ensure_ascii=False, indent=2) + "\n"
            )
        else:
            render(selection, written, Console(), lang)


@app.command("check", cls=KboCommand)
def check_command(
    registries: Registries,
    sheet: SheetOption = None,
    province: ProvinceOption = None,
    district: DistrictOption = None,
    rules: RulesOption = None,
    lang: LangOption = "th",
    debug: DebugOption = False,
) -> None:
    """Can these registries be selected from, and what would happen? Writes nothing."""
    with _reported(debug, lang):
        registries = _expanded(registries)
        preread.start(registries[0])
        from kbo_cli.report import render_check

        selection = _run_select(registries, sheet, province, district, rules)
    render_check(selection, Console(), lang)


@app.command("collect", cls=KboCommand)
def collect_command(
    returned: Annotated[list[Path], typer.Argument()],
    registry: Annotated[list[Path], typer.Option("--registry")],
    out: OutOption = Path("kbo-output"),
    sheet: SheetOption = None,
    province: ProvinceOption = None,
    rules: RulesOption = None,
    force: ForceOption = False,
    as_json: JsonOption = False,
    lang: LangOption = "th",
    debug: DebugOption = False,
) -> None:
    """Compile the districts' returned lists against the registry, for the province."""
    with _reported(debug, lang):
        registries = _expanded(registry)
        preread.start(registries[0])
        from kbo_cli.core.collect import collect
        from kbo_cli.output.compiled import write_compiled
        from kbo_cli.report_collect import render, to_json

        try:
            selection = _run_select(registries, sheet, province, None, rules)
        except (MissingColumnsError, NoRegistryError) as exc:
            # A return or kbo's summary given as the registry: say what --registry takes.
            raise KboError(
                f"--registry {exc} (--registry takes the registry the selection was made "
                "from, as given to kbo select; the districts' lists come before it)",
                f"--registry {exc.thai} (--registry ต้องเป็นไฟล์ทะเบียนที่ใช้คัดเลือก ไฟล์เดียวกับที่ใช้กับ "
                "kbo select ส่วนไฟล์ที่อำเภอส่งกลับให้ระบุไว้ข้างหน้า)",
            ) from exc
        collection = collect(_expanded(returned), selection)
        written = write_compiled(collection, out, force=force)
    with to_reader():
        if as_json:
            data = to_json(collection, written)
            sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        else:
            render(collection, written, Console(), lang)


def _expanded(registries: list[Path]) -> list[Path]:
    """The files named, with a pattern (`districts/*.xlsx`) expanded into the files it
    matches, in order: Windows' Command Prompt passes `*` on as written, where a POSIX shell
    would have expanded it. A path that exists is taken as it is, `[` and all."""
    out: list[Path] = []
    for path in registries:
        text = str(path)
        if path.exists() or not any(c in text for c in "*?["):
            out.append(path)
            continue
        found = sorted(Path(p) for p in glob.glob(text) if Path(p).is_file())
        if not found:
            raise UnreadableFileError(
                f"{path}: no file matches. Check the folder and the pattern, and try again.",
                f"{path}: ไม่มีไฟล์ที่ตรงกับรูปแบบนี้ ตรวจสอบโฟลเดอร์และรูปแบบชื่อไฟล์แล้วลองใหม่",
            )
        out += found
    return out


def _run_select(registries, sheet, province, district, rules, **more):
    """The library's `select` as the select and check commands' options ask for it. Imported
    here, after the first registry's parse has started (see `preread`)."""
    from kbo_cli.core.pipeline import select
    from kbo_cli.core.rules import load_rules

    return select(
        registries,
        province=province,
        criteria=load_rules(rules),
        sheets=sheet or (),
        districts=district or (),
        **more,
    )


@app.command("rules", cls=KboCommand)
def rules_command(
    rules: RulesOption = None,
    init: Annotated[Path | None, typer.Option("--init")] = None,
    force: Annotated[bool, typer.Option("--force")] = False,
    lang: LangOption = "th",
) -> None:
    """Show the selection criteria in force, in Thai and English, or start a rules file."""
    from kbo_cli.core.rules import DEFAULT_SOURCE, default_rules_text, describe_rules, load_rules

    with _reported(False, lang):
        if init is not None:
            if init.exists() and not force:
                raise KboError(
                    f"{init}: already exists. Give another name, or --force.",
                    f"{init}: มีไฟล์นี้อยู่แล้ว ระบุชื่ออื่น หรือใช้ --force",
                )
            try:
                init.write_text(default_rules_text(), encoding="utf-8")
            except OSError as exc:
                raise KboError(
                    f"{init}: cannot write ({exc.strerror}).",
                    f"{init}: เขียนไฟล์ไม่ได้ ({exc.strerror})",
                ) from exc
            typer.echo(
                f"เขียนไฟล์ {init} แล้ว แก้ไขเกณฑ์ในไฟล์ แล้วรัน kbo select --rules {init} ..."
                if lang == "th"
                else f"wrote {init}: edit it, then run kbo select --rules {init} ..."
            )
            return
        criteria = load_rules(rules)
    # The criteria in both languages, as the workbooks (Thai) and an English reader say them;
    # the title and the labels in the language asked for.
    title = "เกณฑ์ที่ใช้" if lang == "th" else "Criteria in force"
    if criteria.source == DEFAULT_SOURCE:  # installed with kbo: a copy is what to edit
        source = (
            "เกณฑ์ตั้งต้นที่มากับโปรแกรม แก้ไขได้โดยสร้างไฟล์ด้วย kbo rules --init"
            if lang == "th"
            else "the defaults installed with kbo; to change them, start a file with --init"
        )
    else:
        source = criteria.source
    table = Table(title=f"{title} ({source})", show_header=False)
    table.add_column(style="dim")
    table.add_column(overflow="fold")  # a long Thai title wraps; it is never cut short
    table.add_column(overflow="fold")
    for what_th, what_en, th, en in describe_rules(criteria):
        table.add_row(what_th if lang == "th" else what_en, th, en)
    Console().print(table)


def main() -> None:
    """Entry point of the `kbo` script.

    A run holds millions of cell values for its whole length and makes no reference cycles to
    speak of; Python's cycle collector would walk them again and again. It is off for the run
    (bench/README.md, "Cycle collector off").

    At the end the process leaves without taking its millions of objects apart one by one
    ("No teardown"): every file it wrote is closed by then, and its output is flushed."""
    gc.disable()
    try:
        app()
        code: object = EXIT_OK
    except SystemExit as exc:
        code = exc.code
    if not isinstance(code, int):  # None for success, or a message, as sys.exit takes them
        if code is not None:
            print(code, file=sys.stderr)
        code = EXIT_OK if code is None else EXIT_INPUT
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that went away; nothing more to say
            pass
    os._exit(code)
