"""The Python twin of ``support/trace.exs``: prints beampy terms the way the BEAM trace shows them.

A port of a scenario is ``async def main(T: Trace) -> None``; ``T`` is a fresh :class:`Trace` for
every run, writing to the stream the test gives it. It offers the same operations as the Elixir
module ``T`` (``start``, ``name``, ``p``, ``say``, ``done``, ``wait_down``, ``drain``, ``flush``,
``emit``, ``ev``, ``evs``) and prints byte-identical lines for the same facts.

How Python values stand for Elixir terms (see :func:`render`):

================================  =========================================================
Python                            Elixir, as printed
================================  =========================================================
``str``                           atom: ``:ok``, ``:"with space"``, ``"Elixir.Foo"`` -> ``Foo``
``None`` / ``True`` / ``False``   ``nil`` / ``true`` / ``false``
``Mod("GenServer")``              the module atom, printed bare: ``GenServer``
``int`` / ``float``               as Elixir's ``inspect`` (``1.0e16``, ``1.0e-5``)
``bytes``                         binary: ``"abc"`` (``<<0, 1>>`` when not printable)
``tuple`` / ``list`` / ``dict``   ``{a, b}`` / ``[a, b]`` / ``%{k => v}`` sorted by shown key
``DownMessage(ref, pid, r)``      ``{:DOWN, ref, :process, pid, r}``
``("GenServer", "call", (s, r, 5.0))``  an MFA in an exit reason (:data:`MFA_MODULES`):
                                  ``{GenServer, :call, [s, r, 5000]}``; the last argument
                                  is a timeout in seconds, shown in ms (``math.inf``:
                                  ``:infinity``); ``("sys", ("replace_state", f),
                                  (s, 5.0))`` keeps OTP's request-as-function
``ExitMessage(pid, r)``           ``{:EXIT, pid, r}``
``Pid`` / ``Ref``                 its label (:meth:`Trace.name`), else ``:unknown_pid`` /
                                  ``:unknown_ref``
an exception (an exit reason)     ``{%RuntimeError{message: "boom"}, :stacktrace}``, see
                                  :data:`EXCEPTIONS`
``Throw(v)``                      ``{{:nocatch, v}, :stacktrace}`` (Elixir's uncaught throw)
a function                        ``:fun``
a traceback / stack summary       ``:stacktrace``
another dataclass                 ``%Name{field: value}`` with the fields sorted
================================  =========================================================

Anything else raises :class:`TypeError`: a port must say what a value stands for.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
import traceback
import types
from typing import Any, Final, TextIO, TypeVar

import trio

import beampy
from beampy import ANY, DownMessage, ExitMessage, Pid, Ref

__all__ = [
    "EXCEPTIONS",
    "Mod",
    "Throw",
    "Trace",
    "exception_module",
    "process_info",
    "render",
    "rescued",
]

_PidOrRef = TypeVar("_PidOrRef", Pid, Ref)


class Mod:
    """An Elixir module atom such as ``GenServer``; renders bare (``Mod("Task.Supervised")``)."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        if not _ALIAS.match("Elixir." + name):
            raise ValueError(f"not an Elixir module name: {name!r}")
        self.name = name

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mod) and other.name == self.name

    def __hash__(self) -> int:
        return hash((Mod, self.name))

    def __repr__(self) -> str:
        return f"Mod({self.name!r})"


class Throw(Exception):  # noqa: N818 - named after Elixir's throw/1
    """Port-local stand-in for Elixir's ``throw(value)``.

    Python has no throw; a port raises ``Throw(value)`` where the scenario throws. Uncaught, the
    process ends with the exception as its reason, which renders as the BEAM reason
    ``{{:nocatch, value}, :stacktrace}``.
    """

    def __init__(self, value: Any) -> None:
        super().__init__(value)
        self.value = value


# --------------------------------------------------------------------------------------------
# Python exception -> Elixir exception. ONE table, looked up along the exception's MRO.
#
#   key:    the Python exception class a port (or beampy) raises;
#   value:  (Elixir exception module, Erlang error term, default message)
#           * Erlang error term: when the BEAM raises this error from the VM/a BIF, a crashed
#             process's reason is {term, stacktrace} (e.g. 1 / 0 -> {:badarith, st}); None when
#             the Elixir code raises the exception struct, giving {%Mod{...}, st};
#           * default message: what Elixir puts in the struct's message field (None: str(exc)).
# --------------------------------------------------------------------------------------------
EXCEPTIONS: Final[dict[type[BaseException], tuple[str, str | None, str | None]]] = {
    # raise "boom" / raise RuntimeError, "boom"
    RuntimeError: ("RuntimeError", None, None),
    # raise ArgumentError, msg. (BIF badarg errors, e.g. send to an unregistered name, are
    # {:badarg, st} on the BEAM; no scenario lets such an error end a process.)
    ValueError: ("ArgumentError", None, None),
    # 1 / 0: an Erlang error, reason {:badarith, st}; rescued it is an ArithmeticError
    ZeroDivisionError: ("ArithmeticError", "badarith", "bad argument in arithmetic expression"),
    # Process.link(dead) when not trapping: Erlang error :noproc (rescued: ErlangError)
    beampy.NoProcError: ("ErlangError", "noproc", None),
}


