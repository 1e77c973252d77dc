"""Receive patterns: which messages a selective receive takes.

Erlang selects messages with patterns; Python has ``match`` statements, which
cannot be passed around, so beampy accepts a small pattern language that
compiles to a predicate:

=========================  ==================================================
pattern                    matches
=========================  ==================================================
``ANY``                    every message
a class (``DownMessage``)  instances of the class (``isinstance``)
a tuple ``("ok", ANY)``    tuples of the same length, element by element
a dataclass instance       instances of that exact class, field by field
``DownMessage(ref, ANY,    (fields may themselves be patterns)
ANY)``
a callable                 messages for which it returns a true value
a literal                  ``None``, ``bool``, ``int``, ``float``,
                           ``complex``, ``str``, ``bytes``, ``Pid``, ``Ref``,
                           ``frozenset`` or an enum member of the same type
                           and equal value (like Erlang, ``1`` does not
                           match ``1.0``)
=========================  ==================================================

Anything else (a list, a dict, a set...) is rejected with a :class:`TypeError`:
it is almost always a mistake.

A pattern that pins a reference made by the receiving process itself carries a
*mark*: messages queued before the reference existed cannot contain it, so the
receive starts scanning after them (the BEAM's receive-marker optimisation).

Compiling once per shape
------------------------

A receive names its patterns afresh on every call (``(ref, ANY)`` with a new
``ref`` each time), so compiling them from scratch on every receive would cost
several times the receive itself.  :func:`compile_receive` instead separates a
receive's *shape* (which clauses, which tuple lengths, which exact type at each
literal position, which dataclass fields) from its *values* (the literals, the
pinned refs and pids, the classes and predicates).  Each shape is turned once
into a small Python function (generated source, like the BEAM compiling a
``receive``); a receive then only binds that function to its values.  The
common forms (a flat tuple of literals and ``ANY``, one literal,
``DownMessage``/``ExitMessage`` with literal fields, several such clauses, a
plain class) find their shape with a few type look-ups and bind the pattern
object itself, so nothing is copied.  Other forms (nested tuples, predicates,
user dataclasses, enum members...) are walked once per receive to find their
shape and collect their values, then reuse the compiled shape too.

The shape caches hold only type identities, field names and generated code:
never a pinned value, so a cached shape keeps no reference, pid or user object
alive.  They are bounded (oldest shape dropped first).

Pure matchers
-------------

:func:`compile_receive` also says whether a matcher is *pure*: whether testing
a message can never run user code.  Pure matchers are built only from ``ANY``,
tuples, literals of the exact types ``str``, ``bytes``, ``int``, ``float``,
``bool``, ``None``, :class:`Pid` and :class:`Ref` (their equality is
beampy's or the interpreter's own), classes whose metaclass is exactly
``type`` (no custom ``__instancecheck__``), and :class:`DownMessage` /
:class:`ExitMessage` with pure field patterns.  Predicates, user dataclasses,
enum members, frozensets, complex numbers, instances of subclasses of the
literal types and classes with another metaclass make a matcher impure: the
runtime evaluates those only inside the receiving process.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
from collections.abc import Callable
from types import FunctionType as _FunctionType
from types import MethodType
from typing import Any, Final

from ._messages import DownMessage, ExitMessage
from ._terms import Pid, Ref

Matcher = Callable[[Any], Any]


class _AnyPattern:
    # One instance only: compiled shapes recognise ANY by its type.
    __slots__ = ()

    def __new__(cls) -> _AnyPattern:
        if _the_any is not None and cls is _AnyPattern:
            return _the_any
        return super().__new__(cls)

    def __repr__(self) -> str:
        return "ANY"

    def __reduce__(self) -> str:
        return "ANY"


_the_any: _AnyPattern | None = None
_the_any = _AnyPattern()
#: The wildcard pattern: matches every message (Erlang's ``_``).
ANY: Final[Any] = _the_any

_LITERAL_TYPES: Final = (type(None), bool, int, float, complex, str, bytes, Pid, Ref, frozenset)
_LITERAL_OR_ENUM: Final = (*_LITERAL_TYPES, enum.Enum)

ACCEPTED = (
    "a receive pattern must be ANY, a class, a tuple of patterns, a dataclass instance whose "
    "fields are patterns, a predicate callable, or a literal (None, bool, int, float, complex, "
    "str, bytes, Pid, Ref, frozenset, enum member)"
)


def match_all(_msg: Any) -> bool:
    return True


def match_all_timed(_msg: Any) -> bool:
    """``match_all`` for a receive that also has a timeout timer to cancel.

    A distinct object, so that ``wait is match_all`` alone tells a sender it may
    hand the message over without looking for a timer.
    """
    return True


# == shapes ======================================================================
#
# A shape is described by a key built from short codes (never from the pattern's
# values):
#
#   "A"                        ANY
#   "s" "b" "i" "f"            a str / bytes / int / float literal (exact type)
#   "B" "N"                    a bool literal / None
#   "P" "R"                    a Pid / Ref literal
#   "L"                        any other literal (enum member, frozenset, complex,
#                              an instance of a subclass of a literal type): impure
#   ("C", pure)                a class; pure when its metaclass is exactly type
#   "F"                        a predicate: impure
#   ("T", k1, ..., kn)         a tuple of n patterns
#   ("D", kref, kpid, kreason) a DownMessage; ("E", kpid, kreason) an ExitMessage
#   ("U", (name, k), ...)      a user dataclass, its non-ANY fields in order: impure
#   ("M", k1, ..., kn)         the n clauses of a receive (n > 1)
#
# Types are looked up by id(): hashing or comparing a user class as a dict key
# could run its metaclass's __hash__ or __eq__.

_NoneType: Final = type(None)
_LEAF_CODE: Final[dict[int, str]] = {
    id(str): "s",
    id(bytes): "b",
    id(int): "i",
    id(float): "f",
    id(bool): "B",
    id(_NoneType): "N",
    id(Pid): "P",
    id(Ref): "R",
}
# literals the tuple matcher tests before its other elements (as it always has)
_EARLY: Final = frozenset("siRPbN")
_INSTANCECHECK: Final = type.__dict__["__instancecheck__"]


def _walk(p: Any, own_pid: int, params: list[Any]) -> tuple[Any, int]:
    """``(key, mark)`` of one pattern; appends its values to ``params`` in order.

    Raises the :class:`TypeError` a pattern that is not a pattern has always
    raised, at the first such pattern in positional order.
    """
    if p is ANY:
        return "A", 0
    tp = type(p)
    code = _LEAF_CODE.get(id(tp))
    if code is not None:
        if code == "R":
            params.append(p._n)
            return "R", (p._mark_seq if p._mark_pid == own_pid else 0)
        if code == "P":
            params.append(p._n)
        elif code != "N":
            params.append(p)
        return code, 0
    if tp is tuple:
        keys: list[Any] = ["T"]
        mark = 0
        for elem in p:
            # ANY and the pure literals but Ref inline: most elements are these
            if elem is ANY:
                keys.append("A")
                continue
            code = _LEAF_CODE.get(id(type(elem)))
            if code is not None and code != "R":
                if code == "P":
                    params.append(elem._n)
                elif code != "N":
                    params.append(elem)
                keys.append(code)
                continue
            k, m = _walk(elem, own_pid, params)
            keys.append(k)
            if m > mark:
                mark = m
        return tuple(keys), mark
    if isinstance(p, type):
        params.append(p)
        return ("C", type(p) is type), 0
    if isinstance(p, _LITERAL_OR_ENUM):
        if isinstance(p, (list, dict, set)):  # subclasses of both: reject
            raise TypeError(f"{ACCEPTED}; got {p!r}")
        params.append(tp)
        params.append(p)
        return "L", 0
    if dataclasses.is_dataclass(p):
        return _walk_dataclass(p, own_pid, params)
    if callable(p):
        params.append(p)
        return "F", 0
    raise TypeError(f"{ACCEPTED}; got {p!r} ({tp.__name__})")


def _walk_dataclass(p: Any, own_pid: int, params: list[Any]) -> tuple[Any, int]:
    tp = type(p)
    mark = 0
    if tp is DownMessage or tp is ExitMessage:
        keys: list[Any] = ["D" if tp is DownMessage else "E"]
        for field in dataclasses.fields(p):
            k, m = _walk(getattr(p, field.name), own_pid, params)
            keys.append(k)
            if m > mark:
                mark = m
        return tuple(keys), mark
    params.append(tp)
    keys = ["U"]
    for field in dataclasses.fields(p):
        # an exact str: a str subclass's __eq__ or __repr__ must reach neither the key nor the code
        name = str.__str__(field.name)
        value = getattr(p, name)
        if value is ANY:
            continue
        k, m = _walk(value, own_pid, params)
        keys.append((name, k))
        if m > mark:
            mark = m
    return tuple(keys), mark


def _is_pure(key: Any) -> bool:
    if type(key) is str:
        return key not in ("L", "F")
    head = key[0]
    if head == "C":
        return bool(key[1])
    if head == "U":
        return False
    return all(_is_pure(k) for k in key[1:])


def _is_flat_leaf(key: Any) -> bool:
    """A literal of a pure type, ANY, or a class whose metaclass is ``type``."""
    if type(key) is str:
        return key not in ("L", "F")
    return bool(key == ("C", True))


def _is_flat_clause(key: Any) -> bool:
    """A clause a root-bound matcher can test: its values are read from the pattern."""
    if type(key) is str:
        return _is_flat_leaf(key) and key != "A"
    if key[0] == "C":
        return bool(key[1])
    if key[0] in ("T", "D", "E"):
        return all(_is_flat_leaf(k) for k in key[1:])
    return False


class _Gen:
    """Writes the source of one shape's matcher: ``def match(p, m): return ...``.

    The test is one flat ``and`` chain whatever the nesting (``a and (b and c)``
    is ``a and b and c``), so a deep pattern never nests parentheses deeply.

    With ``params`` the values come from ``p``, the tuple :func:`_walk` filled
    (in the same order); without, ``p`` is the pattern itself (or the tuple of
    clauses) and each value is read at its path in it.
    """

    def __init__(self, params: bool) -> None:
        self.params = params
        self.next_param = 0
        self.next_var = 0

    def _value(self, path: str, count: int = 1) -> list[str]:
        if not self.params:
            return [path]
        out = [f"p[{self.next_param + i}]" for i in range(count)]
        self.next_param += count
        return out

    def _var(self) -> str:
        self.next_var += 1
        return f"x{self.next_var}"

    def expr(self, key: Any, first: str, name: str, path: str, raw: bool = False) -> str:
        """The test of ``key`` on a subject spelled ``first`` once, then ``name``.

        ``path`` locates the pattern's value in a root-bound ``p``.  ``raw``: the
        test is the whole matcher, so a predicate's (or a literal's ``==``)
        result may be returned as is; elsewhere it is made a bool, its truth
        tested exactly once as before.
        """
        if type(key) is str:
            if key == "N":
                return f"{first} is None"
            if key == "B":
                return f"{first} is {self._value(path)[0]}"
            if key in ("s", "b", "i", "f"):
                t = {"s": "str", "b": "bytes", "i": "int", "f": "float"}[key]
                return f"type({first}) is {t} and {name} == {self._value(path)[0]}"
            if key in ("P", "R"):
                t = "Pid" if key == "P" else "Ref"
                v = self._value(path)[0] if self.params else f"{path}._n"
                return f"type({first}) is {t} and {name}._n == {v}"
            if key == "L":
                t, v = self._value(path, 2)
                e = f"type({first}) is {t} and {name} == {v}"
                return e if raw else f"not not ({e})"
            if key == "F":
                (f,) = self._value(path)
                return f"{f}({first})" if raw else f"not not {f}({first})"
            raise AssertionError(key)  # "A" is never tested
        head = key[0]
        if head == "C":
            return f"isinstance({first}, {self._value(path)[0]})"
        if head == "T":
            return self._tuple(key[1:], first, name, path)
        if head in ("D", "E"):
            names = ("ref", "pid", "reason") if head == "D" else ("pid", "reason")
            t = "DownMessage" if head == "D" else "ExitMessage"
            fields = list(zip(names, key[1:], strict=True))
            parts = [f"type({first}) is {t}"]
            parts += self._fields(fields, name, path, attr=True)
            return " and ".join(parts)
        if head == "U":
            (t,) = self._value(path)
            parts = [f"type({first}) is {t}"]
            parts += self._fields(list(key[1:]), name, path, attr=False)
            return " and ".join(parts)
        raise AssertionError(key)

    def _tuple(self, keys: tuple[Any, ...], first: str, name: str, path: str) -> str:
        parts = [f"type({first}) is tuple", f"len({name}) == {len(keys)}"]
        # values are numbered in positional order, tested literals first
        checks: list[tuple[bool, int, str]] = []
        for i, k in enumerate(keys):
            if k == "A":
                continue
            x = self._var()
            test = self.expr(k, f"({x} := {name}[{i}])", x, f"{path}[{i}]")
            checks.append((not (type(k) is str and k in _EARLY), i, test))
        checks.sort(key=lambda c: (c[0], c[1]))
        parts += [test for _, _, test in checks]
        return " and ".join(parts)

    def _fields(self, fields: list[tuple[str, Any]], name: str, path: str, attr: bool) -> list[str]:
        out = []
        for field, k in fields:
            if k == "A":
                continue
            x = self._var()
            get = f"{name}.{field}" if attr else f"getattr({name}, {field!r})"
            pget = f"{path}.{field}" if attr else f"getattr({path}, {field!r})"
            out.append(self.expr(k, f"({x} := {get})", x, pget))
        return out


_NAMESPACE: Final[dict[str, Any]] = {
    "Pid": Pid,
    "Ref": Ref,
    "DownMessage": DownMessage,
    "ExitMessage": ExitMessage,
}


def _define(name: str, source: str) -> Any:
    scope: dict[str, Any] = {}
    exec(compile(source, f"<beampy receive pattern {name}>", "exec"), dict(_NAMESPACE), scope)
    return scope[name]


def _generate(key: Any, root_bound: bool) -> Any:
    """The matcher function of a shape: ``match(p, m)``, to be bound to ``p``."""
    gen = _Gen(params=not root_bound)
    if type(key) is tuple and key[0] == "M":
        tests = [f"({gen.expr(k, 'm', 'm', f'p[{i}]')})" for i, k in enumerate(key[1:])]
        body = " or ".join(tests)
    else:
        body = gen.expr(key, "m", "m", "p", raw=True)
    return _define("match", f"def match(p, m):\n    return {body}\n")


def _ref_paths(key: Any, path: str) -> list[str]:
    if key == "R":
        return [path]
    if type(key) is not tuple:
        return []
    if key[0] == "T":
        return [r for i, k in enumerate(key[1:]) for r in _ref_paths(k, f"{path}[{i}]")]
    if key[0] in ("D", "E"):
        names = ("ref", "pid", "reason") if key[0] == "D" else ("pid", "reason")
        return [
            r for f, k in zip(names, key[1:], strict=True) for r in _ref_paths(k, f"{path}.{f}")
        ]
    return []


def _generate_mark(key: Any) -> Any:
    """``mark(p, own_pid)`` for a root-bound shape that pins references, else None.

    The mark of a clause is the highest of its references'; a receive with
    several clauses may take a message matching any of them, so its mark is the
    lowest of its clauses' (0 when one clause pins no reference of its own).
    """
    clauses = [(k, f"p[{i}]") for i, k in enumerate(key[1:])] if key[0] == "M" else [(key, "p")]
    lines = ["def mark(p, o):"]
    results = []
    for c, (k, path) in enumerate(clauses):
        refs = _ref_paths(k, path)
        if not refs:
            return None
        names = []
        for j, r in enumerate(refs):
            v = f"r{c}_{j}"
            lines.append(f"    {v} = {r}")
            lines.append(f"    {v} = {v}._mark_seq if {v}._mark_pid == o else 0")
            names.append(v)
        results.append(names[0] if len(names) == 1 else f"max({', '.join(names)})")
    result = results[0] if len(results) == 1 else "min(" + ", ".join(results) + ")"
    lines.append(f"    return {result}")
    return _define("mark", "\n".join(lines) + "\n")


# == the caches ==================================================================

#: Most shapes each cache keeps; past it the oldest is dropped.
MAX_SHAPES: Final = 512

# The shapes of the common forms, bound to the pattern itself: keyed by the ids of
# the types at each position.  Only shapes whose every type is a pure literal type,
# ANY's or ``type`` itself (a plain class) get in: those types live as long as the
# interpreter, so no other type can have their id and a key that finds an entry
# has exactly the types the entry was compiled for.
_flat_tuple: dict[tuple[int, ...], tuple[Any, Any, bool]] = {}  # one tuple clause
_flat_down: dict[tuple[int, int, int], tuple[Any, Any, bool]] = {}  # one DownMessage
_flat_exit: dict[tuple[int, int], tuple[Any, Any, bool]] = {}  # one ExitMessage
_flat_clauses: dict[tuple[Any, ...], tuple[Any, Any, bool]] = {}  # several clauses
# Every other shape, bound to the values its walk collected: keyed by the walk's key.
_shapes: dict[Any, tuple[Any, bool]] = {}

_MATCH_ALL_ENTRY: Final[tuple[Any, Any, bool]] = (None, None, True)


def _store(cache: dict[Any, Any], key: Any, value: Any) -> None:
    if len(cache) >= MAX_SHAPES:
        # another thread may be at it too: losing that race only drops one more shape
        with contextlib.suppress(KeyError, RuntimeError, StopIteration):
            del cache[next(iter(cache))]
    cache[key] = value


def cache_size() -> int:
    """How many compiled shapes the caches hold (for tests and diagnostics)."""
    return len(_flat_tuple) + len(_flat_down) + len(_flat_exit) + len(_flat_clauses) + len(_shapes)


def clear_cache() -> None:
    """Forgets every compiled shape."""
    for cache in (_flat_tuple, _flat_down, _flat_exit, _flat_clauses, _shapes):
        cache.clear()


def _clause_key(c: Any) -> Any:
    """The flat key of one clause of a several-clause receive (see ``_flat_clauses``)."""
    t = type(c)
    if t is tuple:
        n = len(c)
        if n == 2:
            return (id(type(c[0])), id(type(c[1])))
        if n == 3:
            return (id(type(c[0])), id(type(c[1])), id(type(c[2])))
        return tuple(map(id, map(type, c)))
    if t is DownMessage:
        return ("D", id(type(c.ref)), id(type(c.pid)), id(type(c.reason)))
    if t is ExitMessage:
        return ("E", id(type(c.pid)), id(type(c.reason)))
    return id(t)


# == compiling a receive =========================================================


def _eq_str(v: str, m: Any) -> bool:
    return type(m) is str and m == v


def _eq_int(v: int, m: Any) -> bool:
    return type(m) is int and m == v


def _eq_float(v: float, m: Any) -> bool:
    return type(m) is float and m == v


def _eq_bytes(v: bytes, m: Any) -> bool:
    return type(m) is bytes and m == v


def _is(v: Any, m: Any) -> bool:
    return m is v


def _is_none(m: Any) -> bool:
    return m is None


def _eq_pid(v: Pid, m: Any) -> bool:
    return type(m) is Pid and m._n == v._n


def _eq_ref(v: Ref, m: Any) -> bool:
    return type(m) is Ref and m._n == v._n


_LITERAL_MATCHERS: Final[dict[int, Any]] = {
    id(str): _eq_str,
    id(int): _eq_int,
    id(float): _eq_float,
    id(bytes): _eq_bytes,
    id(bool): _is,
    id(Pid): _eq_pid,
}


def compile_receive(patterns: tuple[Any, ...], own_pid: int) -> tuple[Matcher, int, bool]:
    """Compiles the clauses of one receive into ``(matcher, mark, pure)``.

    ``matcher(msg)`` is true for a message matching any clause.  ``mark`` is the
    mailbox sequence number from which the receive must scan: for one clause,
    the highest mark of the references it pins that were made by the process
    numbered ``own_pid``; for several, the lowest of the clauses' marks (0 if
    none).  ``pure`` is true when testing a message can never run user code
    (see the module docstring), so the runtime may test it from a sender.

    A receive with ``ANY`` as a clause (or with no clause) compiles to
    :func:`match_all` itself, with mark 0; a receive whose only clause is a
    predicate compiles to the predicate itself (impure).

    Raises:
        TypeError: a pattern is not one of the accepted forms.
    """
    if len(patterns) == 1:
        c = patterns[0]
        t = type(c)
        if t is tuple:
            n = len(c)
            if n == 2:
                key: Any = (id(type(c[0])), id(type(c[1])))
            elif n == 3:
                key = (id(type(c[0])), id(type(c[1])), id(type(c[2])))
            else:
                key = tuple(map(id, map(type, c)))
            entry = _flat_tuple.get(key)
            if entry is not None:
                fn, mark_fn, pure = entry
                return MethodType(fn, c), (0 if mark_fn is None else mark_fn(c, own_pid)), pure
            return _compile_slow(patterns, own_pid, _flat_tuple, key)
        if t is _FunctionType:  # a predicate (what _walk makes of any plain function)
            return c, 0, False
        lit = _LITERAL_MATCHERS.get(id(t))
        if lit is not None:
            return MethodType(lit, c), 0, True
        if t is Ref:
            return MethodType(_eq_ref, c), (c._mark_seq if c._mark_pid == own_pid else 0), True
        if c is None:
            return _is_none, 0, True
        if c is ANY:
            return match_all, 0, True
        if t is type:
            return _INSTANCECHECK.__get__(c), 0, True
        if t is DownMessage:
            r = c.ref
            if type(r) is Ref and c.pid is ANY and c.reason is ANY:  # the quick kind 6
                mark = r._mark_seq if r._mark_pid == own_pid else 0
                return MethodType(quick_matcher(6), c), mark, True
            key = (id(type(r)), id(type(c.pid)), id(type(c.reason)))
            entry = _flat_down.get(key)
            if entry is not None:
                fn, mark_fn, pure = entry
                return MethodType(fn, c), (0 if mark_fn is None else mark_fn(c, own_pid)), pure
            return _compile_slow(patterns, own_pid, _flat_down, key)
        if t is ExitMessage:
            key = (id(type(c.pid)), id(type(c.reason)))
            entry = _flat_exit.get(key)
            if entry is not None:
                fn, mark_fn, pure = entry
                return MethodType(fn, c), (0 if mark_fn is None else mark_fn(c, own_pid)), pure
            return _compile_slow(patterns, own_pid, _flat_exit, key)
        return _compile_slow(patterns, own_pid, None, None)
    if not patterns:
        return match_all, 0, True
    if len(patterns) == 2:
        quick = quick_compile(patterns, own_pid)
        if quick is not None:
            return quick[0], quick[1], True
        key = (_clause_key(patterns[0]), _clause_key(patterns[1]))
    else:
        key = tuple(map(_clause_key, patterns))
    entry = _flat_clauses.get(key)
    if entry is not None:
        fn, mark_fn, pure = entry
        if fn is None:
            return match_all, 0, True
        return (
            MethodType(fn, patterns),
            (0 if mark_fn is None else mark_fn(patterns, own_pid)),
            pure,
        )
    return _compile_slow(patterns, own_pid, _flat_clauses, key)


# == the quick path ============================================================
#
# The receives that request/reply protocols make on every round trip have a
# handful of shapes: a str literal (``"pong"``), a tag with one or two ANY
# (``("ping", ANY)``), a pinned reference (``(ref, ANY)``, ``("reply", ref,
# ANY)``), a tag and a pid (``("ack", pid, ANY)``, every proc_lib start), a DOWN
# for a reference (``DownMessage(ref, ANY, ANY)``), and two of
# those as clauses (a call's ``(ref, ANY), DownMessage(ref, ANY, ANY)``; a
# server's ``("ping", ANY), "stop"``).  ``receive`` recognises the first clause
# inline with a few identity tests (no cache key to build, no call), a second
# one with :func:`quick_kind`, and binds the matcher of their *code* to the
# pattern itself (one clause) or to the clauses (two).  :func:`quick_compile`
# is the same recognition as a function, for the other callers of
# :func:`compile_receive`.
#
# Each kind's key is the shape key the general compiler gives the same
# pattern, so a quick matcher is the general one's code, found sooner.  Every
# quick matcher is pure and a bound method: a sender that finds a
# :class:`MethodType` as a waiter's ``wait`` may call it inline.

#: The shape key of each quick kind (its index; 0 is "not a quick shape").
QUICK_KEYS: Final[tuple[Any, ...]] = (
    None,
    "s",  # 1: "tag"
    ("T", "s", "A"),  # 2: ("tag", ANY)
    ("T", "R", "A"),  # 3: (ref, ANY)
    ("T", "s", "R", "A"),  # 4: ("tag", ref, ANY)
    ("T", "s", "A", "A"),  # 5: ("tag", ANY, ANY)
    ("D", "R", "A", "A"),  # 6: DownMessage(ref, ANY, ANY)
    ("T", "R", "A", "A"),  # 7: (ref, ANY, ANY)
    ("T", "s", "P", "A"),  # 8: ("tag", pid, ANY): proc_lib's ack
    ("E", "P", "A"),  # 9: ExitMessage(pid, ANY): proc_lib's start_link, a stop's EXIT
)
#: The code of one clause of kind k is k; of two clauses of kinds a and b, a * 16 + b.
QUICK_BASE: Final = 16

#: Compiled quick matchers by code (None until first used): bind to the pattern
#: (a code below QUICK_BASE) or to the tuple of the two clauses.
QUICK: Final[list[Any]] = [None] * (QUICK_BASE * QUICK_BASE)


def quick_matcher(code: int) -> Any:
    """The matcher function of a quick code, compiled on first use."""
    fn = QUICK[code]
    if fn is None:
        if code < QUICK_BASE:
            key = QUICK_KEYS[code]
        else:
            key = ("M", QUICK_KEYS[code // QUICK_BASE], QUICK_KEYS[code % QUICK_BASE])
        fn = QUICK[code] = _generate(key, root_bound=True)
    return fn


def quick_kind(c: Any, own_pid: int) -> tuple[int, int]:
    """``(kind, mark)`` of one clause: its index in ``QUICK_KEYS`` (0: another shape).

    ``receive`` makes the same tests inline; keep the two in step.
    """
    t = type(c)
    if t is tuple:
        n = len(c)
        if n == 2:
            a, b = c
            if b is ANY:
                if type(a) is str:
                    return 2, 0
                if type(a) is Ref:
                    return 3, (a._mark_seq if a._mark_pid == own_pid else 0)
        elif n == 3:
            a, b, z = c
            if z is ANY and type(a) is str:
                if type(b) is Ref:
                    return 4, (b._mark_seq if b._mark_pid == own_pid else 0)
                if b is ANY:
                    return 5, 0
                if type(b) is Pid:
                    return 8, 0
            elif z is ANY and b is ANY and type(a) is Ref:
                return 7, (a._mark_seq if a._mark_pid == own_pid else 0)
    elif t is str:
        return 1, 0
    elif t is DownMessage:
        r = c.ref
        if type(r) is Ref and c.pid is ANY and c.reason is ANY:
            return 6, (r._mark_seq if r._mark_pid == own_pid else 0)
    elif t is ExitMessage and type(c.pid) is Pid and c.reason is ANY:
        return 9, 0
    return 0, 0


def quick_compile(patterns: tuple[Any, ...], own_pid: int) -> tuple[Matcher, int] | None:
    """``(matcher, mark)`` of a receive of one or two quick clauses, or None.

    The matcher and mark :func:`compile_receive` gives for the same patterns (and
    the matcher is pure).
    """
    n = len(patterns)
    if n == 1:
        kind, mark = quick_kind(patterns[0], own_pid)
        if kind:
            return MethodType(quick_matcher(kind), patterns[0]), mark
    elif n == 2:
        ka, ma = quick_kind(patterns[0], own_pid)
        if ka:
            kb, mb = quick_kind(patterns[1], own_pid)
            if kb:
                fn = quick_matcher(ka * QUICK_BASE + kb)
                return MethodType(fn, patterns), (ma if ma < mb else mb)
    return None


def _compile_slow(
    patterns: tuple[Any, ...], own_pid: int, flat: dict[Any, Any] | None, flat_key: Any
) -> tuple[Matcher, int, bool]:
    """Walks the patterns; compiles their shape unless it is cached."""
    params: list[Any] = []
    if len(patterns) == 1:
        key, mark = _walk(patterns[0], own_pid, params)
        if key == "A":
            return match_all, 0, True
        if key == "F":
            return patterns[0], 0, False
        clauses = [key]
    else:
        clauses = []
        marks = []
        for c in patterns:
            k, m = _walk(c, own_pid, params)
            clauses.append(k)
            marks.append(m)
        if "A" in clauses:
            if flat is not None and all(
                k == "A" or _is_flat_clause(k) for k in clauses
            ):  # only ever matches every message: remember that
                _store(flat, flat_key, _MATCH_ALL_ENTRY)
            return match_all, 0, True
        key = ("M", *clauses)
        mark = min(marks)
    entry = _shapes.get(key)
    if entry is not None:
        return MethodType(entry[0], tuple(params)), mark, entry[1]
    pure = _is_pure(key)
    if flat is not None and all(_is_flat_clause(k) for k in clauses):
        # from now on found by the flat key, and bound to the patterns themselves
        fn = _generate(key, root_bound=True)
        _store(flat, flat_key, (fn, _generate_mark(key), pure))
        root = patterns[0] if len(patterns) == 1 else patterns
        return MethodType(fn, root), mark, pure
    entry = (_generate(key, root_bound=False), pure)
    _store(_shapes, key, entry)
    return MethodType(entry[0], tuple(params)), mark, pure


def compile_patterns(patterns: tuple[Any, ...], own_pid: int) -> tuple[Matcher, int]:
    """``(matcher, mark)`` of :func:`compile_receive` (the interface before ``pure``)."""
    matcher, mark, _ = compile_receive(patterns, own_pid)
    return matcher, mark


def compile_pattern(pattern: Any, own_pid: int) -> tuple[Matcher, int]:
    """``(matcher, mark)`` of a receive with the one clause ``pattern``."""
    matcher, mark, _ = compile_receive((pattern,), own_pid)
    return matcher, mark
