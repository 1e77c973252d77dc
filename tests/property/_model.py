"""A pure-Python model of the BEAM's process-layer rules, for the stateful property tests.

The model knows nothing of beampy: it speaks *abstract terms* only, so that two runs
of the same steps (different pid/ref numbers, different seeds) can be compared:

* a process is ``("pid", i)`` (``i``: the order it was spawned in, from 0), the trio
  side of the test is ``("root",)``, a monitored registered name is ``("name", n)``;
* a monitor reference is ``("ref", r)`` (``r``: the order it was created in);
* mailbox messages are ``("EXIT", from, reason)``, ``("DOWN", ref, obj, reason)`` and
  ``("MSG", from, n)`` (a test message sent at step ``n``);
* exit reasons are plain terms; an exception reason is ``("error", class name, text)``.

Rules modelled (Erlang reference manual "Processes", OTP 25, and the conformance
catalog's process-layer scenarios 005-028):

* ``exit(pid, "kill")`` cannot be trapped and ends the target with ``"killed"``; a
  ``"kill"`` arriving over a *link* (a process that exited with reason ``"kill"``) is
  an ordinary reason.
* A trapping target turns any other exit signal into ``("EXIT", from, reason)``.
* ``"normal"`` is ignored by a non-trapping target, except ``exit(self(), "normal")``.
* Any other reason ends a non-trapping target with that reason; links carry it in both
  directions, unchanged (``"killed"`` travels as ``"killed"``).
* A dying process: its links are removed and signalled (link exit signals are sent
  before DOWN messages, see catalog 104), its monitors are dropped, every watcher gets
  one ``DOWN``, its name is freed, its mailbox is gone.
* ``link`` to a dead process raises ``noproc`` unless the caller traps (then an
  ``EXIT(pid, "noproc")`` arrives); ``link``/``unlink`` of oneself are no-ops.
* ``monitor`` of a dead process or an unregistered name gives ``DOWN(..., "noproc")``
  at once; monitoring oneself (by pid or by one's own name) returns a reference but
  creates no monitor (erts ``bif.c``: ``if (id != c_p->common.id)``).
* ``demonitor(ref, info)`` says whether the monitor was still active; ``flush`` removes
  a queued DOWN for it.
* ``register`` fails for a taken name, a dead process or one that already has a name;
  ``unregister``/send to an unknown name fail; sending to ``{name, node()}`` never
  fails (an unknown name drops the message), monitoring it is monitoring the name.

Things that must make *no* observable difference are steps too: a process may be
spawned ``hosted`` or with any priority, move to its own carrier (``checkpoint``: it
awaits trio), or block inside a trio operation (``block``; exit signals then reach it
as a trio cancellation, and messages queue) until the trio side ``unblock``s it.
``exit_busy`` sends a process a command and, before it can run, one or two exit
signals: the BEAM handles them first, in order (a process handles its incoming signals
before running code; signals from one sender to one receiver keep their order), so the
command runs only if no signal ended the process, and the first fatal one wins.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

ROOT: Final = ("root",)
NODE: Final = "nonode@nohost"

#: Exit reasons the tests use (the brief's set).
REASONS: Final[tuple[Any, ...]] = ("normal", "kill", "shutdown", ("shutdown", 1), "boom")
#: How a process may end by itself: ``return``, ``raise RuntimeError("boom")``,
#: or ``raise Exit(reason)``.
SELF_EXITS: Final[tuple[Any, ...]] = ("return", "raise", *(("exit", r) for r in REASONS))
NAMES: Final = ("a", "b")
CRASH: Final = ("error", "RuntimeError", "boom")

Term = Any


def pid_term(i: int) -> tuple[str, int]:
    return ("pid", i)


def ref_term(r: int) -> tuple[str, int]:
    return ("ref", r)


def name_term(n: str) -> tuple[str, str]:
    return ("name", n)


_SEND_OPS = frozenset({"send", "send_name", "send_name_node"})


@dataclass(frozen=True)
class Step:
    """One operation of a test: ``caller`` runs ``op(*args)`` (``caller=None``: the trio side).

    Arguments are abstract: process indexes, reference indexes, names, reasons.
    """

    op: str
    caller: int | None
    args: tuple[Any, ...] = ()

    def __repr__(self) -> str:
        who = "root" if self.caller is None else f"P{self.caller}"
        return f"{who}.{self.op}({', '.join(map(repr, self.args))})"


# -- results --------------------------------------------------------------------

#: No result: the caller died during the operation itself.
NO_RESULT: Final = ("died",)


def ok(value: Term) -> tuple[str, Term]:
    return ("ok", value)


def raised(exc_name: str) -> tuple[str, str]:
    return ("raised", exc_name)


# -- the model ------------------------------------------------------------------


@dataclass
class MProc:
    """The model of one process."""

    alive: bool = True
    trap: bool = False
    links: set[int] = field(default_factory=set)
    #: monitors this process holds: ref index -> (target index, monitored object)
    monitors: dict[int, tuple[int, Term]] = field(default_factory=dict)
    #: monitors on this process: ref index -> watcher index
    monitored_by: dict[int, int] = field(default_factory=dict)
    name: str | None = None
    priority: str = "normal"
    #: who spawned it (``ROOT`` for the trio side)
    parent: Term = ROOT
    #: blocked in a trio operation (``block``): runs no command until ``unblock``
    blocked: bool = False
    #: expected mailbox: (step number, message)
    mailbox: list[tuple[int, Term]] = field(default_factory=list)
    reason: Term = None


@dataclass(frozen=True)
class ProcView:
    """What one live process must look like (the same shape the harness observes)."""

    links: tuple[int, ...]
    monitors: tuple[Term, ...]  # monitored objects, sorted by repr
    monitored_by: tuple[int, ...]  # watcher indexes, sorted (a multiset)
    trap: bool
    name: str | None
    status: str
    priority: str
    parent: Term


@dataclass(frozen=True)
class Expected:
    """The model's prediction after one step."""

    step: Step
    result: Term
    #: per process: a ProcView if alive, else its exit reason wrapped as ("dead", reason)
    procs: tuple[ProcView | tuple[str, Term], ...]
    #: per process: its mailbox as groups of messages, one group per step that sent any
    mailboxes: tuple[tuple[tuple[Term, ...], ...], ...]
    registry: tuple[tuple[str, int], ...]


