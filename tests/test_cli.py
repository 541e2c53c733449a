"""The command line: exit codes, messages, the summary and --json."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kbo_cli import __version__
from kbo_cli.cli import app
from tests.conftest import HEADER, row, table_records, write_xlsx

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_select_writes_and_summarises(registry, tmp_path):
    path = registry([row(), row(district="อ.พนมสารคาม", quadrant="C"), row(stars="ดาว")])
    out = tmp_path / "out"
    result = run("select", path, "--out", out)
    assert result.exit_code == 0, result.output
    assert "ผลการคัดเลือกรายอำเภอ" in result.output
    assert "จังหวัด ฉะเชิงเทรา อนุมานจากชื่ออำเภอ" in result.output
    assert "ไม่อยู่ในกลุ่มปรับตัวสู่การพัฒนา (Quadrant D)" in result.output
    assert (
        "แถวที่ 6 · คอลัมน์ H (ระดับดาว): 'ดาว' — ค่าไม่ชัดเจน (ตรวจสอบค่าในทะเบียน)"
        in " ".join(result.output.split())  # wrapped at 80 columns
    )
    assert "บางคล้า.xlsx" not in result.output and str(out) in result.output.replace("\n", "")
    assert (out / "บางคล้า.xlsx").exists()


def test_unknown_district_is_one_warning_per_name(registry, tmp_path):
    path = registry([row(), row(district="บางคล้"), row(district="บางคล้", producer="ข")])
    result = run("select", path, "--out", tmp_path / "out")
    assert result.exit_code == 0
    assert "⚠ 'บางคล้': ไม่พบชื่ออำเภอในทำเนียบ หมายถึง บางคล้า หรือไม่ (แถวที่ 5, 6)" in result.output
    assert (tmp_path / "out" / "บางคล้.xlsx").exists()  # kept as written


def test_english_summary(registry, tmp_path):
    result = run("select", registry([row(quadrant="C")]), "--out", tmp_path / "o", "--lang", "en")
    assert result.exit_code == 0
    assert "Selection by district" in result.output
    assert "Nobody qualifies." in result.output


def test_json(registry, tmp_path):
    path = registry([row(), row(quadrant="C"), row(), [], ["รวม 3 ราย"]])
    result = run("select", path, "--out", tmp_path / "o", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    # skipped: the title row, the blank row and the totals row
    assert (data["records"], data["eligible"], data["excluded"], data["skipped"]) == (3, 1, 2, 3)
    assert data["records"] == data["eligible"] + data["excluded"]
    (district,) = data["districts"]
    assert district["district"] == "บางคล้า"
    assert district["excluded_by_reason"] == {"not_quadrant": 1, "duplicate": 1}
    assert data["files"][0].endswith("บางคล้า.xlsx")


def test_unusable_input_is_one_line_and_exit_1(tmp_path):
    result = run("select", tmp_path / "nope.xlsx", "--out", tmp_path / "o", "--lang", "en")
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0
    assert "nope.xlsx: no such file" in result.output
    assert "Traceback" not in result.output


def test_missing_columns_exit_1(tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx", {"S": [["อำเภอ", "ชื่อกลุ่ม", "ผลิตภัณฑ์"], ["บางคล้า", "ก", "ข"]]}
    )
    result = run("select", path, "--out", tmp_path / "o", "--lang", "en")
    assert result.exit_code == 1
    assert "header row 1: no column for ประเภทผู้ผลิต/ผู้ประกอบการ, Quadrant" in result.output


def test_existing_output_exit_1_then_force(registry, tmp_path):
    path = registry([row()])
    out = tmp_path / "out"
    assert run("select", path, "--out", out).exit_code == 0
    again = run("select", path, "--out", out)
    assert again.exit_code == 1 and "--force" in again.output
    assert run("select", path, "--out", out, "--force").exit_code == 0


@pytest.mark.parametrize(
    ("more", "said"),
    [
        (("--district", "Atlantis"), "--district 'Atlantis'"),
        (("--sheet", "ไม่มีชีตนี้"), "ไม่มีชีตนี้"),
        (("--province", "Atlantis"), "--province 'Atlantis': no such province"),
        (("--rules", "typo.toml"), "unknown key 'provice'"),
    ],
)
def test_inputs_are_checked_before_the_output(registry, tmp_path, more, said):
    # An earlier run's workbooks in --out: the officer's real mistake is told first, not
    # "use --force".
    path, out = registry([row()]), tmp_path / "out"
    assert run("select", path, "--out", out).exit_code == 0
    (tmp_path / "typo.toml").write_text('provice = ""\n', encoding="utf-8")
    more = tuple(str(tmp_path / m) if m.endswith(".toml") else m for m in more)
    again = run("select", path, *more, "--out", out, "--lang", "en")
    assert again.exit_code == 1 and said in again.output, again.output
    assert "already holds workbooks" not in again.output


@pytest.mark.parametrize("content", [None, b"not a workbook"])
def test_a_wrong_file_is_told_before_the_output(registry, tmp_path, content):
    out = tmp_path / "out"
    assert run("select", registry([row()]), "--out", out).exit_code == 0
    wrong = tmp_path / "wrong.xlsx"
    if content is not None:
        wrong.write_bytes(content)
    again = run("select", wrong, "--out", out, "--lang", "en")
    assert again.exit_code == 1 and again.output.startswith(f"error: {wrong}: ")
    assert "already holds workbooks" not in again.output


def test_unknown_province_exit_1(registry, tmp_path):
    result = run(
        "select",
        registry([row()]),
        "--out",
        tmp_path / "o",
        "--province",
        "Atlantis",
        "--lang",
        "en",
    )
    assert result.exit_code == 1 and "--province 'Atlantis': no such province" in result.output


def test_usage_errors_exit_2(tmp_path):
    assert run("select").exit_code == 2
    assert run("select", tmp_path / "r.xlsx", "--bogus").exit_code == 2
    assert run("select", tmp_path / "r.xlsx", "--lang", "fr").exit_code == 2


def test_version_and_help():
    assert run("--version").output.strip() == f"kbo {__version__}"
    help_text = run("select", "--help").output
    for option in ("--out", "--province", "--rules", "--force", "--json", "--lang", "--debug"):
        assert option in help_text


def test_rules_shows_the_criteria_in_both_languages():
    narrow = runner.invoke(app, ["rules"], env={"COLUMNS": "80"})
    assert "…" not in narrow.output  # the project's long title wraps, never cut
    assert "เกณฑ์ตั้งต้นที่มากับโปรแกรม" in narrow.output  # not a path inside the installation
    result = runner.invoke(app, ["rules"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for text in (
        "Quadrant D",
        "quadrant D",
        "ระดับ 1–3 ดาว",
        "1–3 stars",
        "กลุ่มผู้ผลิตชุมชน",
        "community producer group",
        "2557–2562",
        "๘ มกราคม ๒๕๖๓ เวลา ๑๓.๓๐ น.",
        "8 January BE 2563",
        "คณะกรรมการจังหวัดฉะเชิงเทรา",
    ):
        assert text in result.output, text


def test_rules_init_writes_a_starter_that_loads(tmp_path):
    from kbo_cli import load_rules

    target = tmp_path / "rules-2564.toml"
    assert run("rules", "--init", target).exit_code == 0
    assert load_rules(target).quadrants == load_rules().quadrants
    again = run("rules", "--init", target)
    assert again.exit_code == 1 and "มีไฟล์นี้อยู่แล้ว" in again.output
    assert "already exists" in run("rules", "--init", target, "--lang", "en").output
    assert run("rules", "--init", target, "--force").exit_code == 0


def test_rules_init_marks_the_values_each_round_replaces(tmp_path):
    target = tmp_path / "rules.toml"
    assert run("rules", "--init", target).exit_code == 0
    text = target.read_text("utf-8")

    def comments_above(line_start):
        before = text[: text.index(f"\n{line_start}")].splitlines()
        above = []
        while before and before[-1].startswith("#"):
            above.append(before.pop())
        return " ".join(reversed(above))

    assert "replace with this round's fiscal year" in comments_above("fiscal_year =")
    meeting = comments_above('province = "ฉะเชิงเทรา"')  # the [meeting] block opens with it
    assert "แก้ทั้งสี่ค่าเป็นการประชุมของรอบนี้ / replace all four" in meeting


def test_rules_init_answers_in_the_language_asked_for(tmp_path):
    thai = run("rules", "--init", tmp_path / "a.toml", "--lang", "th")
    assert thai.exit_code == 0 and thai.output.startswith("เขียนไฟล์ ")
    assert "kbo select --rules" in thai.output and "wrote" not in thai.output
    english = run("rules", "--init", tmp_path / "b.toml", "--lang", "en")
    assert english.exit_code == 0 and english.output.startswith("wrote ")


def test_rules_table_title_and_labels_follow_lang():
    thai = run("rules").output
    assert "เกณฑ์ที่ใช้" in thai and "ระดับดาว" in thai and "Criteria in force" not in thai
    english = run("rules", "--lang", "en").output
    assert "Criteria in force" in english and "stars" in english
    assert "เกณฑ์ที่ใช้" not in english and "ระดับดาว " not in english


def test_lang_is_read_whatever_its_case_and_from_kbo_lang(tmp_path):
    assert "Criteria in force" in run("rules", "--lang", "EN").output
    assert "เกณฑ์ที่ใช้" in run("rules", "--lang", "Th").output
    missing = tmp_path / "nope.xlsx"
    for args in (("select", missing, "--out", tmp_path / "o"), ("check", missing)):
        result = run(*args, "--lang", "EN")
        assert result.exit_code == 1 and result.output.startswith("error: "), args
    english = runner.invoke(app, ["rules"], env={"KBO_LANG": "En"})
    assert "Criteria in force" in english.output
    # --lang says more than KBO_LANG.
    thai = runner.invoke(app, ["rules", "--lang", "th"], env={"KBO_LANG": "en"})
    assert "เกณฑ์ที่ใช้" in thai.output


def test_an_unknown_language_is_a_one_line_usage_error(tmp_path):
    result = run("select", tmp_path / "r.xlsx", "--lang", "fr")
    assert result.exit_code == 2
    assert result.output == (
        "ผิดพลาด: ค่าของ --lang ไม่ถูกต้อง: ใช้ได้เฉพาะ th หรือ en ไม่ใช่ 'fr' ดูวิธีใช้: root select --help\n"
    )
    from_env = runner.invoke(app, ["rules"], env={"KBO_LANG": "english"})
    assert from_env.exit_code == 2
    assert "ค่าของ KBO_LANG ไม่ถูกต้อง: ใช้ได้เฉพาะ th หรือ en ไม่ใช่ 'english'" in from_env.output
    english = runner.invoke(app, ["check", "r.xlsx", "--lang", "fr"], env={"KBO_LANG": "en"})
    assert english.output.startswith("error: invalid value for --lang: write th or en, not 'fr'")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["select"], "ผิดพลาด: ไม่ได้ระบุทะเบียน ดูวิธีใช้: root select --help"),
        (["select", "r.xlsx", "--ot", "x"], "ไม่มีตัวเลือก --ot หมายถึง --out หรือไม่"),
        (["selct", "r.xlsx"], "ผิดพลาด: ไม่มีคำสั่ง selct หมายถึง select หรือไม่ ดูวิธีใช้: root --help"),
        (["--lang", "en", "select"], "error: missing REGISTRY. See root select --help."),
        (["--lang", "xx", "rules"], "--lang ใช้ได้เฉพาะ th หรือ en ไม่ใช่ 'xx'"),
    ],
)
def test_a_usage_error_is_one_line_in_the_officers_language(args, said):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert said in result.output and result.output.count("\n") == 1, result.output
    assert "Try '" not in result.output and "╭" not in result.output


def test_a_language_before_the_command_is_the_runs():
    result = runner.invoke(app, ["--lang", "en", "--help"])
    assert result.exit_code == 0 and "Usage: root [OPTIONS] COMMAND" in result.output
    result = runner.invoke(app, ["--lang=en", "rules"], env={"COLUMNS": "200"})
    assert result.exit_code == 0 and "Criteria in force" in result.output


def test_rules_file_changes_the_year_range_end_to_end(registry, tmp_path):
    target = tmp_path / "rules.toml"
    run("rules", "--init", target)
    target.write_text(
        target.read_text("utf-8").replace("registered_to = 2562", "registered_to = 2563"), "utf-8"
    )
    path = registry([row(year="2563")])
    before = run("select", path, "--out", tmp_path / "a", "--json")
    after = run("select", path, "--out", tmp_path / "b", "--json", "--rules", target)
    assert json.loads(before.output)["eligible"] == 0
    assert json.loads(after.output)["eligible"] == 1
    assert "2557–2563" in run("rules", "--rules", target).output


def test_check_reports_mapping_values_and_nominees_without_writing(registry, tmp_path):
    path = registry([row(), row(stars="๓ ดาว"), row(quadrant="Segment C"), row(stars="3-4")])
    before = sorted(p.name for p in tmp_path.iterdir())
    result = runner.invoke(app, ["check", str(path)], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    out = result.output
    assert "ชีต 'ทะเบียน' · หัวตารางแถวที่ 3" in out
    assert "ระดับดาว" in out and "H" in out
    lines = out.splitlines()
    assert any(line.split()[:3] == ["๓", "ดาว", "1"] and line.split()[-1] == "3" for line in lines)
    assert any("Segment C" in line and line.split()[-1] == "C" for line in lines)
    assert any("3-4" in line and "อ่านไม่ได้" in line for line in lines)
    bang_khla = next(line for line in lines if line.strip().startswith("บางคล้า"))
    assert bang_khla.split()[1:3] == ["4", "1"]  # records, would be nominated
    assert "เลือกจากทะเบียนนี้ได้" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written


def test_check_exit_1_when_selection_is_impossible(tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"")
    result = run("check", path)
    assert result.exit_code == 1 and "เป็นไฟล์ว่าง" in result.output


def test_module_entry_point():
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "kbo_cli", "--version"], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == f"kbo {__version__}"


def test_shell_completion_is_offered():
    text = run("--help").output
    assert "--install-completion" in text and "--show-completion" in text


def test_check_groups_many_dates_by_year(registry):
    dates = [f"{d} มี.ค. 60" for d in range(1, 21)] + ["ไม่ทราบ"]
    path = registry([row(year=y, producer=f"กลุ่ม {n}") for n, y in enumerate(dates)])
    result = runner.invoke(app, ["check", str(path)], env={"COLUMNS": "160"})
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert any(line.split()[:3] == ["พ.ศ.", "2560", "20"] for line in lines)
    assert any("อ่านไม่ได้" in line and "'ไม่ทราบ'" in line for line in lines)


def test_a_fast_path_that_declines_says_so_under_debug(registry, tmp_path, monkeypatch):
    from kbo_cli.output.xlsx import styles

    monkeypatch.setattr(styles.StyleSheet, "find", lambda self, style: None)
    path = registry([row(), row(producer="ข")])
    quiet = run("select", path, "--out", tmp_path / "a")
    assert quiet.exit_code == 0 and "declined" not in quiet.output
    told = run("select", path, "--out", tmp_path / "b", "--debug")
    assert told.exit_code == 0
    assert "fast path declined: template (รายชื่อผู้ได้รับการคัดเลือก, " in told.output
    assert "no cell style for the column 'ลำดับ'" in told.output


def test_a_workbook_open_in_another_program_is_one_line_and_the_others_are_written(
    registry, tmp_path, monkeypatch
):
    """On Windows a workbook open in Excel cannot be replaced: renaming onto it fails with
    PermissionError. Simulated here for one district workbook."""
    import os

    from kbo_cli.output import files

    path = registry([row(), row(district="พนมสารคาม")])
    out = tmp_path / "out"
    assert run("select", path, "--out", out).exit_code == 0
    locked = out / "บางคล้า.xlsx"
    before = {p.name: p.read_bytes() for p in out.glob("*.xlsx")}
    replace = os.replace

    def held_open(src, dst):
        if str(dst) == str(locked):
            raise PermissionError(13, "Permission denied", str(dst))
        replace(src, dst)

    monkeypatch.setattr(files.os, "replace", held_open)
    result = run(
        "select", path, "--out", out, "--force", "--lang", "en", "--rules", _rules_2563(tmp_path)
    )
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"error: {locked}: open in another program (Excel?), so it was not replaced. "
        "Close it and run again with --force; every other workbook was written."
    )
    assert locked.read_bytes() == before["บางคล้า.xlsx"]  # as it was
    for name in ("พนมสารคาม.xlsx", "สรุปผลการคัดเลือก.xlsx"):
        assert (out / name).read_bytes() != before[name]  # written again
    assert not [p for p in out.iterdir() if p.name.startswith(".kbo-")]


def _rules_2563(folder):
    """A rules file whose fiscal year differs, so that every workbook's bytes change."""
    from kbo_cli.core.rules import default_rules_text

    rules = folder / "rules.toml"
    rules.write_text(default_rules_text().replace("fiscal_year = 2563", "fiscal_year = 2564"))
    return rules


