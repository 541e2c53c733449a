"""A registry parsed while kbo is imported: used only when it is still the same file."""

import os
import subprocess
import sys

import pytest

from kbo_cli.core.read import read_registry
from kbo_cli.engine import preread
from kbo_cli.errors import UnreadableFileError
from tests.conftest import HEADER, ROOT, row, write_csv, write_xlsx


def test_parsed_sheets_are_taken_once(tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", {"บางคล้า": [HEADER, row()], "หมายเหตุ": [["x"]]})
    preread.start(path)
    parsed = preread.take(path)
    assert [(name, hidden) for name, _, hidden in parsed] == [
        ("บางคล้า", False),
        ("หมายเหตุ", False),
    ]
    assert parsed[0][1].to_python()[1][2] == "กลุ่มแม่บ้านบางคล้า"
    assert preread.take(path) is None  # taken: a second read reads the file itself


def test_a_file_changed_after_the_parse_is_read_again(tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", {"S": [HEADER, row(producer="ก่อน")]})
    preread.start(path)
    preread._started[path.resolve()][0].join()
    write_xlsx(path, {"S": [HEADER, row(producer="หลัง"), row(producer="หลัง", seq=2)]})
    os.utime(path, ns=(1, 1))  # a different modification time, whatever the clock's grain
    assert preread.take(path) is None
    table = read_registry(path).tables[0]
    assert len(table.rows) == 2 and table.cells[0][2] == "หลัง"


def test_nothing_is_started_for_csv_or_a_missing_file(tmp_path):
    csv_path = write_csv(tmp_path / "r.csv", [HEADER, row()])
    preread.start(csv_path)
    preread.start(tmp_path / "missing.xlsx")
    assert preread.take(csv_path) is None and preread.take(tmp_path / "missing.xlsx") is None


def test_a_damaged_workbook_is_reported_by_read_as_before(tmp_path):
    path = tmp_path / "r.xlsx"
    good = write_xlsx(tmp_path / "good.xlsx", {"S": [HEADER, row()]}).read_bytes()
    path.write_bytes(good[: len(good) // 2])  # a download cut short
    preread.start(path)
    with pytest.raises(UnreadableFileError, match="damaged or incomplete"):
        read_registry(path)


def test_the_command_line_imports_the_library_after_starting_the_parse(tmp_path):
    """`kbo --version` loads no pandas; `select` reads the registry through the preread."""
    code = (
        "import sys; from kbo_cli import cli; "
        "print('pandas' in sys.modules, 'kbo_cli.core.pipeline' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.split() == ["False", "False"], out.stderr
    path = write_xlsx(tmp_path / "r.xlsx", {"S": [HEADER, row()]})
    code = (
        "import sys\n"
        "from kbo_cli import cli\nfrom kbo_cli.engine import preread\n"
        "real = preread.take\n"
        "def take(path):\n"
        "    parsed = real(path)\n"
        "    print('PARSED AHEAD', parsed is not None, flush=True)\n"
        "    return parsed\n"
        "preread.take = take\n"
        f"sys.argv = ['kbo', 'check', {str(path)!r}]\n"
        "cli.main()\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert "PARSED AHEAD True" in out.stdout, out.stderr