class Model:
    """The BEAM's rules applied to abstract processes, one step at a time."""

    def __init__(self) -> None:
        self.procs: list[MProc] = []
        self.registry: dict[str, int] = {}
        self.nrefs = 0
        self.nstep = 0

    # -- queries ---------------------------------------------------------------

    def alive(self) -> list[int]:
        return [i for i, p in enumerate(self.procs) if p.alive]

    def callers(self) -> list[int]:
        """The processes that can run a command now (alive, not blocked)."""
        return [i for i, p in enumerate(self.procs) if p.alive and not p.blocked]

    def blocked(self) -> list[int]:
        return [i for i, p in enumerate(self.procs) if p.alive and p.blocked]

    def owned_refs(self, i: int) -> list[int]:
        return sorted(self.procs[i].monitors)

    # -- primitives ------------------------------------------------------------

    def _new_ref(self) -> int:
        r = self.nrefs
        self.nrefs += 1
        return r

    def _deliver(self, i: int, msg: Term) -> None:
        p = self.procs[i]
        if p.alive:
            p.mailbox.append((self.nstep, msg))

    def _signal(self, target: int, sender: Term, reason: Term, link: bool) -> None:
        """An exit signal from ``sender`` reaches ``target``."""
        t = self.procs[target]
        if not t.alive:
            return
        if not link and reason == "kill":
            self._die(target, "killed")
        elif t.trap:
            self._deliver(target, ("EXIT", sender, reason))
        elif reason == "normal":
            if not link and sender == pid_term(target):
                self._die(target, "normal")
        else:
            self._die(target, reason)

    def _die(self, i: int, reason: Term) -> None:
        p = self.procs[i]
        if not p.alive:
            return
        p.alive = False
        p.reason = reason
        p.mailbox = []
        if p.name is not None:
            del self.registry[p.name]
            p.name = None
        me = pid_term(i)
        for q in sorted(p.links):  # links first ...
            self.procs[q].links.discard(i)
        links, p.links = p.links, set()
        for q in sorted(links):
            self._signal(q, me, reason, True)
        for r, (t, _obj) in p.monitors.items():
            self.procs[t].monitored_by.pop(r, None)
        p.monitors = {}
        watchers, p.monitored_by = p.monitored_by, {}
        for r, w in sorted(watchers.items()):  # ... then one DOWN per monitor
            entry = self.procs[w].monitors.pop(r, None)
            if entry is not None:
                self._deliver(w, ("DOWN", ref_term(r), entry[1], reason))

    def _add_monitor(self, watcher: int, target: int, obj: Term) -> int:
        r = self._new_ref()
        self.procs[watcher].monitors[r] = (target, obj)
        self.procs[target].monitored_by[r] = watcher
        return r

    def _spawn(self, parent: Term, priority: str) -> int:
        self.procs.append(MProc(parent=parent, priority=priority))
        return len(self.procs) - 1

    # -- operations ------------------------------------------------------------

    def apply(self, step: Step) -> Expected:
        """Applies ``step`` and returns what must be observed afterwards."""
        self.nstep += 1
        result = self._apply(step)
        return self.expected(step, result)

    def _apply(self, step: Step) -> Term:
        op, x, args = step.op, step.caller, step.args
        if x is None:
            return self._apply_root(op, args)
        me = pid_term(x)
        p = self.procs[x]
        assert p.alive, step
        assert not p.blocked, step
        if op == "spawn":
            kind, _hosted, priority = args  # hosted makes no observable difference
            c = self._spawn(me, priority)
            if kind == "spawn_link":
                p.links.add(c)
                self.procs[c].links.add(x)
            if kind == "spawn_monitor":
                r = self._add_monitor(x, c, pid_term(c))
                return ok((pid_term(c), ref_term(r)))
            return ok(pid_term(c))
        if op == "link":
            (t,) = args
            if t == x:
                return ok(True)
            if not self.procs[t].alive:
                if p.trap:
                    self._deliver(x, ("EXIT", pid_term(t), "noproc"))
                    return ok(True)
                return raised("NoProcError")
            p.links.add(t)
            self.procs[t].links.add(x)
            return ok(True)
        if op == "unlink":
            (t,) = args
            p.links.discard(t)
            self.procs[t].links.discard(x)
            return ok(True)
        if op in ("monitor", "monitor_name", "monitor_name_node"):
            (t,) = args
            obj: Term
            target: int | None
            if op == "monitor":
                obj, target = pid_term(t), t
            else:
                obj, target = name_term(t), self.registry.get(t)
            if target is None or not self.procs[target].alive:
                r = self._new_ref()
                self._deliver(x, ("DOWN", ref_term(r), obj, "noproc"))
            elif target == x:
                r = self._new_ref()  # monitoring oneself creates no monitor
            else:
                r = self._add_monitor(x, target, obj)
            return ok(ref_term(r))
        if op == "demonitor":
            r, mode = args
            entry = p.monitors.pop(r, None)
            if entry is not None:
                self.procs[entry[0]].monitored_by.pop(r, None)
            if mode == "flush":
                for k, (_n, m) in enumerate(p.mailbox):
                    if m[0] == "DOWN" and m[1] == ref_term(r):
                        del p.mailbox[k]
                        break
            return ok(entry is not None if mode == "info" else True)
        if op == "exit":
            t, reason = args
            self._signal(t, me, reason, False)
            # only a signal to oneself can end the caller inside exit/2; a link
            # signal coming back ends it after exit/2 returned
            return NO_RESULT if t == x and not self.procs[x].alive else ok(True)
        if op in _SEND_OPS:
            return self._send_op(me, op, args)
        if op == "priority":
            (level,) = args
            old_level, p.priority = p.priority, level
            return ok(old_level)
        if op == "trap":
            (flag,) = args
            old, p.trap = p.trap, flag
            return ok(old)
        if op == "exit_self":
            (how,) = args
            self._die(x, _self_exit_reason(how))
            return NO_RESULT
        if op == "register":
            t, n = args
            return self._register(t, n)
        if op == "unregister":
            (n,) = args
            return self._unregister(n)
        if op == "drain":
            count = len(p.mailbox)
            p.mailbox = []
            return ok(count)
        if op == "checkpoint":
            return ok(None)
        if op == "block":
            p.blocked = True
            return ok("blocked")
        raise AssertionError(f"unknown op {op!r}")

    def _apply_root(self, op: str, args: tuple[Any, ...]) -> Term:
        if op == "spawn":
            _hosted, priority = args
            return ok(pid_term(self._spawn(ROOT, priority)))
        if op == "exit":
            t, reason = args
            self._signal(t, ROOT, reason, False)
            return ok(True)
        if op == "unblock":
            (t,) = args
            self.procs[t].blocked = False
            return ok(None)
        if op == "exit_busy":
            t, reasons, sub_op, sub_args = args
            for reason in reasons:  # one sender, one receiver: handled in order
                self._signal(t, ROOT, reason, False)
            if not self.procs[t].alive:
                return NO_RESULT
            return self._apply(Step(sub_op, t, sub_args))
        if op in _SEND_OPS:
            return self._send_op(ROOT, op, args)
        if op == "register":
            t, n = args
            return self._register(t, n)
        if op == "unregister":
            (n,) = args
            return self._unregister(n)
        raise AssertionError(f"unknown root op {op!r}")

    def _send_op(self, sender: Any, op: str, args: tuple[Any, ...]) -> Any:
        """send / send_name / send_name_node, from a process or from trio code (ROOT)."""
        if op == "send":
            (t,) = args
            msg = ("MSG", sender, self.nstep)
            self._deliver(t, msg)
            return ok(msg)
        (n,) = args
        return self._send_name(sender, n, fails=op == "send_name")

    def _send_name(self, sender: Term, n: str, fails: bool = True) -> Term:
        """Send to ``n`` (``fails=False``: to ``(n, node)``, which never fails)."""
        t = self.registry.get(n)
        msg = ("MSG", sender, self.nstep)
        if t is None:
            return raised("ValueError") if fails else ok(msg)
        self._deliver(t, msg)
        return ok(msg)

    def _register(self, t: int, n: str) -> Term:
        q = self.procs[t]
        if n in self.registry or not q.alive or q.name is not None:
            return raised("ValueError")
        self.registry[n] = t
        q.name = n
        return ok(True)

    def _unregister(self, n: str) -> Term:
        t = self.registry.pop(n, None)
        if t is None:
            return raised("ValueError")
        self.procs[t].name = None
        return ok(True)

    def close(self) -> list[Term]:
        """The runtime closes: every live process is killed; returns every exit reason."""
        for i in self.alive():
            self._die(i, "killed")
        return [p.reason for p in self.procs]

    # -- the expected observation ---------------------------------------------

    def expected(self, step: Step, result: Term) -> Expected:
        procs: list[ProcView | tuple[str, Term]] = []
        mailboxes: list[tuple[tuple[Term, ...], ...]] = []
        for p in self.procs:
            if not p.alive:
                procs.append(("dead", p.reason))
                mailboxes.append(())
                continue
            procs.append(
                ProcView(
                    links=tuple(sorted(p.links)),
                    monitors=tuple(sorted((obj for _t, obj in p.monitors.values()), key=repr)),
                    monitored_by=tuple(sorted(p.monitored_by.values())),
                    trap=p.trap,
                    name=p.name,
                    status="waiting",
                    priority=p.priority,
                    parent=p.parent,
                )
            )
            groups: list[list[Term]] = []
            last = None
            for n, m in p.mailbox:
                if n != last:
                    groups.append([])
                    last = n
                groups[-1].append(m)
            mailboxes.append(tuple(tuple(g) for g in groups))
        return Expected(
            step=step,
            result=result,
            procs=tuple(procs),
            mailboxes=tuple(mailboxes),
            registry=tuple(sorted(self.registry.items())),
        )


