"""Task: a process that runs one function and reports back (Elixir's ``Task``).

Built the way Elixir builds it, on the process layer and proc_lib, not on
GenServer:

* :meth:`Task.async_` spawns the task linked to the caller (with proc_lib, so
  it knows its ``"$ancestors"``), monitors it with an alias that the
  monitor's removal deactivates (``monitor(pid, alias="demonitor")``), and
  sends it what to run with the alias to reply to.  The task replies
  ``(alias, result)``; once the owner has awaited, timed out or ignored it,
  a late reply finds the alias inactive and is dropped.
* ``await_``/``yield_``/``shutdown``/``ignore`` read that reply or the DOWN,
  as ``task.ex`` does; every exit has the BEAM's shape
  ``(reason, ("Task", "await", (task, timeout)))``.
* :meth:`Task.async_stream` is Elixir's ``Task.Supervised.stream``: a helper
  process (the *stream monitor*) linked to the consumer spawns the tasks,
  linked to itself, watches them with monitors and timers, and reports each
  result to the consumer; the consumer asks for a task only as it takes
  results, so no more than ``max_concurrency`` run at once and the input is
  read only as fast as results are taken.

The pieces Task.Supervisor reuses are module functions: :func:`reply_entry`
(the body of a supervised async task, which waits to be told what to run,
Elixir's ``Task.Supervised.reply``), :func:`attach` (make the Task for a started
process), :func:`noreply_entry` (a fire-and-forget task's body),
:func:`callers` and :class:`AsyncStream`, whose ``spawn`` argument says how a
stream's task is started (linked to the stream monitor here, ``start_child``
under a supervisor there).
"""

from __future__ import annotations

import contextlib
import inspect
import math
import os
import types
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Final, Literal

import trio

from .. import _core
from .._core import (
    ANY,
    DownMessage,
    Exit,
    ExitMessage,
    ExitSignal,
    Pid,
    ReceiveTimeout,
    Ref,
    emit_report,
)
from . import _proc_lib

if TYPE_CHECKING:  # the layer above sets Task.Supervisor; only its type is needed here
    from ._task_supervisor import TaskSupervisor

__all__ = [
    "AsyncStream",
    "SpawnChild",
    "Task",
    "attach",
    "callers",
    "check_fn",
    "describe",
    "noreply_entry",
    "reply_entry",
    "stream_options",
]


_Coroutine: Final = types.CoroutineType
_CO_ASYNC_GENERATOR: Final = inspect.CO_ASYNC_GENERATOR
_INF: Final = math.inf
_MAX_TIMEOUT: Final = 1e15
_QUIET: Final = ("normal", "shutdown")

OnTimeout = Literal["exit", "kill_task"]
YieldOnTimeout = Literal["nothing", "ignore", "kill_task"]


# == helpers shared by every kind of task ===========================================


def describe(fn: Any, args: tuple[Any, ...]) -> tuple[str, str, int]:
    """``(module, qualname, len(args))`` of a task's function: its ``mfa`` and ``$initial_call``.

    Elixir shows ``{m, f, length(args)}`` for ``async(m, f, args)``; Python has
    only the ``fn, *args`` form, so the function stands for ``m, f`` (a
    ``functools.partial`` shows the function it wraps).
    """
    if type(fn) is types.FunctionType:  # the common case, read directly
        return (fn.__module__ or "?", fn.__qualname__, len(args))
    target = getattr(fn, "func", fn)
    module = getattr(target, "__module__", None) or "?"
    name = getattr(target, "__qualname__", None) or repr(target)
    return (module, name, len(args))


def callers(owner: Pid) -> list[Pid]:
    """What a task started by ``owner`` records as ``"$callers"``: ``owner``, then its own callers.

    Must be called in ``owner`` (it reads its process dictionary), as Elixir's
    ``get_callers/1`` does.
    """
    own = _core.get("$callers")
    if type(own) is list and own:
        return [owner, *own]
    return [owner]


def check_fn(fn: Any, what: str) -> None:
    """Raises TypeError unless ``fn`` can be a task's function."""
    if not callable(fn):
        raise TypeError(
            f"{what}: fn must be a callable (an async def, a plain function, a lambda or a "
            f"functools.partial); got {fn!r} ({type(fn).__name__})"
        )
    if (
        fn.__code__.co_flags & _CO_ASYNC_GENERATOR
        if type(fn) is types.FunctionType
        else inspect.isasyncgenfunction(fn)  # (sees through partials and methods)
    ):
        raise TypeError(
            f"{what}: fn must be an async def or a plain function; {fn!r} is an async "
            "generator function (its result is an async generator, which no one would "
            "iterate): iterate it in an async def and return what you need"
        )


def _check_timeout(timeout: Any, what: str) -> float:
    if type(timeout) is float and 0.0 <= timeout <= _MAX_TIMEOUT:
        return timeout
    return _proc_lib.check_timeout(timeout, what)


def _quiet(reason: Any) -> bool:
    """Exits that are no failure, as Elixir's Task.Supervised lets through without a report."""
    if type(reason) is str:
        return reason in _QUIET
    return type(reason) is tuple and len(reason) == 2 and reason[0] == "shutdown"


def _report(exc: BaseException, fn: Any, args: tuple[Any, ...], owner: Pid) -> None:
    """Logs ``task_terminating`` for a task that failed (Elixir's Task.Supervisor report)."""
    if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit, trio.Cancelled)):
        return  # not a failure of the task
    if isinstance(exc, ExitSignal):
        try:
            _core.self()
        except BaseException:
            return  # killed: whoever killed it answers for it
        # (raised by the task's own code: its exit, reported as the runtime reports it)
    reason = exc.reason if isinstance(exc, (Exit, ExitSignal)) else exc
    if _quiet(reason):
        return
    with contextlib.suppress(Exception):  # (in reading the fields; emit never raises)
        emit_report(
            "error",
            "task_terminating",
            pid=_core.self(),
            starter=owner,
            function=fn,
            args=args,
            reason=reason,
            callers=_core.get("$callers"),
        )


async def _invoke(fn: Any, args: tuple[Any, ...], owner: Pid) -> Any:
    """Runs a task's function: ``await fn(*args)`` for an async def, ``fn(*args)`` otherwise."""
    try:
        r = fn(*args)
        if type(r) is _Coroutine:
            r = await r
        return r
    except BaseException as e:
        _report(e, fn, args, owner)
        raise


# == the task processes (Elixir's Task.Supervised) ==================================


