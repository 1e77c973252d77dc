"""Supervisor: Elixir's ``Supervisor`` over a GenServer that is OTP's ``supervisor.erl``.

:class:`Supervisor` is the client API (and the base class of a module-based
supervisor); :class:`_SupervisorServer` is the GenServer every supervisor
process runs.  It traps exits and reacts to each child's ``ExitMessage`` in
``handle_info``: it never polls and never retries a coroutine.  The restart
logic is ``supervisor.erl``'s, function by function (``do_restart``,
``restart/2,3``, ``restart_multiple_children``, ``terminate_children``,
``add_restart``, ``do_auto_shutdown``); docs/supervisor.md is the guide.

The state keeps the children in start order (OTP keeps the newest first and
reverses where needed) in a dict by id, with an index by pid for the EXITs.
"""

from __future__ import annotations

import collections
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

__all__ = ["SpecError", "Supervisor"]

STRATEGIES: Final = ("one_for_one", "one_for_all", "rest_for_one")
AUTO_SHUTDOWN: Final = ("never", "any_significant", "all_significant")
_INF: Final = math.inf


def _module_name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


#: what a module supervisor's init flags leave out (OTP's supervisor defaults), in
#: check_flags's order
_INIT_DEFAULTS: Final[dict[str, Any]] = {
    "strategy": "one_for_one",
    "intensity": 1,
    "period": 5.0,
    "auto_shutdown": "never",
}
_OLD_FLAGS: Final = ("strategy", "intensity", "period")


def check_flags(
    strategy: Any, max_restarts: Any, max_seconds: Any, auto_shutdown: Any, what: str
) -> dict[str, Any]:
    """The supervisor flags as OTP's map (strategy, intensity, period, auto_shutdown)."""
    if strategy is None:
        raise SpecError(
            f"{what}: the 'strategy' option is required; one of " + ", ".join(STRATEGIES),
            key="strategy",
            value=None,
            accepted=", ".join(map(repr, STRATEGIES)),
        )
    if type(strategy) is not str or strategy not in STRATEGIES:
        raise bad("strategy", strategy, "one of " + ", ".join(map(repr, STRATEGIES)), what=what)
    _child.check_flag_number("max_restarts", max_restarts, integer=True, positive=False, what=what)
    _child.check_flag_number("max_seconds", max_seconds, integer=False, positive=True, what=what)
    if type(auto_shutdown) is not str or auto_shutdown not in AUTO_SHUTDOWN:
        raise bad(
            "auto_shutdown",
            auto_shutdown,
            "one of " + ", ".join(map(repr, AUTO_SHUTDOWN)),
            what=what,
        )
    return {
        "strategy": strategy,
        "intensity": max_restarts,
        "period": max_seconds,
        "auto_shutdown": auto_shutdown,
    }


def _check_children(children: Any, auto_shutdown: str, what: str) -> list[Child]:
    """Every child normalised and checked; a duplicate id is refused (OTP's check_startspec)."""
    if not isinstance(children, list):
        raise SpecError(
            f"{what}: children must be a list; got {children!r}",
            key="children",
            value=children,
            accepted="a list of children",
        )
    out: list[Child] = []
    seen: set[Any] = set()
    for item in children:
        try:
            child = _child.normalise(item, auto_shutdown)
        except SpecError as e:
            raise e.named(what) from None
        if child.id in seen:
            raise SpecError(
                f"{what}: two children have the id {child.id!r}; ids must be unique",
                key="id",
                value=child.id,
                accepted="an id no other child of this supervisor has",
                child=child.id,
            )
        seen.add(child.id)
        out.append(child)
    return out


def _init_result(flags: dict[str, Any], children: list[Any]) -> tuple[str, Any]:
    """What ``Supervisor.init`` returns: Elixir's ``{:ok, {flags, children}}``."""
    return ("ok", (flags, children))


# == the supervisor process ==========================================================


