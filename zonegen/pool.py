"""One process pool for every parallel stage (parse, attachment scan, render) that survives a dying worker.

A worker can die outright — a C extension crashing on hostile input (SIGSEGV), the kernel's
OOM killer — and `multiprocessing.Pool` then loses the task and waits for it forever.
`concurrent.futures.ProcessPoolExecutor` notices the death (BrokenProcessPool) but cannot say
which task killed it. So each chunk marks in shared memory when it starts and ends: after a
death, the chunks that were running are re-run item by item in a one-worker pool, which
finds the item that kills its worker again (reported as `Lost`), while the chunks not yet
started are simply run again in a fresh pool. Work is never lost silently and never hangs.

Workers are forked, so they inherit the large state (the site, the rules) set up before the
pool starts instead of having it pickled for every task.
"""

from __future__ import annotations

import ctypes
import faulthandler
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from zonegen.diagnostics import Diagnostic

T = TypeVar("T")
R = TypeVar("R")

_STARTED, _FINISHED = 1, 2


@dataclass(frozen=True)
class Lost(Generic[T]):
    """An item whose worker process died while working on it, even when run alone."""

    item: T


def worker_count() -> int:
    """CPUs this process may run on (a container's or taskset's limit, not the machine's)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


# What forked workers inherit: the function, the items and the start/end marks of each chunk.
_FUNC: Callable[[Any], Any] | None = None
_ITEMS: Sequence[Any] = ()
_MARKS: Any = None


def map_items(
    func: Callable[[T], R],
    items: Sequence[T],
    *,
    chunk: int,
    parallel: bool,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[R | Lost[T]]:
    """func over items, in order; in worker processes when parallel (and fork exists).

    progress is called with the number of items done so far, as chunks complete.
    """
    count = min(workers or worker_count(), max(1, len(items)))
    if not parallel or count < 2 or not can_fork():
        results: list[R | Lost[T]] = []
        for start in range(0, len(items), chunk):
            results.extend(func(item) for item in items[start : start + chunk])
            if progress:
                progress(len(results))
        return results
    global _FUNC, _ITEMS, _MARKS
    bounds = [(start, min(start + chunk, len(items))) for start in range(0, len(items), chunk)]
    _FUNC, _ITEMS = func, items
    _MARKS = multiprocessing.get_context("fork").RawArray("b", len(bounds))
    try:
        return _run(bounds, count, progress)
    finally:
        _FUNC, _ITEMS, _MARKS = None, (), None


def _run(bounds: list[tuple[int, int]], count: int, progress: Callable[[int], None] | None) -> list[Any]:
    results: dict[int, list[Any]] = {}
    pending = list(range(len(bounds)))
    done = rounds = 0
    while pending:
        lost = _round(pending, bounds, count, results, progress, done)
        done = sum(len(found) for found in results.values())
        suspects = [task for task in lost if _MARKS[task] == _STARTED]
        rounds += 1
        if lost and not suspects and rounds > 2:  # workers die with no task started: isolate all
            suspects = lost
        for task in suspects:
            results[task] = _isolate(bounds[task])
            done += len(results[task])
        pending = [task for task in lost if task not in results]
        for task in pending:
            _MARKS[task] = 0
    return [item for task in range(len(bounds)) for item in results[task]]


def _round(
    tasks: list[int],
    bounds: list[tuple[int, int]],
    count: int,
    results: dict[int, list[Any]],
    progress: Callable[[int], None] | None,
    done: int,
) -> list[int]:
    """Run tasks in a fresh pool; the tasks lost to a dead worker are returned."""
    lost: list[int] = []
    with _executor(min(count, len(tasks))) as pool:
        with _signals_held():
            futures: dict[Future[list[Any]], int] = {
                pool.submit(_run_chunk, task, *bounds[task]): task for task in tasks
            }
        try:
            waiting = set(futures)
            while waiting:
                finished, waiting = wait(waiting, return_when=FIRST_COMPLETED)
                for future in finished:
                    try:
                        results[futures[future]] = future.result()
                    except BrokenProcessPool:
                        lost.append(futures[future])
                        continue
                    done += len(results[futures[future]])
                    if progress:
                        progress(done)
        except BaseException:  # Ctrl-C, SIGTERM, or an error in func: stop the workers now
            stop_workers(pool)
            raise
    return sorted(lost)


def _isolate(bounds: tuple[int, int]) -> list[Any]:
    """A suspect chunk item by item in one worker, so the item that kills it is named."""
    results: list[Any] = []
    start, end = bounds
    while start < end:
        with _executor(1) as pool:
            with _signals_held():
                futures = [pool.submit(_run_one, index) for index in range(start, end)]
            try:
                for future in futures:  # one worker runs them in order: the first lost one killed it
                    try:
                        results.append(future.result())
                    except BrokenProcessPool:
                        results.append(Lost(_ITEMS[start]))
                        break
                    finally:
                        start += 1
            except BaseException:
                stop_workers(pool)
                raise
    return results


_HELD = {signal.SIGINT, signal.SIGTERM}


@contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait while workers fork (the first submit forks them all), so that no
    worker ever runs the parent's handler before its own setup ignores them; the parent gets
    them right after."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _executor(count: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork"), initializer=_worker_setup)


def stop_workers(pool: ProcessPoolExecutor) -> None:
    """End the pool at once: queued tasks are dropped and running workers are killed."""
    pool.shutdown(wait=False, cancel_futures=True)
    for child in multiprocessing.active_children():
        child.kill()
    pool.shutdown(wait=True)


def _worker_setup() -> None:
    # The parent handles Ctrl-C and SIGTERM and stops the workers itself; a worker must neither
    # print a KeyboardInterrupt traceback nor outlive a parent killed with SIGKILL.
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # also drops a Ctrl-C held since the fork
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)
    faulthandler.disable()  # a crash is reported as a diagnostic naming the file, not as a C-level dump
    parent = os.getppid()
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)


def _die_with_parent() -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux only)
    except (OSError, AttributeError):
        pass


def _run_chunk(task: int, start: int, end: int) -> list[Any]:
    assert _FUNC is not None
    _MARKS[task] = _STARTED
    found = [_FUNC(item) for item in _ITEMS[start:end]]
    _MARKS[task] = _FINISHED
    return found


def _run_one(index: int) -> Any:
    assert _FUNC is not None
    return _FUNC(_ITEMS[index])


def lost_diagnostic(file: str | None, doing: str) -> Diagnostic:
    """The error for an item whose worker died: it names the file, never hangs or vanishes."""
    return Diagnostic(
        "error",
        "worker-crashed",
        file,
        None,
        None,
        f"{doing}时处理进程意外退出（崩溃），这个文件没有处理完",
        "检查这个文件中是否有异常深的嵌套（成百上千层“>”、列表缩进或括号）或损坏的内容，删掉后再试；"
        "仍然出现时，请把这个文件报告给 zonegen 维护者",
    )