def test_a_hidden_sheet_is_named_as_not_read(tmp_path):
    from openpyxl import load_workbook

    path = write_xlsx(tmp_path / "r.xlsx", {"2563": [HEADER, row()], "2562": [HEADER, row()]})
    book = load_workbook(path)
    book["2562"].sheet_state = "hidden"
    book.save(path)
    result = run("select", path, "--out", tmp_path / "out", "--json")
    assert json.loads(result.output)["hidden_sheets"] == [{"file": str(path), "sheet": "2562"}]
    shown = runner.invoke(
        app, ["select", str(path), "--out", str(tmp_path / "out2")], env={"COLUMNS": "200"}
    )
    assert (
        "ไม่ได้อ่านชีตที่ซ่อนอยู่ '2562' (r.xlsx): หากต้องการอ่าน ระบุ --sheet '2562' (แล้วจะอ่านเฉพาะชีตที่ระบุ)"
    ) in shown.output
    issues = table_records(tmp_path / "out2" / "สรุปผลการคัดเลือก.xlsx", 4, "ไฟล์")
    assert [(i["ชีต"], i["ปัญหา"]) for i in issues if i["ข้อมูล"] == "ชีต"] == [
        ("2562", "ชีตซ่อนอยู่ ไม่ได้อ่าน (อ่านได้ด้วย --sheet)")
    ]
    # Asked for alone, last year's sheet is read alone: both said, so it is not taken for more.
    alone = runner.invoke(
        app,
        ["select", str(path), "--sheet", "2562", "--out", str(tmp_path / "out3")],
        env={"COLUMNS": "200"},
    )
    assert alone.exit_code == 0, alone.output
    assert "⚠ อ่านชีตที่ซ่อนอยู่ '2562' (r.xlsx) ตามที่ระบุ --sheet" in alone.output
    assert "ไม่ได้อ่านชีต '2563' (r.xlsx): ไม่ได้ระบุใน --sheet" in alone.output