class _State:
    """A supervisor's loop state (OTP's ``#state{}``)."""

    __slots__ = (
        "strategy",
        "intensity",
        "period",
        "auto_shutdown",
        "order",
        "db",
        "by_pid",
        "restarts",
        "module",
        "name",
    )

    def __init__(self, flags: dict[str, Any], module: str) -> None:
        self.strategy: str = flags["strategy"]
        self.intensity: int = flags["intensity"]
        self.period: float = flags["period"]
        self.auto_shutdown: str = flags["auto_shutdown"]
        self.order: list[Any] = []  # ids in start order
        self.db: dict[Any, Child] = {}
        self.by_pid: dict[Pid, Any] = {}
        self.restarts: collections.deque[float] = collections.deque()
        self.module = module
        # how reports name the supervisor (OTP's #state.name, fixed at init): its
        # registered name, or its pid
        self.name: Any = _child.supervisor_name()

    def __repr__(self) -> str:
        children = ", ".join(repr(self.db[i]) for i in self.order)
        return f"<supervisor {self.module} {self.strategy} [{children}]>"

    # -- the children table ------------------------------------------------------

    def child(self, cid: Any) -> Child | None:
        """The child whose id is ``cid``, or None: a client's value, hashable or not.

        An unhashable value is the id of no child (ids are hashable), as on the BEAM
        any term that names no child gets ``not_found``; it must not crash the server.
        """
        try:
            return self.db.get(cid)
        except TypeError:
            return None

    def add(self, child: Child) -> None:
        self.order.append(child.id)
        self.db[child.id] = child
        if child.pid is not None:
            self.by_pid[child.pid] = child.id

    def set_pid(self, child: Child, pid: Pid | None) -> None:
        if child.pid is not None:
            self.by_pid.pop(child.pid, None)
        child.pid = pid
        child.restarting = False
        if pid is not None:
            self.by_pid[pid] = child.id

    def remove(self, child: Child) -> None:
        if child.pid is not None:
            self.by_pid.pop(child.pid, None)
        self.order.remove(child.id)
        del self.db[child.id]

    def del_child(self, child: Child) -> None:
        """OTP's ``del_child``: a temporary child goes, another keeps its spec (pid undefined)."""
        if child.restart == "temporary":
            self.remove(child)
        else:
            self.set_pid(child, None)


async def _start_children(s: _State, ids: list[Any]) -> Any:
    """Starts ``ids`` in order (OTP's ``start_children``); None, or the id that failed.

    A temporary child that answers ``"ignore"`` is removed; a failure is reported
    and stops the loop, leaving the later children unstarted.
    """
    for cid in ids:
        child = s.db[cid]
        r = await _child.start(child)
        if r[0] == "ok":
            if r[1] is None and child.restart == "temporary":
                s.remove(child)
            else:
                s.set_pid(child, r[1])
            continue
        _child.report("supervisor_child_start_failed", s.name, child, r[1], "start_error")
        return (cid, r[1])
    return None


async def _do_terminate(s: _State, child: Child) -> None:
    """OTP's ``do_terminate``: shut the child down, report an unexpected reason."""
    if child.pid is None:
        return
    reason = await _child.shutdown(child)
    if reason is not None:
        _child.report("supervisor_shutdown_error", s.name, child, reason, "shutdown_error")


async def _terminate_children(s: _State, ids: list[Any]) -> None:
    """OTP's ``terminate_children``: in reverse start order; temporaries are removed."""
    for cid in reversed(ids):
        child = s.db.get(cid)
        if child is None:
            continue
        await _do_terminate(s, child)
        s.del_child(child)


def _add_restart(s: _State) -> bool:
    """OTP's ``add_restart``: False when the restart intensity is exceeded.

    The window slides: restarts older than ``max_seconds`` are forgotten (a
    restart exactly ``max_seconds`` old still counts, as OTP's ``R >= Now - Period``).
    """
    now = trio.current_time()
    window = s.restarts
    threshold = now - s.period
    while window and window[0] < threshold:
        window.popleft()
    window.append(now)
    return len(window) <= s.intensity


def _significant_alive(s: _State) -> bool:
    # OTP counts a child whose restart failed ({restarting, Pid}) as still there
    return any((c.pid is not None or c.restarting) and c.significant for c in s.db.values())


