"""Child specifications, starting a child, and the shutdown procedure (OTP's child records).

What Supervisor and DynamicSupervisor share:

* :func:`child_spec` is Elixir's ``Supervisor.child_spec/2``: a child given as a
  dict, a class (``cls.child_spec([])``) or ``(cls, arg)`` (``cls.child_spec(arg)``)
  becomes a dict, with overrides.
* :func:`normalise` checks a spec dict and makes the :class:`Child` record a
  supervisor keeps; a bad spec raises :class:`SpecError` naming the key, the
  value given and the values accepted.
* :func:`start` runs a child's start function as ``supervisor.erl``'s
  ``do_start_child_i`` does.
* :func:`shutdown` is ``supervisor.erl``'s ``shutdown/1`` (one child, monitor,
  exit ``"shutdown"`` then ``"kill"`` after the child's shutdown time), and
  :func:`shutdown_all` Elixir's DynamicSupervisor ``terminate_children/2``
  (every child at once).
* :func:`report` logs the supervisor reports (stable structlog event names).
"""

from __future__ import annotations

import contextlib
import functools
import math
import types
from collections.abc import Callable, Iterable
from typing import Any, Final

import trio

from .. import _core
from .._core import ANY, DownMessage, Exit, ExitMessage, Pid, ReceiveTimeout, emit_report
from ._gen_server import GenServer

__all__ = [
    "KEYS",
    "RESTARTS",
    "SHUTDOWN_FORMS",
    "TYPES",
    "Child",
    "ChildInfo",
    "SpecError",
    "child_spec",
    "describe",
    "normalise",
    "report",
    "shutdown",
    "shutdown_all",
    "start",
]


#: The keys of a child spec, Elixir's (``Supervisor.child_spec/2`` accepts these).
KEYS: Final = ("id", "start", "restart", "shutdown", "type", "significant", "modules")
RESTARTS: Final = ("permanent", "transient", "temporary")
TYPES: Final = ("worker", "supervisor")
SHUTDOWN_FORMS: Final = "a number of seconds >= 0, 'brutal_kill' or math.inf"
_CHILD_FORMS: Final = (
    "a child spec dict (with at least 'id' and 'start'), a class with child_spec(arg) "
    "(child_spec([]) is used), or (class, arg) (class.child_spec(arg) is used)"
)
_MAX_SECONDS: Final = 1e15


class SpecError(ValueError):
    """A child spec or a supervisor option is wrong; nothing was started.

    Attributes:
        key: the key or option at fault (``"restart"``, ``"strategy"``, ...).
        value: the value given (None when the key is missing).
        accepted: the values accepted, as text.
        child: the id of the child spec at fault, or None (a supervisor option).
    """

    def __init__(self, message: str, *, key: str, value: Any, accepted: str, child: Any = None):
        super().__init__(message)
        self.key = key
        self.value = value
        self.accepted = accepted
        self.child = child

    def named(self, what: str) -> SpecError:
        """The same error, its message led by ``what`` (the function that was called)."""
        message = str(self)
        if not message.startswith(what):
            message = f"{what}: {message}"
        return SpecError(
            message, key=self.key, value=self.value, accepted=self.accepted, child=self.child
        )


def _where(child: Any) -> str:
    return "" if child is None else f" of child {child!r}"


def bad(key: str, value: Any, accepted: str, *, child: Any = None, what: str = "") -> SpecError:
    """A :class:`SpecError` with the standard message: key, value given, accepted values."""
    prefix = f"{what}: " if what else ""
    return SpecError(
        f"{prefix}{key!r}{_where(child)} must be {accepted}; got {value!r}",
        key=key,
        value=value,
        accepted=accepted,
        child=child,
    )


# == child_spec (Elixir's Supervisor.child_spec/2) ===================================


def _class_spec(cls: type, arg: Any) -> dict[str, Any]:
    make = getattr(cls, "child_spec", None)
    if not callable(make):
        raise SpecError(
            f"{cls.__qualname__} has no child_spec(arg); give a child spec dict instead, "
            "or a GenServer, Supervisor, DynamicSupervisor or Agent class",
            key="child",
            value=cls,
            accepted=_CHILD_FORMS,
        )
    spec = make(arg)
    if not isinstance(spec, dict):
        raise SpecError(
            f"{cls.__qualname__}.child_spec({arg!r}) returned {spec!r}; it must return a dict",
            key="child",
            value=spec,
            accepted="a child spec dict",
        )
    return dict(spec)


