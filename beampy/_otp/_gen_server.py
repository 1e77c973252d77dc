"""GenServer: a server process with Elixir's callbacks, built on proc_lib and gen.

The server's loop lives here, and so does the one place that interprets what
a callback returned (:func:`_interpret`).  A callback may be a plain method or
an ``async def``; its result is awaited when it is a coroutine.
"""

from __future__ import annotations

import math
import sys
import time
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Final, Literal, NoReturn, TypeAlias

import trio

from .. import _core
from .._core import (
    ANY,
    NODE,
    DownMessage,
    Exit,
    ExitMessage,
    NotInProcessError,
    Pid,
    ReceiveTimeout,
    Ref,
    emit_report,
)
from . import _gen, _proc_lib
from ._gen import CALL, CAST, SYSTEM

__all__ = [
    "Continue",
    "GenServer",
    "Ignore",
    "NoReply",
    "Ok",
    "Reply",
    "Stop",
]

_Coroutine: Final = types.CoroutineType


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "<missing>"


_MISSING: Final[Any] = _Missing()


# == what callbacks return ========================================================


@dataclass(frozen=True, slots=True)
class Continue:
    """Run ``handle_continue(arg, state)`` before the next message (``{:continue, arg}``)."""

    arg: Any


#: What may follow the state in a return: a timeout in seconds (``math.inf``:
#: none), ``"hibernate"``, or :class:`Continue`.  None means nothing.
Action: TypeAlias = "float | Literal['hibernate'] | Continue | None"


@dataclass(frozen=True, slots=True)
class Ok:
    """``init`` succeeded: ``{:ok, state}`` and ``{:ok, state, action}``.

    Example::

        def init(self, arg):
            return Ok(arg)                       # {:ok, arg}
            return Ok(arg, Continue("load"))     # {:ok, arg, {:continue, :load}}
    """

    state: Any
    action: Action = None


@dataclass(frozen=True, slots=True)
class Ignore:
    """``init`` declines: the start returns ``"ignore"`` and the process exits normally."""


@dataclass(frozen=True, slots=True)
class Reply:
    """``handle_call`` answers now: ``{:reply, reply, state}`` (and ``..., action}``)."""

    reply: Any
    state: Any
    action: Action = None

    def __init__(self, reply: Any, state: Any, action: Action = None) -> None:
        # (the slots' own setters: a frozen dataclass's generated __init__ goes
        # through object.__setattr__, twice the cost; a call handler makes one)
        _reply_reply(self, reply)
        _reply_state(self, state)
        _reply_action(self, action)


@dataclass(frozen=True, slots=True)
class NoReply:
    """Go on with ``state``: ``{:noreply, state}`` (and ``..., action}``).

    From ``handle_call`` it means "I will answer later with
    :meth:`GenServer.reply`".
    """

    state: Any
    action: Action = None

    def __init__(self, state: Any, action: Action = None) -> None:
        _noreply_state(self, state)
        _noreply_action(self, action)


@dataclass(frozen=True, slots=True)
class Stop:
    """Stop the server with ``reason`` after running ``terminate(reason, state)``.

    ``Stop(reason, state)`` is ``{:stop, reason, state}``;
    ``Stop(reason, state, reply=r)`` (from ``handle_call``) is
    ``{:stop, reason, r, state}``; ``Stop(reason)`` (from ``init`` only) is
    ``{:stop, reason}``.
    """

    reason: Any
    state: Any = _MISSING
    reply: Any = field(default=_MISSING, kw_only=True)


# the slots' own setters (a frozen dataclass refuses setattr)
_reply_reply, _reply_state, _reply_action = (vars(Reply)[n].__set__ for n in Reply.__slots__)
_noreply_state, _noreply_action = (vars(NoReply)[n].__set__ for n in NoReply.__slots__)

_RETURNS: Final = {
    "init": "Ok(state[, action]), Ignore() or Stop(reason)",
    "handle_call": "Reply(reply, state[, action]), NoReply(state[, action]) or "
    "Stop(reason, state[, reply=r])",
    "handle_cast": "NoReply(state[, action]) or Stop(reason, state)",
    "handle_info": "NoReply(state[, action]) or Stop(reason, state)",
    "handle_continue": "NoReply(state[, action]) or Stop(reason, state)",
}
_ACTIONS: Final = (
    "a timeout in seconds from 0 to 1e15 (math.inf: none), 'hibernate' or Continue(arg)"
)


def _valid_action(a: Any) -> bool:
    if a is None or type(a) is Continue:
        return True
    if type(a) is float or type(a) is int:
        return bool(0 <= a <= 1e15 or a == math.inf)  # beyond 1e15: use math.inf
    return type(a) is str and a == "hibernate"


# == the behaviour ================================================================