def _auto_shutdown(s: _State, child: Child) -> bool:
    """OTP's ``do_auto_shutdown``: True when the supervisor must stop now."""
    if s.auto_shutdown == "never" or not child.significant:
        return False
    if s.auto_shutdown == "any_significant":
        return True
    return not _significant_alive(s)


async def _restart(s: _State, child: Child) -> bool:
    """OTP's ``restart/2``: False when the supervisor must shut down (intensity reached)."""
    if not _add_restart(s):
        _child.report(
            "supervisor_intensity_reached",
            s.name,
            child,
            "reached_max_restart_intensity",
            "shutdown",
        )
        if child.id in s.db:
            s.del_child(child)
        return False
    failed = await _restart_strategy(s, child)
    if failed is not None:
        # leave the loop a chance to see other messages before trying again
        GenServer.cast(_core.self(), ("try_again_restart", failed))
    return True


async def _restart_strategy(s: _State, child: Child) -> Any:
    """OTP's ``restart/3``; the id to try again, or None."""
    if s.strategy == "one_for_one":
        r = await _child.start(child)
        if r[0] == "ok":
            s.set_pid(child, r[1])
            child.restarts += 1
            return None
        s.set_pid(child, None)
        child.restarting = True
        _child.report("supervisor_child_start_failed", s.name, child, r[1], "start_error")
        return child.id
    if s.strategy == "rest_for_one":
        at = s.order.index(child.id)
        ids = s.order[at:]
    else:
        ids = list(s.order)
    s.set_pid(child, None)
    return await _restart_multiple(s, child, ids)


async def _restart_multiple(s: _State, child: Child, ids: list[Any]) -> Any:
    """OTP's ``restart_multiple_children``: terminate ``ids`` (reverse), start them again."""
    await _terminate_children(s, ids)
    again = [cid for cid in ids if cid in s.db]
    failed = await _start_children(s, again)
    for cid in again:
        c = s.db.get(cid)
        if c is not None and c.pid is not None:
            c.restarts += 1
    if failed is None:
        return None
    failed_id = failed[0]
    if failed_id in s.db:
        s.db[failed_id].restarting = True
    return failed_id


#: the calls a supervisor answers (the Supervisor functions make them)
_ANSWERS: Final = (
    "the Supervisor functions' calls only (which_children, count_children, start_child, "
    "terminate_child, restart_child, delete_child)"
)


