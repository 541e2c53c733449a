"""The helper process: files written whole, temporary files made ahead and never left behind."""

import os
import time
from pathlib import Path

import pandas as pd
import pytest

from kbo_cli.engine.helper import Helper, write_atomic
from kbo_cli.errors import OutputError


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


def test_a_helper_stopped_with_no_chance_to_clean_up_leaves_no_temporary_files(tmp_path):
    """As on Windows, where stopping a process (TerminateProcess) runs none of its code."""
    helper = Helper.start()
    helper.stage([tmp_path / "a.xlsx", tmp_path / "b" / "c.xlsx"])
    _wait_for(lambda: len(_temporaries(tmp_path)) == 2)
    helper._process.terminate = helper._process.kill
    with pytest.raises(KeyboardInterrupt):
        try:
            raise KeyboardInterrupt
        finally:
            helper.finish(tmp_path)
    assert _temporaries(tmp_path) == [] and not (tmp_path / "a.xlsx").exists()


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
    os.kill(helper._process.pid, 9)  # SIGKILL: it cannot even say why, nor clean up
    with pytest.raises(OutputError, match="could not be written"):
        helper.finish(tmp_path)
    assert _temporaries(tmp_path) == []


def test_a_helper_is_started_early_for_large_registries_only(tmp_path, monkeypatch):
    from kbo_cli.engine import executors, tuning

    small, large = tmp_path / "small.xlsx", tmp_path / "large.xlsx"
    small.write_bytes(b"x" * 1000)
    large.write_bytes(b"x" * tuning.HELPER_FROM_BYTES)
    assert isinstance(executors.start([small]), executors.Here)
    missing = executors.start([tmp_path / "missing.xlsx"])  # reading will say why
    assert isinstance(missing, executors.Here)
    helper = executors.start([small, large])
    assert isinstance(helper, Helper)
    helper.finish(tmp_path)
    monkeypatch.setattr(os, "cpu_count", lambda: 1)  # one core: nothing to gain
    assert isinstance(executors.start([large]), executors.Here)


@pytest.fixture(scope="module")
def many_values(tmp_path_factory):
    """A registry whose names and registration dates have more distinct values than
    HELPER_FROM_VALUES, with cells to report among them: a control character, an empty name,
    an unreadable year."""
    from kbo_cli.engine.tuning import HELPER_FROM_VALUES
    from tests.conftest import HEADER, row, write_csv

    records = [
        row(
            producer="" if n % 997 == 0 else f"กลุ่ม\x07ที่ {n}" if n % 501 == 0 else f"กลุ่มที่ {n}",
            product=f"ผลิตภัณฑ์ {n}",
            year="ไม่ทราบ" if n % 433 == 0 else f"{1 + n % 28}/{1 + n // 28 % 12}/{2550 + n // 336}",
            seq=n + 1,
        )
        for n in range(HELPER_FROM_VALUES + 500)
    ]
    # CSV: a workbook writer refuses the control character.
    return write_csv(tmp_path_factory.mktemp("many") / "many.csv", [HEADER, *records])


def test_values_read_by_the_helper_are_those_read_here(many_values, tmp_path):
    from kbo_cli.core.pipeline import select
    from tests.conftest import select_helped

    alone = select([many_values])
    preload = ("kbo_cli.core.normalise",)
    helped, mapped = select_helped([many_values], tmp_path, preload, ready=True)
    # the names, and the registration dates read and as written, went to the helper
    assert sorted(mapped) == ["_cleaned", "_cleaned", "_written", "read_registered"]
    pd.testing.assert_frame_equal(helped.records, alone.records)
    assert helped.issues == alone.issues  # the same issues, in the same order
    kinds = {(i.field, i.problem) for i in helped.issues}
    assert {("producer", "missing"), ("producer", "illegal_characters")} <= kinds
    assert ("registered", "unreadable") in kinds


def test_a_helper_gone_before_it_answers_leaves_the_work_here(many_values, tmp_path):
    from kbo_cli.core.pipeline import select

    helper = Helper.start()
    os.kill(helper._process.pid, 9)
    helper._process.join()
    helped = select([many_values], executor=helper)
    pd.testing.assert_frame_equal(helped.records, select([many_values]).records)
    with pytest.raises(OutputError):
        helper.finish(tmp_path)


def slowly(value):
    """Read in the helper: slow enough to be cut short."""
    time.sleep(0.01)
    return value


def test_work_the_helper_did_not_finish_is_done_here_and_said(tmp_path):
    from kbo_cli.engine.tuning import HELPER_FROM_VALUES

    helper = Helper.start()
    _wait_for(lambda: helper.ready)
    values = list(range(HELPER_FROM_VALUES))
    later = helper.later(slowly, values)
    time.sleep(0.2)
    os.kill(helper._process.pid, 9)  # gone before it answers
    assert list(later()) == values
    assert helper.declined == [
        "second process (slowly): the helper ended before it answered; read here"
    ]
    with pytest.raises(OutputError):
        helper.finish(tmp_path)


def test_a_helper_not_ready_yet_is_not_waited_for():
    from kbo_cli.core.text import clean_text
    from kbo_cli.engine.tuning import HELPER_FROM_VALUES

    class Starting:
        ready = False

        def map(self, fn, values):
            raise AssertionError("sent to a helper still starting")

    values = [f" ชื่อ {n} " for n in range(HELPER_FROM_VALUES)]
    later = Helper.later(Starting(), clean_text, values)
    assert list(later()) == [clean_text(v) for v in values]


def test_workbooks_written_with_a_helper_are_those_written_without(tmp_path):
    from kbo_cli.core.pipeline import select
    from kbo_cli.output.workbooks import write_workbooks
    from tests.conftest import EXAMPLES

    selection = select([EXAMPLES / "registry.xlsx"])
    alone = write_workbooks(selection, tmp_path / "alone")
    helped = write_workbooks(selection, tmp_path / "helped", executor=Helper.start())
    assert len(helped.districts) == len(alone.districts) > 1
    pairs = zip([alone.summary, *alone.districts], [helped.summary, *helped.districts], strict=True)
    for a, b in pairs:
        assert a.relative_to(tmp_path / "alone") == b.relative_to(tmp_path / "helped")
        assert a.read_bytes() == b.read_bytes()
    assert _temporaries(tmp_path) == []


def test_a_helper_stopped_as_it_starts_says_nothing(tmp_path, capfd):
    for _ in range(3):
        helper = Helper.start(preload=("kbo_cli.output.workbooks", "kbo_cli.core.normalise"))
        time.sleep(0.2)  # importing what it was told to
        with pytest.raises(KeyboardInterrupt):
            try:
                raise KeyboardInterrupt
            finally:
                helper.finish(tmp_path)
    assert "Traceback" not in capfd.readouterr().err
