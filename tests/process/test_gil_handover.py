"""A busy scheduler lets other Python threads have the GIL, about once per switch interval.

Every hand-back to trio releases the GIL and takes it back at once, and in CPython such a
release restarts the switch interval of a thread waiting for the GIL: a worker thread
(``trio.to_thread``, a ``threading.Timer``) beside a busy scheduler waited from a tenth of a
second to seconds for it.  The scheduler now hands the GIL over (a short sleep) once per
``sys.getswitchinterval()`` of busy running while other threads exist, and never when none does.
How long a thread then waits is measured in benchmarks/ (``fairness``: ``thread_loaded``);
here the rule is checked on a made-up clock, in a fresh interpreter (so that no thread another
test left behind counts).
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
SUBPROCESS_GUARD = 120.0  # real seconds; the run takes well under one

#: Each read of the scheduler's clock moves it on by this much (so 20,000 steps, read every
#: 16, span 125 ms of made-up time)
TICK = 0.0001

SCRIPT = textwrap.dedent(
    """
    import json, sys, threading
    import beampy
    from beampy._core import _runtime, _sampler

    now = [0.0]

    def made_up_clock():
        now[0] += TICK
        return now[0]

    handovers = []
    _runtime._gil_handover = lambda seconds: handovers.append((now[0], seconds))
    _sampler.clock = made_up_clock
    sys.setswitchinterval(float(sys.argv[2]))
    stop = threading.Event()
    if sys.argv[1] == "thread":
        threading.Thread(target=stop.wait).start()

    async def spin():
        for _ in range(20_000):
            await beampy.yield_()

    beampy.run(spin, long_schedule=1000.0)
    stop.set()
    print(json.dumps({"handovers": handovers, "sleep": _runtime._HANDOVER_SLEEP}))
    """
).replace("TICK", repr(TICK))


def _handovers(other_thread: bool, switch_interval: float) -> Any:
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, "thread" if other_thread else "alone", str(switch_interval)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_GUARD,
        check=True,
    )
    return json.loads(out.stdout)


@pytest.mark.parametrize("switch_interval", [0.002, 0.005])
def test_a_busy_scheduler_hands_the_gil_over_once_per_switch_interval(
    switch_interval: float,
) -> None:
    got = _handovers(True, switch_interval)
    times = [t for t, _ in got["handovers"]]
    # 125 ms of busy running: one hand-over per switch interval, no more, none missed.  It
    # comes at the first hand-back to trio after the interval; those come every 0.5 ms (a
    # little more: the clock is read every 16 steps), so within 1.5 ms of made-up time
    late = 0.0015
    assert len(times) >= 0.125 / (switch_interval + late) - 1, times
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert all(switch_interval <= g <= switch_interval + late for g in gaps), gaps
    assert all(seconds == got["sleep"] > 0 for _, seconds in got["handovers"])


def test_a_busy_scheduler_alone_in_its_interpreter_never_sleeps() -> None:
    assert _handovers(False, 0.002)["handovers"] == []