class GenServer:
    """A generic server: subclass it, write the callbacks, start it with :meth:`start_link`.

    Mirrors Elixir's ``GenServer``.  Each server process gets its own instance
    of the class (made with no arguments); the server's *state* is what the
    callbacks receive and return, as in Elixir.  Callbacks may be ``async
    def`` (free to await trio I/O) or plain methods::

        class Stack(GenServer):
            def init(self, items):
                return Ok(items)

            def handle_call(self, request, from_, state):
                match request:
                    case "pop":
                        return Reply(state[0], state[1:])

            def handle_cast(self, request, state):
                match request:
                    case ("push", x):
                        return NoReply([x, *state])

        _, pid = await GenServer.start_link(Stack, ["a"])
        await GenServer.call(pid, "pop")          # "a"
        GenServer.cast(pid, ("push", "b"))        # "ok"

    The defaults are ``use GenServer``'s: a call or cast the class does not
    handle crashes the server with a RuntimeError (so the caller exits); an
    unexpected message reaches the default ``handle_info``, which logs it
    (``genserver_unexpected_message``) and goes on; ``terminate`` does
    nothing; ``code_change`` keeps the state.
    """

    #: Set by the server process for its own instance: its pid.
    __slots__ = ()

    _beampy_defaults: ClassVar[bool] = True

    # -- the callbacks, with use GenServer's defaults ------------------------

    def handle_call(self, request: Any, from_: tuple[Pid, Any], state: Any) -> Any:
        """Answers a :meth:`call`.  Default: crash, as Elixir's does."""
        raise RuntimeError(
            f"attempted to call GenServer {_inspect_self()} but no handle_call/3 clause "
            "was provided"
        )

    def handle_cast(self, request: Any, state: Any) -> Any:
        """Handles a :meth:`cast`.  Default: crash, as Elixir's does."""
        raise RuntimeError(
            f"attempted to cast GenServer {_inspect_self()} but no handle_cast/2 clause "
            "was provided"
        )

    def handle_info(self, msg: Any, state: Any) -> Any:
        """Handles any other message.  Default: log it and go on."""
        _emit(
            "error",
            "genserver_unexpected_message",
            server=_self_name(),
            module=_module_name(type(self)),
            message=msg,
        )
        return NoReply(state)

    def handle_continue(self, arg: Any, state: Any) -> Any:
        """Runs after a callback returned ``Continue(arg)``.  Default: crash."""
        raise RuntimeError(
            f"attempted to call handle_continue/2 on GenServer {_inspect_self()} but no "
            "handle_continue/2 clause was provided"
        )

    def terminate(self, reason: Any, state: Any) -> Any:
        """Runs when the server stops (not when it is killed).  Default: nothing."""
        return "ok"

    def code_change(self, old_vsn: Any, state: Any, extra: Any) -> Any:
        """Upgrades the state (:func:`beampy.sys.change_code`).  Default: keep it."""
        return ("ok", state)

    # -- the client API --------------------------------------------------------

    @classmethod
    def child_spec(cls, arg: Any) -> dict[str, Any]:
        """The child spec a supervisor starts this class with (``use GenServer``'s child_spec/1).

        ``{"id": cls, "start": (cls.start_link, arg)}`` when the class defines its
        own ``start_link(arg)``, else ``{"id": cls, "start": (GenServer.start_link,
        cls, arg)}``; then the class attribute ``child_spec_defaults`` (a dict of
        child spec keys, Elixir's ``use GenServer, restart: :transient``) is
        applied.  A supervisor uses it for a child given as ``(cls, arg)`` (or as
        ``cls``: ``cls.child_spec([])``, as Elixir does for a bare module).

        Example::

            class Cache(GenServer):
                child_spec_defaults = {"restart": "transient", "shutdown": 10.0}
                ...

            Cache.child_spec("x")
            # {"id": Cache, "start": (GenServer.start_link, Cache, "x"),
            #  "restart": "transient", "shutdown": 10.0}
        """
        own = getattr(cls, "start_link", None)
        if own is GenServer.start_link:
            spec: dict[str, Any] = {"id": cls, "start": (GenServer.start_link, cls, arg)}
        else:
            spec = {"id": cls, "start": (own, arg)}
        spec.update(getattr(cls, "child_spec_defaults", None) or {})
        return spec

    @staticmethod
    async def start_link(
        module: type[GenServer],
        init_arg: Any,
        *,
        name: Any = None,
        timeout: float = math.inf,
    ) -> Any:
        """Starts a server linked to the caller; returns ``("ok", pid)``, ``"ignore"`` or
        ``("error", reason)``.

        ``init(init_arg)`` runs in the new process before this returns.  A name
        is a ``str`` (local), ``("via", registry, key)``; a name already taken
        gives ``("error", ("already_started", pid))``.  If ``init`` takes longer
        than ``timeout`` seconds the server is killed and ``("error",
        "timeout")`` returned.  As on the BEAM, a server that fails to start
        also sends its exit signal over the link: a caller that does not trap
        exits dies with it unless the reason is ``"normal"``.
        """
        return await _start(module, init_arg, name, timeout, linked=True)

    @staticmethod
    async def start(
        module: type[GenServer],
        init_arg: Any,
        *,
        name: Any = None,
        timeout: float = math.inf,
    ) -> Any:
        """Like :meth:`start_link`, without the link (the server has no parent)."""
        return await _start(module, init_arg, name, timeout, linked=False)

    @staticmethod
    async def call(server: Any, request: Any, timeout: float = 5.0) -> Any:
        """Sends ``request`` and waits for the reply of ``handle_call``; returns it.

        ``server`` is a pid, a registered name, ``(name, node)`` or ``("via",
        registry, key)``.  ``timeout`` is in seconds (``math.inf``: wait for
        ever).  On failure the caller exits (raises :class:`beampy.Exit`) with
        ``(reason, ("GenServer", "call", (server, request, timeout)))``, where
        ``reason`` is ``"noproc"``, ``"timeout"``, ``"calling_self"`` or the
        server's own exit reason.  A reply that arrives after the timeout is
        dropped, never left in the mailbox.
        """
        if (
            type(server) is Pid
            and type(timeout) is float
            and (0.0 <= timeout <= 1e15 or timeout == math.inf)
        ):
            pid: Any = server  # the common case, checked in one line
        else:
            timeout = _proc_lib.check_timeout(timeout, "GenServer.call()")
            _gen.check_server(server, "GenServer.call()")
            pid = _gen.whereis(server)
            if pid is None:
                raise Exit(("noproc", ("GenServer", "call", (server, request, timeout))))
        me = _caller("GenServer.call()")
        if pid is me:  # (a process has one Pid object: identity is equality)
            raise Exit(("calling_self", ("GenServer", "call", (server, request, timeout))))
        try:
            return await _gen.call(pid, CALL, request, timeout, me)
        except Exit as e:
            raise Exit((e.reason, ("GenServer", "call", (server, request, timeout)))) from None

    @staticmethod
    def cast(server: Any, request: Any) -> Literal["ok"]:
        """Sends ``request`` to ``handle_cast`` and returns ``"ok"`` at once, whatever happens."""
        _gen.check_server(server, "GenServer.cast()")
        _gen.send_to(server, (CAST, request))
        return "ok"

    @staticmethod
    def reply(from_: tuple[Pid, Any], reply: Any) -> Literal["ok"]:
        """Answers the call ``from_`` names (a deferred reply); from any process."""
        _gen.reply(from_, reply)
        return "ok"

    @staticmethod
    async def stop(server: Any, reason: Any = "normal", timeout: float = math.inf) -> Literal["ok"]:
        """Stops the server with ``reason``, running its ``terminate``; waits until it is gone.

        Returns ``"ok"``.  The caller exits with ``(why, ("GenServer", "stop",
        (server, reason, timeout)))`` when the server is not there
        (``"noproc"``), does not stop in time (``"timeout"``) or ends with
        another reason than ``reason``.  As OTP's ``proc_lib:stop``, it first
        asks the server to terminate (``sys.terminate``) and then waits for
        its end: a process that dies before it answered (one that is no
        behaviour, or a server killed while busy) makes ``why``
        ``(its_reason, ("sys", "terminate", (pid, reason, timeout)))``.
        """
        timeout = _proc_lib.check_timeout(timeout, "GenServer.stop()")
        _gen.check_server(server, "GenServer.stop()")
        mfa = ("GenServer", "stop", (server, reason, timeout))
        pid = _gen.whereis(server)
        if type(pid) is not Pid:
            raise Exit(("noproc" if pid is None else ("nodedown", pid[1]), mfa))  # type: ignore[index]
        if pid == _caller("GenServer.stop()"):
            raise Exit(("calling_self", mfa))
        try:
            await _gen.stop(pid, reason, timeout)
        except Exit as e:
            raise Exit((e.reason, mfa)) from None  # as Elixir's GenServer.stop wraps it
        return "ok"

    @staticmethod
    def whereis(server: Any) -> Pid | tuple[str, str] | None:
        """The pid behind a server reference, or None (``GenServer.whereis/1``)."""
        return _gen.whereis(server)

    @staticmethod
    async def multi_call(
        name: str, request: Any, timeout: float = math.inf, *, nodes: list[str] | None = None
    ) -> tuple[list[tuple[str, Any]], list[str]]:
        """Calls the server registered as ``name`` on each node; returns ``(replies, bad_nodes)``.

        ``replies`` is a list of ``(node, reply)``; a node where nothing answers
        (no such server, it died, the timeout) is in ``bad_nodes``.  Without
        distribution the only node is this one, ``beampy.NODE``.  With a finite
        timeout the calls are made, as OTP 25 makes them, by a helper process
        that ends with the timeout: the servers see it in ``from_``, and an answer
        that comes late reaches nobody.
        """
        if type(name) is not str:
            raise TypeError(f"GenServer.multi_call(): name must be a str; got {name!r}")
        timeout = _proc_lib.check_timeout(timeout, "GenServer.multi_call()")
        targets = _nodes(nodes, "GenServer.multi_call()")
        if timeout != math.inf:
            return await _multi_call_through_helper(name, request, timeout, targets)
        replies: list[tuple[str, Any]] = []
        bad: list[str] = []
        for node in targets:
            pid = _core.whereis(name) if node == NODE else None
            if pid is None or pid == _core.self():
                bad.append(node)
                continue
            try:
                replies.append((node, await _gen.call(pid, CALL, request, timeout)))
            except Exit:
                bad.append(node)
        return replies, bad

    @staticmethod
    def abcast(name: str, request: Any, *, nodes: list[str] | None = None) -> Literal["abcast"]:
        """Casts ``request`` to the server registered as ``name`` on each node."""
        if type(name) is not str:
            raise TypeError(f"GenServer.abcast(): name must be a str; got {name!r}")
        for node in _nodes(nodes, "GenServer.abcast()"):
            pid = _core.whereis(name) if node == NODE else None
            if pid is not None:
                _core.send(pid, (CAST, request))
        return "abcast"