def init_child(child: Any) -> dict[str, Any]:
    """A child as a spec dict (Elixir's ``init_child``): dict, class or ``(class, arg)``."""
    if isinstance(child, dict):
        return dict(child)
    if isinstance(child, type):
        return _class_spec(child, [])  # a bare module means child_spec([]), as in Elixir
    if type(child) is tuple and len(child) == 2 and isinstance(child[0], type):
        return _class_spec(child[0], child[1])
    raise bad("child", child, _CHILD_FORMS)


def child_spec(
    child: Any, what: str = "Supervisor.child_spec()", /, **overrides: Any
) -> dict[str, Any]:
    """Elixir's ``Supervisor.child_spec/2``: the child as a dict, with ``overrides`` applied.

    Raises :class:`SpecError` for a child of another form or an unknown override key,
    its message led by ``what`` (the function the user called).
    """
    try:
        spec = init_child(child)
    except SpecError as e:
        raise e.named(what) from None
    for key, value in overrides.items():
        if key not in KEYS:
            raise bad(
                key,
                value,
                "one of the child spec keys " + ", ".join(KEYS),
                what=f"{what}: unknown key in child specification override",
            )
        spec[key] = value
    return spec


# == the child record ==================================================================


class Child:
    """One child as a supervisor keeps it (OTP's ``#child{}``), plus its restart count.

    ``pid`` is the running process, or None (``:undefined``); ``restarting`` is
    True while a restart that failed waits to be tried again.
    """

    __slots__ = (
        "id",
        "start",
        "restart",
        "shutdown",
        "type",
        "significant",
        "modules",
        "pid",
        "restarting",
        "restarts",
    )

    def __init__(
        self,
        id: Any,
        start: tuple[Any, ...],
        restart: str,
        shutdown: Any,
        type: str,
        significant: bool,
        modules: Any,
    ) -> None:
        self.id = id
        self.start = start
        self.restart = restart
        self.shutdown = shutdown
        self.type = type
        self.significant = significant
        self.modules = modules
        self.pid: Pid | None = None
        self.restarting = False
        self.restarts = 0

    def copy(self) -> Child:
        c = Child(
            self.id,
            self.start,
            self.restart,
            self.shutdown,
            self.type,
            self.significant,
            self.modules,
        )
        c.restarts = self.restarts
        return c

    def shown_pid(self) -> Any:
        """The pid as ``which_children`` shows it: a Pid, ``"restarting"`` or ``"undefined"``."""
        if self.restarting:
            return "restarting"
        return self.pid if self.pid is not None else "undefined"

    def spec(self) -> dict[str, Any]:
        """The full child spec dict (OTP's ``child_to_spec``)."""
        return {
            "id": self.id,
            "start": self.start,
            "restart": self.restart,
            "significant": self.significant,
            "shutdown": self.shutdown,
            "type": self.type,
            "modules": self.modules,
        }

    def record(self) -> tuple[Any, ...]:
        """OTP's ``#child{}`` record as a tuple (what a failed start_child returns)."""
        return (
            "child",
            self.shown_pid(),
            self.id,
            self.start,
            self.restart,
            self.significant,
            self.shutdown,
            self.type,
            self.modules,
        )

    def __repr__(self) -> str:
        return f"Child(id={self.id!r}, pid={self.shown_pid()!r}, restart={self.restart!r})"


#: the class named by a start function's qualified name, by function (each child spec
#: of a DynamicSupervisor's start_child asks again): only functions defined at a
#: module's or a class's top level, which live as long as their module anyway; at most
#: _MAX_OWNERS, then forgotten
_owners: dict[Any, Any] = {}
_MAX_OWNERS: Final = 256
_UNKNOWN: Final = object()


def _owner_class(target: Any) -> type | None:
    """The class ``target``'s qualified name names, when it is reachable from its module."""
    qualname = getattr(target, "__qualname__", "")
    namespace = getattr(target, "__globals__", None)  # the module's globals, even unimported
    parts = qualname.split(".") if type(qualname) is str else []
    if isinstance(namespace, dict) and len(parts) > 1 and "<locals>" not in parts:
        obj: Any = namespace.get(parts[0])
        for part in parts[1:-1]:
            obj = getattr(obj, part, None)
        if isinstance(obj, type):
            return obj
    return None


