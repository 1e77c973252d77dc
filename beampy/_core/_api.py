"""The process API: Elixir's ``Process``/``Kernel`` functions (``:erlang`` where Elixir has none).

Every function here acts on the calling process or on the runtime it belongs
to.  The blocking ones (:func:`receive`, :func:`sleep`, :func:`yield_`,
:func:`hibernate`) are awaited and are the only places a process leaves the
CPU; all the others are ordinary functions that never block, as on the BEAM
(``send`` never waits).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Coroutine, Generator
from types import MethodType
from typing import Any, Final, Literal, NoReturn, overload

import trio

from ._exceptions import ExitSignal, NoProcError, ReceiveTimeout
from ._messages import DownMessage, ExitMessage
from ._patterns import (
    ANY,
    QUICK,
    QUICK_BASE,
    compile_receive,
    match_all,
    match_all_timed,
    quick_kind,
    quick_matcher,
)
from ._process import (
    ALIVE,
    CONTEXT_REDS,
    DEAD,
    NO_MESSAGES,
    PRIORITIES,
    RUNNABLE,
    RUNNING,
    TOMB,
    WAITING,
    Proc,
)
from ._runtime import (
    ABANDON,
    MAX_SECONDS,
    NEVER,
    PEEK,
    RESCAN,
    ROOT_PID,
    TIMEOUT,
    WAIT,
    YIELD,
    HibernateSwitch,
    Kernel,
    Killed,
    caller_frame,
    caller_slow,
    check_timeout,
    deactivate_alias,
    deliver,
    describe,
    innermost_frame,
    make_coro,
    native_coroutine,
    proc_var,
    require_proc,
    require_runtime,
    send_to,
    status_name,
)
from ._terms import NODE, Pid, Ref
from ._timers import SEND, WAKE

Priority = Literal["low", "normal", "high", "max"]
_INF: Final = math.inf
_NO_KEY: Final[Any] = object()
_get_proc: Final = proc_var.get


#: What a receive that found nothing costs (the BEAM ends a poll loop after
#: about 800 misses: its budget is 4000 reductions, beampy's 2000)
_MISS_REDS: Final = 2


def _caller_or_none(what: str) -> Proc | None:
    """The calling process, or None for trio code on its runtime's thread (raises otherwise)."""
    v = _get_proc()
    if v is not None and v.state == RUNNING:
        return v  # type: ignore[no-any-return]
    if type(v) is Killed:
        raise ExitSignal(v.proc.exit_reason)
    require_runtime(what)  # raises from a foreign thread or outside any runtime
    return None


def _caller_runtime(what: str) -> tuple[Proc | None, Kernel]:
    v = _get_proc()
    if v is not None and v.state == RUNNING:
        return v, v.rt
    if type(v) is Killed:
        raise ExitSignal(v.proc.exit_reason)
    return None, require_runtime(what)


def _check_thread_of(p: Proc, what: str) -> None:
    """Raises WrongThreadError unless the caller runs on ``p``'s runtime thread."""
    v = _get_proc()
    if v is not None and v.state == RUNNING and v.rt is p.rt:
        return
    if type(v) is Killed:
        raise ExitSignal(v.proc.exit_reason)
    p.rt.check_thread(what)


# == spawning ====================================================================


def spawn(
    fn: Callable[..., Coroutine[Any, Any, Any]],
    *args: Any,
    priority: Priority = "normal",
    hosted: bool = False,
) -> Pid:
    """Starts a new process running ``await fn(*args)`` and returns its pid.

    Mirrors ``Kernel.spawn/1`` (and ``spawn_opt`` for the options).  The new
    process is put on the run queue; it starts when the scheduler reaches it.
    Returning from ``fn`` ends the process with reason ``"normal"``; raising
    ends it with the exception as its reason.

    Args:
        fn: an async function (``async def``); a regular function is rejected.
        *args: positional arguments for ``fn``.
        priority: ``"low"``, ``"normal"`` (default), ``"high"`` or ``"max"``:
            the run queue it goes to, as on the BEAM.
        hosted: run it on its own carrier from the start, for a process that
            will mostly await trio I/O (any process that awaits trio gets one
            anyway, the first time it does).

    Raises:
        TypeError: ``fn`` is not an async function.
        ValueError: unknown priority.
        NotInProcessError: called outside a process and outside ``open_runtime``.

    Example::

        async def greeter(to):
            beampy.send(to, "hello")

        beampy.spawn(greeter, beampy.self())
    """
    parent, rt = _caller_runtime("spawn")
    return rt.spawn_proc(fn, args, priority, hosted, parent, "spawn").pid


def spawn_link(
    fn: Callable[..., Coroutine[Any, Any, Any]],
    *args: Any,
    priority: Priority = "normal",
    hosted: bool = False,
) -> Pid:
    """Like :func:`spawn`, and links the new process to the caller atomically.

    Mirrors ``Kernel.spawn_link/1``: the link exists before the child runs, so
    even a child that crashes at once takes the caller down (or sends it an
    :class:`ExitMessage` if it traps exits).
    """
    parent = require_proc("spawn_link")
    p = parent.rt.spawn_proc(fn, args, priority, hosted, parent, "spawn_link")
    if parent.links is None:
        parent.links = {}
    parent.links[p] = None
    p.links = {parent: None}
    return p.pid


def spawn_monitor(
    fn: Callable[..., Coroutine[Any, Any, Any]],
    *args: Any,
    priority: Priority = "normal",
    hosted: bool = False,
) -> tuple[Pid, Ref]:
    """Like :func:`spawn`, and monitors the new process atomically.

    Mirrors ``Kernel.spawn_monitor/1``: returns ``(pid, ref)``; the
    :class:`DownMessage` carries the real exit reason even for a process that
    exits at once (never ``"noproc"``).
    """
    parent = require_proc("spawn_monitor")
    p = parent.rt.spawn_proc(fn, args, priority, hosted, parent, "spawn_monitor")
    ref = parent.rt.make_ref_for(parent, None)
    parent.rt.add_monitor(parent, p, ref, p.pid)
    return p.pid, ref


