"""sys: look into and steer a running behaviour process (Erlang's ``sys`` module).

Every function sends a *system message*, a gen call labelled ``"system"``, and
waits for its answer; the behaviour's loop answers it between two callbacks
(``_gen_server._system`` lists the requests and replies, which are OTP's).  So
a server busy in a callback answers only once the callback returns, a suspended
server still answers, and a process that is not a behaviour never answers (the
call times out, or exits with the process's own reason if it dies first).

Failures exit the caller as ``sys`` does: ``(reason, ("sys", function, args))``
where ``args`` are the arguments given, timeout last, e.g.
``("noproc", ("sys", "get_state", (pid, 5.0)))``.

Differences from Erlang's ``sys``: one arity per function (the timeout is a
keyword with a default, and always shows in the exit reason, as in the
``/2`` forms); ``sys:log``, ``log_to_file``, ``install`` and ``no_debug`` are
not there yet; ``*DBG*`` lines go to the host's stdout.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, Final, Literal

from .. import _core
from .._core import Exit, Pid
from . import _gen, _proc_lib

__all__ = [
    "CallbackFailed",
    "change_code",
    "get_state",
    "get_status",
    "replace_state",
    "resume",
    "statistics",
    "suspend",
    "terminate",
    "trace",
]

_DEFAULT_TIMEOUT: Final = 5.0


class CallbackFailed(Exception):  # noqa: N818 - the name is OTP's error term
    """The function :func:`replace_state` ran in the server failed (OTP's ``callback_failed``).

    Raised in the caller where Erlang's ``sys`` raises ``error(Reason)``.
    :attr:`reason` is OTP's term, ``("callback_failed", ("gen_server",
    "system_replace_state"), (kind, why))``, where ``kind`` is ``"error"`` (``why``
    is the exception the function raised; it is also the ``__cause__``) or
    ``"exit"`` (the function raised ``beampy.Exit(why)``).  The server's state is
    unchanged and the server goes on.
    """

    reason: Any

    def __init__(self, reason: Any) -> None:
        super().__init__(reason)
        self.reason = reason


async def _send_system_msg(what: str, server: Any, request: Any, fun: Any, timeout: Any) -> Any:
    """OTP's ``send_system_msg``: a gen call; a failure exits with ``(reason, mfa)``.

    ``fun`` is the function the exit reason names (OTP's ``mfa/2``: the function's
    name, or for replace_state the request itself).
    """
    timeout = _proc_lib.check_timeout(timeout, f"sys.{what}()")
    _gen.check_server(server, f"sys.{what}()")
    mfa = ("sys", fun, (server, *_extra_args(request), timeout))
    pid = server if type(server) is Pid else _gen.whereis(server)
    if pid == _core.self():
        raise Exit(("calling_self", mfa))
    try:
        return await _gen.call(server, _gen.SYSTEM, request, timeout)
    except Exit as e:
        raise Exit((e.reason, mfa)) from None


def _extra_args(request: Any) -> tuple[Any, ...]:
    """The arguments besides the server and the timeout, as OTP's ``mfa/2`` lists them."""
    if type(request) is tuple:
        if request[0] == "debug":
            return (request[1][1],)
        if request[0] == "change_code":
            return request[1:]
        if request[0] == "terminate":
            return (request[1],)
    return ()


async def get_state(server: Any, timeout: float = _DEFAULT_TIMEOUT) -> Any:
    """The state of a behaviour process (``:sys.get_state/2``).

    Meant for debugging: it reads the state between two callbacks.

    Args:
        server: a pid, a registered name, ``(name, node)`` or ``("via", registry, key)``.
        timeout: seconds to wait for the answer (``math.inf``: wait for ever).

    Raises:
        Exit: ``(reason, ("sys", "get_state", (server, timeout)))`` with reason
            ``"noproc"``, ``"timeout"``, ``"calling_self"`` or the process's own exit reason.
    """
    reply = await _send_system_msg("get_state", server, "get_state", "get_state", timeout)
    return _ok_value(reply)


async def replace_state(
    server: Any, fn: Callable[[Any], Any], timeout: float = _DEFAULT_TIMEOUT
) -> Any:
    """Replaces the state with ``fn(state)`` inside the server; returns the new state.

    Mirrors ``:sys.replace_state/3``.  ``fn`` runs in the server process, between
    two callbacks; it may be ``async``.  If it raises, the state is kept and the
    caller gets :class:`CallbackFailed`.

    Raises:
        CallbackFailed: ``fn`` raised (the server goes on with its old state).
        Exit: ``(reason, ("sys", ("replace_state", fn), (server, timeout)))``: note
            the function position, which is OTP's own.
    """
    if not callable(fn):
        raise TypeError(f"sys.replace_state(): fn must be a function of the state; got {fn!r}")
    request = ("replace_state", fn)
    reply = await _send_system_msg("replace_state", server, request, request, timeout)
    return _ok_value(reply)


def _ok_value(reply: Any) -> Any:
    if type(reply) is tuple and len(reply) == 2:
        if reply[0] == "ok":
            return reply[1]
        if reply[0] == "error":
            why = reply[1]
            failed = CallbackFailed(why)
            cause = why[2][1] if _is_callback_failure(why) else None
            if isinstance(cause, BaseException):
                raise failed from cause
            raise failed
    return reply


def _is_callback_failure(why: Any) -> bool:
    return (
        type(why) is tuple
        and len(why) == 3
        and why[0] == "callback_failed"
        and type(why[2]) is tuple
        and len(why[2]) == 2
    )


