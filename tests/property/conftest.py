"""The property tests run with the runtime's invariant checker on.

``CHECK_INVARIANTS`` makes every scheduler step (light or hosted) assert the
invariants written in ``beampy/_core/_process.py`` for every process
(``Kernel._step_checked``); a failing one raises AssertionError inside the runtime,
which ends the run with that error.
"""

from __future__ import annotations

import pytest

from beampy._core import _runtime


@pytest.fixture(autouse=True)
def _check_invariants(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_runtime, "CHECK_INVARIANTS", True)
