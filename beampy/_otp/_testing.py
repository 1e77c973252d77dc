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
* :func:`start_supervised` / :func:`stop_supervised` (and the ``_or_raise``
  forms, ExUnit's ``start_supervised!`` / ``stop_supervised!``) start a child
  under a supervisor owned by the test, stopped when the test ends, children
  in reverse start order, before the leftovers are looked for.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import math
import sys
from collections.abc import Callable, Coroutine
from typing import Any, Final, Literal, ParamSpec, overload

import trio
import trio.testing

from .. import _core
from .._core import ANY, DownMessage, Exit, ExitSignal, NotInProcessError, Pid, ReceiveTimeout
from . import _proc_lib
from ._gen_server import GenServer
from ._supervisor import Supervisor

__all__ = [
    "assert_receive",
    "assert_received",
    "process_test",
    "refute_receive",
    "refute_received",
    "start_supervised",
    "start_supervised_or_raise",
    "stop_supervised",
    "stop_supervised_or_raise",
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
    except NotInProcessError as e:
        raise type(e)(f"assert_receive(): {e}") from None
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
    except NotInProcessError as e:
        raise type(e)(f"assert_received(): {e}") from None
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
    except NotInProcessError as e:
        raise type(e)(f"refute_receive(): {e}") from None
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
    except NotInProcessError as e:
        raise type(e)(f"refute_received(): {e}") from None
    raise AssertionError(_matched_text(msg, patterns))


# == a test body as a process ======================================================

Leftovers = Literal["report", "fail", "ignore"]
_LEFTOVERS: Final = ("report", "fail", "ignore")


class _Outcome:
    __slots__ = ("raised", "signal", "result", "owner", "supervisor")

    def __init__(self, owner: Pid) -> None:
        self.raised: BaseException | None = None
        self.signal: Any = None
        self.result: Any = None
        #: the process that runs the test (``_supervise``) and owns its supervisor
        self.owner = owner
        #: the test supervisor, started by the first start_supervised
        self.supervisor: Pid | None = None


#: The test process's dictionary key for its :class:`_Outcome` (how
#: start_supervised finds the test it is called from).
_TEST_KEY: Final = "$beampy_test"
#: What the test process asks its owner for: ``(_START_SUPERVISOR, sender, tag)``.
_START_SUPERVISOR: Final = "$beampy_start_test_supervisor"


async def _body(fn: Callable[..., Any], args: Any, kwargs: Any, out: _Outcome) -> None:
    """The test process: runs the test, then exits "shutdown" as ExUnit's does."""
    _core.put(_TEST_KEY, out)
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
    recorded = _proc_lib.initial_call(pid)
    if recorded is not None:
        shown = f"{recorded[0]}.{recorded[1]}"
    else:  # not started by proc_lib: the function it was spawned with
        raw = _core.info(pid, "initial_call")
        shown = str(raw) if raw is not None else "proc_lib.init_p"
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
    out = _Outcome(_core.self())
    body, ref = _core.spawn_monitor(_body, fn, args, kwargs, out)
    while True:
        msg = await _core.receive(DownMessage(ref, ANY, ANY), (_START_SUPERVISOR, ANY, ANY))
        if type(msg) is DownMessage:
            break
        _, sender, tag = msg
        if out.supervisor is None:
            out.supervisor = await _start_test_supervisor()
        _core.send(sender, (tag, out.supervisor))
    if out.supervisor is not None:
        # ExUnit stops the test supervisor once the test process has exited: its
        # children in reverse start order, each as its shutdown says
        with contextlib.suppress(Exit):
            await GenServer.stop(out.supervisor, "shutdown")
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
            f"{reason!r} (a linked process exited abnormally, or a process called exit on it)"
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
    if seed is not None and type(seed) is not int:
        raise TypeError(
            f"process_test(): seed must be an int or None; got {seed!r} ({type(seed).__name__})"
        )

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


# == start_supervised ===============================================================


async def _start_test_supervisor() -> Pid:
    """The test supervisor, ExUnit's: one_for_one, 1,000,000 restarts in 1 second."""
    _core.flag("trap_exit", True)  # its exit is the owner's business, not a crash
    r = await Supervisor.start_link(
        [], strategy="one_for_one", max_restarts=1_000_000, max_seconds=1.0
    )
    pid: Pid = r[1]
    return pid


def _test_of_caller(what: str) -> _Outcome:
    out = _core.get(_TEST_KEY)
    if type(out) is not _Outcome:
        raise RuntimeError(
            f"{what} can only be called from the test process (the body of a @process_test "
            "test), as ExUnit's"
        )
    return out


async def _test_supervisor(what: str) -> Pid:
    out = _test_of_caller(what)
    if out.supervisor is None:
        tag = _core.make_ref()
        _core.send(out.owner, (_START_SUPERVISOR, _core.self(), tag))
        reply = await _core.receive((tag, ANY))
        out.supervisor = reply[1]
    assert out.supervisor is not None
    return out.supervisor


async def start_supervised(child: Any, **overrides: Any) -> Any:
    """Starts ``child`` under the test's supervisor; it is stopped when the test ends.

    Mirrors ExUnit's ``start_supervised/2``.  The first call starts the test
    supervisor (one_for_one, as ExUnit's), owned by :func:`process_test`'s
    runner, not linked to the test process.  When the test ends (the test
    process has exited) the supervisor is stopped: its children in reverse start
    order, each as its ``shutdown`` says, before the leftovers are looked for.
    Meanwhile a child that exits is restarted as its ``restart`` says, and its
    crash does not fail the test (it is not linked to the test process); use
    :func:`stop_supervised` to stop one for good.

    Args:
        child: a child spec dict, a class or ``(class, arg)``, as a supervisor's
            children (``Supervisor.child_spec``).
        **overrides: child spec keys to replace (``id="other"``,
            ``restart="temporary"``), as ExUnit's options.

    Returns:
        What ``Supervisor.start_child`` returns: ``("ok", pid)``, ``("ok", pid,
        info)``, ``("ok", "undefined")``, or ``("error", reason)`` (``("error",
        ("already_started", pid))`` for an id in use, ``("error", (reason,
        child_record))`` when the start failed).

    Raises:
        RuntimeError: called from another process than the test process.
        SpecError: a bad child spec or override.

    Example::

        @process_test
        async def test_counter():
            ok, pid = await start_supervised((Agent, lambda: 0))
            assert await Agent.get(pid, lambda n: n) == 0
    """
    sup = await _test_supervisor("start_supervised()")
    spec = Supervisor.child_spec(child, **overrides)
    return await Supervisor.start_child(sup, spec)


def _start_error(reason: Any) -> Any:
    """The reason ExUnit shows for a failed start (the child record left out)."""
    if type(reason) is tuple and len(reason) == 2 and type(reason[1]) is tuple:
        inner = reason[0]
        if type(inner) is tuple and len(inner) == 2 and inner[0] == "EXIT":
            return inner[1]
        return inner
    return reason


async def start_supervised_or_raise(child: Any, **overrides: Any) -> Any:
    """:func:`start_supervised`, returning the pid and raising when the start fails.

    ExUnit's ``start_supervised!/2`` (``!`` has no Python spelling: Elixir's
    "raises on failure" variant is named with ``_or_raise``).  Returns the pid
    (``"undefined"`` when the start function answered ``"ignore"``, as ExUnit
    returns ``:undefined``).

    Raises:
        RuntimeError: the child did not start; the message names the spec and the
            reason (the child record left out); when the reason is an exception it
            is the ``__cause__``.  Also when called from another process than the
            test process.
        SpecError: a bad child spec or override.
    """
    r = await start_supervised(child, **overrides)
    if r[0] == "ok":
        return r[1]
    reason = _start_error(r[1])
    error = RuntimeError(f"failed to start child with the spec {child!r}.\nReason: {reason!r}")
    if isinstance(reason, BaseException):
        raise error from reason
    raise error


async def stop_supervised(child_id: Any) -> Any:
    """Stops the child ``child_id`` of the test's supervisor and forgets it.

    Mirrors ExUnit's ``stop_supervised/1``: ``Supervisor.terminate_child`` then
    ``delete_child``, so the child is not restarted.  Returns ``"ok"`` or
    ``("error", "not_found")``.

    Raises:
        RuntimeError: called from another process than the test process.
    """
    out = _test_of_caller("stop_supervised()")
    if out.supervisor is None:
        return ("error", "not_found")
    r = await Supervisor.terminate_child(out.supervisor, child_id)
    if r != "ok":
        return r
    return await Supervisor.delete_child(out.supervisor, child_id)


async def stop_supervised_or_raise(child_id: Any) -> Literal["ok"]:
    """:func:`stop_supervised`, raising when there is no such child (ExUnit's ``stop_supervised!``).

    Raises:
        RuntimeError: no child has that id ("could not stop child ID ... because it
            was not found"), or called from another process than the test process.
    """
    r = await stop_supervised(child_id)
    if r != "ok":
        raise RuntimeError(f"could not stop child ID {child_id!r} because it was not found")
    return "ok"