def _self_exit_reason(how: Term) -> Term:
    if how == "return":
        return "normal"
    if how == "raise":
        return CRASH
    assert how[0] == "exit"
    return how[1]


# -- comparing mailboxes ----------------------------------------------------------


def sender_of(msg: Term) -> Term:
    """The process a message comes from: the per-pair ordering key."""
    kind = msg[0]
    if kind == "DOWN":
        return msg[2]
    return msg[1]


def canonical_group(msgs: Sequence[Term]) -> tuple[tuple[Term, tuple[Term, ...]], ...]:
    """The part of a group's order the BEAM guarantees: the order per sender.

    Within one step, messages from different senders may arrive in any order (the
    BEAM orders signals per sender/receiver pair only, and a seeded run reorders
    them).  Several DOWNs for different monitors of the same target have no defined
    order either, so runs of DOWNs are sorted by reference.
    """
    per_sender: dict[Hashable, list[Term]] = {}
    for m in msgs:
        per_sender.setdefault(sender_of(m), []).append(m)
    out = []
    for s, ms in per_sender.items():
        fixed: list[Term] = []
        run: list[Term] = []
        for m in ms:
            if m[0] == "DOWN":
                run.append(m)
                continue
            fixed.extend(sorted(run, key=repr))
            run = []
            fixed.append(m)
        fixed.extend(sorted(run, key=repr))
        out.append((s, tuple(fixed)))
    return tuple(sorted(out, key=lambda e: repr(e[0])))


def mailbox_mismatch(
    expected_groups: Sequence[Sequence[Term]], actual: Sequence[Term]
) -> str | None:
    """Why ``actual`` is not a valid arrival order of ``expected_groups``, or None.

    Groups (one per step) must arrive in step order; inside a group only the order
    per sender counts (see :func:`canonical_group`).
    """
    total = sum(len(g) for g in expected_groups)
    if total != len(actual):
        return f"{len(actual)} messages, expected {total}: {list(actual)!r} vs {expected_groups!r}"
    k = 0
    for g in expected_groups:
        got = actual[k : k + len(g)]
        k += len(g)
        if canonical_group(got) != canonical_group(g):
            return f"messages {list(got)!r} do not match the expected group {list(g)!r}"
    return None
