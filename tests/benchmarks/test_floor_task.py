"""benchmarks/floor_task.py: every pair completes and cleans up; the bytecode count is exact."""

from __future__ import annotations

import pytest

from benchmarks import floor_task


@pytest.mark.parametrize("with_dictionary", [True, False])
def test_pairs_complete_and_leave_nothing_behind(
    monkeypatch: pytest.MonkeyPatch, with_dictionary: bool
) -> None:
    monkeypatch.setattr(floor_task, "with_dictionary", with_dictionary)
    # raises if a reply is lost, or a link, a monitor or a DOWN outlives its task
    assert floor_task.pairs(1000) > 0
    assert not floor_task.timers


def test_the_bytecode_count_is_reproducible() -> None:
    # the count the docs quote does not depend on the machine or its load
    assert floor_task.bytecodes(200) == floor_task.bytecodes(300)
