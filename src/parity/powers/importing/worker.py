"""A child process for the import's work that needs no database: the import's second core.

It reads, hashes, parses and normalises units ahead of the importer (see `prepare`), and
writes each force-month's warehouse partition once the importer says its transaction has
committed. Meanwhile the importer's own process writes to the database, so the two cores
work at once and the child's work never contends for the importer's GIL.

The child is a plain `python` started fresh (never forked from a process that holds
database connections); it imports no Django and talks pickles over its stdin and stdout.
It handles requests in the order sent, and exits when its input ends, so it also ends when
the importer is killed. It keeps each unit's records until they are written or forgotten,
and the importer bounds how many units it reads ahead, so its memory stays flat.
"""

from __future__ import annotations

import os
import pickle
import queue
import subprocess
import sys
import threading
import traceback
from collections.abc import Sequence, Set
from pathlib import Path
from typing import Any

import pyarrow as pa

from parity.powers.importing.errors import InputRefused
from parity.powers.importing.prepare import Read, read
from parity.powers.importing.units import Unit
from parity.warehouse.layout import write_table
from parity.warehouse.stop_search import to_table

# The child's program: this process's import path, then `serve`. It skips interpreter
# teardown at the end: it has nothing to clean up, and the importer waits for it.
_START = (
    "import os, pickle, sys; sys.path[:] = pickle.load(sys.stdin.buffer); from {} import serve; serve(); os._exit(0)"
)


class Worker:
    """The importer's end. Units are read in the order sent; writes are acknowledged.

    A thread takes each answer off the pipe as soon as it is written, so the child never
    waits for the importer to ask.
    """

    def __init__(self, held: Set[tuple[str, str]]) -> None:
        command = [sys.executable, "-c", _START.format(__name__)]  # this Python, this code
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)  # noqa: S603
        self._reads: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()
        self._writes: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()
        self._receiver = threading.Thread(target=self._receive, name="parity-worker", daemon=True)
        self._receiver.start()
        self._sent = 0
        self._send(sys.path)
        self._send(held)

    def _send(self, value: Any) -> None:
        assert self.process.stdin is not None
        pickle.dump(value, self.process.stdin, pickle.HIGHEST_PROTOCOL)
        self.process.stdin.flush()

    def _receive(self) -> None:
        assert self.process.stdout is not None
        try:
            while True:
                answer = pickle.load(self.process.stdout)  # noqa: S301 - from our own child
                (self._writes if answer[0] in {"written", "write failed"} else self._reads).put(answer)
        except Exception:  # the child ended (EOF), or the pipe was closed or garbled
            self._reads.put(("ended", None))
            self._writes.put(("ended", None))

    def _ended(self) -> RuntimeError:
        return RuntimeError(f"the import's worker process ended unexpectedly (exit status {self.process.wait()})")

    def read(self, unit: Unit) -> int:
        """Send a unit to be read; its number, for `write` and `forget`."""
        self._send(("read", unit))
        self._sent += 1
        return self._sent - 1

    def result(self) -> Read:
        """The reading of the oldest unit sent and not yet taken; raises InputRefused."""
        outcome, value = self._reads.get()
        if outcome == "read":
            return value  # type: ignore[no-any-return]
        if outcome == "refused":
            raise value
        if outcome == "ended":
            raise self._ended()
        raise RuntimeError(f"the import's worker process failed:\n{value}")

    def write(self, number: int, directory: Path, ids: Sequence[int]) -> None:
        """Write unit `number`'s partition, with these record ids; `written` says when."""
        self._send(("write", number, directory, ids))

    def forget(self, number: int) -> None:
        """Drop unit `number`'s records: they will not be written."""
        self._send(("forget", number))

    def written(self, *, wait: bool = False) -> int | None:
        """The number of a unit whose partition is now written, if any (or the next, if asked
        to wait). Raises if the write failed."""
        try:
            outcome, value = self._writes.get(block=wait)
        except queue.Empty:
            return None
        if outcome == "written":
            return value  # type: ignore[no-any-return]
        if outcome == "ended":
            raise self._ended()
        raise RuntimeError(f"the import's worker process could not write a partition:\n{value}")

    def close(self) -> None:
        """End the child's input; it exits once it has done what it was sent."""
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._receiver.join()
        if self.process.stdout is not None:
            self.process.stdout.close()


def serve() -> None:
    """The child's end: handle each request in turn, answering in order, until input ends."""
    source = sys.stdin.buffer
    sink = os.fdopen(os.dup(sys.stdout.fileno()), "wb")  # answers only: anything printed goes to stderr
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    held = pickle.load(source)  # noqa: S301 - from the importer that started this process
    records: dict[int, pa.Table] = {}
    number = 0
    while True:
        try:
            request = pickle.load(source)  # noqa: S301 - as above
        except EOFError:
            return
        answer: tuple[object, ...]
        if request[0] == "read":
            try:
                reading = read(request[1], held)
                if reading.parsed is not None:
                    records[number] = reading.parsed.records
                answer = ("read", reading)
            except InputRefused as refused:
                answer = ("refused", refused)
            except Exception:
                answer = ("failed", traceback.format_exc())
            number += 1
        elif request[0] == "write":
            _, unit, directory, ids = request
            try:
                write_table(directory, to_table(ids, records.pop(unit)))
                answer = ("written", unit)
            except Exception:
                answer = ("write failed", traceback.format_exc())
        else:  # forget
            records.pop(request[1], None)
            continue
        try:
            pickle.dump(answer, sink, pickle.HIGHEST_PROTOCOL)
            sink.flush()
        except BrokenPipeError:  # the importer stopped
            return
