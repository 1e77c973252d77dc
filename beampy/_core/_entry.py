"""Entry points: :func:`open_runtime` embeds a runtime in trio; :func:`run` starts one."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import trio

from ._exceptions import Exit
from ._runtime import (
    Carrier,
    Kernel,
    Runtime,
    is_normal,
    runtime_var,
    thread_started,
    thread_stopped,
)

T = TypeVar("T")


@asynccontextmanager
async def open_runtime(
    *, seed: int | None = None, long_schedule: float = 0.1, adapt_gc: bool = True
) -> AsyncIterator[Runtime]:
    """Starts a beampy runtime inside the current trio program.

    Inside the block, trio code uses the :class:`~beampy.lowlevel.Runtime` it
    yields to spawn processes (``rt.spawn``), send to them (``rt.send``),
    signal them (``rt.exit``), wait for them to exit (``await
    rt.wait_exit(pid)``) and receive their replies (``async with rt.mailbox()
    as mb``).  Leaving the block kills every
    process still alive (reason ``"killed"``, like the BEAM halting), waits
    for them to finish their cleanup, and stops every trio task the runtime
    started: nothing is left running.

    Args:
        seed: shuffle the order in which runnable processes run, from this
            seed.  Correct programs give the same result under every seed (the
            BEAM promises only causal order); tests use it to prove that.
        long_schedule: a process that runs longer than this many seconds
            without reaching a beampy operation is reported once through
            structlog (event ``long_schedule``), like the BEAM's
            ``long_schedule`` system monitor.
        adapt_gc: while more processes are alive than CPython's default
            young-generation threshold (700; 2,000 on 3.13), raise that
            threshold with their number (up to 65,536) and put it back when
            the runtime ends; see "Garbage collection" in docs/differences.md.
            Only when the thresholds are CPython's defaults when the runtime
            opens; ``False`` never touches them.

    Example::

        async with beampy.open_runtime() as rt:
            pid = rt.spawn(worker, 42)
            reason = await rt.wait_exit(pid)
    """
    if seed is not None and type(seed) is not int:
        raise TypeError(f"open_runtime(): seed must be an int or None; got {seed!r}")
    if type(long_schedule) not in (int, float) or not long_schedule > 0:
        raise ValueError(
            f"open_runtime(): long_schedule must be a positive number of seconds; "
            f"got {long_schedule!r}"
        )
    if type(adapt_gc) is not bool:
        raise TypeError(f"open_runtime(): adapt_gc must be True or False; got {adapt_gc!r}")
    body_error: BaseException | None = None
    rt: Kernel | None = None
    thread_started()
    try:
        async with trio.open_nursery() as service:
            rt = await service.start(_serve, seed, float(long_schedule), adapt_gc)
            assert rt is not None
            token = runtime_var.set(rt)
            try:
                yield rt.runtime
            except BaseException as e:
                body_error = e
                raise
            finally:
                runtime_var.reset(token)
                await rt.shutdown()
    except BaseExceptionGroup as group:
        # The service nursery is beampy's own business: an exception from the
        # user's block, or the interrupt a process raised, comes out as itself.
        if rt is not None and rt.interrupt is not None:
            interrupt = rt.interrupt
            raise interrupt.with_traceback(interrupt.__traceback__) from None
        if body_error is not None and list(group.exceptions) == [body_error]:
            raise body_error from None
        if len(group.exceptions) == 1 and isinstance(
            group.exceptions[0], (KeyboardInterrupt, SystemExit)
        ):
            # Ctrl-C while the runtime shut down (its wait for a cleanup): bare, as any
            raise group.exceptions[0] from None
        raise
    finally:
        thread_stopped()


async def _serve(
    seed: int | None,
    long_schedule: float,
    adapt_gc: bool,
    *,
    task_status: trio.TaskStatus[Kernel] = trio.TASK_STATUS_IGNORED,
) -> None:
    # The carriers run shielded: cancelling the code that opened the runtime
    # must not strand processes half-way; Kernel.shutdown() kills them and
    # then cancels this nursery itself.
    with trio.CancelScope(shield=True):
        async with trio.open_nursery() as carriers:
            rt = Kernel(carriers, seed=seed, long_schedule=long_schedule, adapt_gc=adapt_gc)
            try:
                carriers.start_soon(rt.carrier_main, Carrier(), None)
                task_status.started(rt)
                # A process raised KeyboardInterrupt or SystemExit: every other
                # process is shut down inside the runtime, then it is re-raised.
                await rt.interrupted.wait()
                await rt.shutdown()
                assert rt.interrupt is not None
                raise rt.interrupt
            finally:
                rt.gc_detach()


def run(
    fn: Callable[..., Coroutine[Any, Any, T]],
    *args: Any,
    clock: trio.abc.Clock | None = None,
    seed: int | None = None,
    long_schedule: float = 0.1,
    adapt_gc: bool = True,
) -> T:
    """Runs ``fn(*args)`` as the first process of a new runtime and returns its result.

    The beampy counterpart of :func:`trio.run`.  When the first process ends,
    every other process is killed and the runtime stops.

    Returns:
        What ``fn`` returned.

    Raises:
        The first process's exit reason when that is an exception: the one it
        crashed with, or the crash of a linked process whose exit signal killed
        it; :class:`Exit` with the reason for any other abnormal exit
        (``raise Exit(r)``, or killed by an exit signal such as ``"kill"``).

    Args:
        fn, args: the first process.
        clock: a trio clock, e.g. ``trio.testing.MockClock(autojump_threshold=0)``
            to run timeouts instantly in tests.
        seed, long_schedule, adapt_gc: as for :func:`open_runtime`.

    Example::

        async def main():
            return "hello"

        assert beampy.run(main) == "hello"
    """

    if not callable(fn):
        raise TypeError(
            f"run(): fn must be an async function (async def) to run as the first process; "
            f"got {fn!r} ({type(fn).__name__}), which is not callable"
        )
    if clock is not None and not isinstance(clock, trio.abc.Clock):
        raise TypeError(
            "run(): clock must be a trio.abc.Clock, such as "
            f"trio.testing.MockClock(autojump_threshold=0); got {clock!r} ({type(clock).__name__})"
        )

    async def main() -> tuple[Any, Any]:
        async with open_runtime(seed=seed, long_schedule=long_schedule, adapt_gc=adapt_gc) as rt:
            kernel = rt._kernel
            pid = kernel.spawn_proc(fn, args, "normal", False, None, "run").pid
            kernel.first = pid._proc
            return await kernel.join(pid)

    reason, value = trio.run(main, clock=clock)
    if is_normal(reason):
        return value  # type: ignore[no-any-return]
    if isinstance(reason, BaseException) and not isinstance(reason, Exit):
        raise reason
    raise Exit(reason)