def _default_module(fn: Any, args: tuple[Any, ...]) -> Any:
    """What ``modules`` defaults to: the class the start function belongs to.

    OTP takes ``M`` of the start ``{M, F, A}``.  A Python function does not know its
    class, so: the class of a bound method or classmethod; the class given to a
    behaviour's start function (``(GenServer.start_link, Cls, arg)``, ``Cls`` a
    subclass of the function's class, so not ``dict`` in ``(Agent.start_link,
    dict)``); the class named
    by the function's qualified name when it is reachable from its module; else the
    function itself.
    """
    owner = getattr(fn, "__self__", None)
    if isinstance(owner, type):
        return owner
    target = fn
    if isinstance(fn, functools.partial):  # its function, its arguments first
        target = fn.func
        args = (*fn.args, *args)
    if type(target) is types.FunctionType:
        cls = _owners.get(target, _UNKNOWN)
        if cls is _UNKNOWN:
            cls = _owner_class(target)
            if "<locals>" not in target.__qualname__:  # (a closure may hold anything)
                if len(_owners) >= _MAX_OWNERS:
                    _owners.clear()
                _owners[target] = cls
    else:
        cls = _owner_class(target)
    # the class a behaviour's start function is given, (GenServer.start_link, Cls, arg);
    # not a class that is only an argument, as in (Agent.start_link, dict)
    if (
        args
        and isinstance(args[0], type)
        and getattr(target, "__name__", "") in ("start_link", "start")
        and (cls is None or issubclass(args[0], cls))
    ):
        return args[0]
    if cls is not None:
        return cls
    return fn


def _check_shutdown(value: Any, child: Any) -> Any:
    if value == "brutal_kill" and type(value) is str:
        return value
    if type(value) is not bool and isinstance(value, (int, float)):
        if value == math.inf:
            return math.inf
        if value == value and 0 <= value <= _MAX_SECONDS:
            return float(value)
    raise bad("shutdown", value, SHUTDOWN_FORMS, child=child)


def as_requested(e: Exit, child: Child) -> Exit:
    """A failed ``("start_child", child)`` call's exit, with the child as a spec dict.

    The request travels as beampy's own :class:`Child` record; the exit a caller
    sees (``(reason, ("GenServer", "call", (sup, request, timeout)))``) shows
    the spec instead, as Elixir's shows the child spec it sent.
    """
    reason = e.reason
    if (
        type(reason) is tuple
        and len(reason) == 2
        and type(reason[1]) is tuple
        and len(reason[1]) == 3
        and reason[1][:2] == ("GenServer", "call")
        and type(reason[1][2]) is tuple
        and len(reason[1][2]) == 3
        and reason[1][2][1] == ("start_child", child)
    ):
        sup, _, timeout = reason[1][2]
        shown = ("GenServer", "call", (sup, ("start_child", child.spec()), timeout))
        return Exit((reason[0], shown))
    return e