async def reply_entry(owner: Pid) -> None:
    """The body of a task a supervisor started for ``owner``: wait to be told what to run.

    Elixir's ``Task.Supervised.reply``, for a task the owner did not spawn itself:
    the owner sends ``(owner, ref, reply_to, callers, fn, args, mfa)`` once the
    supervisor has answered (see :func:`attach`); the task records
    ``"$callers"`` and ``"$initial_call"`` (``mfa``), runs ``fn(*args)`` and
    sends ``(ref, result)`` to ``reply_to``.  It exits ``("shutdown",
    reason)`` if the owner dies first and ``"timeout"`` if no instruction comes
    within 5 seconds, as Elixir's does.  (``Task.async_`` spawns its task
    itself and needs no instruction: :func:`_owned_entry`.)
    """
    mref = _core.monitor(owner)
    try:
        msg = await _core.receive(
            (owner, ANY, ANY, ANY, ANY, ANY, ANY), DownMessage(mref, ANY, ANY), timeout=5.0
        )
    except ReceiveTimeout:
        raise Exit("timeout") from None
    if type(msg) is DownMessage:
        raise Exit(("shutdown", msg.reason))
    _core.demonitor(mref, flush=True)
    _, ref, reply_to, task_callers, fn, args, mfa = msg
    _core.put("$callers", task_callers)
    _core.put("$initial_call", mfa)
    result = await _invoke(fn, args, owner)
    _core.send(reply_to, (ref, result))


async def _owned_entry(
    task_callers: list[Pid],
    owner: Pid,
    fn: Any,
    args: tuple[Any, ...],
    tag: list[Any],
) -> None:
    """The body of a task its owner spawned itself (``Task.async_``): run ``fn(*args)``,
    send ``(ref, result)`` to ``ref``.

    proc_lib records ``"$ancestors"`` and ``"$initial_call"``; this records
    ``"$callers"``.  Unlike :func:`reply_entry` it is sent no instruction: a new
    process runs only after its spawner's step, so the owner has put its
    monitor's alias into ``tag`` by then (Elixir sends the task its alias in a
    message: the task behaves the same, and only ``info(pid, "messages")`` before
    it runs tells the two apart; docs/differences.md, "Task").
    """
    _core.put("$callers", task_callers)
    result = await _invoke(fn, args, owner)
    ref = tag[0]
    _core.send(ref, (ref, result))


async def noreply_entry(owner: Pid, task_callers: list[Pid], fn: Any, args: tuple[Any, ...]) -> Any:
    """The body of a fire-and-forget task (``Task.start``): run ``fn(*args)``, reply to nobody.

    Elixir's ``Task.Supervised.noreply/3``; start it with proc_lib and
    ``initial_call=describe(fn, args)``.
    """
    _core.put("$callers", task_callers)
    return await _invoke(fn, args, owner)


def attach(pid: Pid, owner: Pid, fn: Any, args: tuple[Any, ...]) -> Task:
    """Makes the :class:`Task` for a started :func:`reply_entry` process and tells it what to run.

    Monitors ``pid`` with an alias (deactivated when the monitor is removed, so
    a reply after the owner gave up is dropped) and sends the instruction.
    Must be called by ``owner``.  Linking is the caller's business
    (``async_`` spawns linked; Task.Supervisor links after ``start_child``).
    """
    ref = _core.monitor(pid, alias="demonitor")
    mfa = describe(fn, args)
    _core.send(pid, (owner, ref, ref, callers(owner), fn, args, mfa))
    return Task(pid, ref, owner, mfa)


# == the Task struct and its functions ==============================================


def _not_owner(task: Task, what: str) -> ValueError:
    return ValueError(
        f"{what}: task {task!r} must be queried from its owner {task.owner} but was queried "
        f"from {_core.self()}"
    )


def _replies_of(pending: Any, tref: Ref) -> Callable[[Any], bool]:
    """The receive pattern of await_many/yield_many: a reply or DOWN of a pending task
    (``pending`` is looked into at each message, as it shrinks), or the timer ``tref``."""

    def mine(m: Any) -> bool:
        t = type(m)
        if t is tuple:
            return len(m) == 2 and type(m[0]) is Ref and m[0] in pending
        if t is DownMessage:
            return m.ref in pending
        return t is Ref and m == tref

    return mine


def _task_list(tasks: Any, what: str) -> list[Task]:
    """``tasks`` as a list, or a typed error naming what was given."""
    if type(tasks) is list:
        return list(tasks)
    if not isinstance(tasks, (str, bytes, Task)):
        try:
            it = iter(tasks)
        except TypeError:
            pass
        else:
            return list(it)
    raise TypeError(
        f"{what}: tasks must be an iterable (a list) of Task; got {tasks!r} "
        f"({type(tasks).__name__})"
    )


def _check_task(task: Any, me: Pid, what: str, reading: bool = True) -> None:
    """Type and owner checks; a task whose result was read cannot be read again.

    ``shutdown`` and ``ignore`` (``reading=False``) still act on a finished
    task's process, as Elixir's do: a caught ``await_`` timeout is followed by
    a ``shutdown`` of the task.
    """
    if type(task) is not Task:
        raise TypeError(
            f"{what}: expected a Task (from Task.async_, Task.completed or Task.Supervisor); "
            f"got {task!r} ({type(task).__name__})"
        )
    if task.owner != me:
        raise _not_owner(task, what)
    if reading and task._closed:
        raise ValueError(
            f"{what}: task {task!r} is finished: its result was already read (await_, "
            "await_many, or a yield_ that did not return None), an await_ or await_many of "
            "it timed out (the reply is dropped from then on), or it was shut down or "
            "ignored; a result can be read once (yield_ may be repeated while it returns None)"
        )


def _close(task: Task) -> None:
    object.__setattr__(task, "_closed", True)


def _flush_reply(ref: Ref) -> tuple[str, Any] | None:
    try:
        msg = _core.receive_nowait((ref, ANY))
    except trio.WouldBlock:
        return None
    return ("ok", msg[1])


def _flush_noproc(ref: Ref, kind: str) -> tuple[str, Any] | None:
    try:
        down = _core.receive_nowait(DownMessage(ref, ANY, ANY))
    except trio.WouldBlock:
        _core.demonitor(ref, flush=True)
        return ("exit", "noproc")
    reason = down.reason
    if (reason == "shutdown" and kind != "brutal_kill") or (
        reason == "killed" and kind == "brutal_kill"
    ):
        return None
    return ("exit", reason)


def _yield_many_options(limit: Any, on_timeout: Any, what: str) -> None:
    if limit is not None and (type(limit) is not int or limit < 1):
        raise (TypeError if type(limit) is not int else ValueError)(
            f"{what}: limit must be None or an int >= 1 (how many results to wait for); "
            f"got {limit!r}"
        )
    if on_timeout not in ("nothing", "ignore", "kill_task"):
        raise ValueError(
            f"{what}: on_timeout must be 'nothing', 'ignore' or 'kill_task'; got {on_timeout!r}"
        )


