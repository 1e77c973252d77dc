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
it is almost always a mistake.  Predicates must be pure: the runtime may call
them from the sending process to decide whether to wake the receiver.

A pattern that pins a reference made by the receiving process itself carries a
*mark*: messages queued before the reference existed cannot contain it, so the
receive starts scanning after them (the BEAM's receive-marker optimisation).
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable
from typing import Any, Final

from ._terms import Pid, Ref

Matcher = Callable[[Any], Any]


class _AnyPattern:
    __slots__ = ()

    def __repr__(self) -> str:
        return "ANY"

    def __reduce__(self) -> str:
        return "ANY"


#: The wildcard pattern: matches every message (Erlang's ``_``).
ANY: Final[Any] = _AnyPattern()

_LITERAL_TYPES: Final = (type(None), bool, int, float, complex, str, bytes, Pid, Ref, frozenset)

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


def _literal(value: Any) -> Matcher:
    t = type(value)
    return lambda m: type(m) is t and m == value


def compile_pattern(pattern: Any, own_pid: int) -> tuple[Matcher, int]:
    """Compiles ``pattern`` into ``(matcher, mark)``.

    ``mark`` is the mailbox sequence number from which the receive must scan:
    the highest mark of the references the pattern pins that were made by the
    process numbered ``own_pid`` (0 if none).
    """
    if pattern is ANY:
        return match_all, 0
    if type(pattern) is tuple:
        return _compile_tuple(pattern, own_pid)
    if isinstance(pattern, type):
        cls = pattern
        return (lambda m: isinstance(m, cls)), 0
    if type(pattern) is Ref:
        mark = pattern._mark_seq if pattern._mark_pid == own_pid else 0
        return _literal(pattern), mark
    if isinstance(pattern, (*_LITERAL_TYPES, enum.Enum)):
        if isinstance(pattern, (list, dict, set)):  # subclasses of both: reject
            raise TypeError(f"{ACCEPTED}; got {pattern!r}")
        return _literal(pattern), 0
    if dataclasses.is_dataclass(pattern):
        return _compile_dataclass(pattern, own_pid)
    if callable(pattern):
        return pattern, 0
    raise TypeError(f"{ACCEPTED}; got {pattern!r} ({type(pattern).__name__})")


def _compile_tuple(pattern: tuple[Any, ...], own_pid: int) -> tuple[Matcher, int]:
    n = len(pattern)
    literals: list[tuple[int, Any]] = []
    subs: list[tuple[int, Matcher]] = []
    mark = 0
    for i, elem in enumerate(pattern):
        if elem is ANY:
            continue
        te = type(elem)
        if te is str or te is int or te is Ref or te is Pid or te is bytes or elem is None:
            literals.append((i, elem))
            if te is Ref and elem._mark_pid == own_pid:
                mark = max(mark, elem._mark_seq)
            continue
        sub, sub_mark = compile_pattern(elem, own_pid)
        mark = max(mark, sub_mark)
        subs.append((i, sub))
    if not subs and len(literals) == 1:
        (i0, v0), t0 = literals[0], type(literals[0][1])

        def match_one(m: Any) -> bool:
            if type(m) is not tuple or len(m) != n:
                return False
            x = m[i0]
            return type(x) is t0 and x == v0

        return match_one, mark

    lits = tuple((i, v, type(v)) for i, v in literals)
    subs_t = tuple(subs)

    def match_tuple(m: Any) -> bool:
        if type(m) is not tuple or len(m) != n:
            return False
        for i, v, t in lits:
            x = m[i]
            if type(x) is not t or x != v:
                return False
        return all(sub(m[i]) for i, sub in subs_t)

    return match_tuple, mark


def _compile_dataclass(pattern: Any, own_pid: int) -> tuple[Matcher, int]:
    cls = type(pattern)
    checks: list[tuple[str, Matcher]] = []
    mark = 0
    for field in dataclasses.fields(pattern):
        value = getattr(pattern, field.name)
        if value is ANY:
            continue
        sub, sub_mark = compile_pattern(value, own_pid)
        mark = max(mark, sub_mark)
        checks.append((field.name, sub))
    checks_t = tuple(checks)

    def match_dataclass(m: Any) -> bool:
        if type(m) is not cls:
            return False
        return all(sub(getattr(m, name)) for name, sub in checks_t)

    return match_dataclass, mark


def compile_patterns(patterns: tuple[Any, ...], own_pid: int) -> tuple[Matcher, int]:
    """Compiles the clauses of one receive: a message matching any clause is taken."""
    if len(patterns) == 1:
        return compile_pattern(patterns[0], own_pid)
    compiled = [compile_pattern(p, own_pid) for p in patterns]
    matchers = tuple(m for m, _ in compiled)
    mark = min(mk for _, mk in compiled)
    if any(m is match_all for m in matchers):
        return match_all, 0
    return (lambda msg: any(m(msg) for m in matchers)), mark
