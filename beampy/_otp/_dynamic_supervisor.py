"""DynamicSupervisor: Elixir's ``DynamicSupervisor`` over a GenServer of its own.

:class:`DynamicSupervisor` is the client API (and the base class of a
module-based one); :class:`_DynamicServer` is the GenServer its process runs,
Elixir's ``dynamic_supervisor.ex`` callback by callback: children are kept by
pid, started only by :meth:`DynamicSupervisor.start_child`, restarted one for
one, and shut down all at once when the supervisor stops.  It traps exits and
reacts to each child's ``ExitMessage``; it never polls.  docs/dynamic_supervisor.md
is the guide.
"""

from __future__ import annotations

import collections
import functools
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Final, Literal

import trio

from .. import _core
from .._core import ExitMessage, Pid
from . import _child, _gen, _proc_lib
from ._child import Child, ChildInfo, SpecError, bad
from ._gen import check_server
from ._gen_server import GenServer, Ignore, NoReply, Ok, Reply, Stop

__all__ = ["DynamicSupervisor", "SpecError"]

_INF: Final = math.inf
#: what a module DynamicSupervisor's init flags leave out (Elixir's defaults for a
#: hand-built map, not DynamicSupervisor.init's), in check_flags's order
_INIT_DEFAULTS: Final[dict[str, Any]] = {
    "strategy": "one_for_one",
    "intensity": 1,
    "period": 5.0,
    "max_children": math.inf,
    "extra_arguments": [],
}


def _module_name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def check_flags(
    strategy: Any,
    max_restarts: Any,
    max_seconds: Any,
    max_children: Any,
    extra_arguments: Any,
    what: str,
) -> dict[str, Any]:
    """The flags as Elixir's ``DynamicSupervisor.init/1`` map, or SpecError."""
    if type(strategy) is not str or strategy != "one_for_one":
        accepted = "'one_for_one' (the only DynamicSupervisor strategy)"
        raise bad("strategy", strategy, accepted, what=what)
    _child.check_flag_number("max_restarts", max_restarts, integer=True, positive=False, what=what)
    _child.check_flag_number("max_seconds", max_seconds, integer=False, positive=True, what=what)
    if not (max_children == _INF or (type(max_children) is int and max_children >= 0)):
        raise bad("max_children", max_children, "an int >= 0 or math.inf", what=what)
    if not isinstance(extra_arguments, (tuple, list)):
        raise bad("extra_arguments", extra_arguments, "a tuple or list of arguments", what=what)
    return {
        "strategy": strategy,
        "intensity": max_restarts,
        "period": max_seconds,
        "max_children": max_children,
        "extra_arguments": tuple(extra_arguments),
    }


class _State:
    """A dynamic supervisor's loop state (Elixir's ``%DynamicSupervisor{}``)."""

    __slots__ = (
        "children",
        "intensity",
        "period",
        "max_children",
        "extra",
        "restarts",
        "module",
        "name",
    )

    def __init__(self, flags: dict[str, Any], module: str) -> None:
        # pid -> child; a child whose restart failed stays under its old pid,
        # restarting=True, until it is tried again (Elixir's {:restarting, child})
        self.children: dict[Pid, Child] = {}
        self.intensity: int = flags["intensity"]
        self.period: float = flags["period"]
        self.max_children: float = flags["max_children"]
        self.extra: tuple[Any, ...] = flags["extra_arguments"]
        self.restarts: collections.deque[float] = collections.deque()
        self.module = module
        # how reports name the supervisor (OTP's #state.name, fixed at init): its
        # registered name, or its pid
        self.name: Any = _child.supervisor_name()

    def __repr__(self) -> str:
        return f"<dynamic supervisor {self.module} {len(self.children)} children>"


def _sorted(s: _State) -> list[tuple[Pid, Child]]:
    # Elixir keeps a map keyed by pid; a small map iterates in pid order
    return sorted(s.children.items(), key=lambda kv: kv[0])