def exception_module(exc: BaseException) -> Mod:
    """The Elixir module of the exception ``exc`` stands for (``ValueError`` -> ``ArgumentError``).

    Mirrors ``err.__struct__`` in a ``rescue err ->`` clause.
    """
    return Mod(_exception_entry(exc)[0])


def _exception_entry(exc: BaseException) -> tuple[str, str | None, str | None]:
    for cls in type(exc).__mro__:
        if cls in EXCEPTIONS:
            return EXCEPTIONS[cls]
    # Not in the table: keep the Python name so that a mismatch is visible in the diff.
    return (type(exc).__name__, None, None)


@dataclasses.dataclass(frozen=True)
class _Struct:
    """An Elixir struct to print: ``%Mod{field: value, ...}`` with the fields sorted."""

    module: str
    fields: tuple[tuple[str, Any], ...]


def _exception_struct(exc: BaseException) -> _Struct:
    module, erlang_term, default_message = _exception_entry(exc)
    if module == "ErlangError":
        return _Struct(module, (("original", erlang_term), ("reason", None)))
    message = default_message if default_message is not None else str(exc)
    return _Struct(module, (("message", message.encode()),))


def rescued(exc: BaseException) -> object:
    """The exception struct Elixir's ``rescue err -> err`` would bind for ``exc``.

    Renders bare (``%ArithmeticError{message: "bad argument in arithmetic expression"}``),
    whereas the exception object itself renders as the exit reason of a process it crashed.
    """
    return _exception_struct(exc)


def _exit_reason(exc: BaseException) -> tuple[Any, str]:
    """The BEAM exit reason of a process that ended by raising ``exc``."""
    if isinstance(exc, Throw):
        return (("nocatch", exc.value), "stacktrace")
    erlang_term = _exception_entry(exc)[1]
    if erlang_term is not None:
        return (erlang_term, "stacktrace")
    return (_exception_struct(exc), "stacktrace")


# --------------------------------------------------------------------------------------------
# Atoms, numbers and binaries as Elixir 1.14's inspect/1 writes them.
# --------------------------------------------------------------------------------------------

# atoms that need no quotes: identifiers (letters, digits, _, @; optional trailing ? or !)
_IDENT: Final = re.compile(r"[^\W\d][\w@]*[?!]?\Z")
# module aliases: "Elixir.Foo.Bar" prints as Foo.Bar
_ALIAS: Final = re.compile(r"Elixir(\.[A-Z][A-Za-z0-9_]*)*\Z")
# operator atoms inspect/1 prints unquoted (checked against Elixir 1.14)
_OPERATORS: Final = frozenset(
    {"+", "-", "*", "/", "++", "--", "**", "!", "^", "&", "&&", "&&&", "||", "|||", "<>"}
    | {"..", "...", "..//", "==", "!=", "===", "!==", "=~", "<", ">", "<=", ">=", "|>"}
    | {"<<<", ">>>", "<<~", "~>>", "<~", "~>", "<~>", "=", "->", "<-", "@", ".", "%"}
    | {"{}", "%{}", "<<>>", "|", "+++", "---", "\\\\"}
)
_ESCAPES: Final = {
    '"': '\\"',
    "\\": "\\\\",
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\v": "\\v",
    "\b": "\\b",
    "\f": "\\f",
    "\a": "\\a",
    "\x1b": "\\e",
    "\x7f": "\\d",
    "\ufeff": "\\uFEFF",
}


def _printable(ch: str) -> bool:
    # String.printable?/1 of Elixir 1.14 (the escapable control characters aside)
    c = ord(ch)
    return (
        0x20 <= c <= 0x7E
        or 0xA0 <= c <= 0xD7FF
        or 0xE000 <= c <= 0xFFFD
        or 0x10000 <= c <= 0x10FFFF
    )


def _quoted(text: str) -> str | None:
    """``text`` between double quotes with Elixir's escapes; None if it is not printable."""
    out = ['"']
    for i, ch in enumerate(text):
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ch == "#" and text[i + 1 : i + 2] == "{":
            out.append("\\#")
        elif _printable(ch):
            out.append(ch)
        else:
            return None
    out.append('"')
    return "".join(out)