async def _start(module: Any, init_arg: Any, name: Any, timeout: Any, *, linked: bool) -> Any:
    """start and start_link: proc_lib's synchronous start of :func:`_init_it`."""
    what = "GenServer.start_link()" if linked else "GenServer.start()"
    _check_start(module, name, what)
    timeout = _proc_lib.check_timeout(timeout, what)
    if name is not None:
        # gen:start's own look first: a taken name spawns nothing (so a trapping caller
        # gets no EXIT from a server that could never start); the server registers
        # itself and looks again, for a start that races with another
        held = _gen.whereis(name)
        if held is not None:
            return ("error", ("already_started", held))
    return await (_proc_lib.start_link if linked else _proc_lib.start)(
        _init_it,
        module,
        init_arg,
        name,
        linked,
        _core.self(),
        timeout=timeout,
        initial_call=(_module_name(module), "init", 1),
    )


async def _multi_call_through_helper(
    name: str, request: Any, timeout: float, nodes: list[str]
) -> tuple[list[tuple[str, Any]], list[str]]:
    """OTP 25's multi_call with a timeout: a middleman process makes the calls.

    It sends every request at once, tagged ``(tag, node)``, collects the answers
    node by node until the deadline, hands the result to the caller and ends; a
    caller that died before giving the go-ahead is given up quietly.
    """
    caller = _core.self()
    tag = _core.make_ref()
    helper, mref = _core.spawn_monitor(
        _multi_call_middleman, caller, tag, name, request, timeout, nodes
    )
    _core.send(helper, (caller, tag))
    msg = await _core.receive((tag, ANY), DownMessage(mref, ANY, ANY))
    if type(msg) is DownMessage:  # the middleman failed, or someone killed it
        raise Exit(msg.reason)
    _core.demonitor(mref, flush=True)
    return msg[1]  # type: ignore[no-any-return]