def normalise(spec: Any, auto_shutdown: str | None = "never") -> Child:
    """Checks a child spec dict and makes its :class:`Child` (OTP's ``check_childspec``).

    ``auto_shutdown`` is the supervisor's (None: a DynamicSupervisor, which has no
    significant children).  Raises :class:`SpecError` naming the key at fault.
    """
    if not isinstance(spec, dict):
        spec = init_child(spec)
    cid = spec.get("id")
    for key in spec:
        if key not in KEYS:
            raise bad(key, spec[key], "absent: the keys are " + ", ".join(KEYS), child=cid)
    if "id" not in spec:
        raise SpecError(
            f"child spec {spec!r} has no 'id'; every child spec needs 'id' and 'start'",
            key="id",
            value=None,
            accepted="any hashable term",
        )
    try:
        hash(cid)
    except TypeError:
        raise bad("id", cid, "a hashable term (a str, a class, a tuple...)") from None
    if "start" not in spec:
        raise SpecError(
            f"child spec {cid!r} has no 'start'; every child spec needs 'id' and 'start'",
            key="start",
            value=None,
            accepted="a tuple (fn, *args)",
            child=cid,
        )
    start = spec["start"]
    if type(start) is not tuple or not start or not callable(start[0]):
        raise bad("start", start, "a tuple (fn, *args) whose fn is callable", child=cid)
    restart = spec.get("restart", "permanent")
    if type(restart) is not str or restart not in RESTARTS:
        raise bad("restart", restart, "one of " + ", ".join(map(repr, RESTARTS)), child=cid)
    ctype = spec.get("type", "worker")
    if type(ctype) is not str or ctype not in TYPES:
        raise bad("type", ctype, "one of " + ", ".join(map(repr, TYPES)), child=cid)
    significant = spec.get("significant", False)
    if type(significant) is not bool:
        raise bad("significant", significant, "True or False", child=cid)
    if significant:
        if auto_shutdown is None:
            raise bad(
                "significant",
                significant,
                "False (a DynamicSupervisor has no auto_shutdown)",
                child=cid,
            )
        if restart == "permanent":
            raise bad(
                "significant",
                significant,
                "False for a permanent child (a significant child is transient or temporary)",
                child=cid,
            )
        if auto_shutdown == "never":
            raise bad(
                "significant",
                significant,
                "False when the supervisor's auto_shutdown is 'never'",
                child=cid,
            )
    if "shutdown" in spec:
        shutdown_ = _check_shutdown(spec["shutdown"], cid)
    else:
        shutdown_ = 5.0 if ctype == "worker" else math.inf
    if "modules" in spec:
        modules = spec["modules"]
        if not (isinstance(modules, list) or (type(modules) is str and modules == "dynamic")):
            raise bad("modules", modules, "a list or 'dynamic'", child=cid)
    else:
        modules = [_default_module(start[0], start[1:])]
    return Child(cid, start, restart, shutdown_, ctype, significant, modules)


#: beampy's option names for what a hand-built flags dict calls by OTP's names
_FLAG_OPTIONS: Final = {"max_restarts": "intensity", "max_seconds": "period"}


def hand_built_flags(given: dict[Any, Any], defaults: dict[str, Any], what: str) -> dict[str, Any]:
    """A flags dict a module supervisor's ``init`` built by hand, with ``defaults`` filled in.

    OTP ignores a key it does not know; beampy refuses it, as it refuses an unknown
    child spec key: a misspelt ``"intensity"`` (or beampy's own option name
    ``"max_restarts"``) would otherwise leave the default without a word.
    """
    for key in given:
        if key not in defaults:
            hint = (
                f" (a flags dict uses OTP's names: {_FLAG_OPTIONS[key]!r} for {key})"
                if key in _FLAG_OPTIONS
                else ""
            )
            raise SpecError(
                f"{what}: unknown key {key!r} in the supervisor flags; the keys are "
                + ", ".join(map(repr, defaults))
                + hint,
                key=str(key),
                value=given[key],
                accepted=", ".join(defaults),
            )
    return {**defaults, **given}


def checked_flags(
    check: Callable[..., dict[str, Any]], flags: dict[str, Any], what: str
) -> dict[str, Any]:
    """``check(*flags.values(), what)``: hand-built flags (in ``check``'s order) checked.

    A bad value's SpecError names the key as the dict wrote it (``'intensity'``, not
    the option ``'max_restarts'`` the check knows it by).
    """
    try:
        return check(*flags.values(), what)
    except SpecError as e:
        name = _FLAG_OPTIONS.get(e.key)
        if name is None:
            raise
        message = str(e).replace(repr(e.key), repr(name), 1)
        raise SpecError(
            message, key=name, value=e.value, accepted=e.accepted, child=e.child
        ) from None


def check_flag_number(key: str, value: Any, *, integer: bool, positive: bool, what: str) -> Any:
    """``max_restarts`` (an int >= 0) or ``max_seconds`` (seconds > 0): the value, or SpecError."""
    ok = type(value) is not bool and isinstance(value, int if integer else (int, float))
    if ok and value == value and (value > 0 if positive else value >= 0):
        return value
    accepted = "an int >= 0" if integer else "a number of seconds > 0"
    raise bad(key, value, accepted, what=what)


# == starting a child ====================================================================


