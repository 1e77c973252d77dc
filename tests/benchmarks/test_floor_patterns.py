"""benchmarks/floor_patterns.py: both programs do every round trip; the bytecode count is exact."""

from __future__ import annotations

from benchmarks import floor_patterns


def test_both_programs_complete_and_their_bytecode_counts_are_reproducible() -> None:
    for program in floor_patterns.PROGRAMS:
        assert floor_patterns.round_trips(program, 1000) > 0  # raises if a reply was lost
    plain = floor_patterns.bytecodes("plain", 200)
    patterns = floor_patterns.bytecodes("patterns", 200)
    # the counts the docs quote do not depend on the machine or its load
    assert (plain, patterns) == (
        floor_patterns.bytecodes("plain", 300),
        floor_patterns.bytecodes("patterns", 300),
    )
    assert patterns > plain