async def _multi_call_middleman(
    caller: Pid, tag: Any, name: str, request: Any, timeout: float, nodes: list[str]
) -> None:
    _core.flag("trap_exit", True)  # (deaf to exit signals but a kill, as OTP's)
    cref = _core.monitor(caller)
    go = await _core.receive((caller, tag), DownMessage(cref, ANY, ANY))
    if type(go) is DownMessage:
        return
    _core.demonitor(cref, flush=True)
    me = _core.self()
    sent: list[tuple[str, Any]] = []
    for node in nodes:
        pid = _core.whereis(name) if node == NODE else None
        ref = None
        if pid is not None:
            ref = _core.monitor(pid)
            _core.send(pid, (CALL, (me, (tag, node)), request))
        sent.append((node, ref))
    end = trio.current_time() + timeout
    replies: list[tuple[str, Any]] = []
    bad: list[str] = []
    for node, ref in sent:
        if ref is None:
            bad.append(node)
            continue
        try:
            msg = await _core.receive(
                ((tag, node), ANY),
                DownMessage(ref, ANY, ANY),
                timeout=max(0.0, end - trio.current_time()),
            )
        except ReceiveTimeout:
            _core.demonitor(ref, flush=True)
            bad.append(node)
            continue
        if type(msg) is DownMessage:
            bad.append(node)
        else:
            _core.demonitor(ref, flush=True)
            replies.append((node, msg[1]))
    _core.send(caller, (tag, (replies, bad)))


def _nodes(nodes: Any, what: str) -> list[str]:
    if nodes is None:
        return [NODE]
    if not isinstance(nodes, list) or not all(type(n) is str for n in nodes):
        raise TypeError(f"{what}: nodes must be a list of node names (str); got {nodes!r}")
    return nodes


def _module_name(module: type) -> str:
    return f"{module.__module__}.{module.__qualname__}"


def _check_start(module: Any, name: Any, what: str) -> None:
    if not (isinstance(module, type) and issubclass(module, GenServer)):
        raise TypeError(
            f"{what}: module must be a GenServer subclass; got {module!r} ({type(module).__name__})"
        )
    if not callable(getattr(module, "init", None)):
        raise TypeError(
            f"{what}: {module.__qualname__} does not define init(self, init_arg); every "
            "GenServer needs one (it returns Ok(state), Ignore() or Stop(reason))"
        )
    _gen.check_name(name, what)


def _caller(what: str) -> Pid:
    """The calling process; a clear error for trio code outside any process."""
    try:
        return _core.self()
    except NotInProcessError:
        raise NotInProcessError(
            f"{what} must be called from a beampy process (it waits for an answer in the "
            "caller's mailbox); from trio code, spawn a process that calls it"
        ) from None


def _self_name() -> Any:
    me = _core.self()
    name = _core.info(me, "registered_name")
    return name if name is not None else me


def _inspect_self() -> str:
    """The server as Elixir's ``inspect`` shows it in messages: ``:name`` or ``#PID<0.5.0>``."""
    name = _self_name()
    return f":{name}" if type(name) is str else f"#PID{name!r}"


def _emit(level: str, event: str, **kw: Any) -> None:
    """Logs through structlog; a failing log sink never takes the server down (the report
    then goes to stderr, :func:`beampy.lowlevel.emit_report`)."""
    emit_report(level, event, **kw)


# == the server process ===========================================================