async def _start(s: _State, child: Child) -> Any:
    return await _child.start(child, s.extra, wrap_exits=False)


def _add_restart(s: _State) -> bool:
    """Elixir's ``add_restart``: keep the restarts with ``now <= then + period``."""
    now = trio.current_time()
    window = s.restarts
    while window and now > window[0] + s.period:
        window.popleft()
    window.append(now)
    return len(window) <= s.intensity


async def _restart_child(s: _State, pid: Pid, child: Child) -> bool:
    """Elixir's ``restart_child/3``: False when the supervisor must shut down."""
    if not _add_restart(s):
        _child.report(
            "supervisor_intensity_reached",
            s.name,
            child,
            "reached_max_restart_intensity",
            "shutdown",
            s.extra,
        )
        s.children.pop(pid, None)
        return False
    r = await _start(s, child)
    if r[0] == "ok":
        s.children.pop(pid, None)
        if r[1] is not None:
            child.pid = r[1]
            child.restarting = False
            child.restarts += 1
            s.children[r[1]] = child
        return True
    _child.report("supervisor_child_start_failed", s.name, child, r[1], "start_error", s.extra)
    child.restarting = True
    s.children[pid] = child
    _core.send(_core.self(), ("$gen_restart", pid))
    return True


async def _maybe_restart(s: _State, pid: Pid, reason: Any) -> bool:
    child = s.children.get(pid)
    if child is None or child.restarting:
        return True
    sup = s.name
    if child.restart == "permanent":
        _child.report(
            "supervisor_child_terminated", sup, child, reason, "child_terminated", s.extra
        )
        return await _restart_child(s, pid, child)
    if (type(reason) is str and reason in ("normal", "shutdown")) or (
        type(reason) is tuple and len(reason) == 2 and reason[0] == "shutdown"
    ):
        del s.children[pid]
        return True
    _child.report("supervisor_child_terminated", sup, child, reason, "child_terminated", s.extra)
    if child.restart == "transient":
        return await _restart_child(s, pid, child)
    del s.children[pid]
    return True


async def _terminate(s: _State, children: list[Child]) -> None:
    errors = await _child.shutdown_all(children)
    sup = s.name
    for child, reason in errors:
        _child.report("supervisor_shutdown_error", sup, child, reason, "shutdown_error", s.extra)


#: the calls a DynamicSupervisor answers (the DynamicSupervisor functions make them)
_ANSWERS: Final = (
    "the DynamicSupervisor functions' calls only (which_children, count_children, "
    "start_child, terminate_child)"
)