async def get_status(server: Any, timeout: float = _DEFAULT_TIMEOUT) -> Any:
    """The status of a behaviour process (``:sys.get_status/2``), in OTP's shape.

    For a GenServer: ``("status", pid, ("module", "gen_server"), [pdict,
    "running" | "suspended", parent, debug, misc])`` where ``misc`` is
    ``[("header", "Status for generic server <name>"), ("data", [("Status", ...),
    ("Parent", ...), ("Logged events", [])]), ("data", [("State", state)])]`` and
    the state is what the server's ``format_status`` leaves of it.

    Raises:
        Exit: ``(reason, ("sys", "get_status", (server, timeout)))``.
    """
    return await _send_system_msg("get_status", server, "get_status", "get_status", timeout)


async def suspend(server: Any, timeout: float = _DEFAULT_TIMEOUT) -> Literal["ok"]:
    """Suspends a behaviour process: it answers only system messages until :func:`resume`.

    Mirrors ``:sys.suspend/2``.  Other messages (calls, casts, infos) wait in its
    mailbox; a call made meanwhile times out as usual unless the server is
    resumed in time.  A suspended process still dies of exit signals, and a
    GenServer still terminates when its parent exits.

    Raises:
        Exit: ``(reason, ("sys", "suspend", (server, timeout)))``.
    """
    return await _send_system_msg("suspend", server, "suspend", "suspend", timeout)  # type: ignore[no-any-return]


async def resume(server: Any, timeout: float = _DEFAULT_TIMEOUT) -> Literal["ok"]:
    """Resumes a process :func:`suspend` stopped (``:sys.resume/2``).

    Raises:
        Exit: ``(reason, ("sys", "resume", (server, timeout)))``.
    """
    return await _send_system_msg("resume", server, "resume", "resume", timeout)  # type: ignore[no-any-return]


async def statistics(
    server: Any, flag: bool | Literal["get"], timeout: float = _DEFAULT_TIMEOUT
) -> Any:
    """Turns statistics on (``True``) or off (``False``), or reads them (``"get"``).

    Mirrors ``:sys.statistics/3``.  ``"get"`` returns ``("ok", [("start_time",
    t0), ("current_time", t), ("reductions", n), ("messages_in", n),
    ("messages_out", n)])`` where times are ``erlang:localtime()``'s
    ``((year, month, day), (hour, minute, second))``, or ``("ok",
    "no_statistics")`` when they are off.  Messages in are the calls, casts and
    other messages handled since; messages out the replies returned with
    ``Reply``; system messages are not counted.  Another flag answers
    ``"unknown_debug"``.

    Raises:
        Exit: ``(reason, ("sys", "statistics", (server, flag, timeout)))``.
    """
    request = ("debug", ("statistics", flag))
    return await _send_system_msg("statistics", server, request, "statistics", timeout)


async def trace(server: Any, flag: bool, timeout: float = _DEFAULT_TIMEOUT) -> Any:
    """Prints each event of the server to stdout (``True``) or stops it (``False``).

    Mirrors ``:sys.trace/3``.  A GenServer prints gen_server's lines, with
    Python's ``repr`` of the terms::

        *DBG* <0.2.0> got call 'get' from <0.1.0>
        *DBG* <0.2.0> sent 1 to <0.1.0>, new state 1
        *DBG* <0.2.0> got cast ('set', 2)
        *DBG* <0.2.0> new state 2
        *DBG* <0.2.0> got 'hello'

    A registered server shows its name instead of its pid.  Returns ``"ok"``
    (``"unknown_debug"`` for a flag that is not a bool).

    Raises:
        Exit: ``(reason, ("sys", "trace", (server, flag, timeout)))``.
    """
    request = ("debug", ("trace", flag))
    return await _send_system_msg("trace", server, request, "trace", timeout)


async def change_code(
    server: Any, module: Any, old_vsn: Any, extra: Any, timeout: float = _DEFAULT_TIMEOUT
) -> Any:
    """Asks a *suspended* server to upgrade its state with ``code_change(old_vsn, state, extra)``.

    Mirrors ``:sys.change_code/5``.  Returns ``"ok"`` when ``code_change``
    returned ``("ok", new_state)``; ``("error", value)`` when it returned
    anything else, ``("error", ("EXIT", reason))`` when it raised, and
    ``("error", ("unknown_system_msg", request))`` when the server is not
    suspended (as OTP answers).  ``module`` is passed along for the process to
    check; a GenServer ignores it.

    Raises:
        Exit: ``(reason, ("sys", "change_code", (server, module, old_vsn, extra, timeout)))``.
    """
    request = ("change_code", module, old_vsn, extra)
    return await _send_system_msg("change_code", server, request, "change_code", timeout)


async def terminate(server: Any, reason: Any, timeout: float = math.inf) -> Literal["ok"]:
    """Makes a behaviour process terminate with ``reason`` (``:sys.terminate/3``).

    The server answers ``"ok"`` and *then* terminates (a GenServer runs its
    ``terminate`` callback): this returns before the process is gone, as OTP's
    does.  To wait until it is gone, use ``GenServer.stop`` or a monitor.

    Raises:
        Exit: ``(reason, ("sys", "terminate", (server, reason, timeout)))``.
    """
    request = ("terminate", reason)
    return await _send_system_msg("terminate", server, request, "terminate", timeout)  # type: ignore[no-any-return]