class _SupervisorServer(GenServer):
    """The GenServer every supervisor process runs (OTP's ``supervisor`` callbacks)."""

    __slots__ = ()

    def _beampy_status_items(self, s: _State) -> list[Any]:
        """What ``sys.get_status`` adds after the state (OTP's ``format_status/2``)."""
        return [("supervisor", [("Callback", s.module)])]

    async def init(self, arg: Any) -> Any:
        kind, a, b = arg
        _core.flag("trap_exit", True)
        if kind == "static":
            flags, children, module = a, b, "Supervisor.Default"
        else:
            cls, init_arg = a, b
            module = _module_name(cls)
            _core.put("$initial_call", ("supervisor", module, 1))
            r = cls().init(init_arg)
            if hasattr(r, "__await__"):
                r = await r
            if type(r) is str and r == "ignore":
                return Ignore()
            if not (
                type(r) is tuple
                and len(r) == 2
                and r[0] == "ok"
                and type(r[1]) is tuple
                and len(r[1]) == 2
            ):
                return Stop(("bad_return", (module, "init", r)))
            given, specs = r[1]
            what = f"{module}.init()"
            # OTP's check_flags: a dict takes the defaults for the keys it leaves out;
            # the old (strategy, intensity, period) tuple is accepted too
            if isinstance(given, dict):
                flags = _child.hand_built_flags(given, _INIT_DEFAULTS, what)
            elif type(given) is tuple and len(given) == 3:
                flags = {**_INIT_DEFAULTS, **dict(zip(_OLD_FLAGS, given, strict=True))}
            else:
                return Stop(("supervisor_data", ("invalid_type", given)))
            flags = _child.checked_flags(check_flags, flags, what)
            children = _check_children(specs, flags["auto_shutdown"], what)
        if kind == "static":
            _core.put("$initial_call", ("supervisor", module, 1))
        s = _State(flags, module)
        for child in children:
            s.add(child)
        failed = await _start_children(s, list(s.order))
        if failed is not None:
            started = s.order[: s.order.index(failed[0])]
            await _terminate_children(s, started)
            return Stop(("shutdown", ("failed_to_start_child", failed[0], failed[1])))
        return Ok(s)

    # -- calls -------------------------------------------------------------------

    async def handle_call(self, request: Any, from_: Any, s: _State) -> Any:
        if request == "which_children":
            children = [s.db[i] for i in reversed(s.order)]
            return Reply([(c.id, c.shown_pid(), c.type, c.modules) for c in children], s)
        if request == "count_children":
            return Reply(_count(s.db.values()), s)
        if request == _child.DESCRIBE:
            return Reply([ChildInfo(s.db[i]) for i in s.order], s)
        if type(request) is tuple and len(request) == 2:
            tag, arg = request
            if tag == "start_child":
                if arg.significant and s.auto_shutdown == "never":
                    # OTP answers {error, {bad_combination, ...}}; the caller raises it
                    return Reply(("$spec_error", _never_significant(arg)), s)
                return Reply(await _handle_start_child(s, arg), s)
            if tag == "terminate_child":
                child = s.child(arg)
                if child is None:
                    return Reply(("error", "not_found"), s)
                await _do_terminate(s, child)
                s.del_child(child)
                return Reply("ok", s)
            if tag == "restart_child":
                return Reply(await _handle_restart_child(s, arg), s)
            if tag == "delete_child":
                child = s.child(arg)
                if child is None:
                    return Reply(("error", "not_found"), s)
                if child.restarting:
                    return Reply(("error", "restarting"), s)
                if child.pid is not None:
                    return Reply(("error", "running"), s)
                s.remove(child)
                return Reply("ok", s)
        raise _gen.no_clause("Supervisor", "call", request, _ANSWERS)

    async def handle_cast(self, request: Any, s: _State) -> Any:
        if type(request) is tuple and len(request) == 2 and request[0] == "try_again_restart":
            child = s.db.get(request[1])
            if child is not None and child.restarting and not await _restart(s, child):
                return Stop("shutdown", s)
            return NoReply(s)
        raise _gen.no_clause("Supervisor", "cast", request, "no cast of yours")

    async def handle_info(self, msg: Any, s: _State) -> Any:
        if type(msg) is ExitMessage:
            cid = s.by_pid.get(msg.pid)
            if cid is None:
                return NoReply(s)
            if not await _do_restart(s, s.db[cid], msg.reason):
                return Stop("shutdown", s)
            return NoReply(s)
        _child.report_unexpected("supervisor_unexpected_message", msg)
        return NoReply(s)

    async def terminate(self, reason: Any, s: _State) -> Any:
        await _terminate_children(s, list(s.order))
        return "ok"


def _never_significant(child: Child) -> SpecError:
    return bad(
        "significant",
        True,
        "False when the supervisor's auto_shutdown is 'never'",
        child=child.id,
    )


def _count(children: Any) -> dict[str, int]:
    specs = active = supervisors = workers = 0
    for c in children:
        specs += 1
        if c.pid is not None and _core.is_alive(c.pid):
            active += 1
        if c.type == "supervisor":
            supervisors += 1
        else:
            workers += 1
    return {"specs": specs, "active": active, "supervisors": supervisors, "workers": workers}


async def _do_restart(s: _State, child: Child, reason: Any) -> bool:
    """OTP's ``do_restart``: False when the supervisor must shut down."""
    sup = s.name
    if child.restart == "permanent":
        _child.report("supervisor_child_terminated", sup, child, reason, "child_terminated")
        return await _restart(s, child)
    if (type(reason) is str and reason in ("normal", "shutdown")) or (
        type(reason) is tuple and len(reason) == 2 and reason[0] == "shutdown"
    ):
        s.del_child(child)
        return not _auto_shutdown(s, child)
    _child.report("supervisor_child_terminated", sup, child, reason, "child_terminated")
    if child.restart == "transient":
        return await _restart(s, child)
    s.del_child(child)
    return not _auto_shutdown(s, child)


