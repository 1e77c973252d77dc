"""gen: the plumbing every behaviour shares (OTP's ``gen`` module).

* **Names.** A server is started under no name, a local name (``str``), or
  ``("via", registry, key)`` where ``registry`` follows :class:`ViaRegistry`;
  ``("global", name)`` needs distribution and is refused with a typed error.
  A server is *addressed* by a pid, a local name, ``(name, node)`` or a via
  tuple.
* **Call.** Monitor the server with an alias, send ``(label, (caller, alias),
  request)``, wait for ``(alias, reply)`` or the DOWN, with a timeout.  A reply
  that comes after the timeout finds the alias inactive and is dropped, so it
  never reaches the caller's mailbox (OTP 24's design).
* **Reply.** ``(alias, reply)`` sent to the alias: from any process.
"""

from __future__ import annotations

import contextlib
import math
from typing import Any, Final, Protocol, runtime_checkable

import trio

from .. import _core
from .._core import ANY, NODE, DownMessage, Exit, ExitSignal, Pid, ReceiveTimeout, Ref

__all__ = [
    "CALL",
    "CAST",
    "SYSTEM",
    "ViaRegistry",
    "call",
    "check_name",
    "check_server",
    "register_name",
    "reply",
    "send_to",
    "stop",
    "unregister_name",
    "whereis",
]

#: The tags of the messages a behaviour's loop receives, OTP's names.
CALL: Final = "$gen_call"
CAST: Final = "$gen_cast"
SYSTEM: Final = "system"


@runtime_checkable
class ViaRegistry(Protocol):
    """What ``("via", registry, key)`` needs of ``registry`` (Elixir's ``:via`` modules).

    Methods: ``register_name(key, pid) -> bool`` (False when the key is
    taken), ``unregister_name(key)``, ``whereis_name(key) -> Pid | None`` and
    ``send(key, msg)`` (deliver or raise).  The registry is responsible for
    dropping a name when its process exits (Elixir's ``Registry`` does it
    with a monitor or a link).

    Example::

        class Names:
            def __init__(self):
                self.table = {}
            def register_name(self, key, pid):
                if self.whereis_name(key) is not None:
                    return False
                self.table[key] = pid
                return True
            def unregister_name(self, key):
                self.table.pop(key, None)
            def whereis_name(self, key):
                pid = self.table.get(key)
                return pid if pid is not None and beampy.is_alive(pid) else None
            def send(self, key, msg):
                pid = self.whereis_name(key)
                if pid is None:
                    raise ValueError(f"no process under {key!r}")
                beampy.send(pid, msg)
    """

    def register_name(self, key: Any, pid: Pid, /) -> bool: ...

    def unregister_name(self, key: Any, /) -> Any: ...

    def whereis_name(self, key: Any, /) -> Pid | None: ...

    def send(self, key: Any, msg: Any, /) -> Any: ...


_NAME_FORMS: Final = (
    "a str (a local name), ('via', registry, key) with a registry that has register_name, "
    "unregister_name, whereis_name and send, or ('global', name) once distribution exists"
)
_SERVER_FORMS: Final = "a Pid, a registered name (str), (name, node) or ('via', registry, key)"


def _is_via(x: Any) -> bool:
    return type(x) is tuple and len(x) == 3 and x[0] == "via"


def _check_registry(registry: Any, what: str) -> None:
    missing = [
        m
        for m in ("register_name", "unregister_name", "whereis_name", "send")
        if not callable(getattr(registry, m, None))
    ]
    if missing:
        raise TypeError(
            f"{what}: the via registry {registry!r} lacks {', '.join(missing)}; "
            "a registry has register_name(key, pid), unregister_name(key), whereis_name(key) "
            "and send(key, msg)"
        )


def check_name(name: Any, what: str) -> None:
    """Raises a typed error unless ``name`` is a name form a server can be started under."""
    if name is None or type(name) is str:
        if name == "undefined":
            raise ValueError(f"{what}: 'undefined' cannot be registered")
        return
    if _is_via(name):
        _check_registry(name[1], what)
        return
    if type(name) is tuple and len(name) == 2 and name[0] == "global":
        raise NotImplementedError(
            f"{what}: {name!r} is a global name, which needs distribution (not available yet); "
            "use a local name or ('via', registry, key)"
        )
    raise TypeError(f"{what}: name must be {_NAME_FORMS}; got {name!r} ({type(name).__name__})")