# == identity and messages ======================================================


def self() -> Pid:
    """The pid of the calling process (``Kernel.self/0``)."""
    v = _get_proc()
    if v is not None and v.state == RUNNING:
        return v.pid  # type: ignore[no-any-return]
    if type(v) is Killed:
        return v.proc.pid  # its identity stays readable; nothing it does takes effect
    return caller_slow(v, "self").pid


def send(dest: Pid | str | Ref | tuple[str, str], msg: Any) -> Any:
    """Sends ``msg`` to ``dest`` and returns ``msg``; never blocks.

    Mirrors ``Kernel.send/2``.  ``dest`` is a pid, a registered name, an
    active alias, or ``(name, node)``.  Sending to a dead pid or an inactive
    alias silently drops the message; sending to a name nobody registered is
    an error, as on the BEAM.  Messages from one sender to one receiver arrive
    in the order they were sent.  Usable from trio code too.

    Raises:
        ValueError: no process is registered under the name.
        TypeError: ``dest`` is not one of the accepted forms.

    Example::

        beampy.send(pid, ("ping", beampy.self()))
    """
    d: Any = dest
    if type(d) is Pid:
        p = d._proc
        if p is not None:
            s = _get_proc()
            if s is not None and s.state == RUNNING and s.rt is p.rt:
                # a process sends on its runtime's thread; the common cases
                # inlined: the receiver is not waiting (append), it waits for
                # any message, or for a message its compiled matcher takes
                # (hand it over and make it runnable)
                w = p.wait
                if w is None:
                    mq = p.mq
                    if mq is not NO_MESSAGES:
                        mq.append(msg)
                    else:  # the first message makes the list
                        p.mq = [msg]
                elif w is match_all and p.fast:
                    p.wait = None
                    p.resume = msg
                    p.state = RUNNABLE
                    rt = p.rt
                    rt.runq.append(p)
                    if rt.sched_parked:
                        rt.wake_scheduler()
                elif type(w) is MethodType and p.fast:
                    # a compiled matcher, so a pure one (a receive whose patterns
                    # could run user code waits as RESCAN): test the message here
                    if w(msg):
                        p.wait = None
                        rt = p.rt
                        t = p.wait_timer
                        if t is not None:
                            p.wait_timer = None
                            rt.drop_timer(t)
                        p.resume = msg
                        p.state = RUNNABLE
                        rt.runq.append(p)
                        if rt.sched_parked:
                            rt.wake_scheduler()
                    else:
                        mq = p.mq
                        if mq is not NO_MESSAGES:
                            mq.append(msg)
                        else:  # the first message makes the list
                            p.mq = [msg]
                else:
                    deliver(p, msg)
                return msg
    elif type(d) is Ref:
        p = d._alias  # an active alias: its owner
        if p is not None:
            s = _get_proc()
            if s is not None and s.state == RUNNING and s.rt is p.rt:
                # send_to's alias case inlined (a call's reply): a reply alias is
                # used up by this message, a reply_demonitor one with its monitor
                mode = d._alias_mode
                if mode == "reply_demonitor":
                    d._alias = None
                    n = d._n
                    if p.aliases is not None:
                        p.aliases.pop(n, None)
                    if p.monitors is not None:
                        entry = p.monitors.pop(n, None)
                        if entry is not None and entry[0] is not None:
                            mb = entry[0].monitored_by
                            if mb is not None:
                                mb.pop(n, None)
                elif mode == "reply":
                    deactivate_alias(p, d)
                # then the pid case's hand-over for a compiled matcher (the
                # caller's receive of its reply), or deliver
                w = p.wait
                if type(w) is MethodType and p.fast:
                    if w(msg):
                        p.wait = None
                        rt = p.rt
                        t = p.wait_timer
                        if t is not None:
                            p.wait_timer = None
                            rt.drop_timer(t)
                        p.resume = msg
                        p.state = RUNNABLE
                        rt.runq.append(p)
                        if rt.sched_parked:
                            rt.wake_scheduler()
                    else:
                        p.push(msg)
                else:
                    deliver(p, msg)
                return msg
    _, rt = _caller_runtime("send")
    return send_to(rt, dest, msg)


