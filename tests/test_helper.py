"""The helper process: files written whole, temporary files made ahead and never left behind."""

import os
import time
from pathlib import Path

import pytest

from kbo_cli.errors import OutputError
from kbo_cli.helper import Helper, write_atomic


def _temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.startswith(".kbo-")]


def _wait_for(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the helper did not get there"
        time.sleep(0.01)


def write_each(job, write, report) -> None:
    """A helper's work (pickled by reference): write each (path, bytes) of `job`."""
    for n, (path, data) in enumerate(job, start=1):
        write(data, path)
        report(n)


def fail_on_second(job, write, report) -> None:
    """Writes the first file, then fails as a full disk does."""
    path, data = job[0]
    write(data, path)
    raise OSError(28, "No space left on device", str(job[1][0]))


def test_write_atomic_leaves_the_file_and_no_temporary(tmp_path):
    path = tmp_path / "a.xlsx"
    write_atomic(b"one", path)
    write_atomic(b"two", path)  # replaced whole
    assert path.read_bytes() == b"two"
    assert _temporaries(tmp_path) == []


def test_staged_files_are_made_ahead_then_written_in_place(tmp_path):
    paths = [tmp_path / "ก" / "บางคล้า.xlsx", tmp_path / "ข" / "เมือง.xlsx", tmp_path / "c.xlsx"]
    helper = Helper.start()
    assert helper is not None
    helper.stage(paths)
    # Made before the helper has any work: one empty temporary file beside each workbook.
    _wait_for(lambda: len(_temporaries(tmp_path)) == 3)
    assert sorted(p.parent for p in _temporaries(tmp_path)) == sorted(p.parent for p in paths)
    told = []
    helper.run(write_each, [(p, p.name.encode()) for p in paths], told.append)
    helper.finish(tmp_path)
    assert [p.read_bytes() for p in paths] == [p.name.encode() for p in paths]
    assert told == [1, 2, 3]
    assert _temporaries(tmp_path) == []


def test_a_helper_given_no_work_removes_what_it_staged(tmp_path):
    helper = Helper.start()
    helper.stage([tmp_path / "a.xlsx", tmp_path / "b.xlsx"])
    _wait_for(lambda: len(_temporaries(tmp_path)) == 2)
    helper.finish(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_failing_run_stops_the_helper_and_its_temporary_files_go(tmp_path):
    helper = Helper.start()
    helper.stage([tmp_path / "a.xlsx"])
    _wait_for(lambda: len(_temporaries(tmp_path)) == 1)
    with pytest.raises(KeyboardInterrupt):
        try:
            raise KeyboardInterrupt  # as Ctrl-C in this process while the helper waits
        finally:
            helper.finish(tmp_path)  # stops it: SIGTERM
    assert list(tmp_path.iterdir()) == []


def test_the_helpers_error_is_raised_here_naming_the_file(tmp_path):
    paths = [tmp_path / "a.xlsx", tmp_path / "b.xlsx"]
    helper = Helper.start()
    helper.stage(paths)
    helper.run(fail_on_second, [(p, b"x") for p in paths], lambda n: None)
    with pytest.raises(OSError) as raised:
        helper.finish(tmp_path)
    assert raised.value.errno == 28 and raised.value.filename == str(paths[1])
    assert paths[0].read_bytes() == b"x"  # written whole before the failure
    assert not paths[1].exists() and _temporaries(tmp_path) == []


def test_a_helper_that_dies_is_an_output_error(tmp_path):
    helper = Helper.start()
    helper.stage([tmp_path / "a.xlsx"])
    _wait_for(lambda: len(_temporaries(tmp_path)) == 1)
    os.kill(helper._process.pid, 9)  # SIGKILL: it cannot even say why
    with pytest.raises(OutputError, match="could not be written"):
        helper.finish(tmp_path)


def test_a_helper_is_started_early_for_large_registries_only(tmp_path, monkeypatch):
    from kbo_cli import workbook

    small, large = tmp_path / "small.xlsx", tmp_path / "large.xlsx"
    small.write_bytes(b"x" * 1000)
    large.write_bytes(b"x" * workbook.HELPER_FROM_BYTES)
    assert workbook.start_helper([small]) is None
    assert workbook.start_helper([tmp_path / "missing.xlsx"]) is None  # reading will say why
    helper = workbook.start_helper([small, large])
    assert isinstance(helper, Helper)
    helper.finish(tmp_path)
    monkeypatch.setattr(os, "cpu_count", lambda: 1)  # one core: nothing to gain
    assert workbook.start_helper([large]) is None
