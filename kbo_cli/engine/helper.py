"""A second process that works beside this one.

On a large registry a helper process (`Helper`) starts while this process reads. It reads the
columns of many distinct values while this process normalises the rest (`later`), then writes
the district workbooks while this process writes the summary. It is spawned, a fresh
interpreter, not forked: a forked process shares this one's memory pages, and a page is copied
when either process touches one (Python touches an object to count a reference to it): the
summary, written here meanwhile, took many times the page faults it takes alone. A spawned
helper is sent what it needs, pickled (bench/README.md, "A spawned helper").

The helper is told the files it will write first (`stage`), then gets its work (`run`). It
creates the temporary files in a thread of its own (`_Stager`) while it reads its job and makes
the workbooks: creating a file is the kernel's work, and not cheap on every file system
("Making files is not free here").
"""

from __future__ import annotations

import gc
import importlib
import itertools
import multiprocessing
import os
import queue
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future
from pathlib import Path

from kbo_cli.engine import tuning
from kbo_cli.output.files import temp_beside, write_atomic

# What a helper does with its job: work(job, write, report) -> result, `write(data, path)`
# writing one file, `report(n)` telling that n files are written; what it returns is given by
# `finish`. A module-level function: it is pickled.
Work = Callable[[object, Callable[[bytes, Path], None], Callable[[int], None]], object]


class Helper:
    """A spawned process that works for this one: `map(fn, values)` while this process reads
    and checks; then `stage(paths)` and `run(work, job, told)` once to write files; then
    `finish()`, which is also all a helper needs that is not used."""

    elsewhere = True  # work `run` is given is done beside this process

    def __init__(self, preload: tuple[str, ...] = ()) -> None:
        context = multiprocessing.get_context("spawn")
        self._received, ours = context.Pipe(duplex=False)  # helper -> this process
        theirs, self._send = context.Pipe(duplex=False)  # this process -> helper
        self._process = context.Process(target=_serve, args=(theirs, ours, preload), daemon=True)
        # Started with Ctrl-C ignored, until it sets its own handler: a Ctrl-C while its
        # interpreter starts would print a traceback. (Only the main thread sets handlers.)
        try:
            previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        except ValueError:
            previous = None
        try:
            self._process.start()
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)
        theirs.close()
        ours.close()
        self._finished = False
        self._temporaries: list[Path] = []  # named here: see `stage`
        # Where work meant for the helper was done here after all, and why (`kbo --debug`).
        self.declined: list[str] = []
        self._asked = itertools.count()
        self._relay = _Relay(self._received)
        self._relay.start()
        # Everything is sent from a thread: the pipe takes 64 KB at a time, and the helper reads
        # a message only when it is done with the one before (the job waited for the helper's
        # files, and this process would have waited with it).
        self._outbox: queue.SimpleQueue = queue.SimpleQueue()
        self._sender = threading.Thread(target=self._send_all, daemon=True)
        self._sender.start()

    @classmethod
    def start(cls, preload: tuple[str, ...] = ()) -> Helper | None:
        """A helper that imports the modules `preload` as it starts (its work's), or None where
        there is one core or no way to start a process."""
        if (os.cpu_count() or 1) < 2:
            return None
        try:
            return cls(preload)
        except OSError:
            return None

    @property
    def ready(self) -> bool:
        """True once the helper has started and imported what it was told to: work sent
        before then waits for it."""
        return self._relay.ready.is_set()

    def later(
        self, fn: Callable[[object], object], values: Sequence[object], patient: bool = False
    ) -> Callable[[], Sequence[object]]:
        """`[fn(v) for v in values]` when the returned call is made: worked out by the helper
        meanwhile for a column of many values once the helper is ready, else here (the core's
        `executor.Executor`); `patient` work is sent whatever its size, ready or not (the
        helper takes it when it is). If the helper ends first, this process works it out."""
        if not patient and (len(values) < tuning.HELPER_FROM_VALUES or not self.ready):
            results = [fn(v) for v in values]
            return lambda: results
        future = self.map(fn, list(values))

        def results() -> Sequence[object]:
            try:
                return future.result()
            except HelperGone as gone:
                self.declined.append(f"second process ({fn.__name__}): {gone}; read here")
                return [fn(v) for v in values]

        return results

    def map(self, fn: Callable[[object], object], values: list) -> Future:
        """`[fn(v) for v in values]`, worked out by the helper; `fn` is pickled (a module-level
        function). The future fails with `HelperGone` if the helper ends first."""
        asked = next(self._asked)
        future = self._relay.expect(asked)
        self._outbox.put(("map", asked, fn, values))
        return future

    def stage(self, paths: Iterable[Path]) -> None:
        """Create the folders and temporary files of the files `run` will write. Their names
        are chosen here, so that this process can remove them when the helper cannot: on
        Windows, stopping a process ends it with no chance to clean up."""
        planned = {Path(p): temp_beside(Path(p)) for p in paths}
        self._temporaries.extend(planned.values())
        self._outbox.put(("stage", planned))

    def run(self, work: Work, job: object, told: Callable[[int], None]) -> None:
        """Have the helper do `work(job, ...)`; what it reports reaches `told(n)` here, from the
        thread reading the pipe on which the helper also sends the error it could not write
        for."""
        self._relay.told = told
        self._outbox.put(("run", work, job))

    def _send_all(self) -> None:
        while (message := self._outbox.get()) is not None:
            try:
                self._send.send(message)
            except OSError:  # the helper has ended; finish() says why
                return

    def finish(self, out_dir: Path) -> object:
        """Wait for the helper to end, and give what its work returned; if this process is
        failing or interrupted, stop it first (it removes its temporary files on SIGTERM as on
        Ctrl-C). An error the helper could not write for is raised here. Once: a second call
        gives the same and waits for nothing."""
        if self._finished:
            return self._relay.result
        self._finished = True
        failing = sys.exc_info()[0] is not None
        if failing:
            self._process.terminate()
        self._outbox.put(None)
        self._sender.join()
        try:
            self._send.close()  # a helper never given work ends here
        except OSError:
            pass
        helper = self._process
        try:
            while helper.is_alive():
                helper.join(0.1)
        finally:
            if helper.is_alive():  # interrupted while waiting
                helper.terminate()
                helper.join()
        self._relay.join(5)  # the pipe is closed: it has read all there was
        self._received.close()
        if helper.exitcode != 0:  # it may have been ended before it could remove them
            for tmp in self._temporaries:
                tmp.unlink(missing_ok=True)
        if helper.exitcode != 0 and not failing:
            if self._relay.error:
                raise OSError(*self._relay.error)
            from kbo_cli.errors import OutputError

            raise OutputError(
                f"{out_dir}: the district workbooks could not be written (see above). "
                "Check the folder is writable and has space, or give another --out folder.",
                f"{out_dir}: เขียนไฟล์รายอำเภอไม่ได้ (ดูข้อความข้างบน) ตรวจสอบสิทธิ์และพื้นที่ว่าง "
                "หรือระบุโฟลเดอร์อื่นใน --out",
            )
        return self._relay.result