@native_coroutine
def receive(*patterns: Any, timeout: float = _INF) -> Generator[Any, Any, Any]:
    """Waits for and returns the oldest message that matches one of ``patterns``.

    Mirrors Erlang's ``receive``.  With no pattern the oldest message is
    taken.  Messages that match no pattern stay in the mailbox, in order.  The
    pattern forms are listed in docs/process.md ("Messages and selective
    receive"): ``ANY``, a class, a tuple of patterns, a dataclass instance with
    pattern fields, a predicate, or a literal.  Typical use pairs it with ``match``::

        match await beampy.receive(("ok", beampy.ANY), beampy.DownMessage, timeout=5.0):
            case ("ok", value):
                ...
            case beampy.DownMessage(reason=reason):
                ...

    Args:
        *patterns: the clauses; a message matching any of them is taken.
        timeout: seconds to wait (Erlang's ``after``); ``0`` polls;
            ``math.inf`` (default) waits forever.

    Raises:
        ReceiveTimeout: nothing matched in time.
        TypeError: a pattern is not a pattern, or ``timeout`` is not a number.
        ValueError: ``timeout`` is negative.
        NotInProcessError: called outside a process.
    """
    p = _get_proc()
    if p is None or p.state != RUNNING:
        p = yield from _blocked_caller(p, "receive")
    if timeout is not _INF and not (type(timeout) is float and 0.0 <= timeout <= MAX_SECONDS):
        timeout = check_timeout(timeout, "receive() timeout")  # (a float in range passes as is)
    if not patterns:
        if p.mh < len(p.mq):
            # A message is here: the process would go on without leaving the CPU,
            # so this is where its reduction budget matters.
            p.reds -= 1
            if p.reds <= 0:
                yield from _spend_budget(p)
            mq = p.mq
            h = p.mh
            n = len(mq)
            msg = mq[h]  # Proc.pop_first, inlined: the head is always a live message
            mq[h] = None
            h += 1
            if h == n:
                p.mbase += n
                mq.clear()
                p.mh = 0
            elif mq[h] is TOMB or (h > 512 and h + h > n):
                p.settle_head(h)
            else:
                p.mh = h
            return msg
        if timeout is _INF:  # the common wait: any message, no timer
            p.wait = match_all
            p.state = WAITING
            return (yield WAIT)
        matcher: Any = match_all
        mark = 0
        pure = True
    else:
        # The quick shapes (_patterns.quick_kind): the first clause recognised
        # inline, with no call and no loop (each costs as much as the rest of the
        # test here); a request/reply loop makes such a receive per round trip.
        matcher = None
        kind = 0
        mark = 0
        c = patterns[0]
        tc = type(c)
        if tc is tuple:
            n = len(c)
            if n == 2:
                a, b = c
                if b is ANY:
                    if type(a) is str:
                        kind = 2
                    elif type(a) is Ref:
                        kind = 3
                        if a._mark_pid == p.pid._n:
                            mark = a._mark_seq
            elif n == 3:
                a, b, z = c
                if z is ANY and type(a) is str:
                    if type(b) is Ref:
                        kind = 4
                        if b._mark_pid == p.pid._n:
                            mark = b._mark_seq
                    elif b is ANY:
                        kind = 5
                    elif type(b) is Pid:
                        kind = 8
                elif z is ANY and b is ANY and type(a) is Ref:
                    kind = 7
                    if a._mark_pid == p.pid._n:
                        mark = a._mark_seq
        elif tc is str:
            kind = 1
        elif tc is DownMessage:
            r = c.ref
            if type(r) is Ref and c.pid is ANY and c.reason is ANY:
                kind = 6
                if r._mark_pid == p.pid._n:
                    mark = r._mark_seq
        elif tc is ExitMessage and type(c.pid) is Pid and c.reason is ANY:
            kind = 9
        if kind:
            n = len(patterns)
            if n == 1:
                fn = QUICK[kind]
                matcher = MethodType(fn if fn is not None else quick_matcher(kind), c)
            elif n == 2:
                c2 = patterns[1]
                if type(c2) is DownMessage:  # a call's second clause: quick_kind's kind 6, inline
                    r2 = c2.ref
                    if type(r2) is Ref and c2.pid is ANY and c2.reason is ANY:
                        kind_b = 6
                        mark_b = r2._mark_seq if r2._mark_pid == p.pid._n else 0
                    else:
                        kind_b = mark_b = 0
                elif type(c2) is str:  # a server's "stop": quick_kind's kind 1, inline
                    kind_b = 1
                    mark_b = 0
                elif type(c2) is ExitMessage:  # proc_lib's start: quick_kind's kind 9, inline
                    kind_b = 9 if type(c2.pid) is Pid and c2.reason is ANY else 0
                    mark_b = 0
                else:
                    kind_b, mark_b = quick_kind(c2, p.pid._n)
                if kind_b:
                    kind = kind * QUICK_BASE + kind_b
                    fn = QUICK[kind]
                    matcher = MethodType(fn if fn is not None else quick_matcher(kind), patterns)
                    if mark_b < mark:
                        mark = mark_b
        if matcher is None:
            matcher, mark, pure = compile_receive(patterns, p.pid._n)
        else:
            pure = True
        i = -1
        h = p.mh
        if h < len(p.mq):
            # Proc.find, with the oldest message tested inline: a reply that is
            # already here is usually the only message
            head = p.mbase + h
            if head < mark:
                i = p.find(matcher, mark)
            elif matcher(p.mq[h]):
                i = h
            else:
                i = p.find(matcher, head + 1)
        if i >= 0:
            p.reds -= 1
            if p.reds <= 0:
                yield from _spend_budget(p)
                i = p.find(matcher, mark)  # the mailbox only grew meanwhile
            return p.take_at(i)
    if timeout is not _INF:
        if timeout == 0:
            # a miss costs reductions: a loop polling for a reply yields when its
            # budget is spent, so the process that will reply gets to run
            p.reds -= _MISS_REDS
            if p.reds <= 0:
                scanned = p.mark()
                yield from _spend_budget(p)
                i = p.find(matcher, scanned)
                if i >= 0:
                    return p.take_at(i)
            raise ReceiveTimeout("receive() timed out after 0 seconds")
        if timeout != _INF:
            if p.host is None:  # in a scheduler step: the deadline is set at its next look
                p.wait_timer = p.rt.add_pending(timeout, WAKE, p)
            else:
                p.wait_timer = p.rt.add_timer(timeout, WAKE, p, None, None)
            if matcher is match_all:
                matcher = match_all_timed  # a sender must then cancel the timer
    if not pure:
        return (yield from _receive_here(p, matcher, timeout))
    p.wait = matcher
    p.state = WAITING
    msg = yield WAIT
    if msg is TIMEOUT:
        raise ReceiveTimeout(f"receive() timed out after {timeout} seconds")
    return msg


def _receive_here(p: Proc, matcher: Any, timeout: float) -> Generator[Any, Any, Any]:
    """Waits for a message matched by patterns that may run user code.

    Senders never evaluate such patterns: each new message wakes the receiver,
    which matches it here, in its own process (an exception from a predicate
    is raised here, and the message stays in the mailbox).
    """
    scanned = p.mark()
    timed = p.wait_timer is not None
    try:
        while True:
            p.wait = RESCAN
            p.state = WAITING
            got = yield WAIT
            if got is TIMEOUT:
                raise ReceiveTimeout(f"receive() timed out after {timeout} seconds")
            i = p.find(matcher, scanned)
            if i >= 0:
                return p.take_at(i)
            if timed and p.wait_timer is None:  # it fired while this looked
                raise ReceiveTimeout(f"receive() timed out after {timeout} seconds")
            scanned = p.mark()
    finally:
        if p.wait_timer is not None:
            p.rt.end_wait(p)


