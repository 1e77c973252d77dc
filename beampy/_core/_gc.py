"""The cyclic collector's young generation, sized to the number of live processes.

The BEAM collects each process's heap on its own, so a program with 200,000
live processes pays nothing for the ones that are not running.  CPython's
cyclic collector is global: every full collection walks every live object, and
a full collection comes each time the objects that survived two young
collections have grown by a quarter.  With a young generation of 700
allocations (CPython's default) nearly every process object survives two young
collections, so a program that keeps many processes alive pays for walking all
of them again and again: more than half of the time of a spawn-heavy workload.

While a runtime runs, the young generation's threshold follows the number of
live processes (set to the next power of two above it, between CPython's default and
:data:`CAP`, each time the count crosses a power of two, and brought back down once it
has fallen to an eighth of that size), so that processes that end soon are freed before
they are promoted.  With no more live processes than CPython's default threshold (700 on
3.11 and 3.12, 2000 on 3.13) nothing changes; on other versions beampy leaves the
collector alone.  The collector's
thresholds belong to the interpreter, so this is careful with them:

- it starts only when the threshold is CPython's default when the first runtime
  opens (an application that chose its own keeps it) and the collector is on;
- the largest need of the runtimes open at once (in several threads) applies;
- when the last runtime ends, the threshold it found is put back;
- if anything else changes the threshold meanwhile, beampy stops touching it
  from then on (until every runtime has ended).

``open_runtime(adapt_gc=False)`` (and ``run``) turns it off for a runtime.
"""

from __future__ import annotations

import gc
import sys
import threading
from typing import Final

#: CPython's default young-generation threshold (``gc.get_threshold()[0]``) on the
#: versions whose collector this was measured on; on others (3.14's incremental
#: collector counts differently) beampy leaves the collector alone
DEFAULT_YOUNG: Final = {(3, 11): 700, (3, 12): 700, (3, 13): 2000}.get(sys.version_info[:2], 0)
#: The largest young generation beampy sets: a young collection walks at most
#: about this many objects (a few milliseconds)
CAP: Final = 65536

# (re-entrant: a finalizer run by a collection under it may spawn a process)
_lock = threading.RLock()
#: what each open runtime needs (by id of its owner object)
_wants: dict[int, int] = {}
#: the thresholds found when the first runtime opened, while beampy manages them
_saved: tuple[int, int, int] | None = None
#: the young threshold beampy set last (None: it has not set one)
_applied: int | None = None
#: something else changed the threshold while runtimes were open: hands off
_hands_off = False


def attach(owner: object) -> bool:
    """Registers a runtime; False when the collector's thresholds are not beampy's to adapt."""
    global _saved, _hands_off
    with _lock:
        if not _wants:
            _hands_off = False
            current = gc.get_threshold()
            if not DEFAULT_YOUNG or current[0] != DEFAULT_YOUNG or not gc.isenabled():
                _hands_off = True
            _saved = current
        if _hands_off:
            return False
        _wants[id(owner)] = DEFAULT_YOUNG
        return True


def want(owner: object, live: int) -> None:
    """Tells how many processes ``owner`` has alive (called at powers of two)."""
    with _lock:
        key = id(owner)
        if _hands_off or key not in _wants:
            return
        # the power of two above the live count, once that count is above the default
        young = 1 << live.bit_length() if live > DEFAULT_YOUNG else DEFAULT_YOUNG
        _wants[key] = min(young, CAP)
        _apply()


def detach(owner: object) -> None:
    """Unregisters a runtime; the last one out restores the thresholds it found."""
    global _saved, _applied
    with _lock:
        if _wants.pop(id(owner), None) is None:
            return
        if _wants:
            _apply()
            return
        ours = None if _saved is None else (_applied, _saved[1], _saved[2])
        if not _hands_off and _applied is not None and gc.get_threshold() == ours:
            assert _saved is not None
            gc.set_threshold(*_saved)
        _saved = None
        _applied = None


def _apply() -> None:
    global _applied, _hands_off
    assert _saved is not None
    current = gc.get_threshold()
    ours = (_applied if _applied is not None else _saved[0], _saved[1], _saved[2])
    if current != ours:
        _hands_off = True  # the application set its own: it is theirs from now on
        return
    young = max(_wants.values())
    if young != current[0]:
        gc.set_threshold(young, current[1], current[2])
        _applied = young