@dataclass(frozen=True, slots=True)
class Task:
    """A task: a process that runs one function, and the functions that start and await one.

    Mirrors Elixir's ``Task``: the struct (``pid``, ``ref``, ``owner``,
    ``mfa``) and, as static methods, the module's functions (``Task.async_``,
    ``Task.await_``...).  docs/task.md is the guide.

    Fields:
        pid: the task's process, or None for :meth:`completed`.
        ref: the task's monitor reference (an alias); its reply is ``(ref, value)``.
        owner: the process that started it, the only one that may await it.
        mfa: ``(module, function, arity)`` of what it runs (``len(args)`` as arity).

    Example::

        task = Task.async_(fetch, url)
        other = await compute()
        page = await Task.await_(task)
    """

    pid: Pid | None
    ref: Ref
    owner: Pid
    mfa: tuple[str, str, int]
    _closed: bool = field(default=False, init=False, repr=False, compare=False)

    #: Elixir's ``Task.Supervisor``: :class:`beampy.TaskSupervisor`, set by the module
    #: that defines it (``beampy._otp._task_supervisor``, the layer above this one).
    Supervisor: ClassVar[type[TaskSupervisor]]

    # -- starting ---------------------------------------------------------------------

    @staticmethod
    def async_(fn: Callable[..., Any], *args: Any) -> Task:
        """Starts a task running ``fn(*args)`` that the caller must await (``Task.async/1,3``).

        The task is linked to the caller and monitored by it: if either dies
        abnormally the other dies too, as in Elixir ("a task is an extension of
        the caller").  ``fn`` may be an ``async def`` (the normal case: it may
        await trio I/O) or a plain function, which holds the scheduler while it
        runs.  The task records ``"$ancestors"`` and ``"$callers"`` (the caller,
        then the caller's own callers).

        Returns:
            A :class:`Task`; read its result with :meth:`await_`, :meth:`yield_`
            or :meth:`shutdown`.  Its reply is the message ``(task.ref, value)``
            (a GenServer that starts tasks receives it in ``handle_info``).

        Raises:
            TypeError: ``fn`` is not callable.
            NotInProcessError: not called from a process.
        """
        check_fn(fn, "Task.async_()")
        owner = _core.self()
        mfa = describe(fn, args)
        tag: list[Any] = [None]
        pid = _proc_lib.spawn_link(
            _owned_entry, callers(owner), owner, fn, args, tag, initial_call=mfa
        )
        ref = tag[0] = _core.monitor(pid, alias="demonitor")
        return Task(pid, ref, owner, mfa)

    @staticmethod
    def start(fn: Callable[..., Any], *args: Any) -> tuple[str, Pid]:
        """Starts a fire-and-forget task, not linked to the caller (``Task.start/1,3``).

        Returns ``("ok", pid)``.  Nobody awaits it; its crash is logged
        (``task_terminating``) and affects nobody.  Prefer a Task.Supervisor's
        ``start_child`` for work that must be shut down with the application.
        """
        check_fn(fn, "Task.start()")
        owner = _core.self()
        pid = _proc_lib.spawn(
            noreply_entry, owner, callers(owner), fn, args, initial_call=describe(fn, args)
        )
        return ("ok", pid)

    @staticmethod
    def start_link(fn: Callable[..., Any], *args: Any) -> tuple[str, Pid]:
        """Like :meth:`start`, linked to the caller (``Task.start_link/1,3``).

        A task that ends abnormally takes a caller that does not trap exits
        with it; this is how a task runs under a supervisor.
        """
        check_fn(fn, "Task.start_link()")
        owner = _core.self()
        pid = _proc_lib.spawn_link(
            noreply_entry, owner, callers(owner), fn, args, initial_call=describe(fn, args)
        )
        return ("ok", pid)

    @staticmethod
    def child_spec(arg: Any) -> dict[str, Any]:
        """The child spec of a task under a supervisor (``Task.child_spec/1``).

        ``{"id": Task, "start": (Task.start_link, arg), "restart": "temporary"}``: a
        child given as ``(Task, fn)`` runs ``fn()`` once, linked to the supervisor, which
        counts it while it runs and forgets it when it ends (Elixir's
        ``{Task, fn}``).  ``(Task, (fn, *args))`` runs ``fn(*args)``.  Override
        ``restart`` (``Supervisor.child_spec((Task, fn), restart="transient")``) for a
        task that must be run again until it succeeds.

        Example::

            await Supervisor.start_link([(Task, warm_cache)], strategy="one_for_one")
        """
        if type(arg) is tuple:
            if not arg:
                raise TypeError(
                    "Task.child_spec(): arg must be a function or a tuple (fn, *args); got ()"
                )
            check_fn(arg[0], "Task.child_spec()")
            start: tuple[Any, ...] = (Task.start_link, *arg)
        else:
            check_fn(arg, "Task.child_spec()")
            start = (Task.start_link, arg)
        return {"id": Task, "start": start, "restart": "temporary"}

    @staticmethod
    def completed(value: Any) -> Task:
        """A task that has already finished with ``value``, with no process (``Task.completed/1``).

        It can be awaited, yielded or shut down like any other task.
        """
        ref = _core.make_ref()
        owner = _core.self()
        _core.send(owner, (ref, value))
        return Task(None, ref, owner, ("Task", "completed", 1))

    # -- reading the result -------------------------------------------------------------

    @staticmethod
    async def await_(task: Task, timeout: float = 5.0) -> Any:
        """Waits for the task's reply and returns it (``Task.await/2``).

        Only the owner may await, and only once.  The caller *exits* (raises
        :class:`beampy.Exit`) with ``(reason, ("Task", "await", (task,
        timeout)))`` when the task dies before replying (its exit reason) or no
        reply comes within ``timeout`` seconds (``"timeout"``; the task, linked,
        then dies with the caller unless that exit is caught).

        Args:
            task: a task of the caller.
            timeout: seconds (default 5.0, Elixir's 5000 ms), or ``math.inf``.

        Raises:
            Exit: as above.
            ValueError: the caller is not the owner, or the task is finished.
            TypeError: ``task`` is not a Task or ``timeout`` not a number.
        """
        me = _core.self()
        if type(task) is not Task or task.owner != me or task._closed:
            _check_task(task, me, "Task.await_()")
        if type(timeout) is not float or not 0.0 <= timeout <= _MAX_TIMEOUT:
            timeout = _check_timeout(timeout, "Task.await_()")
        ref = task.ref
        try:
            msg = await _core.receive((ref, ANY), DownMessage(ref, ANY, ANY), timeout=timeout)
        except ReceiveTimeout:
            _core.demonitor(ref, flush=True)
            _close(task)
            raise Exit(("timeout", ("Task", "await", (task, timeout)))) from None
        _close(task)
        if type(msg) is DownMessage:
            raise Exit((msg.reason, ("Task", "await", (task, timeout))))
        _core.demonitor(ref, flush=True)
        return msg[1]

    @staticmethod
    async def await_many(tasks: Iterable[Task], timeout: float = 5.0) -> list[Any]:
        """Waits for every task's reply; returns them in the order of ``tasks`` (``await_many/2``).

        The caller exits with ``(reason, ("Task", "await_many", (tasks,
        timeout)))`` as soon as one task dies before replying, or when
        ``timeout`` seconds pass before all have replied (``"timeout"``).
        Either way every task is finished afterwards (its monitor removed).
        """
        me = _core.self()
        task_list = _task_list(tasks, "Task.await_many()")
        pending: dict[Ref, Task] = {}
        for task in task_list:
            _check_task(task, me, "Task.await_many()")
            pending[task.ref] = task
        timeout = _check_timeout(timeout, "Task.await_many()")
        replies: dict[Ref, Any] = {}
        tref = _core.make_ref()
        timer = _core.send_after(me, tref, timeout) if timeout != _INF and pending else None

        mine = _replies_of(pending, tref)

        try:
            while pending:
                try:
                    msg = await _core.receive(mine)
                except BaseException:
                    # trio cancelled the wait: every task stays readable, as after a
                    # cancelled await_ (the replies taken go back to the mailbox)
                    by_ref = {task.ref: task for task in task_list}
                    for ref, value in replies.items():
                        object.__setattr__(by_ref[ref], "_closed", False)
                        _core.send(me, (ref, value))
                    raise
                if type(msg) is tuple:
                    ref = msg[0]
                    _core.demonitor(ref, flush=True)
                    replies[ref] = msg[1]
                    _close(pending.pop(ref))
                    continue
                for ref, task in pending.items():
                    _core.demonitor(ref, flush=True)
                    _close(task)
                why = msg.reason if type(msg) is DownMessage else "timeout"
                raise Exit((why, ("Task", "await_many", (task_list, timeout))))
        finally:
            if timer is not None and _core.cancel_timer(timer) is False:
                with contextlib.suppress(trio.WouldBlock):
                    _core.receive_nowait(tref)
        return [replies[task.ref] for task in task_list]

    @staticmethod
    async def yield_(task: Task, timeout: float = 5.0) -> tuple[str, Any] | None:
        """Waits up to ``timeout`` seconds for the task's result (``Task.yield/2``).

        Returns ``("ok", value)`` when it replied, ``("exit", reason)`` when it
        died first (seen only when the caller survives that: the task exited
        ``"normal"``, is not linked, or the caller traps exits), or ``None`` if
        neither happened in time; the task then keeps running and can be
        yielded again, awaited, shut down or ignored.  The seeds' idiom::

            result = await Task.yield_(task, 5.0) or await Task.shutdown(task)
        """
        me = _core.self()
        if type(task) is not Task or task.owner != me or task._closed:
            _check_task(task, me, "Task.yield_()")
        if type(timeout) is not float or not 0.0 <= timeout <= _MAX_TIMEOUT:
            timeout = _check_timeout(timeout, "Task.yield_()")
        ref = task.ref
        try:
            msg = await _core.receive((ref, ANY), DownMessage(ref, ANY, ANY), timeout=timeout)
        except ReceiveTimeout:
            return None
        _close(task)
        if type(msg) is DownMessage:
            return ("exit", msg.reason)
        _core.demonitor(ref, flush=True)
        return ("ok", msg[1])

    @staticmethod
    async def yield_many(
        tasks: Iterable[Task],
        timeout: float = 5.0,
        *,
        limit: int | None = None,
        on_timeout: YieldOnTimeout = "nothing",
    ) -> list[tuple[Task, tuple[str, Any] | None]]:
        """Waits up to ``timeout`` seconds for several tasks (``Task.yield_many/2``).

        Returns ``(task, result)`` pairs in the order of ``tasks``, where each
        result is what :meth:`yield_` gives: ``("ok", value)``,
        ``("exit", reason)`` or ``None`` (still running).

        Args:
            tasks: tasks of the caller.
            timeout: seconds for the whole call (default 5.0), or ``math.inf``.
            limit: return as soon as this many tasks have a result (Elixir
                1.16's ``:limit``; default: all of them).  Reaching the limit is
                not a timeout: ``on_timeout`` then does nothing.
            on_timeout: what to do with the tasks still running when the
                timeout passes (Elixir 1.15): ``"nothing"`` (default; they can
                be yielded, awaited, shut down or ignored later),
                ``"ignore"`` (:meth:`ignore` each) or ``"kill_task"``
                (:meth:`shutdown` each with ``"brutal_kill"``); their result is
                then what that call returned.
        """
        me = _core.self()
        task_list = _task_list(tasks, "Task.yield_many()")
        results: dict[Ref, tuple[str, Any] | None] = {}
        for task in task_list:
            _check_task(task, me, "Task.yield_many()")
            results[task.ref] = None
        timeout = _check_timeout(timeout, "Task.yield_many()")
        _yield_many_options(limit, on_timeout, "Task.yield_many()")
        # a task listed twice is read twice, as Elixir reads the list in order: its reply
        # comes once, so the second entry is None, after the timeout
        left = len(task_list) if limit is None else limit
        pending = set(results)
        tref = _core.make_ref()
        timer = _core.send_after(me, tref, timeout) if timeout != _INF and left else None

        mine = _replies_of(pending, tref)

        timed_out = False
        taken: list[Any] = []  # the messages read, put back if trio cancels the wait
        try:
            while left > 0:
                try:
                    msg = await _core.receive(mine)
                except BaseException:
                    for m in taken:
                        _core.send(me, m)
                    raise
                taken.append(msg)
                if type(msg) is tuple:
                    _core.demonitor(msg[0], flush=True)
                    results[msg[0]] = ("ok", msg[1])
                    pending.discard(msg[0])
                elif type(msg) is DownMessage:
                    results[msg.ref] = ("exit", msg.reason)
                    pending.discard(msg.ref)
                else:
                    timed_out = True
                    break
                left -= 1
        finally:
            if timer is not None and not timed_out and _core.cancel_timer(timer) is False:
                with contextlib.suppress(trio.WouldBlock):
                    _core.receive_nowait(tref)
        out: list[tuple[Task, tuple[str, Any] | None]] = []
        for task in task_list:
            value = results[task.ref]
            if value is not None:
                results[task.ref] = None  # (given once: to its first entry)
                _close(task)
            elif timed_out and not task._closed:
                if on_timeout == "kill_task":
                    value = await Task.shutdown(task, "brutal_kill")
                elif on_timeout == "ignore":
                    value = Task.ignore(task)
            out.append((task, value))
        return out

    # -- ending ---------------------------------------------------------------------------

    @staticmethod
    async def shutdown(
        task: Task, timeout: float | Literal["brutal_kill"] = 5.0
    ) -> tuple[str, Any] | None:
        """Unlinks and stops the task, then reads a reply that came meanwhile (``Task.shutdown/2``).

        Sends the task the exit signal ``"shutdown"`` and waits up to
        ``timeout`` seconds for it to end, then kills it; with
        ``"brutal_kill"`` kills it at once.  The caller is never hit (the
        task is unlinked first).

        Returns:
            ``("ok", value)`` if the task replied before it stopped,
            ``("exit", reason)`` if it ended with another reason than the one
            it was sent (say a trapping task that cleaned up and exited with
            its own reason), otherwise ``None``.  For :meth:`completed` it is
            :meth:`ignore`'s answer.
        """
        me = _core.self()
        _check_task(task, me, "Task.shutdown()", reading=False)
        if timeout == "brutal_kill" and type(timeout) is str:
            kind = "brutal_kill"
            wait = _INF
        else:
            kind = "shutdown"
            wait = _check_timeout(timeout, "Task.shutdown() (or 'brutal_kill')")
        pid = task.pid
        if pid is None:
            return Task.ignore(task)
        ref = task.ref
        mon = _core.monitor(pid)
        # Elixir spawns an "enforcer" so that the task still gets the signal if the
        # caller dies between unlink and exit; a beampy process cannot be
        # interrupted between two calls that do not wait, so the pair is atomic.
        _core.unlink(pid)
        _core.exit(pid, "kill" if kind == "brutal_kill" else "shutdown")
        _close(task)
        while True:
            try:
                down = await _core.receive(DownMessage(mon, ANY, ANY), timeout=wait)
            except ReceiveTimeout:
                _core.exit(pid, "kill")
                kind = "timeout_kill"
                wait = _INF
                continue
            except BaseException:
                # trio cancelled the wait: finish the shutdown at once (kill it) and
                # leave no monitor, reply or DOWN behind
                _core.exit(pid, "kill")
                _core.demonitor(mon, flush=True)
                _core.demonitor(ref, flush=True)
                _flush_reply(ref)
                raise
            break
        reason = down.reason
        if (reason == "shutdown" and kind != "brutal_kill") or (
            reason == "killed" and kind == "brutal_kill"
        ):
            _core.demonitor(ref, flush=True)
            return _flush_reply(ref)
        if reason == "noproc":
            why = _flush_noproc(ref, kind)
            return _flush_reply(ref) or why
        _core.demonitor(ref, flush=True)
        return _flush_reply(ref) or ("exit", reason)

    @staticmethod
    def ignore(task: Task) -> tuple[str, Any] | None:
        """Lets the task run on, unlinked and unwatched, its result unread (``Task.ignore/1``).

        Returns ``("ok", value)`` or ``("exit", reason)`` if the task already
        finished, otherwise ``None``.  A later reply is dropped and a later
        crash does not reach the caller.  Does not wait.
        """
        me = _core.self()
        _check_task(task, me, "Task.ignore()", reading=False)
        ref = task.ref
        pid = task.pid
        _close(task)
        try:
            msg = _core.receive_nowait((ref, ANY), DownMessage(ref, ANY, ANY))
        except trio.WouldBlock:
            if pid is not None:
                _core.unlink(pid)
            _core.demonitor(ref, flush=True)
            return None
        if type(msg) is DownMessage:
            return ("exit", msg.reason)
        if pid is not None:
            _core.unlink(pid)
        _core.demonitor(ref, flush=True)
        return ("ok", msg[1])

    # -- streams --------------------------------------------------------------------------

    @staticmethod
    def async_stream(
        enumerable: Any,
        fn: Callable[..., Any],
        *args: Any,
        max_concurrency: int | None = None,
        ordered: bool = True,
        timeout: float = 5.0,
        on_timeout: OnTimeout = "exit",
        zip_input_on_exit: bool = False,
    ) -> AsyncStream:
        """Runs ``fn(item, *args)`` for each item of ``enumerable`` in its own task, lazily.

        Mirrors ``Task.async_stream/3,5``.  Nothing runs until the stream is
        consumed (``async for``, :meth:`AsyncStream.to_list`); then at most
        ``max_concurrency`` tasks run at once, and the input (any iterable,
        sync or async) is read only as fast as results are taken.  Each result
        is ``("ok", value)`` or ``("exit", reason)`` (``("exit", (item,
        reason))`` with ``zip_input_on_exit``).

        The tasks are linked to the consumer through the stream's helper
        process: a task that crashes takes a consumer that does not trap exits
        with it (a trapping consumer sees ``("exit", reason)`` in its place),
        and the consumer's death ends the tasks.  Stopping early (``break``
        inside ``async with``, an exception, :meth:`AsyncStream.aclose`) stops
        every task and leaves no process, link, monitor or message behind.

        Args:
            enumerable: an iterable or an async iterable of inputs.
            fn: called as ``fn(item, *args)``; an ``async def`` or a plain function.
            max_concurrency: tasks running at once, an int >= 1 (default: the
                number of CPUs, ``os.cpu_count()``, as Elixir's
                ``System.schedulers_online``).
            ordered: results in input order (default) or as they finish.
            timeout: seconds each task may run (default 5.0), or ``math.inf``.
            on_timeout: ``"exit"`` (default: the consumer exits with
                ``("timeout", ("Task.Supervised", "stream", (timeout,)))``) or
                ``"kill_task"`` (the task is killed and its result is
                ``("exit", "timeout")``).
            zip_input_on_exit: put the input into exit results (default False).

        Raises:
            TypeError / ValueError: a bad argument, named with what is accepted.
        """
        check_fn(fn, "Task.async_stream()")
        options = stream_options(
            enumerable,
            max_concurrency,
            ordered,
            timeout,
            on_timeout,
            zip_input_on_exit,
            "Task.async_stream()",
        )
        return AsyncStream(enumerable, fn, args, _spawn_linked, *options)