def _blocked_caller(v: Any, what: str) -> Generator[Any, Any, Proc]:
    """The slow path of the blocking operations: a killed caller yields once, then exits again."""
    if type(v) is Killed:
        v.strikes += 1
        # the first time, the exit is raised again after one trip through the
        # run queue; a process that catches it and comes back is ended here (and
        # one that catches even the close of its coroutine suspends here, which
        # ends it: see Kernel.abandon)
        yield YIELD if v.strikes == 1 else ABANDON
        raise ExitSignal(v.proc.exit_reason)
    return caller_slow(v, what)


def _spend_budget(p: Proc) -> Generator[Any, Any, None]:
    """Refills a spent reduction budget after one trip to the back of the run queue."""
    p.reds_total += CONTEXT_REDS
    p.reds = CONTEXT_REDS
    yield YIELD


def receive_nowait(*patterns: Any) -> Any:
    """Takes the oldest matching message without waiting (trio's ``*_nowait`` idiom).

    Same patterns as :func:`receive`.  Equivalent to ``receive ... after 0``
    except that it is not a checkpoint: a miss costs reductions, so the
    caller's next blocking operation may yield.

    Raises:
        trio.WouldBlock: no message matches now.
    """
    p = require_proc("receive_nowait")
    if not patterns:
        if p.mh < len(p.mq):
            return p.pop_first()
        p.reds -= _MISS_REDS
        raise trio.WouldBlock
    kind = 0
    matcher: Callable[[Any], Any]
    if len(patterns) == 1:  # one quick shape (a supervisor's EXIT flush): no cache lookup
        c = patterns[0]
        kind, mark = quick_kind(c, p.pid._n)
        if kind:
            fn = QUICK[kind]
            matcher = MethodType(fn if fn is not None else quick_matcher(kind), c)
    if not kind:
        matcher, mark, _ = compile_receive(patterns, p.pid._n)
    i = p.find(matcher, mark)
    if i < 0:
        p.reds -= _MISS_REDS
        raise trio.WouldBlock
    return p.take_at(i)


@native_coroutine
def sleep(seconds: float) -> Generator[Any, Any, None]:
    """Suspends the calling process for ``seconds`` (``Process.sleep/1``).

    Messages keep arriving in the mailbox meanwhile.  ``math.inf`` sleeps
    forever (until an exit signal ends the process).

    Raises:
        ValueError/TypeError: ``seconds`` is negative or not a number.
    """
    p = _get_proc()
    if p is None or p.state != RUNNING:
        p = yield from _blocked_caller(p, "sleep")
    seconds = check_timeout(seconds, "sleep() seconds")
    if seconds == 0:
        yield YIELD
        return
    p.wait = NEVER
    p.state = WAITING
    if seconds != _INF:
        if p.host is None:  # in a scheduler step: the deadline is set at its next look
            p.wait_timer = p.rt.add_pending(seconds, WAKE, p)
        else:
            p.wait_timer = p.rt.add_timer(seconds, WAKE, p, None, None)
    yield WAIT


@native_coroutine
def yield_() -> Generator[Any, Any, None]:
    """Lets the other runnable processes run before the caller continues (``erlang:yield/0``)."""
    p = _get_proc()
    if p is None or p.state != RUNNING:
        yield from _blocked_caller(p, "yield_")
    yield YIELD


@native_coroutine
def hibernate(
    fn: Callable[..., Coroutine[Any, Any, Any]], *args: Any
) -> Generator[Any, Any, NoReturn]:
    """Waits for a message in a compact state, then continues in ``await fn(*args)``.

    Mirrors ``Process.hibernate/3``: it never returns.  The caller's stack is
    dropped (its ``finally`` blocks run), so a loop that hibernates after
    every message runs for ever in constant space; when ``fn`` returns, the
    process ends normally.  The message that wakes the process stays in its
    mailbox for ``fn`` to receive, and a receive that pins a reference made
    before hibernating still finds it.  ``fn`` is checked when the call is
    awaited, before anything is waited for: it must be an async function (or a
    callable returning a coroutine).

    Raises:
        TypeError: ``fn(*args)`` is not a coroutine (nothing is consumed).
    """
    p = _get_proc()
    if p is None or p.state != RUNNING:
        p = yield from _blocked_caller(p, "hibernate")
    coro = make_coro(fn, args, "hibernate")
    try:
        # drop what taken messages left behind, when that is most of the list
        # (compacting on every call would cost the whole queue each time)
        if p.mh + p.mtomb > p.queue_len():
            p.compact()
        if p.queue_len() == 0:
            p.wait = PEEK
            p.state = WAITING
            yield WAIT
    except BaseException:
        coro.close()
        raise
    raise HibernateSwitch(coro)


# == links, monitors, exits =======================================================


def link(pid: Pid) -> Literal[True]:
    """Links the caller and ``pid`` (``Process.link/1``); returns True.

    Links are bidirectional: when either process exits abnormally, the other
    gets an exit signal.  Linking to a process that is not alive raises
    :class:`NoProcError`, unless the caller traps exits: then it returns True
    and an ``ExitMessage(pid, "noproc")`` arrives (the BEAM's rule).
    """
    p = require_proc("link")
    if type(pid) is not Pid:
        raise TypeError(f"link() expects a Pid; got {pid!r} ({type(pid).__name__})")
    t = pid._proc
    if t is not None and t.rt is not p.rt:
        t.rt.check_thread("link")
    if t is p:
        return True
    if t is None or t.exit_reason is not ALIVE:
        if t is not None and p.links is not None and t in p.links:
            return True  # linked already: its own EXIT comes once it has ended
        if p.trap_exit:
            if t is not None and t.state != DEAD and t.rt.owes(t, p):
                # killed, still unwinding, and it owes this process a DOWN: the noproc
                # comes once it has ended, after that (the BEAM's order)
                t.rt.add_late(t, -1, p)
            else:
                deliver(p, ExitMessage(pid, "noproc"))
            return True
        raise NoProcError(pid)
    if p.links is None:
        p.links = {}
    p.links[t] = None
    if t.links is None:
        t.links = {}
    t.links[p] = None
    return True