class HelperGone(RuntimeError):
    """The helper ended before it answered."""


class _Relay(threading.Thread):
    """Reads the helper's pipe until the helper closes it: answers to `map`, the progress of
    its work, and the error it could not write for."""

    def __init__(self, received) -> None:
        super().__init__(daemon=True)
        self.received = received
        self.told: Callable[[int], None] = lambda n: None
        self.error: tuple | None = None
        self.result: object = None  # what the work returned
        self.pending: dict[int, Future] = {}
        self.lock = threading.Lock()
        self.ended = False
        self.ready = threading.Event()  # started and imported

    def expect(self, asked: int) -> Future:
        future: Future = Future()
        with self.lock:
            if self.ended:
                future.set_exception(HelperGone("the helper has ended"))
            else:
                self.pending[asked] = future
        return future

    def run(self) -> None:
        try:
            while True:
                kind, *rest = self.received.recv()
                if kind == "ready":
                    self.ready.set()
                elif kind == "done":
                    self.told(rest[0])
                elif kind == "mapped":
                    with self.lock:
                        future = self.pending.pop(rest[0])
                    future.set_result(rest[1])
                elif kind == "result":
                    self.result = rest[0]
                elif kind == "unmapped":
                    with self.lock:
                        future = self.pending.pop(rest[0])
                    future.set_exception(HelperGone(rest[1]))
                else:
                    self.error = tuple(rest)
        except (EOFError, OSError):  # the helper has ended
            pass
        finally:
            with self.lock:
                self.ended = True
                pending, self.pending = self.pending, {}
            for future in pending.values():
                future.set_exception(HelperGone("the helper ended before it answered"))