def test_the_same_file_twice_is_one_warning(registry, tmp_path):
    import shutil

    path = registry([row()])
    copy = tmp_path / "registry (1).xlsx"
    shutil.copy(path, copy)
    result = run("select", copy, path, "--out", tmp_path / "out")  # the copy first, as `*`
    assert result.exit_code == 0
    said = "⚠ registry (1).xlsx: เนื้อหาเดียวกับ registry.xlsx อ่าน registry.xlsx ครั้งเดียว"
    assert said in result.output
    twice = run("select", path, path, "--out", tmp_path / "out2")
    assert "⚠ registry.xlsx: ให้มาสองครั้ง อ่านครั้งเดียว" in twice.output


def test_files_of_the_same_name_are_told_apart_by_their_folders(tmp_path):
    """District offices all send `OTOP.xlsx`; the province keeps each in a folder."""
    a = write_xlsx(_folder(tmp_path / "บางคล้า") / "OTOP.xlsx", {"S": [HEADER, row()]})
    b = write_xlsx(
        _folder(tmp_path / "แปลงยาว") / "OTOP.xlsx",
        {"S": [HEADER, row(district="แปลงยาว", stars="3-4")]},
    )
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["select", str(a), str(b), "--out", str(out)], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    assert "แปลงยาว/OTOP.xlsx · ชีต S · แถวที่ 2 · คอลัมน์ H (ระดับดาว): '3-4'" in result.output
    nominees = table_records(out / "บางคล้า.xlsx", 0)
    assert [n["ไฟล์ต้นฉบับ"] for n in nominees] == [str(Path("บางคล้า") / "OTOP.xlsx")]


