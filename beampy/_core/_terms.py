"""Pids and references: the identities of the process layer.

A :class:`Pid` names a process and a :class:`Ref` is a unique reference (from
:func:`beampy.make_ref`, :func:`beampy.monitor`, :func:`beampy.send_after` or
:func:`beampy.alias`).  Both print the way the BEAM prints them, are hashable,
and order the way the BEAM's term order does: every reference sorts before
every pid, and within one kind they sort by creation.

A pid holds a direct reference to its process record while the process lives,
so sending to it needs no table look-up; the record is dropped when the process
exits.  A reference may carry a *receive mark* (the position the creating
process's mailbox had reached), which lets a receive that pins the reference
skip every message that arrived before it existed: the same optimisation the
BEAM's compiler applies to ``Ref = make_ref(), ..., receive {Ref, _} -> ...``.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from ._process import Proc
    from ._timers import Timer

#: The node name of every beampy runtime (beampy has no distribution yet).
NODE: Final = "nonode@nohost"

# Numbers are unique across every runtime of the Python process, so pids and
# references from two runtimes never compare equal.
_pid_numbers = itertools.count(1)
_ref_numbers = itertools.count(1)


class _Term:
    """What pids and references share: the BEAM's term order."""

    __slots__ = ()

    def __lt__(self, other: object) -> bool:
        return _order(self) < _order(other)

    def __le__(self, other: object) -> bool:
        return _order(self) <= _order(other)

    def __gt__(self, other: object) -> bool:
        return _order(self) > _order(other)

    def __ge__(self, other: object) -> bool:
        return _order(self) >= _order(other)


class Pid(_Term):
    """A process identifier, printed like the BEAM's ``<0.42.0>``.

    Pids compare equal when they name the same process, hash by that identity,
    and sort after every :class:`Ref` (the BEAM's term order).  Obtain one from
    :func:`beampy.spawn` or :func:`beampy.self`; never build one yourself.

    Example::

        pid = beampy.spawn(worker)
        print(pid)            # <0.43.0>
    """

    __slots__ = ("_n", "_proc")

    _n: int
    _proc: Proc | None

    def __init__(self, n: int, proc: Proc | None) -> None:
        self._n = n
        self._proc = proc

    @property
    def node(self) -> str:
        """The node the process runs on (always ``"nonode@nohost"`` for now)."""
        return NODE

    def __repr__(self) -> str:
        return f"<0.{self._n}.0>"

    def __hash__(self) -> int:
        return self._n

    def __eq__(self, other: object) -> bool:
        return type(other) is Pid and other._n == self._n

    def __ne__(self, other: object) -> bool:
        return not (type(other) is Pid and other._n == self._n)

    def __reduce__(self) -> Any:
        raise TypeError("a beampy Pid cannot be pickled: it names a process in this runtime only")

    def __copy__(self) -> Pid:
        return self  # a pid is a value: a copy names the same process, as on the BEAM

    def __deepcopy__(self, memo: dict[int, Any]) -> Pid:
        return self


class Ref(_Term):
    """A unique reference, printed like the BEAM's ``#Reference<0.0.0.7>``.

    References are unique in the Python process, hashable, and ordered by
    creation.  A reference returned by :func:`beampy.alias` or by
    :func:`beampy.monitor` with an ``alias`` option is also a destination for
    :func:`beampy.send` while the alias is active.
    """

    __slots__ = ("_alias", "_alias_mode", "_mark_pid", "_mark_seq", "_n", "_timer")

    _n: int
    _mark_pid: int
    _mark_seq: int
    _alias: Proc | None
    _alias_mode: str | None
    _timer: Timer | None

    def __init__(self, mark_pid: int = 0, mark_seq: int = 0) -> None:
        self._n = next(_ref_numbers)
        self._mark_pid = mark_pid
        self._mark_seq = mark_seq
        self._alias = None
        self._alias_mode = None
        self._timer = None

    def __repr__(self) -> str:
        n = self._n
        return f"#Reference<0.{(n >> 64) & 0xFFFFFFFF}.{(n >> 32) & 0xFFFFFFFF}.{n & 0xFFFFFFFF}>"

    def __hash__(self) -> int:
        return -self._n

    def __eq__(self, other: object) -> bool:
        return type(other) is Ref and other._n == self._n

    def __ne__(self, other: object) -> bool:
        return not (type(other) is Ref and other._n == self._n)

    def __reduce__(self) -> Any:
        raise TypeError("a beampy Ref cannot be pickled: it is unique to this Python process")

    def __copy__(self) -> Ref:
        return self  # a reference is a value: a copy is the same reference, as on the BEAM

    def __deepcopy__(self, memo: dict[int, Any]) -> Ref:
        return self


def _order(x: object) -> tuple[int, int]:
    # The BEAM's term order puts references before pids.
    if type(x) is Ref:
        return (0, x._n)
    if type(x) is Pid:
        return (1, x._n)
    raise TypeError(f"cannot order a beampy Pid/Ref against {type(x).__name__} ({x!r})")


def new_pid_number() -> int:
    return next(_pid_numbers)


#: new_pid_number without its Python call (spawn's hot path)
next_pid_number: Final = _pid_numbers.__next__
