"""Test helpers in the spirit of ExUnit: mailbox assertions and tests run as processes.

* :func:`assert_receive` / :func:`refute_receive` wait (100 ms by default, as
  ExUnit's) for a message matching one of the patterns; :func:`assert_received`
  / :func:`refute_received` look at what is already in the mailbox.  A failed
  assertion raises :class:`AssertionError` listing the patterns and what the
  mailbox holds, as ExUnit's message does.
* :func:`process_test` turns ``async def test_x():`` into a test whose body runs
  as a process of a fresh runtime on trio's autojump ``MockClock``, as each
  ExUnit test runs in a process of its own.  It ends as ExUnit's test process
  ends (exit ``"shutdown"``, so linked processes go too), fails with the crash
  when a linked process crashes, and shuts down and reports what is left.

Not here yet: ``start_supervised`` (ExUnit's way to start a process under the
test's supervisor, stopped before the next test) comes with the Supervisor.
"""

from __future__ import annotations

import functools
import inspect
import math
import sys
from collections.abc import Callable, Coroutine
from typing import Any, Final, Literal, ParamSpec, overload

import trio
import trio.testing

from .. import _core
from .._core import ANY, DownMessage, Exit, ExitSignal, Pid, ReceiveTimeout
from . import _proc_lib

__all__ = [
    "assert_receive",
    "assert_received",
    "process_test",
    "refute_receive",
    "refute_received",
]

#: ExUnit's defaults (``assert_receive_timeout``, ``refute_receive_timeout``): 100 ms.
DEFAULT_TIMEOUT: Final = 0.1
#: ExUnit shows at most this many messages of the mailbox in a failure.
_SHOWN: Final = 10

P = ParamSpec("P")


# == mailbox assertions ===========================================================


def _patterns_text(patterns: tuple[Any, ...]) -> str:
    if not patterns:
        return "  (any message)"
    return "\n".join(f"  {p!r}" for p in patterns)


def _mailbox_text() -> str:
    messages = _core.info(_core.self(), "messages") or []
    if not messages:
        return "The process mailbox is empty."
    shown = messages[:_SHOWN]
    lines = [f"Showing {len(shown)} of {len(messages)} messages in the mailbox:"]
    lines += [f"  {m!r}" for m in shown]
    return "\n".join(lines)


def _no_match(what: str, patterns: tuple[Any, ...]) -> AssertionError:
    return AssertionError(f"{what}\npatterns:\n{_patterns_text(patterns)}\n{_mailbox_text()}")


def _matched_text(msg: Any, patterns: tuple[Any, ...]) -> str:
    if not patterns:
        return f"Unexpectedly received message {msg!r}"
    if len(patterns) == 1:
        return f"Unexpectedly received message {msg!r} (which matched {patterns[0]!r})"
    listed = ", ".join(repr(p) for p in patterns)
    return f"Unexpectedly received message {msg!r} (which matched one of {listed})"


def _ms(seconds: float) -> str:
    return "infinity" if seconds == math.inf else f"{seconds * 1000:g}ms"


async def assert_receive(*patterns: Any, timeout: float = DEFAULT_TIMEOUT) -> Any:
    """Waits for a message matching one of ``patterns``, takes it and returns it.

    Mirrors ExUnit's ``assert_receive``.  The patterns are :func:`beampy.receive`'s
    (no pattern: any message); other messages stay in the mailbox.  Must be
    called from a process (a :func:`process_test` body, say).

    Args:
        *patterns: receive patterns; the message matching any of them is taken.
        timeout: seconds to wait, 0.1 by default as in ExUnit (``math.inf``: for ever).

    Raises:
        AssertionError: nothing matched in time.  The message lists the patterns
            and the first 10 messages of the mailbox.

    Example::

        beampy.send(beampy.self(), ("ok", 1))
        assert await assert_receive(("ok", ANY)) == ("ok", 1)
    """
    timeout = _proc_lib.check_timeout(timeout, "assert_receive()")
    try:
        return await _core.receive(*patterns, timeout=timeout)
    except ReceiveTimeout:
        pass
    raise _no_match(f"Assertion failed, no matching message after {_ms(timeout)}", patterns)