def _folder(path):
    path.mkdir()
    return path


def test_check_says_where_the_district_was_found(tmp_path):
    header = [h for h in HEADER if h != "อำเภอ"]
    rows = [["ทะเบียนผู้ผลิต ผู้ประกอบการ OTOP อำเภอบางคล้า"], header, row()[:1] + row()[2:]]
    path = write_xlsx(tmp_path / "Sheet.xlsx", {"Sheet1": rows})
    result = run("check", path)
    assert result.exit_code == 0
    assert "แถวชื่อเรื่อง: บางคล้า" in result.output


def test_check_shows_a_header_of_two_rows_and_each_columns_label(tmp_path):
    from tests.test_read import grouped_registry

    path = grouped_registry(tmp_path / "r.xlsx", [row()])
    result = run("check", path, "--lang", "en")
    assert result.exit_code == 0
    assert "header row 2–3" in result.output
    assert "ผลการคัดสรร / ระดับดาว" in result.output


def test_check_lists_every_unreadable_value_first_however_many_values(registry):
    """Twenty readable spellings and two unreadable ones, one row each: the unreadable come
    first, and only readable ones are left for "and N more"."""
    readable = [f"{n} ดาว" for n in range(1, 6)] + ["★", "★★", "★★★", "๑", "๒", "๓", "๔"]
    readable += ["1", "2", "3", "4", "5", "ระดับ 1 ดาว", "ระดับ 2 ดาว", "ระดับ 3 ดาว"]
    stars = [*readable, "3-4", "ดาวทอง"]
    path = registry([row(stars=s, producer=f"กลุ่ม {n}") for n, s in enumerate(stars)])
    result = runner.invoke(app, ["check", str(path)], env={"COLUMNS": "160"})
    lines = result.output.splitlines()
    start = next(i for i, line in enumerate(lines) if "ค่าในคอลัมน์ ระดับดาว" in line)
    body = [line.strip() for line in lines[start + 4 :] if line.strip()]
    assert [line.split()[0] for line in body[:2]] == ["3-4", "ดาวทอง"]
    assert all("อ่านไม่ได้" in line for line in body[:2])
    assert body[17] == f"… และอีก {len(readable) - 15}"