# == async_stream (Elixir's Task.Supervised.stream) =================================

#: How a stream's task is started, in the stream monitor process: given the task's
#: body and its arguments, start it and return ``("ok", "link" | "nolink", pid)``
#: (``"link"``: linked to the stream monitor) or ``("error", "max_children")``.
SpawnChild = Callable[[Callable[..., Awaitable[Any]], tuple[Any, ...]], Awaitable[tuple[Any, ...]]]

_TIMED_OUT: Final = object()  # a task timed out and on_timeout is "exit"


async def _spawn_linked(entry: Callable[..., Awaitable[Any]], args: tuple[Any, ...]) -> Any:
    """Task.async_stream's way: the task is linked to the stream monitor (and records ancestry)."""
    return ("ok", "link", _proc_lib.spawn_link(entry, *args, initial_call=_STREAM_ENTRY_CALL))


_STREAM_ENTRY_CALL: Final = ("Task.Supervised", "stream", 1)


def stream_options(
    enumerable: Any,
    max_concurrency: Any,
    ordered: Any,
    timeout: Any,
    on_timeout: Any,
    zip_input_on_exit: Any,
    what: str,
) -> tuple[int, bool, float, str, bool]:
    """Checks async_stream's arguments; returns them normalised, or raises a typed error."""
    t = type(enumerable)
    if not (hasattr(t, "__aiter__") or hasattr(t, "__iter__")):
        raise TypeError(
            f"{what}: enumerable must be an iterable (a list, a range, a generator...) or an "
            f"async iterable (an async generator...); got {enumerable!r} ({t.__name__})"
        )
    if max_concurrency is None:
        max_concurrency = os.cpu_count() or 1
    elif type(max_concurrency) is not int:
        raise TypeError(
            f"{what}: max_concurrency must be an int >= 1 (or None for the number of CPUs); "
            f"got {max_concurrency!r} ({type(max_concurrency).__name__})"
        )
    elif max_concurrency < 1:
        raise ValueError(
            f"{what}: max_concurrency must be an int >= 1 (or None for the number of CPUs); "
            f"got {max_concurrency!r}"
        )
    for name, value in (("ordered", ordered), ("zip_input_on_exit", zip_input_on_exit)):
        if type(value) is not bool:
            raise TypeError(f"{what}: {name} must be True or False; got {value!r}")
    seconds = _check_timeout(timeout, what)
    if on_timeout not in ("exit", "kill_task") or type(on_timeout) is not str:
        raise ValueError(f"{what}: on_timeout must be 'exit' or 'kill_task'; got {on_timeout!r}")
    return (max_concurrency, ordered, seconds, on_timeout, zip_input_on_exit)