async def _handle_start_child(s: _State, child: Child) -> Any:
    """OTP's ``handle_start_child``."""
    old = s.db.get(child.id)
    if old is not None:
        if old.pid is not None:
            return ("error", ("already_started", old.pid))
        return ("error", "already_present")
    r = await _child.start(child)
    if r[0] == "error":
        return ("error", (r[1], child.record()))
    if r[1] is None and child.restart == "temporary":
        return ("ok", "undefined")
    s.add(child)
    s.set_pid(child, r[1])
    if r[1] is None:
        return ("ok", "undefined")
    return r


async def _handle_restart_child(s: _State, cid: Any) -> Any:
    child = s.child(cid)
    if child is None:
        return ("error", "not_found")
    if child.restarting:
        return ("error", "restarting")
    if child.pid is not None:
        return ("error", "running")
    r = await _child.start(child)
    if r[0] == "error":
        return r
    s.set_pid(child, r[1])
    child.restarts += 1
    if r[1] is None:
        return ("ok", "undefined")
    return r


# == the client API (Elixir's Supervisor) =============================================


def _check_sup(sup: Any, what: str) -> None:
    check_server(sup, what)


async def _call(sup: Any, request: Any) -> Any:
    return await GenServer.call(sup, request, _INF)


def _init(
    children: list[Any],
    *,
    strategy: Literal["one_for_one", "one_for_all", "rest_for_one"] | None = None,
    max_restarts: int = 3,
    max_seconds: float = 5.0,
    auto_shutdown: Literal["never", "any_significant", "all_significant"] = "never",
) -> tuple[str, Any]:
    """Elixir's ``Supervisor.init/2``: what a module-based supervisor's ``init`` returns.

    Checks every option and child (raising :class:`SpecError`) and returns
    ``("ok", (flags, specs))``: OTP's flags as a dict (``strategy``,
    ``intensity``, ``period``, ``auto_shutdown``) and the child spec dicts.

    Example::

        class MySup(Supervisor):
            def init(self, arg):
                return Supervisor.init([(Worker, arg)], strategy="one_for_one")
    """
    flags = check_flags(strategy, max_restarts, max_seconds, auto_shutdown, "Supervisor.init()")
    checked = _check_children(children, flags["auto_shutdown"], "Supervisor.init()")
    return _init_result(flags, [c.spec() for c in checked])


