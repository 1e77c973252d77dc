"""A busy scheduler lets other Python threads have the GIL, about once per switch interval.

Every hand-back to trio releases the GIL and takes it back at once, and in CPython such a
release restarts the switch interval of a thread waiting for the GIL: a worker thread
(``trio.to_thread``, a ``threading.Timer``) beside a busy scheduler waited from a tenth of a
second to seconds for it.  The scheduler now hands the GIL over (a short sleep) once per
``sys.getswitchinterval()`` of busy running while other threads exist, and never when none does.
How long a thread then waits is measured in benchmarks/ (``fairness``: ``thread_loaded``);
here the rule is checked on a made-up clock (the scheduler's), in a fresh interpreter (so that
no thread another test left behind counts).
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
    import trio
    import beampy
    from beampy._core import _runtime

    now = [0.0]

    def made_up_clock():
        now[0] += TICK
        return now[0]

    handovers = []
    _runtime._gil_handover = lambda seconds: handovers.append((now[0], seconds))
    _runtime._busy_clock = made_up_clock
    sys.setswitchinterval(float(sys.argv[2]))
    stop = threading.Event()
    if sys.argv[1] != "alone":
        threading.Thread(target=stop.wait).start()
    spinning = [True]

    async def ticker():
        # a trio trap every 16 steps: each hands the process to a host carrier, and
        # another carrier takes the scheduler's role
        while spinning[0]:
            await trio.sleep(0)
            for _ in range(15):
                await beampy.yield_()

    async def spin():
        if sys.argv[1] == "ticker":
            beampy.spawn(ticker)
        for _ in range(20_000):
            await beampy.yield_()
        spinning[0] = False

    beampy.run(spin, long_schedule=1000.0)
    stop.set()
    print(json.dumps({"handovers": handovers, "sleep": _runtime._HANDOVER_SLEEP}))
    """
).replace("TICK", repr(TICK))


def _handovers(how: str, switch_interval: float) -> Any:
    """Runs the script: ``how`` is "alone" (no other thread), "thread" (one), or
    "ticker" (one, and a process that goes into trio every 16 steps beside the spinner)."""
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, how, str(switch_interval)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_GUARD,
        check=True,
    )
    return json.loads(out.stdout)


@pytest.mark.parametrize(
    ("how", "switch_interval"), [("thread", 0.002), ("thread", 0.005), ("ticker", 0.002)]
)
def test_a_busy_scheduler_hands_the_gil_over_once_per_switch_interval(
    how: str, switch_interval: float
) -> None:
    # "ticker": the interval runs across the carriers that take the scheduler's role (it
    # restarted with each, so a process going into trio more often than every switch
    # interval turned the hand-overs off; found by a review)
    got = _handovers(how, switch_interval)
    times = [t for t, _ in got["handovers"]]
    # 125 ms of busy running: one hand-over per switch interval, no more, none missed.  It
    # comes at the scheduler's first look at its clock after the interval (every 16 steps,
    # 0.1 ms of made-up time apart, and once per hand-back to trio), so well within 1.5 ms
    late = 0.0015
    assert len(times) >= 0.125 / (switch_interval + late) - 1, times
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert all(switch_interval <= g <= switch_interval + late for g in gaps), gaps
    assert all(seconds == got["sleep"] > 0 for _, seconds in got["handovers"])


def test_a_busy_scheduler_alone_in_its_interpreter_never_sleeps() -> None:
    assert _handovers("alone", 0.002)["handovers"] == []