def _render_atom(name: str) -> str:
    if name in ("nil", "true", "false"):
        return name
    if _ALIAS.match(name):
        return name if name == "Elixir" else name[len("Elixir.") :]
    if _IDENT.match(name) or name in _OPERATORS:
        return ":" + name
    quoted = _quoted(name)
    if quoted is None:
        raise ValueError(f"atom with unprintable characters: {name!r}")
    return ":" + quoted


def _render_float(x: float) -> str:
    if math.isinf(x) or math.isnan(x):
        raise ValueError(f"the BEAM has no float {x!r}")
    # Python's repr and Erlang's shortest round-trip printing pick the same digits and switch
    # to exponent notation at the same thresholds (exponent < -4 or >= 16); only the spelling
    # of the exponent differs: 1e+16 -> 1.0e16, 1.5e-07 -> 1.5e-7.
    text = repr(x)
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    if "." not in mantissa:
        mantissa += ".0"
    return f"{mantissa}e{int(exponent)}"


def _render_binary(data: bytes) -> str:
    try:
        quoted = _quoted(data.decode("utf-8"))
    except UnicodeDecodeError:
        quoted = None
    if quoted is None:
        return "<<" + ", ".join(str(byte) for byte in data) + ">>"
    return quoted


_FUNCTION_TYPES: Final = (
    types.FunctionType,
    types.BuiltinFunctionType,
    types.MethodType,
    functools.partial,
)


#: The modules whose calls appear in exit reasons, ``(module, function, args)`` in beampy:
#: Elixir's print bare (``GenServer``), Erlang's as atoms (``:sys``).
MFA_MODULES: Final = {
    "GenServer": True,
    "Agent": True,
    "Task": True,
    "Task.Supervisor": True,
    "Task.Supervised": True,
    "Supervisor": True,
    "DynamicSupervisor": True,
    "sys": False,
    "gen_server": False,
    "proc_lib": False,
}


def _is_mfa(x: tuple[Any, ...]) -> bool:
    # the function is a name, except in sys's replace_state exits, where OTP puts the
    # request there: {:sys, {:replace_state, fun}, [server, timeout]}
    return (
        len(x) == 3
        and isinstance(x[0], str)
        and x[0] in MFA_MODULES
        and (isinstance(x[1], str) or (x[0] == "sys" and isinstance(x[1], tuple)))
        and isinstance(x[2], tuple)
    )


def _elixir_mfa(x: tuple[Any, ...]) -> tuple[Any, ...]:
    """``("GenServer", "call", (server, req, 5.0))`` -> ``{GenServer, :call, [server, req, 5000]}``.

    The last argument of these calls is always a timeout: seconds become milliseconds and
    ``math.inf`` becomes ``:infinity``.
    """
    module, fun, args = x
    shown: list[Any] = list(args)
    if shown and isinstance(shown[-1], (int, float)) and not isinstance(shown[-1], bool):
        t = shown[-1]
        shown[-1] = "infinity" if t == math.inf else round(t * 1000)
    return (Mod(module) if MFA_MODULES[module] else module, fun, shown)


def render(term: Any, labels: dict[Any, str] | None = None) -> str:
    """Renders ``term`` in the fixed trace format; pids/refs are looked up in ``labels``."""
    names = labels if labels is not None else {}

    def show(x: Any) -> str:
        # order matters: bool is an int, StackSummary is a list, exceptions before dataclasses
        if x is None or isinstance(x, bool):
            return _render_atom(str(x).lower() if x is not None else "nil")
        if isinstance(x, str):
            return _render_atom(x)
        if isinstance(x, Mod):
            return x.name
        if isinstance(x, int):
            return str(x)
        if isinstance(x, float):
            return _render_float(x)
        if isinstance(x, (bytes, bytearray)):
            return _render_binary(bytes(x))
        if isinstance(x, (Pid, Ref)):
            fallback = "unknown_pid" if isinstance(x, Pid) else "unknown_ref"
            return _render_atom(names.get(x, fallback))
        if isinstance(x, DownMessage):
            return show(("DOWN", x.ref, "process", x.pid, x.reason))
        if isinstance(x, ExitMessage):
            return show(("EXIT", x.pid, x.reason))
        if isinstance(x, BaseException):
            return show(_exit_reason(x))
        if isinstance(x, (types.TracebackType, traceback.StackSummary)):
            return ":stacktrace"
        if isinstance(x, tuple):
            if _is_mfa(x):
                return show(_elixir_mfa(x))
            return "{" + ", ".join(show(item) for item in x) + "}"
        if isinstance(x, list):
            return "[" + ", ".join(show(item) for item in x) + "]"
        if isinstance(x, dict):
            entries = sorted((show(k), show(v)) for k, v in x.items())
            return "%{" + ", ".join(f"{k} => {v}" for k, v in entries) + "}"
        if isinstance(x, _Struct):
            shown = sorted(f"{k}: {show(v)}" for k, v in x.fields)
            return f"%{x.module}{{{', '.join(shown)}}}"
        if type(x).__name__ == "Task" and hasattr(x, "pid"):
            # Elixir's %Task{} prints as {:task, <label of its pid>}
            return show(("task", x.pid))
        if isinstance(x, _FUNCTION_TYPES):
            return ":fun"
        if dataclasses.is_dataclass(x) and not isinstance(x, type):
            fields = tuple((f.name, getattr(x, f.name)) for f in dataclasses.fields(x))
            return show(_Struct(type(x).__name__, fields))
        raise TypeError(f"no Elixir rendering for {type(x).__name__}: {x!r}")

    return show(term)


