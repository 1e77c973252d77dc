"""Task.Supervisor: a DynamicSupervisor whose children are tasks (Elixir's ``Task.Supervisor``).

Built the way Elixir 1.14 builds it, on the two layers below:

* The supervisor is a module-based :class:`DynamicSupervisor` (``TaskSupervisor``
  subclasses it); its ``init`` keeps the default restart and shutdown of its tasks
  in its process dictionary under ``"Task.Supervisor"``, as Elixir's does.
* Every task is a child started by ``DynamicSupervisor.start_child`` with the spec
  Elixir's DynamicSupervisor makes for ``{:start_task, ...}``: a worker whose start
  function spawns the task with proc_lib, linked to the supervisor, ``modules``
  ``["Task.Supervised"]``.  Elixir's DynamicSupervisor fills in the defaults itself;
  here the caller reads them from the supervisor's dictionary
  (``Process.info(sup, "dictionary")``) and sends a complete spec, so the
  DynamicSupervisor needs no clause of its own for tasks.
* ``async_``/``async_nolink`` start :func:`._task.reply_entry` (Elixir's
  ``Task.Supervised.reply/2``, which monitors its owner and waits for the
  instruction), link it to the caller for ``async_`` and hand it its work with
  :func:`._task.attach`; ``start_child`` starts :func:`._task.noreply_entry`;
  ``async_stream`` gives :class:`._task.AsyncStream` a ``spawn`` that starts each
  task under the supervisor from the stream's helper process, linked to that helper
  or not.

docs/task_supervisor.md is the guide.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Awaitable, Callable
from typing import Any, Final, Literal

from .. import _core
from .._core import ANY, DownMessage, Exit, Pid, ReceiveTimeout, Ref
from . import _child, _proc_lib
from ._child import bad
from ._dynamic_supervisor import DynamicSupervisor, check_flags
from ._gen import check_name, check_server, whereis
from ._task import (
    AsyncStream,
    OnTimeout,
    Task,
    attach,
    callers,
    check_fn,
    describe,
    noreply_entry,
    reply_entry,
    stream_options,
)

__all__ = ["TaskSupervisor"]

_INF: Final = math.inf
_KEY: Final = "Task.Supervisor"  # the supervisor's dictionary key for its defaults
_DEFAULTS: Final = ("temporary", 5.0)
_MODULES: Final = ["Task.Supervised"]
_REPLY_CALL: Final = ("Task.Supervised", "reply", 2)
_MAX_CHILDREN_MESSAGE: Final = (
    "reached the maximum number of tasks for this task supervisor. The maximum number of "
    "tasks that are allowed to run at the same time under this supervisor can be configured "
    "with the max_children option passed to Task.Supervisor.start_link()"
)

Restart = Literal["temporary", "transient", "permanent"]
Shutdown = float | Literal["brutal_kill"]


# == checks =============================================================================


def _check_restart(restart: Any, what: str) -> Any:
    if restart is None or (type(restart) is str and restart in _child.RESTARTS):
        return restart
    accepted = "'temporary', 'transient' or 'permanent'"
    raise bad("restart", restart, accepted, what=what)


def _check_shutdown(shutdown: Any, what: str) -> Any:
    if shutdown is None or (type(shutdown) is str and shutdown == "brutal_kill"):
        return shutdown
    number = type(shutdown) is not bool and isinstance(shutdown, (int, float))
    if number and (shutdown == _INF or (shutdown == shutdown and 0 <= shutdown <= 1e15)):
        return float(shutdown)
    raise bad("shutdown", shutdown, _child.SHUTDOWN_FORMS, what=what)


# == the task processes' start functions (run in the supervisor) ======================


async def _start_reply(owner: Pid) -> tuple[str, Pid]:
    """``Task.Supervised.start_link(owner, :monitor)``: a task waiting for its instruction."""
    return ("ok", _proc_lib.spawn_link(reply_entry, owner, initial_call=_REPLY_CALL))


async def _start_noreply(
    owner: Pid, task_callers: list[Pid], fn: Any, args: tuple[Any, ...]
) -> tuple[str, Pid]:
    """``Task.Supervised.start_link(owner, callers, mfa)``: a fire-and-forget task."""
    pid = _proc_lib.spawn_link(
        noreply_entry, owner, task_callers, fn, args, initial_call=describe(fn, args)
    )
    return ("ok", pid)


async def _stream_entry(
    helper: Pid, go: Ref, entry: Callable[..., Awaitable[Any]], args: tuple[Any, ...]
) -> None:
    """A stream's task under a supervisor: waits until the stream's helper has linked it.

    Elixir's supervised stream task is ``Task.Supervised.reply/2``: it monitors its
    owner, waits up to 5 seconds for the instruction and exits ``("shutdown",
    reason)`` if the owner goes first.  Here the instruction is the ``go`` the
    helper sends once it has linked the task (or decided not to), so that a task
    cannot finish before its link exists.
    """
    mref = _core.monitor(helper)
    try:
        msg = await _core.receive(go, DownMessage(mref, ANY, ANY), timeout=5.0)
    except ReceiveTimeout:
        raise Exit("timeout") from None
    if type(msg) is DownMessage:
        raise Exit(("shutdown", msg.reason))
    _core.demonitor(mref, flush=True)
    await entry(*args)


async def _start_stream_task(
    helper: Pid, go: Ref, entry: Callable[..., Awaitable[Any]], args: tuple[Any, ...]
) -> tuple[str, Pid]:
    pid = _proc_lib.spawn_link(_stream_entry, helper, go, entry, args, initial_call=_REPLY_CALL)
    return ("ok", pid)


# == starting a task under the supervisor ===============================================


def _defaults(supervisor: Any) -> tuple[str, Any]:
    """The supervisor's default restart and shutdown (what its ``init`` stored).

    A supervisor that cannot be found gives the standard defaults: the call that
    follows exits the caller as GenServer.call does.
    """
    pid = whereis(supervisor)
    if type(pid) is Pid:
        for key, value in _core.info(pid, "dictionary") or ():
            if key == _KEY:
                return value  # type: ignore[no-any-return]
    return _DEFAULTS


async def _start_task(supervisor: Any, start: tuple[Any, ...], restart: Any, shutdown: Any) -> Any:
    """Elixir's ``start_child_with_spec``: a worker child with the supervisor's defaults."""
    if restart is None or shutdown is None:
        init_restart, init_shutdown = _defaults(supervisor)
        restart = restart if restart is not None else init_restart
        shutdown = shutdown if shutdown is not None else init_shutdown
    spec = {
        "id": "undefined",
        "start": start,
        "restart": restart,
        "shutdown": shutdown,
        "type": "worker",
        "modules": _MODULES,
    }
    return await DynamicSupervisor.start_child(supervisor, spec)


async def _async(
    supervisor: Any, link: bool, fn: Any, args: tuple[Any, ...], shutdown: Any, what: str
) -> Task:
    check_server(supervisor, what)
    check_fn(fn, what)
    shutdown = _check_shutdown(shutdown, what)
    owner = _core.self()
    r = await _start_task(supervisor, (_start_reply, owner), "temporary", shutdown)
    if r[0] != "ok":
        if r == ("error", "max_children"):
            raise RuntimeError(_MAX_CHILDREN_MESSAGE)
        raise Exit(r[1])  # pragma: no cover - the start function cannot fail
    pid: Pid = r[1]
    if link:
        _core.link(pid)
    return attach(pid, owner, fn, args)


def _spawner(supervisor: Any, link: bool, shutdown: Any) -> Any:
    """The ``spawn`` a supervised :class:`AsyncStream` calls in its helper process."""
    kind = "link" if link else "nolink"

    async def spawn(entry: Callable[..., Awaitable[Any]], args: tuple[Any, ...]) -> Any:
        helper = _core.self()
        go = _core.make_ref()
        start = (_start_stream_task, helper, go, entry, args)
        r = await _start_task(supervisor, start, "temporary", shutdown)
        if r[0] != "ok":
            return r
        pid = r[1]
        if link:
            _core.link(pid)
        _core.send(pid, go)
        return ("ok", kind, pid)

    return spawn


def _stream(
    supervisor: Any,
    link: bool,
    enumerable: Any,
    fn: Any,
    args: tuple[Any, ...],
    max_concurrency: Any,
    ordered: Any,
    timeout: Any,
    on_timeout: Any,
    zip_input_on_exit: Any,
    shutdown: Any,
    what: str,
) -> AsyncStream:
    check_server(supervisor, what)
    check_fn(fn, what)
    options = stream_options(
        enumerable, max_concurrency, ordered, timeout, on_timeout, zip_input_on_exit, what
    )
    shutdown = _check_shutdown(shutdown, what)
    return AsyncStream(enumerable, fn, args, _spawner(supervisor, link, shutdown), *options)


# == the client API ======================================================================


class TaskSupervisor(DynamicSupervisor):
    """Elixir's ``Task.Supervisor``: a DynamicSupervisor that starts tasks on demand.

    Also reachable as ``Task.Supervisor`` (a class attribute of :class:`Task`) and
    ``beampy.TaskSupervisor``.  Start one under a supervisor with
    ``(TaskSupervisor, {"name": "my_tasks"})``, then start tasks under it by name or
    pid.  Being a DynamicSupervisor, it also answers
    ``DynamicSupervisor.which_children``/``count_children``/``stop``.
    docs/task_supervisor.md is the guide.

    Example::

        ok, sup = await Task.Supervisor.start_link()
        task = await Task.Supervisor.async_nolink(sup, fetch, url)
        match await Task.yield_(task, 5.0) or await Task.shutdown(task):
            case ("ok", page): ...
            case ("exit", reason): ...
            case None: ...
    """

    __slots__ = ()

    async def init(self, arg: Any) -> tuple[str, dict[str, Any]]:
        """Runs in the new supervisor: keeps the task defaults, returns the flags."""
        defaults, flags = arg
        _core.put(_KEY, defaults)
        return ("ok", flags)

    @staticmethod
    async def start_link(
        *,
        name: Any = None,
        max_children: float = _INF,
        max_restarts: int = 3,
        max_seconds: float = 5.0,
        restart: Restart = "temporary",
        shutdown: Shutdown = 5.0,
    ) -> Any:
        """Starts a task supervisor linked to the caller (``Task.Supervisor.start_link/1``).

        Args:
            name: a name to register it under (a str or ``("via", registry, key)``).
            max_children: tasks that may run at once, an int >= 0 or ``math.inf``
                (default); one more is refused (``("error", "max_children")`` from
                :meth:`start_child`, RuntimeError from :meth:`async_`).
            max_restarts, max_seconds: the restart intensity (default 3 in 5.0 s),
                as DynamicSupervisor's; only transient and permanent tasks restart.
            restart: the default restart of :meth:`start_child` (default
                ``"temporary"``).  Elixir 1.14 deprecates this option (pass it to
                ``start_child`` instead); async tasks are always temporary.
            shutdown: the default shutdown of every task: seconds, ``math.inf`` or
                ``"brutal_kill"`` (default 5.0).  Elixir deprecates it too.

        Returns:
            ``("ok", pid)``, or ``("error", ("already_started", pid))`` for a taken name.

        Raises:
            SpecError: a bad option (names the option, the value and what is accepted).
        """
        what = "Task.Supervisor.start_link()"
        check_name(name, what)
        if restart is None:
            raise bad("restart", restart, "'temporary', 'transient' or 'permanent'", what=what)
        if shutdown is None:
            raise bad("shutdown", shutdown, _child.SHUTDOWN_FORMS, what=what)
        defaults = (_check_restart(restart, what), _check_shutdown(shutdown, what))
        flags = check_flags("one_for_one", max_restarts, max_seconds, max_children, (), what)
        return await DynamicSupervisor.start_link(TaskSupervisor, (defaults, flags), name=name)

    @classmethod
    def child_spec(cls, arg: Any = (), **overrides: Any) -> dict[str, Any]:
        """The spec of a task supervisor as a child (``Task.Supervisor.child_spec/1``).

        ``arg`` is a dict of :meth:`start_link`'s options (``[]`` or ``()`` for none),
        so ``(TaskSupervisor, {"name": "my_tasks"})`` and a bare ``TaskSupervisor``
        work in a Supervisor's children list.  The id is the name (the key of a via
        name), else ``TaskSupervisor``; the type is ``"supervisor"``.  ``overrides``
        are child spec keys applied last (``Supervisor.child_spec/2``).
        """
        if isinstance(arg, dict):
            opts = dict(arg)
        elif arg == [] or arg == ():
            opts = {}
        else:
            raise bad(
                "arg",
                arg,
                "a dict of Task.Supervisor.start_link's options (or [] for none)",
                what="Task.Supervisor.child_spec()",
            )
        name = opts.get("name")
        cid: Any = TaskSupervisor
        if type(name) is str:
            cid = name
        elif type(name) is tuple and len(name) == 3:
            cid = name[2]
        spec: dict[str, Any] = {
            "id": cid,
            "start": (functools.partial(TaskSupervisor.start_link, **opts),),
            "type": "supervisor",
            "modules": [TaskSupervisor],
        }
        return _child.child_spec(spec, "Task.Supervisor.child_spec()", **overrides)

    @staticmethod
    async def async_(
        supervisor: Any, fn: Callable[..., Any], *args: Any, shutdown: Shutdown | None = None
    ) -> Task:
        """Starts a task under the supervisor, linked to the caller (``Task.Supervisor.async/3,5``).

        Like :meth:`Task.async_`: the caller must await it (``Task.await_``,
        ``yield_``...), and a crash of either takes the other down; the task is a
        temporary child of the supervisor, which shuts it down when it stops.

        Args:
            supervisor: the task supervisor (pid or name).
            fn: an ``async def`` or a plain function, called as ``fn(*args)``.
            shutdown: how the supervisor stops it: seconds, ``math.inf`` or
                ``"brutal_kill"`` (default: the supervisor's, 5.0).

        Raises:
            RuntimeError: the supervisor has ``max_children`` tasks already.
            Exit: the supervisor is not there (``("noproc", ("GenServer", "call", ...))``).
            TypeError / SpecError: a bad argument.
        """
        return await _async(supervisor, True, fn, args, shutdown, "Task.Supervisor.async_()")

    @staticmethod
    async def async_nolink(
        supervisor: Any, fn: Callable[..., Any], *args: Any, shutdown: Shutdown | None = None
    ) -> Task:
        """Starts a task under the supervisor, monitored but not linked (``async_nolink/3,5``).

        The task's crash does not reach the caller: await it (``Task.await_`` exits
        with ``(reason, ("Task", "await", ...))``), yield it (``("exit", reason)``), or
        in a GenServer take its reply ``(task.ref, result)`` in ``handle_info`` and
        then ``demonitor(task.ref, flush=True)``; a task that fails sends
        ``DownMessage(task.ref, pid, reason)`` instead.  Same arguments and errors as
        :meth:`async_`.
        """
        return await _async(supervisor, False, fn, args, shutdown, "Task.Supervisor.async_nolink()")

    @staticmethod
    async def start_child(
        supervisor: Any,
        fn: Callable[..., Any],
        *args: Any,
        restart: Restart | None = None,
        shutdown: Shutdown | None = None,
    ) -> Any:
        """Starts a fire-and-forget task under the supervisor (``Task.Supervisor.start_child/3,5``).

        The task is linked to the supervisor only; nobody awaits it, and its crash
        is logged (``task_terminating``).

        Args:
            restart: ``"temporary"`` (never restarted), ``"transient"`` (restarted
                when it ends with another reason than ``"normal"``, ``"shutdown"`` or
                ``("shutdown", x)``) or ``"permanent"`` (always restarted); a restart
                runs ``fn(*args)`` again in a new process.  Default: the
                supervisor's (``"temporary"``).
            shutdown: seconds, ``math.inf`` or ``"brutal_kill"`` (default: the
                supervisor's, 5.0); a task must trap exits for the time to matter.

        Returns:
            ``("ok", pid)`` or ``("error", "max_children")``.
        """
        what = "Task.Supervisor.start_child()"
        check_server(supervisor, what)
        check_fn(fn, what)
        restart = _check_restart(restart, what)
        shutdown = _check_shutdown(shutdown, what)
        owner = _core.self()
        start = (_start_noreply, owner, callers(owner), fn, args)
        return await _start_task(supervisor, start, restart, shutdown)

    @staticmethod
    async def terminate_child(supervisor: Any, pid: Pid) -> Any:
        """Shuts the task ``pid`` down: ``"ok"`` or ``("error", "not_found")``."""
        if type(pid) is not Pid:
            raise TypeError(
                f"Task.Supervisor.terminate_child(): pid must be a Pid (a task of the "
                f"supervisor); got {pid!r} ({type(pid).__name__})"
            )
        return await DynamicSupervisor.terminate_child(supervisor, pid)

    @staticmethod
    async def children(supervisor: Any) -> list[Pid]:
        """The pids of the supervisor's running tasks, in pid order (``children/1``).

        A task waiting for a restart is left out.
        """
        check_server(supervisor, "Task.Supervisor.children()")
        rows = await DynamicSupervisor.which_children(supervisor)
        return [row[1] for row in rows if type(row[1]) is Pid]

    @staticmethod
    def async_stream(
        supervisor: Any,
        enumerable: Any,
        fn: Callable[..., Any],
        *args: Any,
        max_concurrency: int | None = None,
        ordered: bool = True,
        timeout: float = 5.0,
        on_timeout: OnTimeout = "exit",
        zip_input_on_exit: bool = False,
        shutdown: Shutdown | None = None,
    ) -> AsyncStream:
        """:meth:`Task.async_stream` with each task a child of the supervisor (``async_stream``).

        The tasks are linked to the stream's consumer (through its helper process),
        as :meth:`Task.async_stream`'s are: a crash takes a non-trapping consumer
        down.  The options are :meth:`Task.async_stream`'s, plus ``shutdown`` (the
        supervisor's by default).  When the supervisor refuses a task
        (``max_children``), the stream stops its tasks and raises RuntimeError in
        the consumer: keep ``max_concurrency`` at most ``max_children``.
        """
        return _stream(
            supervisor,
            True,
            enumerable,
            fn,
            args,
            max_concurrency,
            ordered,
            timeout,
            on_timeout,
            zip_input_on_exit,
            shutdown,
            "Task.Supervisor.async_stream()",
        )

    @staticmethod
    def async_stream_nolink(
        supervisor: Any,
        enumerable: Any,
        fn: Callable[..., Any],
        *args: Any,
        max_concurrency: int | None = None,
        ordered: bool = True,
        timeout: float = 5.0,
        on_timeout: OnTimeout = "exit",
        zip_input_on_exit: bool = False,
        shutdown: Shutdown | None = None,
    ) -> AsyncStream:
        """As :meth:`async_stream`, the tasks not linked to the consumer (``async_stream_nolink``).

        A task that crashes gives ``("exit", reason)`` in its place and the
        consumer lives on, trapping exits or not.  Stopping the stream early still
        shuts its running tasks down.
        """
        return _stream(
            supervisor,
            False,
            enumerable,
            fn,
            args,
            max_concurrency,
            ordered,
            timeout,
            on_timeout,
            zip_input_on_exit,
            shutdown,
            "Task.Supervisor.async_stream_nolink()",
        )


Task.Supervisor = TaskSupervisor
