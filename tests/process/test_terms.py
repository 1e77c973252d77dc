"""Pids and references: how they print, compare, hash and order (the BEAM's term order)."""

from __future__ import annotations

import copy
import pickle
import re
from typing import Any

import pytest

import beampy
from beampy import Pid, Ref
from tests.process.support import run


async def _idle() -> None:
    await beampy.yield_()


async def _me() -> Pid:
    return beampy.self()


async def _two_children() -> tuple[Pid, Pid, Pid]:
    first = beampy.spawn(_idle)
    second = beampy.spawn(_idle)
    return beampy.self(), first, second


def test_pid_repr_is_beam_style() -> None:
    me, first, _ = run(_two_children)
    assert re.fullmatch(r"<0\.\d+\.0>", repr(me))
    assert str(first) == repr(first)
    n_me = int(repr(me).split(".")[1])
    n_first = int(repr(first).split(".")[1])
    assert n_first > n_me


def test_pid_node_is_nonode_at_nohost() -> None:
    me, _, _ = run(_two_children)
    assert me.node == "nonode@nohost"
    assert beampy.NODE == "nonode@nohost"


def test_ref_repr_is_beam_style() -> None:
    ref = beampy.make_ref()
    assert re.fullmatch(r"#Reference<0\.\d+\.\d+\.\d+>", repr(ref))
    assert str(ref) == repr(ref)


def test_pid_equality_and_hash_follow_identity_of_the_process() -> None:
    async def main() -> tuple[Pid, Pid, Pid]:
        me = beampy.self()
        child = beampy.spawn(_idle)
        return me, beampy.self(), child

    me, me_again, child = run(main)
    assert me == me_again
    assert hash(me) == hash(me_again)
    assert me != child
    assert len({me, me_again, child}) == 2
    assert {me: 1}[me_again] == 1


def test_pid_not_equal_to_other_types() -> None:
    me, _, _ = run(_two_children)
    assert me != repr(me)
    assert me != 0
    assert (me == "x") is False


def test_ref_equality_and_hash() -> None:
    a = beampy.make_ref()
    b = beampy.make_ref()
    assert a == a
    assert a != b
    assert len({a, b, a}) == 2
    assert {a: "x"}[a] == "x"


def test_refs_order_by_creation() -> None:
    refs = [beampy.make_ref() for _ in range(5)]
    assert sorted([refs[3], refs[0], refs[4], refs[2], refs[1]]) == refs
    assert refs[0] < refs[1] <= refs[1] < refs[4]
    assert refs[4] > refs[0] >= refs[0]


def test_pids_order_by_creation() -> None:
    me, first, second = run(_two_children)
    assert me < first < second
    assert sorted([second, me, first]) == [me, first, second]
    assert second >= first > me


def test_ref_sorts_before_every_pid() -> None:
    me, first, _ = run(_two_children)
    late_ref = beampy.make_ref()  # made after the pids
    assert late_ref < me
    assert me > late_ref
    mixed: list[Pid | Ref] = [first, late_ref, me]
    assert sorted(mixed) == [late_ref, me, first]


def test_pid_ordering_against_other_types_is_a_type_error() -> None:
    me, _, _ = run(_two_children)
    with pytest.raises(TypeError):
        _ = me < 1
    with pytest.raises(TypeError):
        _ = beampy.make_ref() < "a"


def test_pid_cannot_be_pickled() -> None:
    me, _, _ = run(_two_children)
    with pytest.raises(TypeError, match="Pid cannot be pickled"):
        pickle.dumps(me)


def test_ref_cannot_be_pickled() -> None:
    with pytest.raises(TypeError, match="Ref cannot be pickled"):
        pickle.dumps(beampy.make_ref())


def test_pids_and_refs_copy_as_values() -> None:
    # regression: copy and deepcopy raised the pickling error, so a message holding a pid
    # could not be deep-copied (docs/differences.md, "Shared memory", suggests copying);
    # a copy is the same pid or reference, as a copied term is on the BEAM
    me, _, _ = run(_two_children)
    ref = beampy.make_ref()
    down = beampy.DownMessage(ref, me, ("boom", [1]))
    msg: dict[str, Any] = {"from": me, "ref": ref, "down": down}
    copied = copy.deepcopy(msg)
    assert copied == msg
    assert copied["from"] is me
    assert copied["ref"] is ref
    assert copied["down"].reason[1] is not down.reason[1]  # the rest is copied
    assert copy.copy(me) is me
    assert copy.copy(ref) is ref


def test_make_ref_is_unique_inside_and_outside_processes() -> None:
    async def main() -> list[Ref]:
        return [beampy.make_ref() for _ in range(100)]

    inside = run(main)
    outside = [beampy.make_ref() for _ in range(100)]
    assert len(set(inside) | set(outside)) == 200


def test_pids_of_two_runtimes_never_compare_equal() -> None:
    first = run(_me)
    second = run(_me)
    assert first != second


@pytest.mark.parametrize(
    ("cls", "values"),
    [(beampy.DownMessage, ("ref", "pid", "reason")), (beampy.ExitMessage, ("pid", "reason"))],
)
def test_the_messages_are_frozen_values_built_by_position_or_keyword(
    cls: type, values: tuple[str, ...]
) -> None:
    by_position = cls(*values)
    by_keyword = cls(**{v: v for v in values})
    assert by_position == by_keyword
    assert hash(by_position) == hash(by_keyword)
    assert [getattr(by_position, v) for v in values] == list(values)
    assert copy.copy(by_position) == by_position == pickle.loads(pickle.dumps(by_position))
    with pytest.raises(AttributeError):
        by_position.reason = "other"
    with pytest.raises(TypeError):
        cls(*values, "one too many")
    with pytest.raises(TypeError):
        cls(*values[:-1])