class Supervisor:
    """Elixir's ``Supervisor``: starts children, restarts them, stops them in order.

    Two ways to start one, as in Elixir:

    * with a list of children: ``await Supervisor.start_link(children,
      strategy="one_for_one")``;
    * module-based: subclass ``Supervisor``, write ``init(self, arg)`` returning
      :meth:`Supervisor.init`, and ``await Supervisor.start_link(MySup, arg)``.

    A child is a spec dict (keys ``id``, ``start``, ``restart``, ``shutdown``,
    ``type``, ``significant``, ``modules``), a class (``cls.child_spec([])``) or
    ``(cls, arg)`` (``cls.child_spec(arg)``); GenServer, Agent, Supervisor and
    DynamicSupervisor classes have ``child_spec``.  Every function but
    :meth:`start_link`, :meth:`init` and :meth:`child_spec` is a
    ``GenServer.call`` with an infinite timeout: on failure the caller exits with
    ``(reason, ("GenServer", "call", (sup, request, math.inf)))``.

    Example::

        children = [
            {"id": "cache", "start": (Agent.start_link, dict)},
            (Worker, "arg"),
        ]
        ok, sup = await Supervisor.start_link(children, strategy="one_for_one")
        await Supervisor.which_children(sup)

    docs/supervisor.md is the guide.
    """

    __slots__ = ()

    #: The child spec keys a subclass's ``child_spec(arg)`` starts from (Elixir's
    #: ``use Supervisor, restart: ...``), e.g. ``{"restart": "transient"}``.
    child_spec_defaults: ClassVar[dict[str, Any]] = {}

    if TYPE_CHECKING:
        # A module-based supervisor overrides init(self, arg) (its callback) and
        # start_link(arg); typed loosely so that those overrides type-check.
        init: Callable[..., Any]
        start_link: Callable[..., Any]
        child_spec: Callable[..., dict[str, Any]]
    else:
        init = staticmethod(_init)

        @staticmethod
        async def start_link(
            children_or_module: Any,
            init_arg: Any = None,
            *,
            strategy: str | None = None,
            max_restarts: int = 3,
            max_seconds: float = 5.0,
            auto_shutdown: str = "never",
            name: Any = None,
        ) -> Any:
            """Starts a supervisor linked to the caller; see :func:`_start_link`."""
            return await _start_link(
                children_or_module,
                init_arg,
                strategy=strategy,
                max_restarts=max_restarts,
                max_seconds=max_seconds,
                auto_shutdown=auto_shutdown,
                name=name,
            )

        @classmethod
        def child_spec(cls, arg: Any, **overrides: Any) -> dict[str, Any]:
            """``Supervisor.child_spec/2`` on Supervisor; ``use Supervisor``'s on a subclass.

            ``Supervisor.child_spec(child, **overrides)``: the child (a dict, a
            class, or ``(class, arg)``) as a spec dict with the overrides
            applied (unknown keys raise :class:`SpecError`).

            ``MySup.child_spec(arg)`` (a subclass): ``{"id": MySup, "start":
            (MySup.start_link, arg), "type": "supervisor"}``, or with
            ``(Supervisor.start_link, MySup, arg)`` when the class has no
            ``start_link`` of its own, then ``child_spec_defaults`` and the overrides.
            """
            if cls is Supervisor:
                return _child.child_spec(arg, **overrides)
            return _child.child_spec(
                _module_child_spec(cls, arg, Supervisor.start_link), **overrides
            )

    @staticmethod
    async def start_child(supervisor: Any, child: Any) -> Any:
        """Adds a child and starts it (``Supervisor.start_child/2``).

        Returns ``("ok", pid)``, ``("ok", pid, info)``, ``("ok", "undefined")``
        (the start function answered ``"ignore"``; the spec is kept unless the
        child is temporary), ``("error", ("already_started", pid))`` or
        ``("error", "already_present")`` when the id is taken, or ``("error",
        (reason, child_record))`` when the start failed (OTP's ``#child{}`` as a
        tuple; the spec is not kept).  A bad spec raises :class:`SpecError` in
        the caller; nothing is sent.
        """
        _check_sup(supervisor, "Supervisor.start_child()")
        try:
            spec = _child.normalise(child, "any_significant")
        except SpecError as e:
            raise e.named("Supervisor.start_child()") from None
        try:
            r = await _call(supervisor, ("start_child", spec))
        except _core.Exit as e:
            raise _child.as_requested(e, spec) from None
        if type(r) is tuple and len(r) == 2 and r[0] == "$spec_error":
            raise r[1].named("Supervisor.start_child()")
        return r

    @staticmethod
    async def terminate_child(supervisor: Any, child_id: Any) -> Any:
        """Stops the child with ``child_id``, keeping its spec unless it is temporary.

        ``Supervisor.terminate_child/2``: ``"ok"`` or ``("error", "not_found")``.
        The child is shut down as its ``shutdown`` says (see :meth:`stop`).
        """
        _check_sup(supervisor, "Supervisor.terminate_child()")
        return await _call(supervisor, ("terminate_child", child_id))

    @staticmethod
    async def restart_child(supervisor: Any, child_id: Any) -> Any:
        """Starts again a child whose spec is kept (``Supervisor.restart_child/2``).

        ``("ok", pid)``, ``("ok", pid, info)``, ``("ok", "undefined")``, the start
        function's ``("error", reason)``, or ``("error", "running" |
        "restarting" | "not_found")``.
        """
        _check_sup(supervisor, "Supervisor.restart_child()")
        return await _call(supervisor, ("restart_child", child_id))

    @staticmethod
    async def delete_child(supervisor: Any, child_id: Any) -> Any:
        """Removes the spec of a child that is not running (``Supervisor.delete_child/2``).

        ``"ok"`` or ``("error", "running" | "restarting" | "not_found")``.
        """
        _check_sup(supervisor, "Supervisor.delete_child()")
        return await _call(supervisor, ("delete_child", child_id))

    @staticmethod
    async def which_children(supervisor: Any) -> list[tuple[Any, Any, str, Any]]:
        """``[(id, pid | "restarting" | "undefined", type, modules), ...]``, newest first.

        ``Supervisor.which_children/1`` (OTP lists the children in reverse
        start order).
        """
        _check_sup(supervisor, "Supervisor.which_children()")
        return await _call(supervisor, "which_children")  # type: ignore[no-any-return]

    @staticmethod
    async def count_children(supervisor: Any) -> dict[str, int]:
        """``{"specs": n, "active": n, "supervisors": n, "workers": n}``.

        ``Supervisor.count_children/1``: ``active`` counts the children whose
        process is alive.
        """
        _check_sup(supervisor, "Supervisor.count_children()")
        return await _call(supervisor, "count_children")  # type: ignore[no-any-return]

    @staticmethod
    async def stop(supervisor: Any, reason: Any = "normal", timeout: float = _INF) -> Literal["ok"]:
        """Stops the supervisor: its children in reverse start order, then itself.

        ``Supervisor.stop/3`` (``GenServer.stop``): returns ``"ok"``; exits with
        ``(why, ("GenServer", "stop", (supervisor, reason, timeout)))`` when it
        is not there (``"noproc"``) or does not stop in time.
        """
        check_server(supervisor, "Supervisor.stop()")
        timeout = _proc_lib.check_timeout(timeout, "Supervisor.stop()")
        return await GenServer.stop(supervisor, reason, timeout)