def unlink(pid: Pid) -> Literal[True]:
    """Removes the link between the caller and ``pid`` (``Process.unlink/1``); returns True.

    Exit signals already delivered as messages stay in the mailbox.
    """
    p = require_proc("unlink")
    if type(pid) is not Pid:
        raise TypeError(f"unlink() expects a Pid; got {pid!r} ({type(pid).__name__})")
    t = pid._proc
    if t is not None:
        if t.rt is not p.rt:
            t.rt.check_thread("unlink")
        if p.links is not None:
            p.links.pop(t, None)
        if t.links is not None:
            t.links.pop(p, None)
    return True


AliasOption = Literal["explicit_unalias", "demonitor", "reply_demonitor"]
_MONITOR_ALIAS: Final = ("explicit_unalias", "demonitor", "reply_demonitor")


def monitor(target: Pid | str | tuple[str, str], *, alias: AliasOption | None = None) -> Ref:
    """Monitors ``target`` and returns the monitor reference (``Process.monitor/1``).

    When the target exits, the caller receives
    ``DownMessage(ref, target, reason)``; if it is already gone the DOWN
    arrives at once with reason ``"noproc"``.  A registered name is resolved
    now, and the DOWN names it as ``(name, "nonode@nohost")``.

    Args:
        target: a pid, a registered name, or ``(name, node)``.
        alias: also make the reference an alias (``erlang:monitor/3``):
            ``"explicit_unalias"``, ``"demonitor"`` (deactivated by
            :func:`demonitor` or the DOWN) or ``"reply_demonitor"`` (also
            deactivated, and the monitor removed, by the first message sent to
            it): what the call plumbing uses so that late replies are dropped.
    """
    v = _get_proc()
    if v is not None and v.state == RUNNING and type(target) is Pid:
        p: Proc = v
        t = target._proc
        if (
            t is not None
            and t.rt is p.rt
            and t is not p
            and t.exit_reason is ALIVE
            and (alias is None or alias in _MONITOR_ALIAS)
        ):
            # the common case (gen.call's monitor with its reply alias) in one
            # step: a live target on the caller's runtime, a known alias mode;
            # Kernel.make_ref_for and Kernel.add_monitor, inlined
            ref = Ref(p.pid._n, p.mbase + len(p.mq))
            n = ref._n
            if alias is not None:
                ref._alias = p
                ref._alias_mode = alias
                if p.aliases is None:
                    p.aliases = {n: ref}
                else:
                    p.aliases[n] = ref
            if p.monitors is None:
                p.monitors = {n: (t, target, ref)}
            else:
                p.monitors[n] = (t, target, ref)
            if t.monitored_by is None:
                t.monitored_by = {n: p}
            else:
                t.monitored_by[n] = p
            return ref
    p = require_proc("monitor")
    if alias is not None and alias not in _MONITOR_ALIAS:
        raise ValueError(
            "monitor(): alias must be None, 'explicit_unalias', 'demonitor' or "
            f"'reply_demonitor'; got {alias!r}"
        )
    tgt: Any = target
    tt = type(tgt)
    if tt is Pid:
        return p.rt.monitor(p, tgt, alias)
    if tt is str:
        return p.rt.monitor(p, (tgt, NODE), alias)
    if tt is tuple and len(tgt) == 2 and all(type(x) is str for x in tgt):
        return p.rt.monitor(p, tgt, alias)
    raise TypeError(
        "monitor() expects a Pid, a registered name (str) or a (name, node) tuple; "
        f"got {target!r} ({type(target).__name__})"
    )


def demonitor(ref: Ref, *, flush: bool = False, info: bool = False) -> bool:
    """Turns off the monitor ``ref`` (``Process.demonitor/2``).

    After it returns no DOWN for ``ref`` will arrive.  A DOWN already in the
    mailbox stays there unless ``flush=True`` removes it (as the BEAM's flush,
    that of a monitor no longer active takes the oldest message that is its
    DOWN or a 5-tuple with ``ref`` second).  Returns True, or
    with ``info=True`` whether the monitor was still active (False if it had
    already fired or never existed).
    """
    p = require_proc("demonitor")
    if type(ref) is not Ref:
        raise TypeError(f"demonitor() expects a monitor Ref; got {ref!r} ({type(ref).__name__})")
    if type(flush) is not bool:
        raise TypeError(f"demonitor(): flush must be True or False; got {flush!r}")
    if type(info) is not bool:
        raise TypeError(f"demonitor(): info must be True or False; got {info!r}")
    entry = p.monitors.pop(ref._n, None) if p.monitors is not None else None
    if entry is not None:
        t = entry[0]
        if t is not None and t.monitored_by is not None:
            t.monitored_by.pop(ref._n, None)
    if ref._alias is p and ref._alias_mode in ("demonitor", "reply_demonitor"):
        deactivate_alias(p, ref)
    # A monitor still active has sent no DOWN: nothing to take.  Otherwise the BEAM
    # takes the oldest 5-tuple with the ref second (its flush receives
    # {_, Ref, _, _, _}), which a DOWN is, and so is a user's tuple of that shape.
    if flush and entry is None and p.mh < len(p.mq):
        mq = p.mq
        h = p.mh
        m = mq[h]
        if type(m) is DownMessage and m.ref is ref:
            p.take_at(h)  # the common case: its DOWN is the oldest message
        else:
            i = p.find(_flushed_by(ref), ref._mark_seq if ref._mark_pid == p.pid._n else 0)
            if i >= 0:
                p.take_at(i)
    if info:
        return entry is not None
    return True


def _flushed_by(ref: Ref) -> Callable[[Any], bool]:
    """What ``demonitor(ref, flush=True)`` takes: its DOWN, or a 5-tuple with ref second."""

    def flushed(m: Any) -> bool:
        t = type(m)
        if t is DownMessage:
            return m.ref == ref  # type: ignore[no-any-return]
        return t is tuple and len(m) == 5 and type(m[1]) is Ref and m[1] == ref

    return flushed