async def _stream_task(
    reply_to: Pid,
    tag: Ref,
    pos: int,
    owner: Pid,
    task_callers: list[Pid],
    fn: Any,
    args: tuple[Any, ...],
    initial: tuple[str, str, int],
) -> None:
    """A stream's task: run ``fn(*args)`` and send ``(tag, pos, result)`` to the stream monitor.

    ``initial`` is ``describe(fn, args)``, the same for every task of a stream.
    """
    _core.put("$callers", task_callers)
    _core.put("$initial_call", initial)
    result = await _invoke(fn, args, owner)
    _core.send(reply_to, (tag, pos, result))


class _Slot:
    """A running task, as the stream monitor knows it."""

    __slots__ = ("deadline", "input", "link", "pid", "pos", "replied", "reply", "timed_out")

    def __init__(self, pos: int, pid: Pid, link: bool, item: Any, deadline: float) -> None:
        self.pos = pos
        self.pid = pid
        self.link = link
        self.input = item
        #: when it times out (trio's clock), if it has not replied by then
        self.deadline = deadline
        self.replied = False
        self.reply: Any = None
        self.timed_out = False


class _Shared:
    """What the consumer and its stream monitor share.

    The monitor owns ``running``; the consumer reads it only to kill the tasks
    when it closes the stream, which it does without waiting (a beampy process
    is never interrupted between two calls that do not wait, so the table is
    consistent whenever the consumer runs).
    """

    __slots__ = (
        "args",
        "callers",
        "consumer",
        "fn",
        "initial",
        "on_timeout",
        "running",
        "spawn",
        "tag",
        "timeout",
        "trap_exit",
        "zip",
    )

    def __init__(
        self,
        consumer: Pid,
        tag: Ref,
        fn: Any,
        args: tuple[Any, ...],
        spawn: SpawnChild,
        timeout: float,
        on_timeout: str,
        zip_input: bool,
        trap_exit: bool,
    ) -> None:
        self.consumer = consumer
        self.tag = tag
        self.fn = fn
        self.args = args
        self.spawn = spawn
        self.timeout = timeout
        self.on_timeout = on_timeout
        self.zip = zip_input
        self.trap_exit = trap_exit
        self.callers = callers(consumer)
        #: every task's $initial_call (its arity counts the item)
        self.initial = describe(fn, (None, *args))
        self.running: dict[int, _Slot] = {}