async def start(child: Child, extra: tuple[Any, ...] = (), *, wrap_exits: bool = True) -> Any:
    """Runs the child's start function; returns OTP's ``do_start_child_i`` result.

    ``("ok", pid)``, ``("ok", pid, info)``, ``("ok", None)`` for ``"ignore"``, or
    ``("error", reason)``.  A start function that raises gives ``("error", ("EXIT",
    reason))`` as OTP's ``catch`` does (``wrap_exits``), or ``("error", reason)`` as
    Elixir's DynamicSupervisor does; any other return value is ``("error", value)``.
    """
    fn, *args = child.start
    try:
        r = fn(*extra, *args)
        if isinstance(r, types.CoroutineType) or hasattr(r, "__await__"):
            r = await r
    except Exit as e:
        return ("error", ("EXIT", e.reason) if wrap_exits else e.reason)
    except Exception as e:
        return ("error", ("EXIT", e) if wrap_exits else e)
    if type(r) is tuple:
        if len(r) == 2 and r[0] == "ok" and type(r[1]) is Pid:
            return r
        if len(r) == 3 and r[0] == "ok" and type(r[1]) is Pid:
            return r
        if len(r) == 2 and r[0] == "error":
            return r
    if type(r) is str and r == "ignore":
        return ("ok", None)
    return ("error", r)


# == shutting children down ==============================================================


def _is_str(reason: Any, text: str) -> bool:
    return type(reason) is str and reason == text


def _shutdownish(reason: Any) -> bool:
    return _is_str(reason, "shutdown") or (
        type(reason) is tuple and len(reason) == 2 and _is_str(reason[0], "shutdown")
    )


def expected_exit(reason: Any, child: Child, brutal_kill: bool) -> bool:
    """Whether ``reason`` is what a shutdown of ``child`` should end with (no report).

    OTP's rule: a ``brutal_kill`` expects ``"killed"``, a timed shutdown
    ``"shutdown"``; a transient or temporary child may also have ended with
    ``"shutdown"``, ``("shutdown", _)`` or ``"normal"`` on its own.  A permanent
    child never may: a permanent child that was already gone with ``"shutdown"``
    when a ``brutal_kill`` came is reported.
    """
    if _is_str(reason, "killed" if brutal_kill else "shutdown"):
        return True
    if child.restart != "permanent":
        return _shutdownish(reason) or _is_str(reason, "normal")
    return False


def _unlink_flush(pid: Pid, default: Any) -> Any:
    """Unlinks ``pid`` and takes its EXIT if it is there (OTP's ``unlink_flush``)."""
    _core.unlink(pid)
    try:
        msg = _core.receive_nowait(ExitMessage(pid, ANY))
    except trio.WouldBlock:
        return default
    return msg.reason


async def shutdown(child: Child) -> Any:
    """Shuts ``child`` down as OTP's ``supervisor:shutdown/1``; None, or the reason to report.

    Monitor, exit ``"shutdown"`` (``"kill"`` for ``"brutal_kill"``), wait for the DOWN
    up to the child's shutdown time, then ``"kill"`` and wait again; unlink and take
    the child's EXIT.  A reason other than the expected one is returned.
    """
    pid = child.pid
    assert pid is not None
    ref = _core.monitor(pid)
    down_pattern = DownMessage(ref, ANY, ANY)
    if child.shutdown == "brutal_kill":
        _core.exit(pid, "kill")
        down = await _core.receive(down_pattern)
        reason = _unlink_flush(pid, down.reason)
        return None if expected_exit(reason, child, brutal_kill=True) else reason
    _core.exit(pid, "shutdown")
    try:
        down = await _core.receive(down_pattern, timeout=child.shutdown)
    except ReceiveTimeout:
        _core.exit(pid, "kill")
        down = await _core.receive(down_pattern)
    reason = _unlink_flush(pid, down.reason)
    return None if expected_exit(reason, child, brutal_kill=False) else reason