def exit(pid: Pid, reason: Any) -> Literal[True]:
    """Sends an exit signal with ``reason`` to ``pid`` (``Process.exit/2``); returns True.

    The BEAM's rules: ``"kill"`` cannot be trapped and ends the target with
    ``"killed"``; ``"normal"`` is ignored by a process that does not trap
    exits, unless it is the caller itself; a trapping target receives
    ``ExitMessage(caller, reason)`` instead of dying; any other reason ends a
    non-trapping target with that reason.  A dead target is a no-op.  To end
    the *calling* process, raise :class:`Exit` (``Kernel.exit/1``).
    """
    if type(pid) is not Pid:
        raise TypeError(f"exit() expects a Pid as its first argument; got {pid!r}")
    cur, rt = _caller_runtime("exit")
    t = pid._proc
    if t is not None:
        if t.rt is not rt:
            t.rt.check_thread("exit")
        t.rt.exit_signal(t, cur.pid if cur is not None else ROOT_PID, reason, False)
    return True


@overload
def flag(name: Literal["trap_exit"], value: bool) -> bool: ...
@overload
def flag(name: Literal["priority"], value: Priority) -> Priority: ...
def flag(name: str, value: Any) -> Any:
    """Sets a process flag of the caller and returns its old value (``Process.flag/2``).

    ``flag("trap_exit", True)`` turns exit signals into :class:`ExitMessage`
    messages; ``flag("priority", "high")`` moves the caller to another run
    queue.
    """
    p = require_proc("flag")
    if type(name) is not str:
        raise TypeError(
            f"flag(): the flag must be a str, 'trap_exit' or 'priority'; "
            f"got {name!r} ({type(name).__name__})"
        )
    if name == "trap_exit":
        if type(value) is not bool:
            raise TypeError(f"flag('trap_exit', value): value must be a bool; got {value!r}")
        old = p.trap_exit
        p.trap_exit = value
        return old
    if name == "priority":
        if type(value) is not str:
            raise TypeError(
                f"flag('priority', value): value must be 'low', 'normal', 'high' or 'max'; "
                f"got {value!r} ({type(value).__name__})"
            )
        if value not in PRIORITIES:
            raise ValueError(
                f"flag('priority', value): value must be 'low', 'normal', 'high' or 'max'; "
                f"got {value!r}"
            )
        old_prio = PRIORITIES[p.prio]
        p.prio = PRIORITIES.index(value)
        p.fast = p.prio == 1 and p.host is None
        return old_prio
    raise ValueError(f"flag(): unknown process flag {name!r}; accepted: 'trap_exit', 'priority'")


def is_alive(pid: Pid) -> bool:
    """Whether ``pid`` is alive (``Process.alive?/1``): not exited, and not exiting.

    A process that was just sent ``exit(pid, "kill")`` by the caller already
    reads as not alive, as on the BEAM.
    """
    if type(pid) is not Pid:
        raise TypeError(f"is_alive() expects a Pid; got {pid!r} ({type(pid).__name__})")
    p = pid._proc
    if p is None:
        return False
    _check_thread_of(p, "is_alive")
    return p.exit_reason is ALIVE


# == aliases ====================================================================


def alias(mode: Literal["explicit_unalias", "reply"] = "explicit_unalias") -> Ref:
    """Creates a process alias for the caller (``erlang:alias/1``, OTP 24).

    Messages sent to the returned reference reach the caller while the alias
    is active; after :func:`unalias` (or, with ``mode="reply"``, after the
    first message through it) they are silently dropped.
    """
    p = require_proc("alias")
    if mode not in ("explicit_unalias", "reply"):
        raise ValueError(f"alias(): mode must be 'explicit_unalias' or 'reply'; got {mode!r}")
    return p.rt.make_ref_for(p, mode)


def unalias(ref: Ref) -> bool:
    """Deactivates the caller's alias ``ref``; False if it was not an active alias of the caller."""
    p = require_proc("unalias")
    if type(ref) is not Ref:
        raise TypeError(f"unalias() expects a Ref; got {ref!r} ({type(ref).__name__})")
    if ref._alias is not p:
        return False
    deactivate_alias(p, ref)
    return True


def is_alias(ref: Ref) -> bool:
    """True if ``ref`` was made as an alias, by :func:`alias` or by :func:`monitor`
    with an ``alias`` option, whether or not it is still active.

    This is what OTP writes into a call's tag as ``[alias | Ref]``: gen's reply
    goes to the tag when it is an alias (and is dropped once the caller gave up)
    and to the caller's pid when it is a plain reference.  beampy's call tag is
    the alias itself, so the reply asks this instead.
    """
    if type(ref) is not Ref:
        raise TypeError(f"is_alias() expects a Ref; got {ref!r} ({type(ref).__name__})")
    return ref._alias_mode is not None


# == registry ===================================================================


def register(pid: Pid, name: str) -> Literal[True]:
    """Registers ``pid`` under ``name`` (``Process.register/2``); returns True.

    Raises:
        ValueError: the name is taken, the process is not alive, it already
            has a name, or the name is ``"undefined"`` (all ``ArgumentError``
            on the BEAM).
        TypeError: ``pid`` is not a Pid or ``name`` not a str.
    """
    if type(pid) is not Pid:
        raise TypeError(f"register() expects a Pid first; got {pid!r} ({type(pid).__name__})")
    if type(name) is not str:
        raise TypeError(f"register(): the name must be a str; got {name!r}")
    if name == "undefined":
        raise ValueError("register(): 'undefined' cannot be registered")
    _, rt = _caller_runtime("register")
    t = pid._proc
    if t is not None and t.rt is not rt:
        t.rt.check_thread("register")
    if t is None or t.exit_reason is not ALIVE:
        raise ValueError(f"register(): cannot register {name!r}: {pid!r} is not alive")
    t.rt.register_name(t, name)
    return True


def unregister(name: str) -> Literal[True]:
    """Removes the registered ``name`` (``Process.unregister/1``); returns True.

    Raises:
        ValueError: nothing is registered under ``name``.
    """
    _, rt = _caller_runtime("unregister")
    if type(name) is not str:
        raise TypeError(f"unregister(): the name must be a str; got {name!r}")
    if not rt.unregister_name(name):
        raise ValueError(f"unregister(): no process is registered under the name {name!r}")
    return True