def assert_received(*patterns: Any) -> Any:
    """Takes and returns a message matching one of ``patterns`` that is already there.

    Mirrors ExUnit's ``assert_received``: no waiting.

    Raises:
        AssertionError: no message in the mailbox matches; lists patterns and mailbox.
    """
    try:
        return _core.receive_nowait(*patterns)
    except trio.WouldBlock:
        pass
    raise _no_match("Assertion failed, no matching message in the mailbox", patterns)


async def refute_receive(*patterns: Any, timeout: float = DEFAULT_TIMEOUT) -> None:
    """Checks that no message matching ``patterns`` arrives within ``timeout`` seconds.

    Mirrors ExUnit's ``refute_receive`` (0.1 s by default).  A matching message
    that does arrive is taken out of the mailbox and reported.

    Raises:
        AssertionError: a matching message arrived; the message shows it.
    """
    timeout = _proc_lib.check_timeout(timeout, "refute_receive()")
    try:
        msg = await _core.receive(*patterns, timeout=timeout)
    except ReceiveTimeout:
        return
    raise AssertionError(_matched_text(msg, patterns))


def refute_received(*patterns: Any) -> None:
    """Checks that no message matching ``patterns`` is in the mailbox now (no waiting).

    Mirrors ExUnit's ``refute_received``.

    Raises:
        AssertionError: a matching message is there (it is taken out and shown).
    """
    try:
        msg = _core.receive_nowait(*patterns)
    except trio.WouldBlock:
        return
    raise AssertionError(_matched_text(msg, patterns))


# == a test body as a process ======================================================

Leftovers = Literal["report", "fail", "ignore"]
_LEFTOVERS: Final = ("report", "fail", "ignore")


class _Outcome:
    __slots__ = ("raised", "signal", "result")

    def __init__(self) -> None:
        self.raised: BaseException | None = None
        self.signal: Any = None
        self.result: Any = None


async def _body(fn: Callable[..., Any], args: Any, kwargs: Any, out: _Outcome) -> None:
    """The test process: runs the test, then exits "shutdown" as ExUnit's does."""
    try:
        out.result = await fn(*args, **kwargs)
    except ExitSignal as e:
        out.signal = (e.reason,)
        raise
    except BaseException as e:
        out.raised = e
        raise
    raise Exit("shutdown")


def _describe(pid: Pid) -> str:
    name = _core.info(pid, "registered_name")
    initial = _proc_lib.translate_initial_call(pid)
    shown = ".".join(part for part in initial[:2] if part)
    return f"{pid!r}" + (f" ({name})" if name else "") + f" started as {shown}"


async def _shut_down(pids: list[Pid], timeout: float) -> None:
    """Exit signal "shutdown" to each, then "kill" to those still there after ``timeout``."""
    refs = {_core.monitor(p): p for p in pids}
    for p in reversed(pids):  # newest first, as a supervisor stops its children
        _core.exit(p, "shutdown")
    await _wait_downs(refs, timeout)
    for p in refs.values():
        _core.exit(p, "kill")
    await _wait_downs(refs, math.inf)


async def _wait_downs(refs: dict[Any, Pid], timeout: float) -> None:
    deadline = trio.current_time() + timeout
    while refs:
        try:
            down = await _core.receive(
                DownMessage(ANY, ANY, ANY), timeout=max(0.0, deadline - trio.current_time())
            )
        except ReceiveTimeout:
            return
        refs.pop(down.ref, None)