def _time_out(running: dict[int, _Slot], me: Pid, tag: Ref) -> bool:
    """The deadline timer fired: kills each running task past its deadline.

    Sets the timer again for the next deadline; returns whether it is set.
    """
    now = trio.current_time()
    for slot in running.values():
        if slot.deadline > now:
            # the oldest task not yet due: the next deadline
            _core.send_after(me, (tag, "deadline"), slot.deadline - now)
            return True
        if not slot.timed_out and not slot.replied:
            # unlinked first, so that its "killed" does not reach this process
            _core.unlink(slot.pid)
            _core.exit(slot.pid, "kill")
            slot.timed_out = True
    return False


def _kill_all(running: dict[int, _Slot]) -> None:
    for slot in running.values():
        _core.exit(slot.pid, "kill")
    running.clear()


async def _stream_monitor(sh: _Shared) -> None:
    """The stream's helper process (Elixir's ``stream_monitor``).

    Spawns a task per ``(tag, "spawn", pos, item)`` the consumer sends, watches
    it with a monitor, and sends the consumer ``(tag, pos, result)`` once the
    task is gone.  Every task has the same timeout, so their deadlines come in
    the order they were started (the order of ``running``): one timer, set
    for the earliest deadline of a task still running, stands for all of them
    (Elixir arms one per task; the outcome is the same, at a fraction of the
    cost per task).  It traps exits when the consumer does
    (so a crashing task kills it, and through their link the consumer, only
    when the consumer does not trap), and when the consumer dies it ends its
    linked tasks with the consumer's reason and exits with it.
    """
    _core.flag("trap_exit", sh.trap_exit)
    consumer = sh.consumer
    parent_ref = _core.monitor(consumer)
    me = _core.self()
    tag = sh.tag
    running = sh.running
    by_ref: dict[Ref, _Slot] = {}
    timeout = sh.timeout
    timed = timeout != _INF
    armed = False  # the deadline timer is set (for the oldest running task's deadline)
    kill_on_timeout = sh.on_timeout == "kill_task"
    while True:
        msg = await _core.receive()
        t = type(msg)
        if t is tuple:
            n = len(msg)
            if n < 2 or (msg[0] is not tag and msg[0] != tag):
                continue
            kind = msg[1]
            if n == 3 and type(kind) is int:  # a task's reply
                slot = running.get(kind)
                if slot is not None:
                    slot.replied = True
                    slot.reply = msg[2]
            elif n == 4 and kind == "spawn":
                pos, item = msg[2], msg[3]
                started = await sh.spawn(
                    _stream_task,
                    (me, tag, pos, consumer, sh.callers, sh.fn, (item, *sh.args), sh.initial),
                )
                if sh.spawn is not _spawn_linked:
                    # a supervisor may refuse a task or be gone: the consumer waits for
                    # this answer before it reads anything else (Elixir's stream_spawn)
                    _core.send(consumer, (tag, "spawned", started[0] == "ok"))
                if started[0] != "ok":
                    continue
                slot = _Slot(
                    pos,
                    started[2],
                    started[1] == "link",
                    item if sh.zip else None,
                    trio.current_time() + timeout if timed else _INF,
                )
                by_ref[_core.monitor(slot.pid)] = slot
                running[pos] = slot
                if timed and not armed:
                    _core.send_after(me, (tag, "deadline"), timeout)
                    armed = True
            elif n == 2 and kind == "deadline":
                armed = _time_out(running, me, tag)
            elif n == 2 and kind == "abandon":
                _kill_all(running)
                return
            elif n == 2 and kind == "stop":
                # the consumer closes the stream and waits for this process to end:
                # end every task first (unlinked, so that "killed" does not reach this
                # process), so that none is left, even in a supervisor's children
                for slot in running.values():
                    if slot.link:
                        _core.unlink(slot.pid)
                    _core.exit(slot.pid, "kill")
                running.clear()
                for ref in list(by_ref):
                    await _core.receive(DownMessage(ref, ANY, ANY))
                return
        elif t is DownMessage:
            slot = by_ref.pop(msg.ref, None)
            if slot is not None:
                del running[slot.pos]
                result: Any
                if slot.replied:
                    result = ("ok", slot.reply)
                elif slot.timed_out:
                    if kill_on_timeout:
                        result = ("exit", (slot.input, "timeout") if sh.zip else "timeout")
                    else:
                        result = _TIMED_OUT
                else:
                    reason = msg.reason
                    result = ("exit", (slot.input, reason) if sh.zip else reason)
                _core.send(consumer, (tag, slot.pos, result))
            elif msg.ref == parent_ref:
                reason = msg.reason
                for slot in running.values():
                    if slot.link:
                        _core.exit(slot.pid, reason)
                raise Exit(reason)
        # ExitMessages (when trapping) and anything else: nothing to do