def whereis(name: str) -> Pid | None:
    """The pid registered under ``name``, or None (``Process.whereis/1``)."""
    _, rt = _caller_runtime("whereis")
    if type(name) is not str:
        raise TypeError(f"whereis(): the name must be a str; got {name!r}")
    t = rt.lookup(name)
    return t.pid if t is not None else None


def registered() -> list[str]:
    """Every registered name (``Process.registered/0``)."""
    return _caller_runtime("registered")[1].registered_names()


def list_() -> list[Pid]:
    """The pids of every live process (``Process.list/0``)."""
    return _caller_runtime("list")[1].processes()


# == timers =====================================================================


def send_after(dest: Pid | str, msg: Any, seconds: float) -> Ref:
    """Sends ``msg`` to ``dest`` after ``seconds``; returns the timer (``Process.send_after/3``).

    A registered name is looked up when the timer fires (nothing happens if it
    is gone then).  A timer aimed at a pid is cancelled when that process
    exits.
    """
    _, rt = _caller_runtime("send_after")
    given = seconds
    try:
        seconds = check_timeout(seconds, "send_after() seconds")
    except TypeError:
        raise TypeError(
            "send_after() seconds must be a number of seconds (int or float); "
            f"got {given!r} ({type(given).__name__})"
        ) from None
    except ValueError:
        seconds = _INF  # the message below: math.inf is no answer here
    if seconds == _INF:  # (a timer that never fires is no timer: the BEAM refuses it too)
        raise ValueError(
            f"send_after() seconds must be a finite number of seconds >= 0 (at most "
            f"{MAX_SECONDS:g}); got {given!r}"
        )
    if type(dest) is not Pid and type(dest) is not str:
        raise TypeError(
            f"send_after() destination must be a Pid or a registered name (str); got {dest!r}"
        )
    q = dest._proc if type(dest) is Pid else None
    if q is not None and q.rt is not rt:
        q.rt.check_thread("send_after")  # before anything changes
    timer = rt.add_timer(seconds, SEND, None, dest, msg)
    ref = Ref()
    ref._timer = timer
    timer.ref = ref
    if type(dest) is Pid:
        if q is None or q.exit_reason is not ALIVE:  # dead, or killed and still unwinding
            rt.cancel_timer(timer)
            ref._timer = None
        else:
            if q.timers is None:
                q.timers = set()
            q.timers.add(timer)
    return ref


def _timer_left(ref: Ref, what: str) -> tuple[Any, float] | None:
    if type(ref) is not Ref:
        raise TypeError(f"{what}() expects a timer Ref; got {ref!r} ({type(ref).__name__})")
    _caller_runtime(what)  # from another thread: WrongThreadError before reading trio's clock
    t = ref._timer
    if t is None:
        return None
    return t, max(0.0, t.key[0] - trio.current_time())


def cancel_timer(
    ref: Ref, *, async_: bool = False, info: bool = True
) -> float | Literal[False, "ok"]:
    """Cancels a :func:`send_after` timer (``Process.cancel_timer/1,2``).

    Returns the seconds that were left, or False if the timer had already
    fired or been cancelled (or ``ref`` is not a timer).  Elixir's options:
    ``info=False`` returns ``"ok"`` instead; ``async_=True`` returns ``"ok"``
    and, with ``info``, sends the caller ``("cancel_timer", ref, result)``.
    """
    options: tuple[Any, Any] = (async_, info)  # (typed bool, checked anyway)
    if type(options[0]) is not bool or type(options[1]) is not bool:
        raise TypeError(
            f"cancel_timer(): async_ and info must be True or False; got async_={async_!r}, "
            f"info={info!r}"
        )
    # the caller to tell, found before anything is cancelled (trio code has none)
    told = require_proc("cancel_timer").pid if async_ and info else None
    found = _timer_left(ref, "cancel_timer")
    result: float | Literal[False] = False
    if found is not None:
        _, rt = _caller_runtime("cancel_timer")
        t, result = found
        ref._timer = None
        rt.cancel_timer(t)
        dest = t.dest
        if type(dest) is Pid and dest._proc is not None and dest._proc.timers is not None:
            dest._proc.timers.discard(t)
    if async_:
        if told is not None:
            send(told, ("cancel_timer", ref, result))
        return "ok"
    return result if info else "ok"


def read_timer(ref: Ref) -> float | Literal[False]:
    """Seconds left on a :func:`send_after` timer, or False (``Process.read_timer/1``)."""
    found = _timer_left(ref, "read_timer")
    return False if found is None else found[1]


# == references and the process dictionary ===================================


def make_ref() -> Ref:
    """A new unique reference (``Kernel.make_ref/0``).

    Made inside a process, it carries a receive mark: a later
    ``receive((ref, ANY))`` skips every message queued before it.
    """
    p = _get_proc()
    if p is None or p.state != RUNNING:
        return Ref()
    return Ref(p.pid._n, p.mbase + len(p.mq))


def put(key: Any, value: Any) -> Any:
    """Stores ``value`` under ``key`` in the process dictionary; returns the old value or None."""
    p = require_proc("put")
    d = p.dictionary
    if d is None:
        d = p.dictionary = {}
    try:
        old = d.get(key)
    except TypeError:
        raise TypeError(
            f"put(): key must be hashable (the process dictionary is a dict); "
            f"got {key!r} ({type(key).__name__})"
        ) from None
    d[key] = value
    return old


def get(key: Any = _NO_KEY, default: Any = None) -> Any:
    """Reads the process dictionary (``Process.get/0,1,2``).

    ``get(key, default=None)`` returns the value or ``default``; ``get()``
    returns every ``(key, value)`` pair.
    """
    p = require_proc("get")
    d = p.dictionary
    if key is _NO_KEY:
        return list(d.items()) if d else []
    if d is None:
        return default
    try:
        return d.get(key, default)
    except TypeError:  # unhashable: no such key was ever put
        return default


def get_keys(value: Any = _NO_KEY) -> list[Any]:
    """Keys of the process dictionary, or those holding ``value`` (``Process.get_keys/0,1``)."""
    p = require_proc("get_keys")
    d = p.dictionary or {}
    if value is _NO_KEY:
        return list(d)
    return [k for k, v in d.items() if _same_term(v, value)]