class _Stager(threading.Thread):
    """Creates the temporary files of the paths, in order, while the helper's main thread reads
    its job and makes the workbooks: making a file is the kernel's work, done without Python's
    lock. `take(path)` waits for that path's file."""

    def __init__(self, planned: dict[Path, Path]) -> None:
        super().__init__(daemon=True)
        self.planned = planned  # path -> its temporary file
        self.made: dict[Path, Path] = {}  # path -> its temporary file, taken or not
        self.ready: set[Path] = set()
        self.error: OSError | None = None
        self.stopping = False
        self.changed = threading.Condition()

    def run(self) -> None:
        try:
            for path, tmp in self.planned.items():
                if self.stopping:
                    break
                with self.changed:
                    self.made[path] = tmp  # listed before it exists: removed whatever happens
                _create(tmp, path)
                with self.changed:
                    self.ready.add(path)
                    self.changed.notify_all()
        except OSError as exc:
            self.error = exc
        finally:
            with self.changed:
                self.stopping = True
                self.changed.notify_all()

    def take(self, path: Path) -> Path | None:
        """`path`'s temporary file, once made; None for a path not staged."""
        with self.changed:
            while path not in self.ready and not self.stopping:
                self.changed.wait()
            if self.error is not None:
                raise self.error
            return self.made.pop(path) if path in self.ready else None

    def remove(self) -> None:
        """Stop, and remove the temporary files not taken."""
        self.stopping = True
        if self.is_alive():
            self.join()
        for tmp in self.made.values():
            tmp.unlink(missing_ok=True)


def _create(tmp: Path, path: Path) -> None:
    """Create the empty temporary file `tmp` that `path` will be written to, and its folder."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.touch(exist_ok=False)
    except OSError as exc:  # named by the workbook, not the temporary file
        raise OSError(exc.errno, exc.strerror, str(path)) from exc


def _serve(received, send, preload: tuple[str, ...]) -> None:
    """The helper process: answer maps, stage, then run, then leave. Its temporary files not
    renamed into place are removed however it ends (SIGTERM too), but for SIGKILL."""

    cleaning = False
    importing = True

    def stop(signum, frame):
        # While it imports, the helper has made nothing to remove, and an exception raised
        # here can land in a callback of importlib's, which prints it and carries on: it
        # leaves at once instead.
        if importing:
            os._exit(130)
        # Once the temporary files are being removed, a signal must not cut that short: this
        # process's stopping it (SIGTERM) can come just after the helper has begun to end.
        if not cleaning:
            raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    gc.disable()  # as the command line does (cli.main): no cycles to collect, millions of objects
    stagers: list[_Stager] = []

    def write(data: bytes, path: Path) -> None:
        tmp = None
        for stager in stagers:
            tmp = tmp or stager.take(path)
        write_atomic(data, path, tmp)

    try:
        for module in preload:  # while this process is not needed yet
            importlib.import_module(module)
        importing = False
        send.send(("ready",))
        while True:
            try:
                message = received.recv()
            except EOFError:  # this process is done with it, or gone
                break
            if message[0] == "map":
                _, asked, fn, values = message
                try:
                    answer = ("mapped", asked, [fn(v) for v in values])
                except Exception as exc:  # the caller works it out itself
                    answer = ("unmapped", asked, f"{type(exc).__name__}: {exc}")
                send.send(answer)
            elif message[0] == "stage":
                stagers.append(_Stager(message[1]))
                stagers[-1].start()
            else:
                _, work, job = message
                send.send(("result", work(job, write, lambda n: send.send(("done", n)))))
                break
    except KeyboardInterrupt:
        code = 130
    except OSError as exc:  # told to this process, which reports it as its own
        send.send(("error", exc.errno, exc.strerror, exc.filename))
        code = 1
    else:
        code = 0
    finally:
        cleaning = True  # no check for signals comes before this assignment
        for stager in stagers:
            stager.remove()
    send.close()
    os._exit(code)  # nothing to tear down; the exit code is all that is left to say