async def _supervise(
    fn: Callable[..., Any],
    args: Any,
    kwargs: Any,
    leftovers: str,
    shutdown_timeout: float,
    test_name: str,
) -> Any:
    out = _Outcome()
    body, ref = _core.spawn_monitor(_body, fn, args, kwargs, out)
    await _core.receive(DownMessage(ref, ANY, ANY))
    # what the test process had linked to itself went with it; give them the time a
    # supervisor gives its children to stop, then look at what is still running
    me = _core.self()
    others = {p: _core.monitor(p) for p in _core.list_() if p != me}
    await _wait_downs({r: p for p, r in others.items()}, shutdown_timeout)
    left = [p for p in _core.list_() if p != me]
    described = [_describe(p) for p in left]
    if left:
        await _shut_down(left, shutdown_timeout)

    if out.raised is not None:
        raise out.raised
    if out.signal is not None:
        (reason,) = out.signal
        message = (
            f"{test_name}: the test process {body!r} was ended by an exit signal with reason "
            f"{reason!r} (a linked process exited abnormally)"
        )
        if isinstance(reason, BaseException):
            raise AssertionError(message) from reason
        raise AssertionError(message)
    if described and leftovers != "ignore":
        report = (
            f"{test_name}: {len(described)} process(es) left running at the end of the test "
            "were shut down:\n" + "\n".join(f"  {d}" for d in described)
        )
        if leftovers == "fail":
            raise AssertionError(report)
        print(f"beampy.testing: {report}", file=sys.stderr)
    return out.result


@overload
def process_test(fn: Callable[P, Coroutine[Any, Any, Any]], /) -> Callable[P, None]: ...


@overload
def process_test(
    *,
    seed: int | None = None,
    leftovers: Leftovers = "report",
    shutdown_timeout: float = 5.0,
) -> Callable[[Callable[P, Coroutine[Any, Any, Any]]], Callable[P, None]]: ...


def process_test(
    fn: Callable[..., Coroutine[Any, Any, Any]] | None = None,
    *,
    seed: int | None = None,
    leftovers: Leftovers = "report",
    shutdown_timeout: float = 5.0,
) -> Any:
    """Runs an ``async def`` test as a process of a fresh runtime on an autojump MockClock.

    Use it bare (``@process_test``) or with options (``@process_test(leftovers="fail")``).
    The decorated test becomes a plain (synchronous) pytest test that calls
    :func:`beampy.run`, so it works whether or not pytest-trio's ``trio_mode`` is
    on; sync fixtures are passed in as usual.  Inside, the test is a process:
    :func:`assert_receive`, ``beampy.self()``, ``GenServer.start_link`` all work,
    and every timeout runs on virtual time (no real waiting, deterministic).

    How a test ends, as an ExUnit test process does:

    * It returns: its process exits with ``"shutdown"``, so the processes it
      linked to itself (``spawn_link``, ``start_link``) exit too, a GenServer
      running its ``terminate``.
    * It raises (a failed ``assert``, a failed call's :class:`beampy.Exit`): the
      test fails with that exception.
    * A process linked to it exits abnormally: the test fails with an
      :class:`AssertionError` naming the reason, caused by the crash's exception.
    * Processes still running after ``shutdown_timeout`` (virtual) seconds are sent
      an exit signal ``"shutdown"``, then killed, and reported: on stderr
      (``leftovers="report"``), as a failure (``"fail"``), or not (``"ignore"``).

    Args:
        fn: the test (``async def``).
        seed: shuffles the run queue with this seed (see :func:`beampy.open_runtime`).
        leftovers: what to do about processes left running: ``"report"`` (default),
            ``"fail"`` or ``"ignore"``.
        shutdown_timeout: virtual seconds a process is given to stop, 5.0.

    Example::

        @process_test
        async def test_echo():
            beampy.send(beampy.self(), "ping")
            assert await assert_receive("ping") == "ping"
    """
    if leftovers not in _LEFTOVERS:
        raise ValueError(
            f"process_test(): leftovers must be one of {_LEFTOVERS}; got {leftovers!r}"
        )
    timeout = _proc_lib.check_timeout(shutdown_timeout, "process_test() shutdown_timeout")

    def decorate(test: Callable[..., Coroutine[Any, Any, Any]]) -> Callable[..., None]:
        if not inspect.iscoroutinefunction(test):
            raise TypeError(
                f"process_test(): the test must be an `async def` function; got {test!r}"
            )

        @functools.wraps(test)
        def run_as_process(*args: Any, **kwargs: Any) -> None:
            clock = trio.testing.MockClock(autojump_threshold=0)
            name = getattr(test, "__qualname__", repr(test))
            _core.run(
                _supervise, test, args, kwargs, leftovers, timeout, name, clock=clock, seed=seed
            )

        return run_as_process

    if fn is not None:
        return decorate(fn)
    return decorate