def process_info(pid: Pid, key: str) -> Any:
    """Elixir's ``Process.info(pid, key)`` shape over ``beampy.info(pid, key)``.

    ``{key, value}`` for a live process, ``nil`` for a dead one. The value is passed through
    unchanged, so any difference in what beampy reports stays visible in the trace, with one
    stated mapping: beampy reports "no registered name" as ``None`` where the BEAM says ``[]``
    (a documented difference, docs/differences.md), so ``registered_name`` ``None`` renders
    as ``[]``.
    """
    value = beampy.info(pid, key)
    if value is None and not beampy.is_alive(pid):
        return None
    if key == "registered_name" and value is None:
        value = []
    return (key, value)


class Trace:
    """One run's trace: the Python counterpart of the Elixir helper module ``T``.

    Every method that needs a process (``start``, ``wait_down``, ``drain``, ``flush``, ``ev``,
    ``evs``) must be called from inside a beampy process; the blocking ones are ``async``.
    """

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self._labels: dict[Any, str] = {}
        self.lines: list[str] = []

    # -- lifecycle -----------------------------------------------------------------------

    def start(self) -> None:
        """Labels the calling process ``:main`` (the logger is the test's business)."""
        self.name(beampy.self(), "main")

    def done(self) -> None:
        self._write("done")

    # -- output --------------------------------------------------------------------------

    def name(self, x: _PidOrRef, label: str) -> _PidOrRef:
        """Gives a pid or reference a label for printing; returns it."""
        if not isinstance(x, (Pid, Ref)):
            raise TypeError(f"only pids and references get labels, not {x!r}")
        self._labels[x] = label
        return x

    def render(self, term: Any) -> str:
        return render(term, self._labels)

    def p(self, label: str, term: Any) -> None:
        """Prints ``label <term>``."""
        self._write(f"{label} {self.render(term)}")

    def say(self, line: str) -> None:
        self._write(line)

    def _write(self, line: str) -> None:
        self.lines.append(line)
        self._out.write(line + "\n")

    # -- mailbox helpers -----------------------------------------------------------------

    async def wait_down(self, pid: Any, timeout: float = 2.0) -> Any:
        """Monitors ``pid`` and returns its exit reason, or ``"no_down"`` after ``timeout``."""
        ref = beampy.monitor(pid)
        try:
            down = await beampy.receive(DownMessage(ref, ANY, ANY), timeout=timeout)
        except beampy.ReceiveTimeout:
            return "no_down"
        return down.reason

    def drain(self) -> list[Any]:
        """Takes every message already in the mailbox, oldest first."""
        taken: list[Any] = []
        while True:
            try:
                taken.append(beampy.receive_nowait())
            except trio.WouldBlock:
                return taken

    def flush(self, label: str = "mailbox") -> None:
        """Prints each queued message as ``label <msg>``, then ``label :empty``."""
        for message in self.drain():
            self.p(label, message)
        self.p(label, "empty")

    def emit(self, to: Any, e: Any) -> None:
        """Reports the event ``e`` to ``to`` (the message ``("ev", e)``)."""
        beampy.send(to, ("ev", e))

    async def ev(self, timeout: float = 2.0) -> None:
        """Prints one event ``ev <e>``, or ``ev :none`` if none comes within ``timeout``."""
        try:
            _, e = await beampy.receive(("ev", ANY), timeout=timeout)
        except beampy.ReceiveTimeout:
            e = "none"
        self.p("ev", e)

    async def evs(self, quiet: float = 0.2) -> None:
        """Prints events until none has arrived for ``quiet`` seconds."""
        while True:
            try:
                _, e = await beampy.receive(("ev", ANY), timeout=quiet)
            except beampy.ReceiveTimeout:
                return
            self.p("ev", e)