async def shutdown_all(children: Iterable[Child]) -> list[tuple[Child, Any]]:
    """Shuts every child down at once (Elixir's DynamicSupervisor ``terminate_children``).

    Each child is monitored and unlinked; one already gone is done with; the others
    get ``"shutdown"`` (``"kill"`` for ``"brutal_kill"``), and each group with the
    same shutdown time is killed when its time is up.  Returns ``(child, reason)`` for
    each child that ended with a reason to report.
    """
    waiting: dict[Any, Child] = {}
    deadlines: dict[float, list[Pid]] = {}
    errors: list[tuple[Child, Any]] = []
    now = trio.current_time()
    for child in children:
        pid = child.pid
        if pid is None:
            continue
        ref = _core.monitor(pid)
        _core.unlink(pid)
        try:
            gone = _core.receive_nowait(ExitMessage(pid, ANY))
        except trio.WouldBlock:
            gone = None
        if gone is not None:
            _core.demonitor(ref, flush=True)
            if not (_is_str(gone.reason, "normal") and child.restart != "permanent"):
                errors.append((child, gone.reason))
            continue
        waiting[ref] = child
        if child.shutdown == "brutal_kill":
            _core.exit(pid, "kill")
        else:
            _core.exit(pid, "shutdown")
            if child.shutdown != math.inf:
                deadlines.setdefault(now + child.shutdown, []).append(pid)
    pending = sorted(deadlines)

    def ours(m: Any) -> bool:
        return type(m) is DownMessage and m.ref in waiting

    while waiting:
        timeout = math.inf
        if pending:
            timeout = max(0.0, pending[0] - trio.current_time())
        try:
            down = await _core.receive(ours, timeout=timeout)
        except ReceiveTimeout:
            for pid in deadlines.pop(pending.pop(0)):
                _core.exit(pid, "kill")
            continue
        child_ = waiting.pop(down.ref)
        brutal = child_.shutdown == "brutal_kill"
        if brutal:
            if not _is_str(down.reason, "killed"):
                errors.append((child_, down.reason))
        elif not (
            _shutdownish(down.reason)
            or (_is_str(down.reason, "normal") and child_.restart != "permanent")
        ):
            errors.append((child_, down.reason))
    return errors


# == reports ==============================================================================


def report(
    event: str,
    supervisor: Any,
    child: Child,
    reason: Any,
    context: str,
    extra: tuple[Any, ...] | None = None,
) -> None:
    """Logs a supervisor report (level error); a failing log sink changes nothing.

    ``context`` is OTP's ``errorContext`` (``start_error``, ``child_terminated``,
    ``shutdown``, ``shutdown_error``).  ``extra``: a DynamicSupervisor's
    ``extra_arguments``, whose reports show the child's id as ``"undefined"`` and
    its start with them, as the start was called (Elixir's ``id: :undefined`` and
    ``mfargs``).
    """
    start = child.start
    if extra is not None:
        start = (start[0], *extra, *start[1:])
    try:  # noqa: SIM105 - a try is free on 3.11, suppress() is an object per report
        emit_report(
            "error",
            event,
            supervisor=supervisor,
            error_context=context,
            reason=reason,
            child_id=child.id if extra is None else "undefined",
            pid=child.shown_pid(),
            start=start,
            restart=child.restart,
            significant=child.significant,
            shutdown=child.shutdown,
            type=child.type,
        )
    except Exception:  # (in reading the fields; emit_report never raises)
        pass


def report_unexpected(event: str, msg: Any) -> None:
    """Logs a message a supervisor did not expect ("Supervisor received unexpected message")."""
    with contextlib.suppress(Exception):
        emit_report("error", event, supervisor=supervisor_name(), message=msg)


def supervisor_name() -> Any:
    """The calling supervisor as reports name it: its registered name, or its pid."""
    me = _core.self()
    name = _core.info(me, "registered_name")
    return name if name is not None else me


# == introspection (for pictures of a running tree) ======================================


class ChildInfo:
    """What :func:`describe` tells about one child: its spec, pid and restart count."""

    __slots__ = ("id", "pid", "type", "modules", "restart", "shutdown", "significant", "restarts")

    def __init__(self, child: Child) -> None:
        self.id = child.id
        self.pid = child.shown_pid()
        self.type = child.type
        self.modules = child.modules
        self.restart = child.restart
        self.shutdown = child.shutdown
        self.significant = child.significant
        self.restarts = child.restarts

    def __repr__(self) -> str:
        return (
            f"ChildInfo(id={self.id!r}, pid={self.pid!r}, type={self.type!r}, "
            f"restart={self.restart!r}, restarts={self.restarts})"
        )


#: The request a supervisor of either kind answers with its children's ChildInfo list.
DESCRIBE: Final = "$beampy_describe_children"


async def describe(supervisor: Any, timeout: float = math.inf) -> list[ChildInfo]:
    """The children of a Supervisor or DynamicSupervisor in start order, with restart counts.

    Not an Elixir function: what a picture of a running tree needs beyond
    ``which_children`` (the restart type, the shutdown, how many times the
    supervisor started each child again).  Exits as ``which_children`` does.
    """
    return await GenServer.call(supervisor, DESCRIBE, timeout)  # type: ignore[no-any-return]