def _same_term(a: Any, b: Any) -> bool:
    """Erlang's exact equality as far as Python allows: the same type at every level of
    tuples and lists (``1`` is not ``1.0`` nor ``True``), then ``==``."""
    if type(a) is not type(b):
        return False
    if type(a) is tuple or type(a) is list:
        return len(a) == len(b) and all(map(_same_term, a, b))
    return bool(a == b)


def delete(key: Any) -> Any:
    """Removes ``key`` from the process dictionary; returns its old value or None."""
    p = require_proc("delete")
    if p.dictionary is None:
        return None
    try:
        return p.dictionary.pop(key, None)
    except TypeError:  # unhashable: no such key was ever put
        return None


# == introspection ==============================================================

INFO_ITEMS: Final = (
    "current_function",
    "dictionary",
    "hosted",
    "initial_call",
    "links",
    "message_queue_len",
    "messages",
    "monitored_by",
    "monitors",
    "parent",
    "priority",
    "reductions",
    "registered_name",
    "status",
    "trap_exit",
)


#: ``info(pid, "current_function")`` of a process waiting in :func:`hibernate`
#: (the BEAM's ``{erlang, hibernate, 3}``: its stack is about to be dropped)
HIBERNATING: Final = ("beampy", "hibernate", None)


def info(pid: Pid, item: str | list[str] | None = None) -> Any:
    """Information about a process (``Process.info/1,2``), or None if it is not alive.

    ``info(pid)`` returns a dict with the keys in :data:`INFO_ITEMS`;
    ``info(pid, "message_queue_len")`` one value; ``info(pid, ["links",
    "trap_exit"])`` a list of ``(item, value)`` pairs in that order (Elixir's
    keyword list).  ``status`` is
    ``"running"``, ``"runnable"`` or ``"waiting"`` (a killed process still running
    its cleanup is not alive: ``info`` gives None for it);
    ``monitors`` lists ``("process", pid_or_name)``; ``registered_name`` is
    None when there is none; ``current_function`` is ``(module, qualname,
    line)`` of the innermost user frame (beampy's stand-in for an MFA), or
    :data:`HIBERNATING`, ``("beampy", "hibernate", None)``, while the process
    waits in :func:`hibernate`.

    Example::

        await beampy.sleep(0.01)
        if beampy.info(server, "current_function") == beampy.HIBERNATING:
            ...  # the server hibernates until its next message
    """
    if type(pid) is not Pid:
        raise TypeError(f"info() expects a Pid; got {pid!r} ({type(pid).__name__})")
    if item is None:
        read = None
    elif type(item) is str:
        read = _INFO_READERS.get(item)  # an exact str: one lookup
        if read is None:
            _info_item(item)  # raises
    elif type(item) is list:
        read = _info_items(item)
    else:
        read = _info_item(item)
    p = pid._proc
    if p is None:
        return None
    _check_thread_of(p, "info")
    if p.exit_reason is not ALIVE:
        return None
    if read is not None:
        return read(p)
    return {name: f(p) for name, f in _INFO_READERS.items()}


def _info_items(items: list[Any]) -> Callable[[Proc], Any]:
    """The reader of ``info(pid, [item, ...])``: ``(item, value)`` pairs, in that order."""
    reads = [(i, _info_item(i)) for i in items]
    return lambda p: [(i, f(p)) for i, f in reads]


def _info_item(item: Any) -> Callable[[Proc], Any]:
    """The reader of one ``info`` item, or the typed error that names what is accepted."""
    if not isinstance(item, str):
        raise TypeError(
            f"info(): item must be a str (one of {', '.join(INFO_ITEMS)}) or a list of them; "
            f"got {item!r} ({type(item).__name__})"
        )
    read = _INFO_READERS.get(str(item))
    if read is None:
        raise ValueError(f"info(): unknown item {item!r}; accepted: {', '.join(INFO_ITEMS)}")
    return read


def _current_function(p: Proc) -> Any:
    if p.wait is PEEK:  # in hibernate: the BEAM's {erlang, hibernate, 3}
        return HIBERNATING
    # a RUNNING process is the caller asking about itself: its coroutine, running, does
    # not show what it awaits; the stack does (the innermost frame outside the layer)
    frame = caller_frame() if p.state == RUNNING else innermost_frame(p.coro)
    if frame is None:
        return None
    return (frame.f_globals.get("__name__"), frame.f_code.co_qualname, frame.f_lineno)


#: How each item of :data:`INFO_ITEMS` is read off a live process, in that order
#: (``info(pid, item)`` is one lookup here: a child started by proc_lib reads its
#: parent's ``registered_name`` at every spawn).  Each looks its helpers up when
#: called, so that a patched ``status_name`` or ``Proc.queue_len`` is seen (the
#: property tests inject bugs there to show their checks can fail).
_INFO_READERS: Final[dict[str, Callable[[Proc], Any]]] = {
    "current_function": _current_function,
    "dictionary": lambda p: list(p.dictionary.items()) if p.dictionary else [],
    "hosted": lambda p: p.host is not None,
    "initial_call": lambda p: describe(p.initial_call),
    "links": lambda p: [q.pid for q in p.links] if p.links else [],
    "message_queue_len": lambda p: p.queue_len(),
    "messages": lambda p: p.messages(),
    # newest first, as the BEAM keeps them
    "monitored_by": lambda p: (
        [w.pid for w in reversed(p.monitored_by.values())] if p.monitored_by else []
    ),
    "monitors": lambda p: [("process", e[1]) for e in p.monitors.values()] if p.monitors else [],
    "parent": lambda p: p.parent,
    "priority": lambda p: PRIORITIES[p.prio],
    "reductions": lambda p: p.reds_total + CONTEXT_REDS - p.reds,
    "registered_name": lambda p: p.name,
    "status": lambda p: status_name(p),
    "trap_exit": lambda p: p.trap_exit,
}
assert tuple(_INFO_READERS) == INFO_ITEMS
