"""The synthesis worker processes: starting and stopping the pool, batching its tasks."""
from __future__ import annotations

import concurrent.futures as cf
import os
from pathlib import Path

from ..synth import workers

BATCH_CHARS = 2000  # text per worker task: big enough to amortise IPC, small enough to spread the work


def start_workers(jobs: int, cache_root: Path, engine: str | None = None) -> cf.ProcessPoolExecutor:
    """A pool of ``jobs`` synthesis worker processes (spawned, one engine each, of kind ``engine``:
    see ``synth.engine.get_engine``), started now."""
    import multiprocessing  # here: a build with nothing to synthesize, or only a few lines, starts no workers

    ctx = multiprocessing.get_context("spawn")
    pool = cf.ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=workers.init,
                                  initargs=(str(cache_root), engine))
    for _ in range(jobs):
        pool.submit(os.getpid)  # each submit while no worker is idle spawns one
    return pool


def default_jobs() -> int:
    """One worker per CPU this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def cap_jobs(jobs: int | None) -> tuple[int, str | None]:
    """``jobs`` (None: one per CPU), at most one per CPU (more only compete for them, and each
    costs a process and an engine's memory); and what to tell the user when it was cut."""
    cpus = default_jobs()
    if jobs is None:
        return cpus, None
    if jobs > cpus:
        return cpus, f"--jobs {jobs} is more than the {cpus} CPU(s) here: using {cpus}"
    return jobs, None


def _batches(tasks: list[workers.Task], size: int = BATCH_CHARS, jobs: int = 1) -> list[list[workers.Task]]:
    """``tasks`` in reading order, in batches of about ``size`` characters; a few tasks are still
    spread over two batches a worker, so that every worker has some (a voice change, say)."""
    size = max(1, min(size, sum(len(t.text) for t in tasks) // (2 * max(1, jobs))))
    out, cur, n = [], [], 0
    for t in tasks:
        cur.append(t)
        n += len(t.text)
        if n >= size:
            out.append(cur)
            cur, n = [], 0
    if cur:
        out.append(cur)
    return out


def _stop_pool(pool: cf.ProcessPoolExecutor, wait: float = 30.0) -> None:
    """Stop worker processes now: queued work is dropped, running work killed; return once the
    pool has wound down (at most ``wait`` seconds).

    Before Python 3.14 the workers are killed here by hand: ``shutdown`` forgets them
    (``_processes`` is None after it), so they are listed first. Waiting for the pool's manager
    thread matters too: a process that exits while that thread is still closing its pipes
    races Python 3.11's exit hook for the pool (``concurrent.futures.process._python_exit``),
    which then prints "Exception ignored in: <module 'threading'>" and a traceback after the
    command's own last line; and a worker still starting when its parent exits prints a
    traceback of its own."""
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14+
    manager = getattr(pool, "_executor_manager_thread", None)
    processes = list((getattr(pool, "_processes", None) or {}).values())
    if terminate:
        terminate()  # shuts the pool down, dropping queued work, and kills its workers
    else:
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in processes:
            proc.terminate()
    if manager is not None:
        manager.join(wait)
