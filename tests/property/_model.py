"""A pure-Python model of the BEAM's process-layer rules, for the stateful property tests.

The model knows nothing of beampy: it speaks *abstract terms* only, so that two runs
of the same steps (different pid/ref numbers, different seeds) can be compared:

* a process is ``("pid", i)`` (``i``: the order it was spawned in, from 0), the trio
  side of the test is ``("root",)``, a monitored registered name is ``("name", n)``;
* a reference (monitor, alias, timer, ``make_ref``) is ``("ref", r)`` (``r``: the
  order it was created in);
* mailbox messages are ``("EXIT", from, reason)``, ``("DOWN", ref, obj, reason)``,
  ``("MSG", from, tag)`` (a test message; ``tag`` says which step sent it) and
  ``("REPLY", ref, from, tag)`` (a test message carrying a reference: what is sent to
  an alias, or a reply a pinned receive waits for);
* exit reasons are plain terms; an exception reason is ``("error", class name, text)``.

**How a step is checked.**  A step is a list of *root actions* (what the trio side
does: send a command to a process, send an exit signal, move the clock...).  The
processes then run in whatever order the scheduler picks, and the harness records
what each one did, in the order it happened: the *log* (an agent writes an entry
after every operation it performs; the harness adds an ``end`` entry when a process
terminates, and its own root actions).  The model does not guess the order: it
*replays the log*.  At every entry it checks that the entry is something the process
could do at that point (program order, nothing after death, the result the BEAM's
rules give *in that state*), and applies it; when the runtime is idle, it checks that
every process did everything it had to (a command sent to a live process has run, a
killed process has terminated...) and that every observable (results, who is alive,
exit reasons, links, monitors, names, mailboxes, timers, counters) is exactly what
the rules give.  So a step may let several processes run interleaved (a *round*),
and the root may intervene after any number of scheduler steps, and the prediction
stays exact: only the order of messages from different senders within one step is
left open (the BEAM orders signals per sender/receiver pair only).

The same model also runs on its own (:meth:`Model.apply`, taking the enabled actions
in a fixed order): the hand-written scenarios use it to show that it gives the
BEAM's answers.

Rules modelled (Erlang reference manual "Processes", OTP 25, and the conformance
catalog's process-layer scenarios):

* ``exit(pid, "kill")`` cannot be trapped and ends the target with ``"killed"``; a
  ``"kill"`` arriving over a *link* (a process that exited with reason ``"kill"``) is
  an ordinary reason.
* A trapping target turns any other exit signal into ``("EXIT", from, reason)``.
* ``"normal"`` is ignored by a non-trapping target, except ``exit(self(), "normal")``.
* Any other reason ends a non-trapping target with that reason; links carry it in both
  directions, unchanged (``"killed"`` travels as ``"killed"``).
* A killed process is *exiting* at once: not alive (``info`` gives None, ``monitor``
  gives a ``"noproc"`` DOWN, ``link`` raises noproc, exit signals are ignored, messages
  to it are lost) and no operation of its remaining code (its cleanup) takes effect;
  its registered name is freed at once (as the BEAM frees it); its links and the
  monitors on it are settled when it *terminates* (its cleanup done): its links are
  removed and signalled (link exit signals before DOWN messages, catalog 104), every
  watcher gets one ``DOWN``, its timers are cancelled, its aliases die.  A monitor
  made on it meanwhile (by pid, or by the name it held) gets ``"noproc"`` at once,
  unless the process still owes the monitoring one an EXIT or a DOWN: then the
  ``noproc`` comes when it terminates, after those, in request order with the
  ``EXIT(pid, "noproc")`` of a trapping process linking to it meanwhile (the BEAM
  orders one sender's signals, conformance 056); linking again to it when linked
  already does nothing.  A process that ends by
  itself (return, raise, ``Exit``) is alive while its own cleanup runs.
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
* Aliases (``erlang:alias/1``, ``monitor/3``): a message to an active alias reaches
  its owner, to an inactive one is dropped; ``unalias`` deactivates; ``reply`` mode
  deactivates after the first message; a monitor alias in ``demonitor`` or
  ``reply_demonitor`` mode dies with its monitor (``demonitor``, the DOWN, or an
  immediate ``noproc`` DOWN), and ``reply_demonitor`` also removes the monitor when the
  first message arrives through it.
* Timers: ``send_after`` fires at its deadline (deadlines in order, ties in creation
  order), a timer aimed at a pid is cancelled when that process is killed or
  terminates (and born cancelled after that), one aimed
  at a name looks the name up when it fires; ``cancel_timer``/``read_timer`` give the
  seconds left or False.  A receive with a timeout ends with the first matching
  message, or times out at its deadline.
* ``hibernate`` returns at once if a message is queued, else waits for any message;
  the message stays in the mailbox, and the process continues in its new function.

Things that must make *no* observable difference are steps too: a process may be
spawned ``hosted`` or with any priority, move to its own carrier (``checkpoint``: it
awaits trio), or block inside a trio operation (``block``; exit signals then reach it
as a trio cancellation, and messages queue) until the trio side ``unblock``s it.
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
#: Timer delays and clock advances: exact binary fractions, so deadlines and the
#: seconds a timer has left are the very same floats in the model and in beampy.
DELAYS: Final = (0.5, 1.0, 1.5, 2.0, 3.0)
ADVANCES: Final = (0.5, 1.0, 2.0, 4.0)
ALIAS_MODES: Final = ("explicit_unalias", "reply")
MONITOR_ALIASES: Final = ("explicit_unalias", "demonitor", "reply_demonitor")

Term = Any

#: The result of an operation that ended its caller (or never ran).
NO_RESULT: Final = ("died",)
#: The result of an operation whose arguments name a process or reference that does
#: not exist in this run (a replay under another seed may have fewer of them).
SKIPPED: Final = ("skipped",)

#: Operations a *script* (several operations run one after another, with a yield
#: between two) may contain: none of them waits, so an agent between two of them is
#: always runnable.
SCRIPT_OPS: Final = frozenset(
    {
        "send",
        "send_name",
        "send_name_node",
        "send_alias",
        "reply",
        "flood",
        "exit",
        "link",
        "unlink",
        "monitor",
        "monitor_name",
        "demonitor",
        "trap",
        "priority",
        "register",
        "unregister",
        "spawn",
        "alias",
        "unalias",
        "make_ref",
        "send_after",
        "cancel_timer",
        "read_timer",
        "exit_self",
        "arm",
    }
)
#: Operations an armed cleanup (the agent's ``finally``) may run.
CLEANUP_OPS: Final = frozenset(
    {"send", "send_name_node", "link", "monitor", "register", "unregister", "exit", "spawn"}
    | {"send_after", "alias", "trap"}
)

#: Per operation, the kind of each argument: ``p`` a process index, ``r`` a reference
#: index, ``d`` a timer destination (``("pid", i)`` or ``("name", n)``), ``s`` a message
#: source (a process index, ``ROOT``, or None for anyone), ``c`` a cleanup (a tuple of
#: ``(op, args)``), ``-`` anything else.  Used to tell a step that names something this
#: run does not have (see :data:`SKIPPED`) and by the harness to resolve arguments.
ARG_KINDS: Final[dict[str, str]] = {
    "spawn": "---",
    "link": "p",
    "unlink": "p",
    "monitor": "p-",
    "monitor_name": "-",
    "monitor_name_node": "-",
    "demonitor": "r-",
    "exit": "p-",
    "send": "p",
    "send_name": "-",
    "send_name_node": "-",
    "send_alias": "r",
    "reply": "pr",
    "flood": "p-",
    "priority": "-",
    "trap": "-",
    "exit_self": "-",
    "register": "p-",
    "unregister": "-",
    "alias": "-",
    "unalias": "r",
    "make_ref": "",
    "send_after": "d-",
    "cancel_timer": "r",
    "read_timer": "r",
    "recv_ref": "r",
    "take": "s",
    "drain": "",
    "checkpoint": "",
    "block": "",
    "recv_wait": "s-",
    "sleep": "-",
    "hibernate": "",
    "arm": "c-",
    "unblock": "p",
    "release": "p",
    "advance": "-",
}


def pid_term(i: int) -> tuple[str, int]:
    return ("pid", i)


def ref_term(r: int) -> tuple[str, int]:
    return ("ref", r)


def name_term(n: str) -> tuple[str, str]:
    return ("name", n)


def tag_of(n: int, j: int, k: int) -> Term:
    """The tag of what operation ``k`` of action ``j`` of step ``n`` sends."""
    return n if j == 0 and k == 0 else (n, j, k)


def valid_args(op: str, args: tuple[Any, ...], nprocs: int, nrefs: int) -> bool:
    """Whether every process and reference ``args`` name exists (``nprocs``, ``nrefs``)."""
    for kind, a in zip(ARG_KINDS.get(op, ""), args, strict=False):
        if kind == "p" and not 0 <= a < nprocs:
            return False
        if kind == "r" and not 0 <= a < nrefs:
            return False
        if kind == "d" and a[0] == "pid" and not 0 <= a[1] < nprocs:
            return False
        if kind == "s" and type(a) is int and not 0 <= a < nprocs:
            return False
        if kind == "c" and not all(valid_args(o, x, nprocs, nrefs) for o, x in a):
            return False
    return True


@dataclass(frozen=True)
class Step:
    """One step of a test.

    ``caller=i``: the root sends process ``i`` a command to run ``op(*args)`` itself.
    ``caller=None``: the root does ``op(*args)`` itself, or, for ``op="batch"``, the
    actions in ``args`` (Steps) one after another before any process runs, or, for
    ``op="round"``, ``args=(scripts, k, actions)``: every process in ``scripts`` (pairs
    of a process index and a tuple of ``(op, args)``) is sent its script at once, they
    run interleaved, and after ``k`` scheduler steps the root does ``actions`` and
    observes everything (a *mid-round* observation).

    Arguments are abstract: process indexes, reference indexes, names, reasons.
    """

    op: str
    caller: int | None
    args: tuple[Any, ...] = ()

    def __repr__(self) -> str:
        if self.op == "batch":
            return f"batch[{', '.join(map(repr, self.args))}]"
        if self.op == "round":
            scripts, k, actions = self.args
            inner = "; ".join(
                f"P{i}: " + ", ".join(f"{op}{tuple(a)!r}" for op, a in ops) for i, ops in scripts
            )
            return f"round[{inner} | after {k} steps: {list(actions)!r}]"
        who = "root" if self.caller is None else f"P{self.caller}"
        return f"{who}.{self.op}({', '.join(map(repr, self.args))})"


#: The last step of every run: the runtime is about to close, so no cleanup holds any
#: more and every held one is released (the processes then end in whatever order they
#: run: this step is checked from its log like any other).  The runtime then kills every
#: live process at once (:meth:`Model.close`).
CLOSING: Final = Step("close", None, ())


def root_actions(step: Step) -> list[Step]:
    """The root actions of a step, in order (a round's interventions come last)."""
    if step.op == "batch":
        return list(step.args)
    if step.op == "round":
        scripts, _k, actions = step.args
        return [Step("script", i, tuple(ops)) for i, ops in scripts] + list(actions)
    if step.op == "exit_busy":  # a command, then exit signals before it could run
        t, reasons, sub_op, sub_args = step.args
        return [Step(sub_op, t, sub_args)] + [Step("exit", None, (t, r)) for r in reasons]
    return [step]


def command_ops(action: Step) -> tuple[tuple[str, tuple[Any, ...]], ...]:
    """The operations of a command action (a script, or one operation)."""
    if action.op == "script":
        return tuple((op, tuple(args)) for op, args in action.args)
    return ((action.op, action.args),)


# -- results --------------------------------------------------------------------


def ok(value: Term) -> tuple[str, Term]:
    return ("ok", value)


def raised(exc_name: str) -> tuple[str, str]:
    return ("raised", exc_name)


# -- the model ------------------------------------------------------------------


@dataclass
class MCmd:
    """A command sent to a process: its id ``(step, action)`` and its operations."""

    cid: tuple[int, int]
    ops: tuple[tuple[str, tuple[Any, ...]], ...]


@dataclass
class MTimer:
    deadline: float
    seq: int
    #: ("send", destination, message) or ("wake", process index)
    what: tuple[Any, ...]


@dataclass
class MProc:
    """The model of one process."""

    #: "alive"; "exiting" (killed, its cleanup still to run or running); "dead"
    phase: str = "alive"
    #: it has run its first step (a process killed before that runs no code at all)
    started: bool = False
    trap: bool = False
    # in the order the links were made (the runtime sends exit signals in that order)
    links: dict[int, None] = field(default_factory=dict)
    #: monitors this process holds: ref index -> (target index, monitored object)
    monitors: dict[int, tuple[int, Term]] = field(default_factory=dict)
    #: monitors on this process: ref index -> watcher index
    monitored_by: dict[int, int] = field(default_factory=dict)
    name: str | None = None
    priority: str = "normal"
    #: who spawned it (``ROOT`` for the trio side)
    parent: Term = ROOT
    #: expected mailbox: (step number, message)
    mailbox: list[tuple[int, Term]] = field(default_factory=list)
    #: exit reason: the killing signal's as soon as it is exiting, or its own once dead
    reason: Term = None
    #: commands received and not finished, oldest first (the first may be running)
    cmds: list[MCmd] = field(default_factory=list)
    #: the next operation of ``cmds[0]``
    pc: int = 0
    #: what it waits for: ("blocked",) in trio, ("recv", cid, source) a matching
    #: message or its timeout, ("sleep", cid), ("hibernate", cid) any message
    busy: tuple[Any, ...] | None = None
    #: the wait is over: ("recv", cid, result) or ("woke", cid) is its next entry
    done: tuple[Any, ...] | None = None
    #: ending by itself (return/raise/Exit): the reason, while its cleanup runs
    unwinding: Term = None
    #: armed cleanup: (operations, hold), run when it ends; hold = wait for a release
    cleanup: tuple[tuple[tuple[str, tuple[Any, ...]], ...], bool] | None = None
    #: cleanup operations done so far
    cpc: int = 0
    #: its cleanup waits for the root's release / was released
    held: bool = False
    released: bool = False
    #: active aliases it owns: ref index -> mode
    aliases: dict[int, str] = field(default_factory=dict)
    #: killed and still in its cleanup: the monitors made on it since (a ref index) and
    #: the trapping processes that linked to it since (-1), by processes it still owed an
    #: EXIT or a DOWN, in request order: (ref index or -1, who); each gets its noproc
    #: once it terminates, after its own signals
    late: list[tuple[int, int]] = field(default_factory=list)
    #: the references it made (monitors, aliases, make_ref, timers): a receive of its
    #: own that pins one of them starts at the reference's mark
    refs: list[int] = field(default_factory=list)

    @property
    def ending(self) -> bool:
        """Killed, or ending by itself: it is in its cleanup and runs no command."""
        return self.phase != "alive" or self.unwinding is not None


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
    """The model's prediction of the observable state."""

    #: per process: a ProcView if alive, ("exiting",) if killed and not yet
    #: terminated, ("dead", reason) once terminated
    procs: tuple[ProcView | tuple[Term, ...], ...]
    #: per process: its mailbox as groups of messages, one group per step that sent any
    mailboxes: tuple[tuple[tuple[Term, ...], ...], ...]
    #: per process: the commands still queued in its mailbox (ids)
    pending: tuple[tuple[Term, ...], ...]
    registry: tuple[tuple[str, int], ...]
    #: runtime counters: (name, value), see the harness's ``Observed.stats``
    stats: tuple[tuple[str, int], ...]
    #: the step's result (for the scenarios): its first command's first result, or
    #: its first root action's
    result: Term = None


#: A log entry, as the harness writes it in abstract terms: ``("root", j, result)`` (root
#: action j of the step), ``("start", i)``, ``("op", i, command id, k, result)``,
#: ``("cleanup", i, k, result)``, ``("hold", i)``, ``("recv", i, command id, result)`` (a
#: receive or sleep ended), ``("woke", i, command id)`` (hibernate went on), ``("end", i,
#: reason)`` (process i terminated), ``("obs", Observed)`` (a mid-round observation).
Entry = tuple[Any, ...]


def entry_key(e: Entry) -> tuple[Any, ...]:
    """What an entry of process ``e[1]`` claims to be, without its result."""
    kind = e[0]
    if kind == "op":
        return ("op", e[2], e[3])
    if kind == "cleanup":
        return ("cleanup", e[2])
    if kind in ("recv", "woke"):
        return (kind, e[2])
    return (kind,)


class Model:
    """The BEAM's rules applied to abstract processes."""

    def __init__(self) -> None:
        self.procs: list[MProc] = []
        self.registry: dict[str, int] = {}
        #: names freed by killed processes still in their cleanup -> that process
        self.released: dict[str, int] = {}
        self.nrefs = 0
        self.nstep = 0
        self.now = 0.0
        #: pending timers: ("ref", r) for send_after, ("wake", i) for a receive/sleep
        self.timers: dict[tuple[str, int], MTimer] = {}
        self.tseq = 0
        #: the runtime is closing: cleanups no longer hold
        self.closing = False
        # the step being applied
        self._actions: list[Step] = []
        self._next_root = 0
        self._nprocs0 = 0
        self._nrefs0 = 0
        self._result: Term = None
        self._first_cmd = -1

    # -- queries ---------------------------------------------------------------

    def alive(self) -> list[int]:
        return [i for i, p in enumerate(self.procs) if p.phase == "alive"]

    def callers(self) -> list[int]:
        """The processes that run a command now (alive, not waiting, not ending)."""
        return [
            i
            for i, p in enumerate(self.procs)
            if p.phase == "alive" and p.busy is None and p.unwinding is None
        ]

    def blocked(self) -> list[int]:
        return [
            i for i, p in enumerate(self.procs) if p.phase == "alive" and p.busy == ("blocked",)
        ]

    def exiting(self) -> list[int]:
        return [i for i, p in enumerate(self.procs) if p.phase == "exiting"]

    def held(self) -> list[int]:
        return [i for i, p in enumerate(self.procs) if p.held and not p.released]

    def owned_refs(self, i: int) -> list[int]:
        return sorted(self.procs[i].monitors)

    def linked_pairs(self) -> list[tuple[int, int]]:
        return sorted((i, j) for i, p in enumerate(self.procs) for j in p.links if i < j)

    def timer_refs(self) -> list[int]:
        return sorted(k[1] for k in self.timers if k[0] == "ref")

    def alias_refs(self) -> list[int]:
        return sorted(r for p in self.procs for r in p.aliases)

    # -- primitives ------------------------------------------------------------

    def _new_ref(self) -> int:
        r = self.nrefs
        self.nrefs += 1
        return r

    def _add_timer(self, key: tuple[str, int], delay: float, what: tuple[Any, ...]) -> None:
        self.timers[key] = MTimer(self.now + delay, self.tseq, what)
        self.tseq += 1

    def _deliver(self, i: int, msg: Term) -> None:
        p = self.procs[i]
        if p.phase != "alive":
            return
        busy = p.busy
        if busy is not None and p.done is None:
            if busy[0] == "recv" and _matches(busy[2], msg):
                # a waiting receive whose pattern matches takes it at once
                p.done = ("recv", busy[1], ok(msg))
                self.timers.pop(("wake", i), None)
                return
            if busy[0] == "hibernate":
                p.done = ("woke", busy[1])
        p.mailbox.append((self.nstep, msg))

    def _deliver_cmd(self, i: int, cmd: MCmd) -> None:
        p = self.procs[i]
        if p.phase != "alive":
            return
        p.cmds.append(cmd)
        if p.busy is not None and p.busy[0] == "hibernate" and p.done is None:
            p.done = ("woke", p.busy[1])

    def _signal(self, target: int, sender: Term, reason: Term, link: bool) -> None:
        """An exit signal from ``sender`` reaches ``target``."""
        t = self.procs[target]
        if t.phase != "alive":
            return
        if not link and reason == "kill":
            self._kill(target, "killed")
        elif t.trap:
            self._deliver(target, ("EXIT", sender, reason))
        elif reason == "normal":
            if not link and sender == pid_term(target):
                self._kill(target, "normal")
        else:
            self._kill(target, reason)

    def _kill(self, i: int, reason: Term) -> None:
        """A fatal exit signal: exiting from now on, terminated once its cleanup ran."""
        p = self.procs[i]
        p.phase = "exiting"
        p.reason = reason
        if p.name is not None:  # dead to the others: its name is free at once
            del self.registry[p.name]
            self.released[p.name] = i
            p.name = None
        p.mailbox = []
        p.cmds = []
        p.done = None
        if p.busy is not None and p.busy[0] in ("recv", "sleep"):
            self.timers.pop(("wake", i), None)
        p.busy = None
        for key, t in list(self.timers.items()):  # dead to the others: its timers too
            if t.what[0] == "send" and t.what[1] == ("pid", i):
                del self.timers[key]

    def _terminate(self, i: int, reason: Term) -> None:
        """The process ends: names, timers, aliases, links, monitors are settled."""
        p = self.procs[i]
        p.phase = "dead"
        p.reason = reason
        p.unwinding = None
        p.mailbox = []
        p.cmds = []
        p.busy = p.done = None
        p.aliases = {}
        if p.name is not None:
            del self.registry[p.name]
            p.name = None
        me = pid_term(i)
        for key, t in list(self.timers.items()):
            if key == ("wake", i) or (t.what[0] == "send" and t.what[1] == ("pid", i)):
                del self.timers[key]
        for q in p.links:  # links first, in the order they were made ...
            self.procs[q].links.pop(i, None)
        links, p.links = p.links, {}
        for q in links:
            self._signal(q, me, reason, True)
        for r, (t_, _obj) in p.monitors.items():
            self.procs[t_].monitored_by.pop(r, None)
        p.monitors = {}
        watchers, p.monitored_by = p.monitored_by, {}
        late, p.late = p.late, []
        after = {r for r, _ in late}
        for r, w in sorted(watchers.items()):  # ... then one DOWN per monitor
            if r not in after:
                self._down(w, r, reason)
        for r, w in late:  # ... then the noproc answers made after the kill, in order
            if r < 0:
                self._signal(w, me, "noproc", True)
            else:
                self._down(w, r, "noproc")
        for n in [n for n, j in self.released.items() if j == i]:
            del self.released[n]

    def _down(self, w: int, r: int, reason: Term) -> None:
        wp = self.procs[w]
        entry = wp.monitors.pop(r, None)
        if entry is not None:
            if wp.aliases.get(r, "explicit_unalias") != "explicit_unalias":
                del wp.aliases[r]
            self._deliver(w, ("DOWN", ref_term(r), entry[1], reason))

    def _owes(self, t: int, w: int) -> bool:
        """Killed ``t`` has yet to send ``w`` an EXIT or a DOWN (a noproc waits behind it)."""
        tp = self.procs[t]
        return w in tp.links or w in tp.monitored_by.values()

    def _add_monitor(self, watcher: int, target: int, obj: Term) -> int:
        r = self._new_ref()
        self.procs[watcher].monitors[r] = (target, obj)
        self.procs[target].monitored_by[r] = watcher
        return r

    def _spawn(self, parent: Term, priority: str) -> int:
        self.procs.append(MProc(parent=parent, priority=priority))
        return len(self.procs) - 1

    def _send_alias(self, r: int, msg: Term) -> None:
        for i, q in enumerate(self.procs):
            mode = q.aliases.get(r)
            if mode is None:
                continue
            if mode in ("reply", "reply_demonitor"):
                del q.aliases[r]
                if mode == "reply_demonitor":
                    entry = q.monitors.pop(r, None)
                    if entry is not None:
                        self.procs[entry[0]].monitored_by.pop(r, None)
            self._deliver(i, msg)
            return

    def _timer_left(self, r: int) -> Term:
        t = self.timers.get(("ref", r))
        return False if t is None else max(0.0, t.deadline - self.now)

    def _advance(self, dt: float) -> None:
        """The clock moves on: due timers fire, deadline order, before any process runs."""
        self.now += dt
        due = sorted(
            (t.deadline, t.seq, key) for key, t in self.timers.items() if t.deadline <= self.now
        )
        for _d, _s, key in due:
            t = self.timers.pop(key, None)
            if t is None:  # cancelled by an earlier one (a matching message)
                continue
            if t.what[0] == "wake":
                i = t.what[1]
                p = self.procs[i]
                assert p.busy is not None, i
                assert p.done is None, (i, p.done)
                if p.busy[0] == "recv":
                    p.done = ("recv", p.busy[1], raised("ReceiveTimeout"))
                else:
                    p.done = ("recv", p.busy[1], ok(None))
                continue
            _kind, dest, msg = t.what
            if dest[0] == "pid":
                self._deliver(dest[1], msg)
            else:
                q = self.registry.get(dest[1])
                if q is not None:
                    self._deliver(q, msg)

    # -- operations --------------------------------------------------------------

    def _op(self, x: int, op: str, args: tuple[Any, ...], cid: Any, tag: Term) -> Term:
        """Process ``x`` (alive) performs ``op(*args)``; returns its result."""
        made = self.nrefs
        result = self._op1(x, op, args, cid, tag)
        self.procs[x].refs.extend(range(made, self.nrefs))
        return result

    def _op1(self, x: int, op: str, args: tuple[Any, ...], cid: Any, tag: Term) -> Term:
        me = pid_term(x)
        p = self.procs[x]
        if op == "spawn":
            kind, _hosted, priority = args  # hosted makes no observable difference
            c = self._spawn(me, priority)
            if kind == "spawn_link":
                p.links[c] = None
                self.procs[c].links[x] = None
            if kind == "spawn_monitor":
                r = self._add_monitor(x, c, pid_term(c))
                return ok((pid_term(c), ref_term(r)))
            return ok(pid_term(c))
        if op == "link":
            (t,) = args
            if t == x:
                return ok(True)
            if self.procs[t].phase != "alive":
                if t in p.links:
                    return ok(True)  # linked already: its own EXIT comes as it terminates
                if p.trap:
                    if self.procs[t].phase == "exiting" and self._owes(t, x):
                        self.procs[t].late.append((-1, x))
                    else:
                        self._deliver(x, ("EXIT", pid_term(t), "noproc"))
                    return ok(True)
                return raised("NoProcError")
            p.links[t] = None
            self.procs[t].links[x] = None
            return ok(True)
        if op == "unlink":
            (t,) = args
            p.links.pop(t, None)
            self.procs[t].links.pop(x, None)
            return ok(True)
        if op in ("monitor", "monitor_name", "monitor_name_node"):
            t = args[0]
            mode = args[1] if len(args) > 1 else None
            obj: Term
            target: int | None
            if op == "monitor":
                obj, target = pid_term(t), t
            else:
                obj, target = name_term(t), self.registry.get(t, self.released.get(t))
            if (
                target is not None
                and self.procs[target].phase == "exiting"
                and target != x
                and self._owes(target, x)
            ):
                # killed, still in its cleanup, and it owes x a signal: DOWN noproc
                # once it terminates, after that
                r = self._add_monitor(x, target, obj)
                self.procs[target].late.append((r, x))
                if mode is not None:
                    p.aliases[r] = mode
            elif target is None or self.procs[target].phase != "alive":
                r = self._new_ref()
                if mode == "explicit_unalias":
                    p.aliases[r] = mode  # the DOWN ends every other kind of monitor alias
                self._deliver(x, ("DOWN", ref_term(r), obj, "noproc"))
            elif target == x:
                r = self._new_ref()  # monitoring oneself creates no monitor and no alias
            else:
                r = self._add_monitor(x, target, obj)
                if mode is not None:
                    p.aliases[r] = mode
            return ok(ref_term(r))
        if op == "demonitor":
            r, mode = args
            entry = p.monitors.pop(r, None)
            if entry is not None:
                self.procs[entry[0]].monitored_by.pop(r, None)
            if p.aliases.get(r) in ("demonitor", "reply_demonitor"):
                del p.aliases[r]
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
            return NO_RESULT if t == x and p.phase != "alive" else ok(True)
        if op in ("send", "send_name", "send_name_node"):
            return self._send_op(me, op, args, tag)
        if op == "send_alias":
            (r,) = args
            msg = ("REPLY", ref_term(r), me, tag)
            self._send_alias(r, msg)
            return ok(msg)
        if op == "reply":
            t, r = args
            msg = ("REPLY", ref_term(r), me, tag)
            self._deliver(t, msg)
            return ok(msg)
        if op == "flood":
            t, count = args
            for m in range(count):
                self._deliver(t, ("MSG", me, (tag, m)))
            return ok(count)
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
            p.unwinding = _self_exit_reason(how)
            return NO_RESULT
        if op == "register":
            t, n = args
            return self._register(t, n)
        if op == "unregister":
            (n,) = args
            return self._unregister(n)
        if op == "alias":
            (mode,) = args
            r = self._new_ref()
            p.aliases[r] = mode
            return ok(ref_term(r))
        if op == "unalias":
            (r,) = args
            return ok(p.aliases.pop(r, None) is not None)
        if op == "make_ref":
            return ok(ref_term(self._new_ref()))
        if op == "send_after":
            return self._send_after(me, args, tag)
        if op == "cancel_timer":
            (r,) = args
            left = self._timer_left(r)
            self.timers.pop(("ref", r), None)
            return ok(left)
        if op == "read_timer":
            (r,) = args
            return ok(self._timer_left(r))
        if op == "recv_ref":
            (r,) = args
            for k, (_n, m) in enumerate(p.mailbox):
                if m[0] in ("REPLY", "DOWN") and m[1] == ref_term(r):
                    del p.mailbox[k]
                    return ok(m)
            return raised("ReceiveTimeout")
        if op == "take":
            (src,) = args
            keep = [(n, m) for n, m in p.mailbox if not _matches(src, m)]
            count = len(p.mailbox) - len(keep)
            p.mailbox = keep
            return ok(count)
        if op == "drain":
            # a receive with no pattern takes anything: commands queued behind this one too
            count = len(p.mailbox) + len(p.cmds) - 1
            p.mailbox = []
            del p.cmds[1:]
            return ok(count)
        if op == "checkpoint":
            return ok(None)
        if op == "block":
            p.busy = ("blocked",)
            return ok("blocked")
        if op == "recv_wait":
            src, timeout = args
            p.busy = ("recv", cid, src)
            for k, (_n, m) in enumerate(p.mailbox):
                if _matches(src, m):
                    del p.mailbox[k]
                    p.done = ("recv", cid, ok(m))
                    break
            else:
                self._add_timer(("wake", x), timeout, ("wake", x))
            return ok("waiting")
        if op == "sleep":
            (seconds,) = args
            p.busy = ("sleep", cid)
            self._add_timer(("wake", x), seconds, ("wake", x))
            return ok("sleeping")
        if op == "hibernate":
            p.busy = ("hibernate", cid)
            if p.mailbox or len(p.cmds) > 1:  # a message is queued: it goes on at once
                p.done = ("woke", cid)
            return ok("hibernating")
        if op == "arm":
            ops, hold = args
            p.cleanup = (tuple((o, tuple(a)) for o, a in ops), hold)
            return ok(True)
        raise AssertionError(f"unknown op {op!r}")

    def _send_op(self, sender: Term, op: str, args: tuple[Any, ...], tag: Term) -> Term:
        """send / send_name / send_name_node, from a process or from trio code (ROOT)."""
        msg = ("MSG", sender, tag)
        if op == "send":
            (t,) = args
            self._deliver(t, msg)
            return ok(msg)
        (n,) = args
        t = self.registry.get(n)
        if t is None:
            return raised("ValueError") if op == "send_name" else ok(msg)
        self._deliver(t, msg)
        return ok(msg)

    def _send_after(self, setter: Term, args: tuple[Any, ...], tag: Term) -> Term:
        dest, delay = args
        r = self._new_ref()
        if dest[0] == "name" or self.procs[dest[1]].phase == "alive":
            self._add_timer(("ref", r), delay, ("send", dest, ("MSG", setter, tag)))
        return ok(ref_term(r))

    def _register(self, t: int, n: str) -> Term:
        q = self.procs[t]
        if n in self.registry or q.phase != "alive" or q.name is not None:
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

    def _root_op(self, op: str, args: tuple[Any, ...], tag: Term) -> Term:
        if op == "spawn":
            _hosted, priority = args
            return ok(pid_term(self._spawn(ROOT, priority)))
        if op == "exit":
            t, reason = args
            self._signal(t, ROOT, reason, False)
            return ok(True)
        if op == "unblock":
            (t,) = args
            p = self.procs[t]
            if p.phase == "alive" and p.busy == ("blocked",):
                p.busy = None
            return ok(None)
        if op == "release":
            (t,) = args
            p = self.procs[t]
            if p.held:
                p.released = True
            return ok(None)
        if op == "advance":
            (dt,) = args
            self._advance(dt)
            return ok(None)
        if op == "close":
            self.closing = True
            for i in self.held():
                self.procs[i].released = True
            return ok(None)
        if op in ("send", "send_name", "send_name_node"):
            return self._send_op(ROOT, op, args, tag)
        if op == "send_alias":
            (r,) = args
            msg = ("REPLY", ref_term(r), ROOT, tag)
            self._send_alias(r, msg)
            return ok(msg)
        if op == "send_after":
            return self._send_after(ROOT, args, tag)
        if op == "cancel_timer":
            (r,) = args
            left = self._timer_left(r)
            self.timers.pop(("ref", r), None)
            return ok(left)
        if op == "read_timer":
            (r,) = args
            return ok(self._timer_left(r))
        if op == "register":
            t, n = args
            return self._register(t, n)
        if op == "unregister":
            (n,) = args
            return self._unregister(n)
        raise AssertionError(f"unknown root op {op!r}")

    # -- what each process does next --------------------------------------------

    def next_action(self, i: int) -> tuple[Any, ...] | None:
        """The entry process ``i`` must log next (without its result), or None.

        None means it waits for something the root must do (a command, a message,
        the clock, an unblock, a release) or is dead.
        """
        p = self.procs[i]
        if p.phase == "dead":
            return None
        if not p.started:
            return ("end",) if p.phase == "exiting" else ("start",)
        if p.ending:
            if p.cleanup is not None:
                ops, hold = p.cleanup
                if p.cpc < len(ops):
                    return ("cleanup", p.cpc)
                if hold and not p.held and not self.closing:
                    return ("hold",)
            if p.held and not p.released:
                return None
            return ("end",)
        if p.busy is not None:
            if p.done is not None:
                return p.done[:2]
            return None
        if p.cmds:
            return ("op", p.cmds[0].cid, p.pc)
        return None

    def _perform(self, i: int, action: tuple[Any, ...]) -> Entry:
        """Process ``i`` takes ``action`` (from :meth:`next_action`); returns its entry."""
        p = self.procs[i]
        kind = action[0]
        if kind == "start":
            p.started = True
            return ("start", i)
        if kind == "end":
            reason = p.reason if p.phase == "exiting" else p.unwinding
            self._terminate(i, reason)
            return ("end", i, reason)
        if kind == "cleanup":
            assert p.cleanup is not None
            op, args = p.cleanup[0][p.cpc]
            p.cpc += 1
            if p.phase != "alive":
                result = NO_RESULT  # a killed process: nothing it does takes effect
            else:
                result = self._op(i, op, args, None, ("cleanup", i, action[1]))
            return ("cleanup", i, action[1], result)
        if kind == "hold":
            p.held = True
            return ("hold", i)
        if kind in ("recv", "woke"):
            done = p.done
            assert done is not None
            p.busy = p.done = None
            return (kind, i, *done[1:])
        assert kind == "op"
        cmd = p.cmds[0]
        k = p.pc
        op, args = cmd.ops[k]
        if op == "skip":
            result = SKIPPED
        else:
            result = self._op(i, op, args, cmd.cid, tag_of(cmd.cid[0], cmd.cid[1], k))
        if p.phase == "alive" and p.unwinding is None and p.cmds and p.cmds[0] is cmd:
            p.pc += 1
            if p.pc == len(cmd.ops) or p.busy is not None:
                p.cmds.pop(0)
                p.pc = 0
        elif p.phase == "alive":  # it ends by itself: the commands behind stay queued
            if p.cmds and p.cmds[0] is cmd:
                p.cmds.pop(0)
            p.pc = 0
        else:  # it killed itself: its mailbox is gone with it
            p.cmds = []
            p.pc = 0
        if self._result is None and cmd.cid == (self.nstep, self._first_cmd) and k == 0:
            self._result = result
        return ("op", i, cmd.cid, k, result)

    def _valid_at_start(self, op: str, args: tuple[Any, ...]) -> bool:
        """Arguments are resolved when the step starts (a command's when it is sent, even
        if it runs in a later step): against the processes and references existing then."""
        return valid_args(op, args, self._nprocs0, self._nrefs0)

    def _root(self, j: int) -> Term:
        """Root action ``j`` of the current step; returns its result."""
        action = self._actions[j]
        tag = tag_of(self.nstep, j, 0)
        if action.caller is not None:  # a command: the root sends it
            if not 0 <= action.caller < self._nprocs0:
                return SKIPPED
            ops = tuple(
                (op, args) if self._valid_at_start(op, args) else ("skip", ())
                for op, args in command_ops(action)
            )
            self._deliver_cmd(action.caller, MCmd((self.nstep, j), ops))
            return ok(None)
        if not self._valid_at_start(action.op, action.args):
            return SKIPPED
        result = self._root_op(action.op, action.args, tag)
        if self._result is None and j == 0:
            self._result = result
        return result

    def _begin(self, step: Step) -> None:
        self.nstep += 1
        self._actions = root_actions(step)
        self._next_root = 0
        self._nprocs0 = len(self.procs)
        self._nrefs0 = self.nrefs
        self._result = None
        self._first_cmd = next((j for j, a in enumerate(self._actions) if a.caller is not None), -1)

    def _interventions_at(self, step: Step) -> tuple[int, int]:
        """(index of the first intervention, the step count k) of a round."""
        if step.op != "round":
            return len(self._actions), 0
        scripts, k, _actions = step.args
        return len(scripts), k

    # -- running on its own ------------------------------------------------------

    def apply(self, step: Step) -> Expected:
        """Applies ``step``, taking the enabled actions in a fixed order; returns the state.

        The hand-written scenarios use this to check the model against the BEAM's
        answers; :meth:`check_step` checks beampy against the model.
        """
        self._begin(step)
        first, k = self._interventions_at(step)
        for j in range(first):
            self._root(j)
        fired = first == len(self._actions)
        taken = 0
        cursor = 0
        while True:
            if not fired and taken >= k:
                for j in range(first, len(self._actions)):
                    self._root(j)
                fired = True
            n = len(self.procs)
            for d in range(n):  # the next process with something to do, round robin
                i = (cursor + d) % n
                action = self.next_action(i)
                if action is not None:
                    self._perform(i, action)
                    taken += 1
                    cursor = i + 1
                    break
            else:
                if not fired:
                    taken = k
                    continue
                break
        return self.expected(mid=False)

    # -- checking a run ----------------------------------------------------------

    def check_step(self, step: Step, observed: Any) -> list[str]:
        """Replays the log of ``observed`` (the harness's Observed) and checks everything.

        Returns the problems found (empty when beampy behaved as the rules say).
        """
        self._begin(step)
        problems: list[str] = []
        for e in observed.entries:
            kind = e[0]
            if kind == "root":
                j, got = e[1], e[2]
                if j != self._next_root or j >= len(self._actions):
                    problems.append(f"root action {j} out of order (expected {self._next_root})")
                    continue
                self._next_root += 1
                want = self._root(j)
                if got != want:
                    problems.append(f"{self._actions[j]!r}: got {got!r}, expected {want!r}")
                continue
            if kind == "obs":
                problems += [f"mid-round: {p}" for p in compare(self.expected(mid=True), e[1])]
                continue
            i = e[1]
            if type(i) is not int or not 0 <= i < len(self.procs):
                problems.append(f"entry of an unknown process: {e!r}")
                continue
            action = self.next_action(i)
            if action is None or entry_key(e) != action:
                problems.append(f"P{i} did {e!r}, but its next action was {action!r}")
                continue
            want_entry = self._perform(i, action)
            if want_entry != e:
                problems.append(f"P{i}: got {e!r}, expected {want_entry!r}")
        if self._next_root != len(self._actions):
            problems.append(f"only {self._next_root} of {len(self._actions)} root actions ran")
        for i in range(len(self.procs)):
            action = self.next_action(i)
            if action is not None:
                problems.append(f"P{i} did not {action!r} before the runtime went idle")
        problems += compare(self.expected(mid=False), observed)
        return problems

    def close(self) -> list[Term]:
        """The runtime closes (after :data:`CLOSING`): every live process is killed at once
        and ends; returns every exit reason."""
        assert self.closing, "the CLOSING step comes first"
        assert not self.held(), "the CLOSING step released every held cleanup"
        for i in self.alive():
            self._kill(i, "killed")
        self._settle()
        return [p.reason for p in self.procs]

    def _settle(self) -> None:
        progressed = True
        while progressed:
            progressed = False
            for i in range(len(self.procs)):
                action = self.next_action(i)
                if action is not None:
                    self._perform(i, action)
                    progressed = True

    # -- the expected observation ---------------------------------------------

    def expected(self, mid: bool) -> Expected:
        procs: list[ProcView | tuple[Term, ...]] = []
        mailboxes: list[tuple[tuple[Term, ...], ...]] = []
        pending: list[tuple[Term, ...]] = []
        for i, p in enumerate(self.procs):
            if p.phase != "alive":
                procs.append(("dead", p.reason) if p.phase == "dead" else ("exiting",))
                mailboxes.append(())
                pending.append(())
                continue
            runnable = mid and self.next_action(i) is not None
            procs.append(
                ProcView(
                    links=tuple(sorted(p.links)),
                    monitors=tuple(sorted((obj for _t, obj in p.monitors.values()), key=repr)),
                    monitored_by=tuple(sorted(p.monitored_by.values())),
                    trap=p.trap,
                    name=p.name,
                    status="runnable" if runnable else "waiting",
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
            pending.append(tuple(c.cid for c in p.cmds))
        stats = {
            "processes": sum(p.phase != "dead" for p in self.procs),
            "spawned": len(self.procs),
            "registered": len(self.registry),
            "timers": len(self.timers),
        }
        if not mid:
            stats["hosted"] = sum(
                (p.phase == "alive" and p.busy == ("blocked",))
                or (p.held and not p.released and p.phase != "dead")
                for p in self.procs
            )
            stats["runnable"] = 0
        return Expected(
            procs=tuple(procs),
            mailboxes=tuple(mailboxes),
            pending=tuple(pending) if not mid else (),
            registry=tuple(sorted(self.registry.items())),
            stats=tuple(sorted(stats.items())),
            result=self._result if self._result is not None else NO_RESULT,
        )


def _matches(src: Term, msg: Term) -> bool:
    """Whether ``msg`` is a test message from ``src`` (None: from anyone)."""
    if msg[0] != "MSG":
        return False
    if src is None:
        return True
    return bool(msg[1] == (ROOT if src == ROOT else pid_term(src)))


def _self_exit_reason(how: Term) -> Term:
    if how == "return":
        return "normal"
    if how == "raise":
        return CRASH
    assert how[0] == "exit"
    return how[1]


# -- comparing observations -------------------------------------------------------


def sender_of(msg: Term) -> Term:
    """The process a message comes from: the per-pair ordering key."""
    kind = msg[0]
    if kind in ("DOWN", "REPLY"):
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
        seen, want = _short(actual), _short(expected_groups)
        return f"{len(actual)} messages, expected {total}: {seen} vs {want}"
    k = 0
    for g in expected_groups:
        got = actual[k : k + len(g)]
        k += len(g)
        if canonical_group(got) != canonical_group(g):
            return f"messages {_short(got)} do not match the expected group {_short(g)}"
    return None


def _short(x: Any, limit: int = 600) -> str:
    text = repr(list(x))
    return text if len(text) <= limit else text[:limit] + "...]"


def compare(expected: Expected, observed: Any) -> list[str]:
    """Every difference between the model's state and an observation (harness ``Observed``)."""
    out = [f"invariant: {p}" for p in observed.problems]
    if len(observed.procs) != len(expected.procs):
        out.append(f"{len(observed.procs)} processes known, expected {len(expected.procs)}")
        return out
    for i, (want, got) in enumerate(zip(expected.procs, observed.procs, strict=True)):
        if want != got:
            out.append(f"P{i}: got {got!r}, expected {want!r}")
            continue
        why = mailbox_mismatch(expected.mailboxes[i], observed.mailboxes[i])
        if why is not None:
            out.append(f"P{i} mailbox: {why}")
        if not observed.mid and observed.pending[i] != expected.pending[i]:
            out.append(
                f"P{i}: commands queued {observed.pending[i]!r}, expected {expected.pending[i]!r}"
            )
    if observed.registry != expected.registry:
        out.append(f"registry: got {observed.registry!r}, expected {expected.registry!r}")
    got_stats = dict(observed.stats)
    for name, value in expected.stats:
        if got_stats.get(name) != value:
            out.append(f"statistics().{name} == {got_stats.get(name)!r}, expected {value!r}")
    return out