def check_server(server: Any, what: str) -> None:
    """Raises TypeError unless ``server`` is a form a server can be addressed by."""
    t = type(server)
    if t is Pid or t is str:
        return
    if t is tuple:
        if len(server) == 2 and server[0] == "global":  # before (name, node), as Elixir
            raise NotImplementedError(
                f"{what}: {server!r} is a global name, which needs distribution (not available yet)"
            )
        if len(server) == 2 and type(server[0]) is str and type(server[1]) is str:
            return
        if _is_via(server):
            _check_registry(server[1], what)
            return
    raise TypeError(f"{what}: server must be {_SERVER_FORMS}; got {server!r} ({t.__name__})")


def register_name(name: Any) -> Any:
    """Registers the caller under ``name``; returns True, or the pid that holds it.

    A via registry that refuses the name while nobody holds it gives None, for
    OTP's ``{already_started, undefined}``.

    Called by the new server itself, as OTP does, so that the name and the
    process appear together.
    """
    me = _core.self()
    if type(name) is str:
        holder = _core.whereis(name)
        if holder is not None:
            return holder
        _core.register(me, name)
        return True
    registry, key = name[1], name[2]
    if registry.register_name(key, me):
        return True
    return registry.whereis_name(key)


def unregister_name(name: Any) -> None:
    """Drops a name taken by :func:`register_name` (a start that failed after registering)."""
    if name is None:
        return
    if type(name) is str:
        if _core.whereis(name) == _core.self():
            _core.unregister(name)
    else:
        name[1].unregister_name(name[2])


def whereis(server: Any) -> Pid | tuple[str, str] | None:
    """The pid a server reference stands for now, or None (Elixir's ``GenServer.whereis``).

    A ``(name, node)`` for another node is returned as it is.
    """
    t = type(server)
    if t is Pid:
        return server  # type: ignore[no-any-return]
    if t is str:
        return _core.whereis(server)
    if t is tuple and len(server) == 2 and type(server[0]) is str and type(server[1]) is str:
        if server[0] == "global":
            check_server(server, "whereis()")
        if server[1] == NODE:
            return _core.whereis(server[0])
        return server  # type: ignore[no-any-return]
    if _is_via(server):
        return server[1].whereis_name(server[2])  # type: ignore[no-any-return]
    check_server(server, "whereis()")
    raise AssertionError("unreachable")


def send_to(server: Any, msg: Any) -> None:
    """Sends ``msg`` to a server reference; a name nobody holds drops it (as a cast does)."""
    t = type(server)
    if t is Pid:
        _core.send(server, msg)
        return
    if _is_via(server):
        with contextlib.suppress(Exception):  # a cast never fails (Elixir's GenServer.cast)
            server[1].send(server[2], msg)
        return
    target = whereis(server)
    if type(target) is Pid:
        _core.send(target, msg)


async def call(server: Any, label: str, request: Any, timeout: float, me: Pid | None = None) -> Any:
    """Sends a request and waits for its reply; raises :class:`Exit` with the bare reason.

    The reasons are OTP's: ``"noproc"`` (nothing to call), ``"timeout"``, the
    server's own exit reason when it died first, ``("nodedown", node)`` for
    another node.  The caller is responsible for wrapping them with what was
    called (GenServer's ``(reason, ("GenServer", "call", (...)))``).  ``me`` is the
    caller's pid when the caller already has it.
    """
    pid = server if type(server) is Pid else whereis(server)
    if type(pid) is not Pid:
        if pid is None:
            raise Exit("noproc")
        raise Exit(("nodedown", pid[1]))  # type: ignore[index]
    # OTP 25's gen:call: the alias lives until the caller demonitors, so a second
    # reply that comes before then stays in the mailbox, as on the BEAM
    ref = _core.monitor(pid, alias="demonitor")
    _core.send(pid, (label, (me if me is not None else _core.self(), ref), request))
    try:
        msg = await _core.receive((ref, ANY), DownMessage(ref, ANY, ANY), timeout=timeout)
    except ReceiveTimeout:
        _drop_monitor(ref)  # the alias goes too: a late reply is dropped
        try:
            msg = _core.receive_nowait((ref, ANY))  # unless it came just now
        except trio.WouldBlock:
            raise Exit("timeout") from None
        return msg[1]
    except BaseException as e:
        # trio cancelled the wait (move_on_after, a cancelled nursery): the call is
        # abandoned as after a timeout, so no late reply or DOWN is left behind
        if not isinstance(e, ExitSignal):
            _drop_monitor(ref)
            with contextlib.suppress(trio.WouldBlock):
                _core.receive_nowait((ref, ANY))  # a reply that came with the cancellation
        raise
    if type(msg) is DownMessage:
        raise Exit(msg.reason)
    _drop_monitor(ref)
    return msg[1]