def test_a_province_inferred_from_many_files_is_one_line(tmp_path):
    districts = ["บางคล้า", "แปลงยาว", "บ้านโพธิ์", "พนมสารคาม"]
    paths = [
        write_xlsx(tmp_path / f"{d}.xlsx", {"S": [HEADER, row(district=d)]}) for d in districts
    ]
    result = runner.invoke(
        app, ["select", *map(str, paths), "--out", str(tmp_path / "out")], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "อนุมานจากชื่ออำเภอ" in line]
    assert lines == ["จังหวัด ฉะเชิงเทรา อนุมานจากชื่ออำเภอใน 4 ไฟล์"]
    two = runner.invoke(app, ["select", *map(str, paths[:2]), "--out", str(tmp_path / "o2")])
    assert "จังหวัด ฉะเชิงเทรา อนุมานจากชื่ออำเภอใน บางคล้า.xlsx, แปลงยาว.xlsx" in two.output


def test_a_pattern_is_expanded_where_no_shell_did_it(tmp_path):
    """Windows' Command Prompt passes `districts\\*.xlsx` on as written (as this runner does)."""
    folder = _folder(tmp_path / "districts")
    for d in ["บางคล้า", "แปลงยาว"]:
        write_xlsx(folder / f"{d}.xlsx", {"S": [HEADER, row(district=d)]})
    result = run("select", folder / "*.xlsx", "--out", tmp_path / "out", "--json")
    assert result.exit_code == 0, result.output
    told = json.loads(result.output)
    assert told["records"] == 2
    assert sorted(Path(f).name for f in told["files"]) == ["บางคล้า.xlsx", "แปลงยาว.xlsx"]
    none = run("check", folder / "*.ods")
    assert none.exit_code == 1
    assert none.output.strip() == (
        f"ผิดพลาด: {folder / '*.ods'}: ไม่มีไฟล์ที่ตรงกับรูปแบบนี้ ตรวจสอบโฟลเดอร์และรูปแบบชื่อไฟล์แล้วลองใหม่"
    )


