"""`--help`: in Thai by default, in English when KBO_LANG or --lang asks; no Python types; an
example per command; every text from data/help.toml, in both languages."""

import pytest
import typer.main
from typer.testing import CliRunner

from kbo_cli.cli import app
from kbo_cli.help import GROUP, param_text, texts

# KBO_LANG unset unless a test sets it: the officer running the tests may have it set.
runner = CliRunner(env={"KBO_LANG": None, "COLUMNS": "80"})
COMMANDS = ("select", "check", "collect", "rules")
PAGES = ((), *((c,) for c in COMMANDS))  # `kbo --help` and each command's


def help_of(*args, env=None):
    result = runner.invoke(app, [*args, "--help"], env=env)
    assert result.exit_code == 0, result.output
    return result.output


def test_help_is_thai_by_default():
    text = help_of("select")
    assert "วิธีใช้: root select [ตัวเลือก] ทะเบียน..." in text
    for heading in ("ตัวเลือก", "ตัวอย่าง", "ไฟล์ทะเบียนผู้ผลิต ผู้ประกอบการ OTOP"):
        assert heading in text
    assert "Usage" not in text and "Options" not in text
    # The group's page too, also when `kbo` is typed alone.
    assert "คำสั่ง" in help_of()
    alone = runner.invoke(app, [])
    assert "วิธีใช้: root [ตัวเลือก] คำสั่ง ..." in alone.output
    # Saying how to have it in English, in English.
    assert "In English: set KBO_LANG=en" in text


@pytest.mark.parametrize("value", ["en", "EN", " En "])
def test_kbo_lang_gives_english_help(value):
    for page in PAGES:
        text = help_of(*page, env={"KBO_LANG": value})
        assert "Usage: root" in text and "[OPTIONS]" in text and "Options" in text, page
        assert "วิธีใช้" not in text and "ตัวเลือก" not in text, page
    assert "Usage: root select [OPTIONS] REGISTRY..." in help_of("select", env={"KBO_LANG": "en"})


def test_an_unreadable_kbo_lang_leaves_the_help_thai():
    assert "วิธีใช้" in help_of("check", env={"KBO_LANG": "english"})


@pytest.mark.parametrize("where", ["before", "after", "equals"])
def test_lang_on_the_command_line_chooses_the_help_language(where):
    lang = {"before": ["--lang", "EN"], "after": [], "equals": ["--lang=en"]}[where]
    args = ["check", *lang, "--help"] + (["--lang", "en"] if where == "after" else [])
    assert "Usage: root check [OPTIONS] REGISTRY..." in runner.invoke(app, args).output
    # And Thai over KBO_LANG=en.
    thai = runner.invoke(app, ["rules", "--lang", "th", "--help"], env={"KBO_LANG": "en"})
    assert "วิธีใช้: root rules [ตัวเลือก]" in thai.output


@pytest.mark.parametrize("lang", ["th", "en"])
def test_no_python_types_in_any_help(lang):
    for page in PAGES:
        text = help_of(*page, env={"KBO_LANG": lang})
        for programmer in ("<list[", "<bool>", "<str>", "<path>", "{registries}"):
            assert programmer not in text, (page, programmer)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_a_value_has_a_metavar_and_a_flag_has_none(lang):
    text = help_of("select", env={"KBO_LANG": lang})
    values = {
        "th": ("-o, --out โฟลเดอร์", "--province จังหวัด", "--district อำเภอ", "--lang th|en"),
        "en": ("-o, --out DIR", "--province NAME", "--district NAME", "--lang th|en"),
    }
    for option in values[lang]:
        assert option in text, option
    for flag in ("--force", "--json", "--debug", "--help"):
        line = next(line for line in text.splitlines() if f"│     {flag} " in line)
        # The flag, then at least two spaces, then its help: no value named between them.
        assert line.split(flag, 1)[1].startswith("  "), line


def test_each_command_shows_a_worked_example_one_a_line():
    for command, example in (
        ("select", "kbo select examples/registry.xlsx --out kbo-output"),
        ("select", "kbo select ทะเบียน.xlsx --district บางคล้า --out บางคล้า"),
        ("check", "kbo check ทะเบียน.xlsx"),
        ("rules", "kbo rules --init เกณฑ์2564.toml"),
    ):
        for lang in ("th", "en"):
            text = help_of(command, env={"KBO_LANG": lang})
            # Whole on one line of its own, as typed: not run into the line after it.
            assert any(line.strip("│ ") == example for line in text.splitlines()), (command, lang)


def test_every_command_and_option_has_help_in_both_languages():
    group = typer.main.get_command(app)
    assert set(group.commands) == set(COMMANDS)
    for name, command in (*group.commands.items(), (GROUP, group)):
        assert all(texts()["commands"][name][lang] for lang in ("th", "en")), name
        assert texts()["commands"][name]["examples"], name
        ctx = command.make_context(name, [], resilient_parsing=True)
        for param in command.get_params(ctx):
            for lang in ("th", "en"):
                help_text, metavar = param_text(name, param.name, lang)
                assert help_text, (name, param.name, lang)
                takes_a_value = not getattr(param, "is_flag", False)
                assert bool(metavar) == takes_a_value, (name, param.name, lang)