async def stop(pid: Pid, reason: Any, timeout: float) -> None:
    """Makes the behaviour process ``pid`` terminate with ``reason`` and waits for its end.

    OTP's ``gen:stop`` and ``proc_lib:stop``, in their two steps: the terminate request
    (the process answers, then terminates) and the wait for its DOWN, within ``timeout``
    seconds in all.  Raises :class:`Exit` with proc_lib's reasons: ``"noproc"``,
    ``"timeout"``, ``(its_reason, ("sys", "terminate", (pid, reason, timeout)))`` for a
    process that died before it answered, or the other reason it ended with.
    """
    # the monitor's reference is the request's tag and an alias for the answer
    ref = _core.monitor(pid, alias="demonitor")
    _core.send(pid, (SYSTEM, (_core.self(), ref), ("terminate", reason)))
    deadline = trio.current_time() + timeout if timeout != math.inf else math.inf
    try:
        try:
            msg = await _core.receive((ref, ANY), DownMessage(ref, ANY, ANY), timeout=timeout)
        except ReceiveTimeout:
            # as OTP's gen call: an answer that came with the timeout is taken
            msg = _take_nowait((ref, ANY))
            if msg is None:
                raise
        if type(msg) is DownMessage:
            if msg.reason == "noproc" or msg.reason == "timeout":
                raise Exit(msg.reason)  # proc_lib:stop strips the sys:terminate call
            # it died before it answered: the exit of OTP's sys:terminate call
            raise Exit((msg.reason, ("sys", "terminate", (pid, reason, timeout))))
        # it answered, then terminates: wait for its end
        left = max(0.0, deadline - trio.current_time()) if deadline != math.inf else math.inf
        down = await _core.receive(DownMessage(ref, ANY, ANY), timeout=left)
    except ReceiveTimeout:
        _stop_abandoned(ref)
        raise Exit("timeout") from None
    except BaseException as e:
        if not isinstance(e, (ExitSignal, Exit)):  # trio cancelled it: nothing left behind
            _stop_abandoned(ref)
        raise
    if down.reason != reason:
        raise Exit(down.reason)


def _take_nowait(pattern: Any) -> Any:
    """The oldest message matching ``pattern``, taken, or None."""
    try:
        return _core.receive_nowait(pattern)
    except trio.WouldBlock:
        return None


def _stop_abandoned(ref: Ref) -> None:
    """A stop given up: its monitor and alias go, and so does an answer already here."""
    _core.demonitor(ref, flush=True)
    _take_nowait((ref, ANY))


def _drop_monitor(ref: Any) -> None:
    """OTP's ``demonitor(Mref, [flush])`` of a call: the monitor off, its DOWN (if any) gone.

    Not ``demonitor(ref, flush=True)``: the call's tag is the monitor reference
    itself (OTP's is ``[alias | Mref]``), so a server's message to the caller that
    carries the tag could be a 5-tuple with it second, which that flush would take
    in place of the DOWN.
    """
    if not _core.demonitor(ref, info=True):  # it fired: its DOWN is in the mailbox
        with contextlib.suppress(trio.WouldBlock):
            _core.receive_nowait(DownMessage(ref, ANY, ANY))


def reply(from_: Any, value: Any) -> None:
    """Sends ``value`` to the caller that ``from_`` names (the ``from`` of a call).

    As OTP's ``gen:reply``: a tag that is an alias (gen.call's) is answered through
    it, so the answer is dropped once the caller gave up; any other tag, one a call
    built by hand chose, is answered to ``from_[0]`` (a pid, or a name), and an answer
    that cannot be sent (a name nobody holds) is dropped, never raised.
    """
    if type(from_) is not tuple or len(from_) != 2:
        raise TypeError(
            f"reply(): from_ must be the (pid, tag) a call handler was given; got {from_!r}"
        )
    tag = from_[1]
    if type(tag) is Ref and _core.is_alias(tag):
        _core.send(tag, (tag, value))  # the caller's alias: dropped once it gave up
    else:
        with contextlib.suppress(ValueError, TypeError):  # OTP's catch around To ! Msg
            _core.send(from_[0], (tag, value))


def no_clause(behaviour: str, kind: str, request: Any, answers: str) -> RuntimeError:
    """The crash of a behaviour's server given a call or cast it has no clause for.

    The BEAM crashes such a server with ``function_clause``; this says which
    server and what it does answer, instead of naming a GenServer callback the
    user never wrote.
    """
    me = _core.self()
    name = _core.info(me, "registered_name")
    return RuntimeError(
        f"{behaviour} {name if name is not None else me} received a {kind} it has no clause "
        f"for: {request!r} (it answers {answers}; the BEAM crashes it too, with function_clause)"
    )