class _Server:
    """One server's loop state (OTP's loop arguments)."""

    __slots__ = (
        "mod",
        "state",
        "parent",
        "name",
        "timeout",
        "dbg",
        "suspended",
        "last",
        "bad",
        "hib",
    )

    def __init__(self, mod: GenServer, state: Any, parent: Pid, name: Any) -> None:
        self.mod = mod
        self.state = state
        self.parent = parent
        self.name = name
        self.timeout: float | None = None  # the next receive's timeout
        self.dbg: _Debug | None = None  # sys.trace / sys.statistics, when on
        self.suspended = False
        self.last: Any = _MISSING  # the message being handled, for reports
        self.bad: str | None = None  # the callback that returned a bad value, for reports
        # hibernating: a system message (sys.get_state, suspend, ...) puts it back to sleep,
        # as gen_server's loop does with Time = hibernate
        self.hib = False


class _Debug:
    __slots__ = ("trace", "stats")

    def __init__(self) -> None:
        self.trace = False
        self.stats: dict[str, Any] | None = None


class _StopNow(Exception):  # noqa: N818 - internal control flow, never escapes
    """A callback asked to stop (its return value said so); carries the reason."""

    def __init__(self, reason: Any, state: Any, reply_to: Any = None, reply: Any = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.state = state
        self.reply_to = reply_to
        self.reply = reply


async def _init_it(
    cls: type[GenServer], init_arg: Any, name: Any, linked: bool, starter: Pid
) -> None:
    """The server process's body: register, init, acknowledge, loop."""
    if name is not None:
        held = _gen.register_name(name)
        if held is not True:
            _proc_lib.init_ack(("error", ("already_started", held)), to=starter)
            return  # exits normally, as OTP's does
    try:
        mod: Any = cls()
        r = mod.init(init_arg)
        if type(r) is _Coroutine:
            r = await r
    except BaseException as e:
        _gen.unregister_name(name)
        if isinstance(e, Exception):
            _proc_lib.init_ack(("error", _proc_lib.exit_reason_of(e)), to=starter)
        raise
    t = type(r)
    if t is Ok and _valid_action(r.action):
        _proc_lib.init_ack(("ok", _core.self()), to=starter)
        s = _Server(mod, r.state, starter if linked else _core.self(), name)
        await _after(s, r.action)
    _gen.unregister_name(name)
    if t is Ignore:
        _proc_lib.init_ack("ignore", to=starter)
        return
    if t is Stop and r.state is _MISSING and r.reply is _MISSING:
        _proc_lib.init_ack(("error", r.reason), to=starter)
        raise Exit(r.reason)
    reason = ("bad_return_value", r)
    _proc_lib.init_ack(("error", reason), to=starter)
    _emit_bad_return("init", r)
    raise Exit(reason)


def _emit_bad_return(callback: str, value: Any) -> None:
    """init returned something else than it may: said once, beside the crash report."""
    _emit(
        "error",
        "genserver_bad_return",
        server=_self_name(),
        callback=callback,
        returned=value,
        accepted=_RETURNS[callback] + "; the action is " + _ACTIONS,
    )


async def _after(s: _Server, action: Any) -> NoReturn:
    """Carries out the action ``init`` asked for, then loops for ever."""
    while type(action) is Continue:
        action = await _run_continue(s, action.arg)
    if action == "hibernate":
        s.hib = True
        await _core.hibernate(_loop, s)
    if action is not None and action != math.inf:
        s.timeout = float(action)
    await _loop(s)


async def _run_continue(s: _Server, arg: Any) -> Any:
    s.last = ("continue", arg)  # what reports show, as OTP's loop has {continue, Arg}
    failure: BaseException | None = None
    try:
        r = s.mod.handle_continue(arg, s.state)
        if type(r) is _Coroutine:
            r = await r
    except Exception as e:
        failure = e
    if s.dbg is not None and s.dbg.trace:
        # gen_server's event {continue, Arg}, which its print_event shows as "dbg"
        _dbg_print(f"*DBG* {_dbg_name(s)} dbg  {s.last!r}")
    if failure is None:
        try:
            return _noreply_or_stop(s, r, "handle_continue")
        except Exception as e:
            failure = e
    await _fail(s, failure)


def _noreply_or_stop(s: _Server, r: Any, callback: str) -> Any:
    """Interprets a return of handle_cast/info/continue: the new action, or _StopNow."""
    t = type(r)
    if t is NoReply and _valid_action(r.action):
        s.state = r.state
        if s.dbg is not None:
            _debug_noreply(s)
        return r.action
    if t is Stop and r.state is not _MISSING and r.reply is _MISSING:
        raise _StopNow(r.reason, r.state)
    s.bad = callback
    raise Exit(("bad_return_value", r))


async def _loop(s: _Server) -> NoReturn:
    """The receive loop: one message at a time, to the callback it is for."""
    receive = _core.receive
    mod = s.mod
    while True:
        while s.suspended:
            await _suspended(s)
            if s.hib:  # suspended or resumed, a hibernating server goes back to sleep
                await _core.hibernate(_loop, s)
        t = s.timeout
        if t is None:
            msg = await receive()
        else:
            s.timeout = None
            try:
                msg = await receive(timeout=t)
            except ReceiveTimeout:
                msg = "timeout"  # as gen_server: the timeout is an info message
        if s.dbg is not None:
            _debug_in(s, msg)
        hib = s.hib
        s.hib = False
        s.last = msg
        failure: BaseException | None = None
        action: Any = None
        try:
            if type(msg) is tuple and msg and msg[0] == CALL and len(msg) == 3:
                from_ = msg[1]
                r = mod.handle_call(msg[2], from_, s.state)
                if type(r) is _Coroutine:
                    r = await r
                if type(r) is Reply and (r.action is None or _valid_action(r.action)):
                    tag = from_[1]
                    if type(tag) is Ref and _core.is_alias(tag):
                        _core.send(tag, (tag, r.reply))  # gen.call's alias
                    else:
                        _gen.reply(from_, r.reply)
                    s.state = r.state
                    if s.dbg is not None:
                        _debug_out(s, from_, r.reply)
                    action = r.action
                elif type(r) is NoReply and _valid_action(r.action):
                    s.state = r.state
                    if s.dbg is not None:
                        _debug_noreply(s)
                    action = r.action
                elif type(r) is Stop and r.state is not _MISSING:
                    raise _StopNow(
                        r.reason,
                        r.state,
                        from_ if r.reply is not _MISSING else None,
                        r.reply,
                    )
                else:
                    s.bad = "handle_call"
                    raise Exit(("bad_return_value", r))
            elif type(msg) is tuple and msg and msg[0] == CAST and len(msg) == 2:
                r = mod.handle_cast(msg[1], s.state)
                if type(r) is _Coroutine:
                    r = await r
                action = _noreply_or_stop(s, r, "handle_cast")
            elif type(msg) is tuple and msg and msg[0] == SYSTEM and len(msg) == 3:
                await _system(s, msg[1], msg[2])
                # as system_continue: the timeout restarts, it is not dropped, and a
                # hibernating server hibernates again
                action = "hibernate" if hib else t
            elif type(msg) is ExitMessage and msg.pid == s.parent:
                raise _StopNow(msg.reason, s.state)
            else:
                r = mod.handle_info(msg, s.state)
                if type(r) is _Coroutine:
                    r = await r
                action = _noreply_or_stop(s, r, "handle_info")
        except Exception as e:
            failure = e
        if failure is not None:
            await _fail(s, failure)
        if action is not None:
            while type(action) is Continue:
                action = await _run_continue(s, action.arg)
            if action == "hibernate":
                s.hib = True
                await _core.hibernate(_loop, s)
            if action is not None and action != math.inf:
                s.timeout = float(action)


async def _fail(s: _Server, failure: BaseException) -> NoReturn:
    """A callback raised, or asked to stop: terminate (outside any except clause)."""
    if type(failure) is _StopNow:
        await _terminate(s, failure.reason, None, failure)
    await _terminate(s, _proc_lib.exit_reason_of(failure), failure, None)


async def _terminate(s: _Server, reason: Any, exc: BaseException | None, stop: Any) -> NoReturn:
    """Runs ``terminate``, reports an abnormal end, and exits with the reason (gen_server's)."""
    state = stop.state if stop is not None else s.state
    try:
        r = s.mod.terminate(reason, state)
        if type(r) is _Coroutine:
            await r
    except Exception as e:
        # terminate itself failed: that becomes the reason, and is reported
        await _report(s, _proc_lib.exit_reason_of(e), state)
        raise
    finally:
        if stop is not None and stop.reply_to is not None:
            _gen.reply(stop.reply_to, stop.reply)
            if s.dbg is not None:  # gen_server's reply/5: traced like any reply
                s.state = state
                _debug_out(s, stop.reply_to, stop.reply)
    if not _quiet(reason):
        await _report(s, reason, state)
    if exc is not None:
        raise exc
    raise Exit(reason) from None


def _quiet(reason: Any) -> bool:
    if type(reason) is str:
        return reason in ("normal", "shutdown")
    return type(reason) is tuple and len(reason) == 2 and reason[0] == "shutdown"


async def _report(s: _Server, reason: Any, state: Any) -> None:
    last = s.last
    client = None
    if type(last) is tuple and len(last) == 3 and last[0] == CALL:
        from_ = last[1]
        client = from_[0] if type(from_) is tuple and from_ else None
        last = last[2]  # as OTP's report: the request (the caller is `client`)
    elif type(last) is tuple and len(last) == 3 and last[0] == SYSTEM:
        last = []  # a stop (sys terminate) or a parent's exit while suspended: OTP's []
    status: dict[str, Any] = {"state": state, "reason": reason, "log": []}
    if last is not _MISSING:
        status["message"] = last
    status = await _format_status(s, status)
    fields: dict[str, Any] = {
        "server": s.name if s.name is not None else _core.self(),
        "module": _module_name(type(s.mod)),
        "last_message": status.get("message", last) if last is not _MISSING else None,
        "state": status.get("EXIT", status.get("state", state)),
        "reason": status.get("reason", reason),
    }
    if s.bad is not None:
        fields["bad_return_from"] = s.bad
        fields["accepted"] = _RETURNS[s.bad] + "; the action is " + _ACTIONS
    if client is not None:
        fields["client"] = client
        fields["client_alive"] = _core.is_alive(client) if type(client) is Pid else None
    _emit("error", "genserver_terminating", **fields)


async def _format_status(s: _Server, status: dict[str, Any]) -> dict[str, Any]:
    """What ``format_status`` (OTP 25's ``format_status/1``) lets reports and sys show.

    As OTP's ``gen:format_status``: the dict returned is merged into ``status``; if
    the callback raises or returns something else than a dict, ``status`` gets the
    key ``"EXIT"``, a text that reports and ``get_status`` show in place of the state
    (never the state the callback was there to hide).
    """
    fmt: Callable[[dict[str, Any]], Any] | None = getattr(s.mod, "format_status", None)
    if fmt is None:
        return status
    module = _module_name(type(s.mod))
    try:
        got = fmt(dict(status))
        if type(got) is _Coroutine:
            got = await got
    except Exception:
        return {**status, "EXIT": f"{module}:format_status/1 crashed"}
    if not isinstance(got, dict):
        return {**status, "EXIT": f"{module}:format_status/1 did not return a map"}
    return {**status, **got}


# == system messages (the sys protocol) ============================================
#
# A system message is a gen call labelled "system" (what beampy.sys sends).  The
# requests and replies are OTP's (sys.erl, gen_server's system callbacks):
#
#   "get_state"                      -> ("ok", state)
#   ("replace_state", fn)            -> ("ok", new) | ("error", ("callback_failed", ...))
#   "get_status"                     -> ("status", pid, ("module", "gen_server"), [...])
#   "suspend" / "resume"             -> "ok"
#   ("debug", ("trace", flag))       -> "ok"        (also accepted: ("trace", flag))
#   ("debug", ("statistics", flag))  -> "ok" | ("ok", stats) (also: ("statistics", flag))
#   ("change_code", mod, vsn, extra) -> "ok" | ("error", why); only while suspended
#   ("terminate", reason)            -> "ok", then the server terminates with reason
#   anything else                    -> ("error", ("unknown_system_msg", request))


async def _system(s: _Server, from_: Any, req: Any) -> Any:
    """Answers a system message; returns the loop's next action (None)."""
    if req == "get_state":
        _gen.reply(from_, ("ok", s.state))
    elif type(req) is tuple and len(req) == 2 and req[0] == "replace_state":
        failed: Any = None
        try:
            new = req[1](s.state)
            if type(new) is _Coroutine:
                new = await new
        except Exit as e:
            failed = ("exit", e.reason)
        except Exception as e:
            failed = ("error", e)
        if failed is None:
            s.state = new
            _gen.reply(from_, ("ok", new))
        else:
            why = ("callback_failed", ("gen_server", "system_replace_state"), failed)
            _gen.reply(from_, ("error", why))
    elif req == "get_status":
        _gen.reply(from_, await _status(s))
    elif req == "suspend":
        s.suspended = True
        _gen.reply(from_, "ok")
    elif req == "resume":
        s.suspended = False
        _gen.reply(from_, "ok")
    elif type(req) is tuple and len(req) == 2 and req[0] == "terminate":
        _gen.reply(from_, "ok")  # OTP answers first, then terminates
        raise _StopNow(req[1], s.state)
    elif type(req) is tuple and len(req) == 2 and req[0] == "debug":
        _gen.reply(from_, _debug_cmd(s, req[1]))
    elif type(req) is tuple and len(req) == 2 and req[0] in ("trace", "statistics"):
        _gen.reply(from_, _debug_cmd(s, req))
    elif type(req) is tuple and len(req) == 4 and req[0] == "change_code" and s.suspended:
        try:
            r = s.mod.code_change(req[2], s.state, req[3])
            if type(r) is _Coroutine:
                r = await r
        except Exit as e:
            r = ("EXIT", e.reason)  # what OTP's `catch` gives
        except Exception as e:
            r = ("EXIT", e)
        if type(r) is tuple and len(r) == 2 and r[0] == "ok":
            s.state = r[1]
            _gen.reply(from_, "ok")
        else:
            _gen.reply(from_, ("error", r))
    else:
        # (change_code while running lands here too, as in OTP)
        _gen.reply(from_, ("error", ("unknown_system_msg", req)))
    return None


async def _suspended(s: _Server) -> None:
    """While suspended only system messages and the parent's exit are handled."""
    msg = await _core.receive((SYSTEM, ANY, ANY), ExitMessage(s.parent, ANY))
    failure: BaseException | None = None
    if type(msg) is ExitMessage:
        failure = _StopNow(msg.reason, s.state)
    else:
        try:
            await _system(s, msg[1], msg[2])
        except _StopNow as stop:
            failure = stop
    if failure is not None:
        await _fail(s, failure)


async def _status(s: _Server) -> tuple[Any, ...]:
    """``sys:get_status``'s answer, shaped as gen_server's (OTP 25)."""
    me = _core.self()
    pdict = _core.info(me, "dictionary") or []
    # get_status shows format_status the state and the log only (no reason, no message)
    status = await _format_status(s, {"state": s.state, "log": []})
    state = status.get("EXIT", status.get("state", s.state))
    sys_state = "suspended" if s.suspended else "running"
    misc = [
        ("header", _status_header(s)),
        ("data", [("Status", sys_state), ("Parent", s.parent), ("Logged events", [])]),
        ("data", [("State", state)]),
    ]
    # what a behaviour built on GenServer adds (OTP's format_status/2 of supervisor)
    extra = getattr(s.mod, "_beampy_status_items", None)
    if extra is not None:
        misc.extend(extra(s.state))
    debug = _dbg_opts(s)
    return ("status", me, ("module", "gen_server"), [pdict, sys_state, s.parent, debug, misc])


def _dbg_opts(s: _Server) -> list[tuple[str, Any]]:
    """The debug options as ``sys`` lists them: the newest first."""
    dbg = s.dbg
    if dbg is None:
        return []
    opts: list[tuple[str, Any]] = []
    st = dbg.stats
    if st is not None:
        counts = (st["start_time"], ("reductions", st["reductions"]), st["messages_in"])
        opts.append(("statistics", (*counts, st["messages_out"])))
    if dbg.trace:
        if st is not None and st["after_trace"]:
            opts.append(("trace", True))
        else:
            opts.insert(0, ("trace", True))
    return opts


def _debug_cmd(s: _Server, cmd: Any) -> Any:
    """``sys``'s debug commands: ``("trace", bool)`` and ``("statistics", True|False|"get")``."""
    if type(cmd) is not tuple or len(cmd) != 2:
        return "unknown_debug"
    item, flag = cmd
    if item == "trace" and type(flag) is bool:
        dbg = s.dbg if s.dbg is not None else _Debug()
        if flag and not dbg.trace and dbg.stats is not None:
            dbg.stats["after_trace"] = False
        dbg.trace = flag
        s.dbg = dbg if dbg.trace or dbg.stats is not None else None
        return "ok"
    if item == "statistics":
        return _statistics(s, flag)
    return "unknown_debug"


def _statistics(s: _Server, flag: Any) -> Any:
    dbg = s.dbg
    if flag is True:
        dbg = dbg if dbg is not None else _Debug()
        if dbg.stats is None:
            dbg.stats = {
                "start_time": _localtime(),
                "reductions": _core.info(_core.self(), "reductions"),
                "messages_in": 0,
                "messages_out": 0,
                "after_trace": dbg.trace,  # for the order get_status lists them in
            }
        s.dbg = dbg
        return "ok"
    if flag is False:
        if dbg is not None:
            dbg.stats = None
            if not dbg.trace:
                s.dbg = None
        return "ok"
    if flag == "get":
        if dbg is None or dbg.stats is None:
            return ("ok", "no_statistics")
        st = dbg.stats
        reds = _core.info(_core.self(), "reductions")
        return (
            "ok",
            [
                ("start_time", st["start_time"]),
                ("current_time", _localtime()),
                ("reductions", reds - st["reductions"]),
                ("messages_in", st["messages_in"]),
                ("messages_out", st["messages_out"]),
            ],
        )
    return "unknown_debug"


def _localtime() -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """``erlang:localtime()``: ``((year, month, day), (hour, minute, second))``."""
    t = time.localtime()
    return ((t.tm_year, t.tm_mon, t.tm_mday), (t.tm_hour, t.tm_min, t.tm_sec))


def _dbg_name(s: _Server) -> str:
    """The server as OTP's debug lines and status header name it: name, via key, or pid."""
    name = s.name
    if name is None:
        return repr(_core.self())
    if type(name) is tuple:  # ("via", registry, key): OTP shows the key
        name = name[2]
    return name if type(name) is str else repr(name)


def _status_header(s: _Server) -> Any:
    """OTP's ``gen:format_status_header``: a line naming a pid or a name, and for a via
    key that is not a name (in Python, not a str) the pair ``(tag line, key)``."""
    tag = "Status for generic server"
    name = s.name
    if type(name) is tuple and type(name[2]) is not str:
        return (tag, name[2])
    return f"{tag} {_dbg_name(s)}"


def _dbg_print(text: str) -> None:
    # OTP writes to the server's group leader; beampy's is the host's stdout
    print(text, file=sys.stdout, flush=True)


def _debug_in(s: _Server, msg: Any) -> None:
    """A message came in: count it, and print gen_server's ``*DBG*`` line for it."""
    dbg = s.dbg
    assert dbg is not None
    if type(msg) is tuple and len(msg) == 3 and msg[0] == SYSTEM:
        return  # system messages are neither counted nor traced
    if type(msg) is ExitMessage and msg.pid == s.parent:
        return  # nor the parent's EXIT, which ends the server (as gen_server's decode_msg)
    if dbg.stats is not None:
        dbg.stats["messages_in"] += 1
    if dbg.trace:
        name = _dbg_name(s)
        if type(msg) is tuple and len(msg) == 3 and msg[0] == CALL:
            _dbg_print(f"*DBG* {name} got call {msg[2]!r} from {msg[1][0]!r}")
        elif type(msg) is tuple and len(msg) == 2 and msg[0] == CAST:
            _dbg_print(f"*DBG* {name} got cast {msg[1]!r}")
        else:
            _dbg_print(f"*DBG* {name} got {msg!r}")


def _debug_out(s: _Server, from_: Any, reply: Any) -> None:
    """A reply went out: count it and print ``*DBG* ... sent ... to ..., new state ...``."""
    dbg = s.dbg
    assert dbg is not None
    if dbg.stats is not None:
        dbg.stats["messages_out"] += 1
    if dbg.trace:
        _dbg_print(f"*DBG* {_dbg_name(s)} sent {reply!r} to {from_[0]!r}, new state {s.state!r}")


def _debug_noreply(s: _Server) -> None:
    """A callback returned NoReply: ``*DBG* ... new state ...``."""
    dbg = s.dbg
    assert dbg is not None
    if dbg.trace:
        _dbg_print(f"*DBG* {_dbg_name(s)} new state {s.state!r}")