class _DynamicServer(GenServer):
    """The GenServer every DynamicSupervisor process runs."""

    __slots__ = ()

    def _beampy_status_items(self, s: _State) -> list[Any]:
        """What ``sys.get_status`` adds after the state (Elixir's ``format_status/2``)."""
        return [("supervisor", [("Callback", s.module)])]

    async def init(self, arg: Any) -> Any:
        kind, a, b = arg
        _core.flag("trap_exit", True)
        if kind == "static":
            flags, module = a, "Supervisor.Default"  # (Elixir's module when there is none)
        else:
            cls, init_arg = a, b
            module = _module_name(cls)
            _core.put("$initial_call", ("supervisor", module, 1))
            r = cls().init(init_arg)
            if hasattr(r, "__await__"):
                r = await r
            if type(r) is str and r == "ignore":
                return Ignore()
            if not (type(r) is tuple and len(r) == 2 and r[0] == "ok" and isinstance(r[1], dict)):
                return Stop(("bad_return", (module, "init", r)))
            # a hand-built dict: the keys it leaves out take Elixir's defaults
            what = f"{module}.init()"
            f = _child.hand_built_flags(r[1], _INIT_DEFAULTS, what)
            flags = _child.checked_flags(check_flags, f, what)
        if kind == "static":
            _core.put("$initial_call", ("supervisor", module, 1))
        return Ok(_State(flags, module))

    async def handle_call(self, request: Any, from_: Any, s: _State) -> Any:
        if request == "which_children":
            return Reply(
                [("undefined", c.shown_pid(), c.type, c.modules) for _, c in _sorted(s)], s
            )
        if request == "count_children":
            return Reply(_count(s), s)
        if request == _child.DESCRIBE:
            return Reply([ChildInfo(c) for _, c in _sorted(s)], s)
        if type(request) is tuple and len(request) == 2:
            tag, arg = request
            if tag == "start_child":
                if len(s.children) >= s.max_children:
                    return Reply(("error", "max_children"), s)
                child: Child = arg
                r = await _start(s, child)
                if r[0] == "ok":
                    if r[1] is None:
                        return Reply("ignore", s)
                    child.pid = r[1]
                    s.children[r[1]] = child
                return Reply(r, s)
            if tag == "terminate_child":
                found = s.children.get(arg) if type(arg) is Pid else None
                if found is None:
                    return Reply(("error", "not_found"), s)
                if not found.restarting:
                    await _terminate(s, [found])
                del s.children[arg]
                return Reply("ok", s)
        raise _gen.no_clause("DynamicSupervisor", "call", request, _ANSWERS)

    def handle_cast(self, request: Any, s: _State) -> Any:
        # Elixir's DynamicSupervisor drops any cast, silently (a stray cast must not take
        # down the supervisor and every child under it)
        return NoReply(s)

    async def handle_info(self, msg: Any, s: _State) -> Any:
        if type(msg) is ExitMessage:
            if not await _maybe_restart(s, msg.pid, msg.reason):
                return Stop("shutdown", s)
            return NoReply(s)
        if type(msg) is tuple and len(msg) == 2 and msg[0] == "$gen_restart":
            child = s.children.get(msg[1])
            if child is not None and child.restarting:
                child.restarting = False
                if not await _restart_child(s, msg[1], child):
                    return Stop("shutdown", s)
            return NoReply(s)
        _child.report_unexpected("supervisor_unexpected_message", msg)
        return NoReply(s)

    async def terminate(self, reason: Any, s: _State) -> Any:
        await _terminate(s, [c for _, c in _sorted(s) if not c.restarting])
        return "ok"


def _count(s: _State) -> dict[str, int]:
    active = supervisors = workers = 0
    for c in s.children.values():
        if not c.restarting:
            active += 1
        if c.type == "supervisor":
            supervisors += 1
        else:
            workers += 1
    return {
        "specs": len(s.children),
        "active": active,
        "supervisors": supervisors,
        "workers": workers,
    }


# == the client API (Elixir's DynamicSupervisor) ========================================


async def _call(sup: Any, request: Any) -> Any:
    return await GenServer.call(sup, request, _INF)


def _init(
    *,
    strategy: Literal["one_for_one"] = "one_for_one",
    max_restarts: int = 3,
    max_seconds: float = 5.0,
    max_children: float = _INF,
    extra_arguments: tuple[Any, ...] | list[Any] = (),
) -> tuple[str, dict[str, Any]]:
    """Elixir's ``DynamicSupervisor.init/1``: what a module-based one's ``init`` returns.

    Checks the options (raising :class:`SpecError`) and returns ``("ok", flags)``.
    """
    what = "DynamicSupervisor.init()"
    flags = check_flags(strategy, max_restarts, max_seconds, max_children, extra_arguments, what)
    return ("ok", flags)


async def _start_link(module: Any, init_arg: Any, options: dict[str, Any], name: Any) -> Any:
    what = "DynamicSupervisor.start_link()"
    if module is not None:
        if not (isinstance(module, type) and issubclass(module, DynamicSupervisor)):
            raise TypeError(
                f"{what}: a module-based dynamic supervisor must subclass DynamicSupervisor; "
                f"got {module!r}"
            )
        if options:
            raise TypeError(
                f"{what}: a module-based dynamic supervisor takes its options from its init(); "
                f"pass only the module, init_arg and name (got {sorted(options)})"
            )
        arg: Any = ("module", module, init_arg)
    else:
        flags = check_flags(
            options.get("strategy", "one_for_one"),
            options.get("max_restarts", 3),
            options.get("max_seconds", 5.0),
            options.get("max_children", _INF),
            options.get("extra_arguments", ()),
            what,
        )
        arg = ("static", flags, None)
    return await GenServer.start_link(_DynamicServer, arg, name=name)


