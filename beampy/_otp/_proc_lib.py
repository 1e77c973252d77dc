"""proc_lib: processes that know where they come from, and a synchronous start.

Mirrors Erlang's ``proc_lib``.  A process started here keeps, in its process
dictionary, the keys OTP keeps:

* ``"$ancestors"``: the registered name (or pid) of its parent, then the
  parent's own ancestors, nearest first;
* ``"$initial_call"``: what it was started to run, ``(module, function, arity)``.

:func:`start` and :func:`start_link` wait until the new process calls
:func:`init_ack` (or dies, or the timeout passes), as gen_server's start does.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Awaitable, Callable
from typing import Any, Final

import trio

from .. import _core
from .._core import ANY, DownMessage, Exit, ExitMessage, ExitSignal, Pid, ReceiveTimeout, Ref

__all__ = [
    "ack_tag",
    "check_timeout",
    "init_ack",
    "initial_call",
    "spawn",
    "spawn_link",
    "start",
    "start_link",
    "translate_initial_call",
]

#: The first element of the acknowledgement message, as in OTP (``{ack, Pid, Return}``).
ack_tag: Final = "ack"

_MAX_TIMEOUT: Final = 1e15
_INF: Final = math.inf


def check_timeout(timeout: Any, what: str) -> float:
    """``timeout`` as seconds (``math.inf`` for infinity), or a typed error naming it.

    Accepted: an int or float ``>= 0``, or ``math.inf``.
    """
    if timeout is _INF or (type(timeout) is float and 0.0 <= timeout <= _MAX_TIMEOUT):
        return timeout  # the common cases (math.inf itself: every start's default)
    if type(timeout) is bool or not isinstance(timeout, (int, float)):
        raise TypeError(
            f"{what}: timeout must be a number of seconds >= 0 or math.inf; got {timeout!r} "
            f"({type(timeout).__name__})"
        )
    if timeout != timeout or timeout < 0:
        raise ValueError(
            f"{what}: timeout must be a number of seconds >= 0 or math.inf; got {timeout!r}"
        )
    if timeout > _MAX_TIMEOUT and timeout != math.inf:
        raise ValueError(
            f"{what}: timeout {timeout!r} is too large (at most {_MAX_TIMEOUT:g}; "
            "use math.inf to wait forever)"
        )
    # an int stays the int it was, so that an exit reason shows the arguments as given
    # (Elixir's {:timeout, {GenServer, :call, [server, request, 1000]}}); others: a float
    return timeout if type(timeout) is int else float(timeout)


def _describe(fn: Any) -> tuple[str, str, int]:
    target = getattr(fn, "func", fn)  # a functools.partial shows the function it wraps
    module = getattr(target, "__module__", None) or "?"
    name = getattr(target, "__qualname__", None) or repr(target)
    code = getattr(target, "__code__", None)
    arity = code.co_argcount if code is not None else 0
    return (module, name, arity)


def ancestry() -> list[Any]:
    """What a child of the caller gets as ``$ancestors``: the caller first, then its own."""
    me = _core.self()
    own = _core.get("$ancestors")
    name = _core.info(me, "registered_name")
    first = name if name is not None else me
    return [first, *own] if isinstance(own, list) else [first]


async def _init_p(
    ancestors: list[Any],
    initial: tuple[str, str, int],
    fn: Callable[..., Awaitable[Any]],
    args: tuple[Any, ...],
) -> Any:
    _core.put("$ancestors", ancestors)
    _core.put("$initial_call", initial)
    return await fn(*args)


def spawn(
    fn: Callable[..., Awaitable[Any]],
    *args: Any,
    initial_call: tuple[str, str, int] | None = None,
) -> Pid:
    """Like :func:`beampy.spawn`, and the child records its ancestry and initial call.

    ``initial_call`` overrides what ``"$initial_call"`` shows (a behaviour
    records the module's callback, as gen_server records ``{Mod, init, 1}``).
    """
    initial = initial_call if initial_call is not None else _describe(fn)
    return _core.spawn(_init_p, ancestry(), initial, fn, args)


def spawn_link(
    fn: Callable[..., Awaitable[Any]],
    *args: Any,
    initial_call: tuple[str, str, int] | None = None,
) -> Pid:
    """Like :func:`spawn`, linked to the caller (``proc_lib:spawn_link``)."""
    initial = initial_call if initial_call is not None else _describe(fn)
    return _core.spawn_link(_init_p, ancestry(), initial, fn, args)


def init_ack(return_value: Any, to: Pid | str | None = None) -> None:
    """Tells the starter that this process is up: :func:`start` returns ``return_value``.

    Mirrors ``proc_lib:init_ack/1,2``.  Without ``to`` the acknowledgement goes
    to the parent, the first of ``"$ancestors"``.
    """
    if to is None:
        ancestors = _core.get("$ancestors")
        if not isinstance(ancestors, list) or not ancestors:
            raise RuntimeError(
                "init_ack(): this process was not started by proc_lib (no $ancestors); "
                "pass the starter's pid as `to`"
            )
        to = ancestors[0]
    # (a parent known by a name it no longer has: nobody waits for the ack)
    try:  # noqa: SIM105 - a try is free on 3.11, suppress() is an object per start
        _core.send(to, (ack_tag, _core.self(), return_value))
    except ValueError:
        pass


async def _sync_start(pid: Pid, failure: Any, ref: Ref | None, timeout: float) -> Any:
    """Waits for the child's ack or ``failure``; on timeout kills it, as OTP 23+ does.

    ``failure`` is the DOWN of ``ref`` for ``start`` (a monitor), or the child's EXIT
    for ``start_link`` (OTP 25's ``sync_start_link``: no monitor, so a starter that
    does not trap exits dies with a child that fails, by the link, and one whose child
    ends normally without acknowledging waits until ``timeout``, as on the BEAM).
    """
    try:
        msg = await _core.receive((ack_tag, pid, ANY), failure, timeout=timeout)
    except BaseException as e:
        await _given_up(pid, ref, ref is None, e)
        if isinstance(e, ReceiveTimeout):
            return ("error", "timeout")
        raise
    if type(msg) is not tuple:  # the DOWN or the EXIT
        return ("error", msg.reason)
    if ref is not None:
        _core.demonitor(ref, flush=True)
    return msg[2]


async def _given_up(pid: Pid, ref: Any, linked: bool, e: BaseException) -> None:
    """The wait for an ack ended without one: a timeout, or trio cancelled it.

    The start is abandoned (the child killed and gone, shielded so that this wait
    is not cancelled too, and nothing of it left in the mailbox), unless the
    starter itself was killed.
    """
    if isinstance(e, ReceiveTimeout):
        await _abandon(pid, ref, linked)
    elif not isinstance(e, ExitSignal):
        with trio.CancelScope(shield=True):
            await _abandon(pid, ref, linked)


async def _abandon(pid: Pid, ref: Any, linked: bool) -> None:
    """Kills a child whose start is given up; returns once it is gone."""
    if linked:
        _core.unlink(pid)
    if ref is None:
        ref = _core.monitor(pid)
    _core.exit(pid, "kill")
    await _core.receive(DownMessage(ref, ANY, ANY))  # it is gone before start returns
    if linked:
        # a trapping starter may have got the child's exit before the unlink
        _flush_exit(pid)
    with contextlib.suppress(trio.WouldBlock):
        _core.receive_nowait((ack_tag, pid, ANY))  # an ack that came with the cancellation


def _flush_exit(pid: Pid) -> None:
    with contextlib.suppress(trio.WouldBlock):
        _core.receive_nowait(ExitMessage(pid, ANY))


async def start(
    fn: Callable[..., Awaitable[Any]],
    *args: Any,
    timeout: float = math.inf,
    initial_call: tuple[str, str, int] | None = None,
) -> Any:
    """Starts a process and waits for its :func:`init_ack`; returns what it acknowledged.

    Mirrors ``proc_lib:start/3,4``: if the process dies first, returns
    ``("error", reason)``; if ``timeout`` seconds pass first, the process is
    killed and ``("error", "timeout")`` returned.
    """
    timeout = check_timeout(timeout, "proc_lib.start()")
    pid = spawn(fn, *args, initial_call=initial_call)
    ref = _core.monitor(pid)
    return await _sync_start(pid, DownMessage(ref, ANY, ANY), ref, timeout)


async def start_link(
    fn: Callable[..., Awaitable[Any]],
    *args: Any,
    timeout: float = math.inf,
    initial_call: tuple[str, str, int] | None = None,
) -> Any:
    """Like :func:`start`, with the new process linked to the caller (``proc_lib:start_link``).

    The link is made before the child runs, so a child that dies during its
    start also sends the caller its exit signal, as on the BEAM: a caller that
    traps exits gets ``("error", reason)`` (and no ``ExitMessage`` is left), one
    that does not dies with the child.  A child that ends normally without
    acknowledging leaves a caller that does not trap exits waiting until
    ``timeout``, as OTP 25's does.
    """
    timeout = check_timeout(timeout, "proc_lib.start_link()")
    pid = spawn_link(fn, *args, initial_call=initial_call)
    return await _sync_start(pid, ExitMessage(pid, ANY), None, timeout)


def initial_call(pid: Pid) -> tuple[str, str, list[str]] | None:
    """What ``pid`` was started to run, as recorded by proc_lib, or None.

    Mirrors ``proc_lib:initial_call/1``: ``(module, function, args)`` where
    ``args`` stands for the arguments with placeholders (``["Argument__1",
    "Argument__2"]`` for an arity of 2), as OTP's dummy argument list; None
    (OTP's ``false``) for a dead process or one not started by proc_lib.
    :func:`translate_initial_call` gives the arity instead.

    Example::

        _, agent = await Agent.start_link(load, "notes.txt")
        proc_lib.initial_call(agent)  # ("__main__", "load", ["Argument__1"])
    """
    found = _recorded(pid)
    if found is None:
        return None
    module, function, arity = found
    return (module, function, [f"Argument__{i}" for i in range(1, arity + 1)])


def translate_initial_call(pid: Pid) -> tuple[str, str, int]:
    """The ``(module, function, arity)`` proc_lib recorded for ``pid``.

    Mirrors ``proc_lib:translate_initial_call/1``: ``("proc_lib", "init_p", 5)``
    for a process that has none (dead, or not started by proc_lib).
    """
    found = _recorded(pid)
    return found if found is not None else ("proc_lib", "init_p", 5)


def _recorded(pid: Pid) -> tuple[str, str, int] | None:
    """The ``$initial_call`` in ``pid``'s dictionary, if it is alive and has one."""
    info = _core.info(pid, "dictionary")
    if info is None:
        return None
    for key, value in info:
        if key == "$initial_call":
            # (as OTP's raw_init_call: anything but a (module, function, arity) is none)
            if type(value) is tuple and len(value) == 3 and type(value[2]) is int:
                return value
            return None
    return None


def exit_reason_of(exc: BaseException) -> Any:
    """The exit reason a process raising ``exc`` would end with."""
    if isinstance(exc, Exit):
        return exc.reason
    return exc