def test_check_lists_what_to_fix_before_sending(registry):
    clean = runner.invoke(app, ["check", str(registry([row()]))], env={"COLUMNS": "120"})
    assert clean.exit_code == 0 and "ควรแก้" not in clean.output
    assert clean.output.rstrip().endswith("เลือกจากทะเบียนนี้ได้ (kbo check ไม่เขียนไฟล์ใด)")
    path = registry([row(), row(district="บางคล้"), row(district="องครักษ"), row(stars="3-4")])
    result = runner.invoke(app, ["check", str(path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    fixes = result.output.split("ควรแก้ในทะเบียนก่อนส่ง:")[1].splitlines()
    assert fixes[1:4] == [
        "  • 'บางคล้': ไม่พบชื่ออำเภอในทำเนียบ หมายถึง บางคล้า หรือไม่ (แถวที่ 5)",
        "  • 'องครักษ': ไม่พบชื่ออำเภอในทำเนียบ หมายถึง องครักษ์ (จังหวัดนครนายก) หรือไม่ (แถวที่ 6)",
        "  • ค่าที่อ่านไม่ได้ 1 เซลล์ (รายการข้างบน) แถวเหล่านี้จะไม่ได้รับการคัดเลือกจนกว่าจะแก้",
    ]
    assert fixes[4].startswith("เลือกจากทะเบียนนี้ได้ แต่ควรแก้ 3 เรื่องข้างต้นก่อนส่ง")


@pytest.mark.parametrize("more", [(), ("--json",)])
def test_a_reader_that_goes_away_ends_the_run_quietly(registry, tmp_path, more):
    # `kbo select … | head -2`: the reader is gone before the summary is printed.
    import subprocess
    import sys

    out, path = tmp_path / "out", registry([row()])
    proc = subprocess.Popen(
        [sys.executable, "-m", "kbo_cli", "select", str(path), "--out", str(out), *more],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.close()
    assert proc.wait(timeout=120) == 0
    assert proc.stderr.read() == b""
    assert (out / "บางคล้า.xlsx").exists()


def test_the_readmes_first_command_leaves_nothing_the_next_run_trips_on(registry):
    # The README's first command writes kbo-output/ in the working folder; a mistake in the
    # next command is still told as itself, not as "use --force".
    assert run("select", registry([row()])).exit_code == 0
    assert (Path("kbo-output") / "บางคล้า.xlsx").exists()
    again = run("select", "nope.xlsx")
    assert again.exit_code == 1
    assert again.output == "ผิดพลาด: nope.xlsx: ไม่พบไฟล์นี้ ตรวจสอบชื่อและที่อยู่ไฟล์แล้วลองใหม่\n"
    district = run("select", registry([row()]), "--district", "Atlantis")
    assert district.exit_code == 1 and "--district 'Atlantis'" in district.output