class DynamicSupervisor:
    """Elixir's ``DynamicSupervisor``: children started on demand, restarted one for one.

    It starts with no children; :meth:`start_child` adds one at a time.  A child is
    known by its pid (``which_children`` shows ``"undefined"`` as every id), and
    when the supervisor stops, all its children are shut down at once.

    Example::

        ok, sup = await DynamicSupervisor.start_link(max_children=100)
        ok, pid = await DynamicSupervisor.start_child(sup, (Worker, "job 1"))
        await DynamicSupervisor.terminate_child(sup, pid)

    A module-based one subclasses DynamicSupervisor, returns
    :meth:`DynamicSupervisor.init` from ``init(self, arg)``, and starts with
    ``await DynamicSupervisor.start_link(MySup, arg)``.  Every function but
    :meth:`start_link`, :meth:`init` and :meth:`child_spec` is a
    ``GenServer.call`` with an infinite timeout.  docs/dynamic_supervisor.md is
    the guide.
    """

    __slots__ = ()

    #: The child spec keys a subclass's ``child_spec(arg)`` starts from.
    child_spec_defaults: ClassVar[dict[str, Any]] = {}

    if TYPE_CHECKING:
        init: Callable[..., Any]
        start_link: Callable[..., Any]
        child_spec: Callable[..., dict[str, Any]]
    else:
        init = staticmethod(_init)

        @staticmethod
        async def start_link(
            module: Any = None,
            init_arg: Any = None,
            *,
            name: Any = None,
            **options: Any,
        ) -> Any:
            """Starts a dynamic supervisor linked to the caller (``DynamicSupervisor.start_link``).

            ``start_link(*, strategy="one_for_one", max_children=math.inf,
            extra_arguments=(), max_restarts=3, max_seconds=5.0, name=None)``, or
            ``start_link(MySup, init_arg, *, name=None)``.  Returns ``("ok", pid)``,
            ``"ignore"`` or ``("error", reason)`` (``("already_started", pid)`` for
            a taken name).  Raises :class:`SpecError` for a bad option.
            """
            _gen.check_name(name, "DynamicSupervisor.start_link()")
            unknown = set(options) - {
                "strategy",
                "max_children",
                "extra_arguments",
                "max_restarts",
                "max_seconds",
            }
            if unknown:
                raise TypeError(
                    f"DynamicSupervisor.start_link(): unknown options {sorted(unknown)}; the "
                    "options are strategy, max_children, extra_arguments, max_restarts, "
                    "max_seconds and name"
                )
            return await _start_link(module, init_arg, options, name)

        @classmethod
        def child_spec(cls, arg: Any, **overrides: Any) -> dict[str, Any]:
            """The spec of a dynamic supervisor as a child (``DynamicSupervisor.child_spec/1``).

            On DynamicSupervisor, ``arg`` is a dict of :meth:`start_link`'s options
            (``name`` included): ``{"id": name or DynamicSupervisor, "start":
            (functools.partial(DynamicSupervisor.start_link, **arg),), "type":
            "supervisor"}``.  On a subclass, ``{"id": cls, "start":
            (cls.start_link, arg), "type": "supervisor"}`` (or with
            ``(DynamicSupervisor.start_link, cls, arg)`` when the class has no
            ``start_link`` of its own), then ``child_spec_defaults``.  ``overrides``
            are applied last.
            """
            if cls is DynamicSupervisor:
                opts = dict(arg) if isinstance(arg, dict) else {}
                if not isinstance(arg, dict) and arg != []:
                    raise bad(
                        "arg",
                        arg,
                        "a dict of DynamicSupervisor.start_link's options",
                        what="DynamicSupervisor.child_spec()",
                    )
                name = opts.get("name")
                cid: Any = DynamicSupervisor
                if type(name) is str:
                    cid = name
                elif type(name) is tuple and len(name) == 3:
                    cid = name[2]
                spec: dict[str, Any] = {
                    "id": cid,
                    "start": (functools.partial(DynamicSupervisor.start_link, **opts),),
                    "type": "supervisor",
                }
                return _child.child_spec(spec, "DynamicSupervisor.child_spec()", **overrides)
            own = getattr(cls, "start_link", None)
            base = DynamicSupervisor.start_link
            start = (own, arg) if own is not base else (base, cls, arg)
            spec = {"id": cls, "start": start, "type": "supervisor"}
            spec.update(getattr(cls, "child_spec_defaults", {}) or {})
            return _child.child_spec(spec, "DynamicSupervisor.child_spec()", **overrides)

    @staticmethod
    async def start_child(supervisor: Any, child: Any) -> Any:
        """Starts a child under the supervisor (``DynamicSupervisor.start_child/2``).

        ``child`` is a spec dict, a class or ``(class, arg)``; its start function
        gets the supervisor's ``extra_arguments`` first.  Returns ``("ok", pid)``,
        ``("ok", pid, info)``, ``"ignore"``, ``("error", "max_children")`` when the
        supervisor is full, or ``("error", reason)`` when the start failed (an
        exception raised by the start function is the reason).  A bad spec raises
        :class:`SpecError` in the caller; nothing is sent.
        """
        check_server(supervisor, "DynamicSupervisor.start_child()")
        try:
            spec = _child.normalise(child, None)
        except SpecError as e:
            raise e.named("DynamicSupervisor.start_child()") from None
        try:
            return await _call(supervisor, ("start_child", spec))
        except _core.Exit as e:
            raise _child.as_requested(e, spec) from None

    @staticmethod
    async def terminate_child(supervisor: Any, pid: Pid) -> Any:
        """Shuts the child ``pid`` down and forgets it: ``"ok"`` or ``("error", "not_found")``.

        Raises:
            TypeError: ``pid`` is not a Pid (a dynamic supervisor's children have no
                ids; Elixir's guard ``is_pid(pid)`` fails the same way).
        """
        check_server(supervisor, "DynamicSupervisor.terminate_child()")
        if type(pid) is not Pid:
            raise TypeError(
                f"DynamicSupervisor.terminate_child(): pid must be the Pid of a child "
                f"(a DynamicSupervisor's children have no ids); got {pid!r} "
                f"({type(pid).__name__})"
            )
        return await _call(supervisor, ("terminate_child", pid))

    @staticmethod
    async def which_children(supervisor: Any) -> list[tuple[Any, Any, str, Any]]:
        """``[("undefined", pid | "restarting", type, modules), ...]`` in pid order."""
        check_server(supervisor, "DynamicSupervisor.which_children()")
        return await _call(supervisor, "which_children")  # type: ignore[no-any-return]

    @staticmethod
    async def count_children(supervisor: Any) -> dict[str, int]:
        """``{"specs": n, "active": n, "supervisors": n, "workers": n}``."""
        check_server(supervisor, "DynamicSupervisor.count_children()")
        return await _call(supervisor, "count_children")  # type: ignore[no-any-return]

    @staticmethod
    async def stop(supervisor: Any, reason: Any = "normal", timeout: float = _INF) -> Literal["ok"]:
        """Stops the supervisor and all its children at once (``GenServer.stop``)."""
        check_server(supervisor, "DynamicSupervisor.stop()")
        timeout = _proc_lib.check_timeout(timeout, "DynamicSupervisor.stop()")
        return await GenServer.stop(supervisor, reason, timeout)