_NEW: Final = 0
_OPEN: Final = 1
_CLOSED: Final = 2


class AsyncStream:
    """The stream :meth:`Task.async_stream` returns: an async iterator of task results.

    Consume it once, with ``async for`` (inside ``async with`` to stop it
    cleanly if the loop ends early), :meth:`to_list` or :meth:`run`.  The
    process that takes the first result is its consumer; only it may go on.
    Nothing runs before the first result is asked for.

    Example::

        async with Task.async_stream(urls, fetch, max_concurrency=10) as results:
            async for result in results:
                ...
    """

    __slots__ = (
        "_args",
        "_buffer",
        "_cref",
        "_delivered",
        "_enumerable",
        "_fn",
        "_input",
        "_input_async",
        "_input_done",
        "_max",
        "_monitor",
        "_on_timeout",
        "_ordered",
        "_owner",
        "_running",
        "_shared",
        "_spawn",
        "_spawned",
        "_state",
        "_tag",
        "_timeout",
        "_zip",
        "__weakref__",
    )

    def __init__(
        self,
        enumerable: Any,
        fn: Any,
        args: tuple[Any, ...],
        spawn: SpawnChild,
        max_concurrency: int,
        ordered: bool,
        timeout: float,
        on_timeout: str,
        zip_input_on_exit: bool,
    ) -> None:
        """Use :meth:`Task.async_stream` (or Task.Supervisor's); ``spawn`` starts each task."""
        self._enumerable = enumerable
        self._fn = fn
        self._args = args
        self._spawn = spawn
        self._max = max_concurrency
        self._ordered = ordered
        self._timeout = timeout
        self._on_timeout = on_timeout
        self._zip = zip_input_on_exit
        self._state = _NEW
        self._owner: Pid | None = None
        self._running = 0  # tasks asked for and not yet reported
        self._spawned = 0
        self._delivered = 0
        self._buffer: dict[int, Any] = {}
        self._input_done = False
        self._input: Any = None
        self._input_async = False
        self._monitor: Pid | None = None
        self._cref: Ref | None = None
        self._tag: Ref | None = None
        self._shared: _Shared | None = None

    def __repr__(self) -> str:
        state = ("new", "open", "closed")[self._state]
        return (
            f"<AsyncStream {state} fn={self._fn!r} max_concurrency={self._max} "
            f"ordered={self._ordered} timeout={self._timeout} on_timeout={self._on_timeout!r}>"
        )

    # -- the protocol -------------------------------------------------------------------

    def __aiter__(self) -> AsyncStream:
        return self

    async def __aenter__(self) -> AsyncStream:
        return self

    async def __aexit__(self, exc_type: object, *_: object) -> None:
        if self._state == _OPEN:
            if self._foreign():
                # another process's `async with` (its body was refused by __anext__, or did
                # not read): the stream stays its consumer's
                return
            if exc_type is not None:
                # the consumer's own code failed: as Elixir's stream does when its reducer
                # raises, the input is halted first, while the tasks still run, and the
                # stream closed after (a normal stop closes the stream first)
                try:
                    await self._close_input()
                finally:
                    await self.aclose()
                return
        await self.aclose()

    def _foreign(self) -> bool:
        """Whether the calling process is not the stream's consumer (one has taken a result)."""
        owner = self._owner
        if owner is None:
            return False
        me = _core.self()
        return me is not owner and me != owner

    def _not_yours(self, what: str) -> ValueError:
        return ValueError(
            f"async_stream: {self!r} is consumed by {self._owner}; it cannot be {what} from "
            f"{_core.self()}"
        )

    async def __anext__(self) -> tuple[str, Any]:
        if self._state != _OPEN:
            if self._state == _CLOSED:
                if self._foreign():
                    raise self._not_yours("read")
                raise StopAsyncIteration
            self._open()
        elif (me := _core.self()) is not self._owner and me != self._owner:
            raise self._not_yours("read")
        ordered = self._ordered
        buffer = self._buffer
        if ordered and self._delivered in buffer:
            # results that waited behind a slower one go out first, before any input is
            # read for a new task (Elixir delivers what is ready, then asks for more)
            self._delivered += 1
            return buffer.pop(self._delivered - 1)  # type: ignore[no-any-return]
        await self._refill()
        tag = self._tag
        cref = self._cref
        while True:
            if ordered and self._delivered in buffer:
                self._delivered += 1
                return buffer.pop(self._delivered - 1)  # type: ignore[no-any-return]
            if self._running == 0 and self._input_done:
                self._close_now()
                raise StopAsyncIteration
            msg = await _core.receive((tag, ANY, ANY), DownMessage(cref, ANY, ANY))
            if type(msg) is DownMessage:
                self._close_now()
                raise Exit((msg.reason, ("Task.Supervised", "stream", (self._timeout,))))
            _, pos, result = msg
            self._running -= 1
            if result is _TIMED_OUT:
                self._close_now()
                raise Exit(("timeout", ("Task.Supervised", "stream", (self._timeout,))))
            if not ordered:
                self._delivered += 1
                return result  # type: ignore[no-any-return]
            buffer[pos] = result
            if pos != self._delivered:
                await self._refill()  # head-of-line wait: keep max_concurrency busy

    async def aclose(self) -> None:
        """Stops the stream: kills its running tasks and its helper, drops their messages.

        Returns once nothing of the stream is left: no process, link, monitor
        or message.  Closes the input too (``close()``/``aclose()`` of a
        generator).  Closing a closed or unstarted stream does nothing more.

        Raises:
            ValueError: the stream is open and the caller is not its consumer (the
                process that took its first result).
        """
        if self._state == _OPEN:
            if self._foreign():
                raise self._not_yours("closed")
            await self._stop()
        elif self._state == _NEW:
            self._state = _CLOSED
        await self._close_input()

    async def _close_input(self) -> None:
        """Closes the input (``close()``/``aclose()`` of a generator), once."""
        inp = self._input
        self._input = None
        if inp is not None:
            closer = getattr(inp, "aclose" if self._input_async else "close", None)
            if closer is not None:
                r = closer()
                if self._input_async:
                    await r

    async def to_list(self) -> list[tuple[str, Any]]:
        """Consumes the stream and returns every result (``Enum.to_list/1``)."""
        async with self:
            return [r async for r in self]

    async def run(self) -> None:
        """Consumes the stream for its effects, dropping the results (``Stream.run/1``)."""
        async with self:
            async for _ in self:
                pass

    # -- the engine -----------------------------------------------------------------------

    def _open(self) -> None:
        me = _core.self()
        self._owner = me
        self._state = _OPEN
        self._tag = tag = _core.make_ref()
        trap = bool(_core.info(me, "trap_exit"))
        sh = _Shared(
            me,
            tag,
            self._fn,
            self._args,
            self._spawn,
            self._timeout,
            self._on_timeout,
            self._zip,
            trap,
        )
        self._shared = sh
        self._monitor = _core.spawn_link(_stream_monitor, sh)
        self._cref = _core.monitor(self._monitor)
        try:
            if hasattr(type(self._enumerable), "__aiter__"):
                self._input = self._enumerable.__aiter__()
                self._input_async = True
            else:
                self._input = iter(self._enumerable)
        except BaseException:
            self._close_now()
            raise
        self._enumerable = None

    async def _refill(self) -> None:
        """Asks for tasks while fewer than max_concurrency run and the input has items."""
        while self._running < self._max and not self._input_done:
            try:
                if self._input_async:
                    item = await self._input.__anext__()
                else:
                    item = next(self._input)
            except (StopIteration, StopAsyncIteration):
                self._input_done = True
                self._input = None
                return
            except Exception:
                # the input failed: end the stream, as Elixir closes it before re-raising,
                # waiting until its tasks are gone
                await self._stop()
                raise
            except BaseException:
                self._close_now()  # trio cancelled the wait for it, or a kill: at once
                raise
            pos = self._spawned
            self._spawned = pos + 1
            self._running += 1
            _core.send(self._monitor, (self._tag, "spawn", pos, item))  # type: ignore[arg-type]
            if self._spawn is not _spawn_linked:
                await self._spawned_by_supervisor()

    async def _spawned_by_supervisor(self) -> None:
        """Waits until the supervisor has started the task just asked for.

        As Elixir's ``stream_spawn``, nothing else is read meanwhile: results that
        are already in are not handed over when the supervisor refuses the task
        (max_children) or is gone; the stream ends there.
        """
        try:
            msg = await _core.receive(
                (self._tag, "spawned", ANY), DownMessage(self._cref, ANY, ANY)
            )
        except BaseException:
            self._close_now()  # trio cancelled the wait
            raise
        if type(msg) is DownMessage:
            self._close_now()
            raise Exit((msg.reason, ("Task.Supervised", "stream", (self._timeout,))))
        if not msg[2]:
            self._running -= 1
            await self._stop()
            raise RuntimeError(
                "reached the maximum number of tasks for this task supervisor (its "
                "max_children); make max_concurrency lower or equal to max_children and "
                "mind other tasks started under the same supervisor"
            )

    async def _stop(self) -> None:
        """Ends the stream, waiting until its helper and tasks are gone (called by the consumer).

        Elixir's stream close waits the same way: once it returns, no task of the
        stream is alive (a supervisor no longer lists it) and none is being started
        (a task asked of a supervisor is started before the helper reads the stop).
        Cancelled by trio while it waits, it kills everything at once instead.
        """
        monitor = self._monitor
        cref = self._cref
        if monitor is not None and cref is not None:
            _core.unlink(monitor)
            _core.send(monitor, (self._tag, "stop"))
            try:
                await _core.receive(DownMessage(cref, ANY, ANY))
            except BaseException:
                self._close_now()
                raise
        self._close_now()

    def _close_now(self) -> None:
        """Ends everything of the stream without waiting (the caller is the consumer).

        The helper first (unlinked and demonitored, so that its death sends the
        consumer nothing), then each task it had started (its links are gone
        with it; a trapping task needs the kill), then the messages already
        queued for the consumer.
        """
        if self._state == _CLOSED:
            return
        self._state = _CLOSED
        monitor = self._monitor
        if monitor is None:
            return
        tag = self._tag
        _core.unlink(monitor)
        _core.demonitor(self._cref, flush=True)  # type: ignore[arg-type]
        _core.exit(monitor, "kill")
        if self._shared is not None:
            _kill_all(self._shared.running)
        while True:
            try:
                _core.receive_nowait((tag, ANY, ANY))
            except trio.WouldBlock:
                break
        with contextlib.suppress(trio.WouldBlock):
            _core.receive_nowait(ExitMessage(monitor, ANY))
        self._buffer.clear()
        inp = self._input
        if inp is not None and not self._input_async:
            closer = getattr(inp, "close", None)
            if closer is not None:
                self._input = None
                closer()

    def __del__(self) -> None:
        # An `async for` left by break or an exception outside `async with` drops the
        # stream without closing it: close it here when the consumer drops it,
        # otherwise ask its helper to stop the tasks.
        if self._state != _OPEN:
            return
        try:
            mine = _core.self() == self._owner
        except BaseException:  # not in a process (or a dying one)
            mine = False
        if mine:
            # what the close raises (an input generator failing in its cleanup) leaves
            # here, for Python to report ("Exception ignored in ..."), not to be lost
            self._close_now()
            return
        try:
            if self._monitor is not None:
                _core.send(self._monitor, (self._tag, "abandon"))
        except BaseException:  # the runtime is gone, and so is the rest
            pass