def _module_child_spec(cls: type, arg: Any, base_start: Any) -> dict[str, Any]:
    """``use Supervisor``'s child_spec(arg) for the class ``cls``."""
    own = getattr(cls, "start_link", None)
    start = (own, arg) if own is not base_start else (base_start, cls, arg)
    spec: dict[str, Any] = {"id": cls, "start": start, "type": "supervisor"}
    spec.update(getattr(cls, "child_spec_defaults", {}) or {})
    return spec


async def _start_link(
    children_or_module: Any,
    init_arg: Any,
    *,
    strategy: Any,
    max_restarts: Any,
    max_seconds: Any,
    auto_shutdown: Any,
    name: Any,
) -> Any:
    """Starts a supervisor linked to the caller (``Supervisor.start_link/2,3``).

    ``start_link(children, *, strategy, max_restarts=3, max_seconds=5.0,
    auto_shutdown="never", name=None)``, or ``start_link(MySup, init_arg, *,
    name=None)`` for a module-based supervisor.  The children start one by one
    in order before this returns.

    Returns ``("ok", pid)``, ``"ignore"`` (a module's ``init`` said so), or
    ``("error", reason)``: ``("shutdown", ("failed_to_start_child", id,
    reason))`` when a child failed to start (the ones started before it were
    stopped), ``("already_started", pid)`` for a name that is taken.

    Raises:
        SpecError: a bad option or child spec (list form); nothing is started.
    """
    what = "Supervisor.start_link()"
    _gen.check_name(name, what)
    if isinstance(children_or_module, type):
        if not issubclass(children_or_module, Supervisor):
            raise TypeError(
                f"{what}: a module-based supervisor must subclass Supervisor; got "
                f"{children_or_module!r}"
            )
        if (
            strategy is not None
            or max_restarts != 3
            or max_seconds != 5.0
            or auto_shutdown != "never"
        ):
            raise TypeError(
                f"{what}: a module-based supervisor takes its options from its init(); pass "
                "only the module, init_arg and name"
            )
        arg: Any = ("module", children_or_module, init_arg)
    else:
        if init_arg is not None:
            raise TypeError(
                f"{what}: the list form takes the children and keyword options only; got a "
                f"second argument {init_arg!r}"
            )
        flags = check_flags(strategy, max_restarts, max_seconds, auto_shutdown, what)
        children = _check_children(children_or_module, flags["auto_shutdown"], what)
        arg = ("static", flags, children)
    return await GenServer.start_link(_SupervisorServer, arg, name=name)
