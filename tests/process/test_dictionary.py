"""The process dictionary: put/get/get_keys/delete, private to each process."""

from __future__ import annotations

from typing import Any

import pytest

import beampy
from beampy import Pid
from tests.process.support import run


def test_put_returns_none_then_the_old_value() -> None:
    async def main() -> list[Any]:
        return [beampy.put("k", 1), beampy.put("k", 2), beampy.get("k")]

    assert run(main) == [None, 1, 2]


def test_get_missing_key_returns_default() -> None:
    async def main() -> tuple[Any, Any]:
        return beampy.get("missing"), beampy.get("missing", "dflt")

    assert run(main) == (None, "dflt")


def test_get_without_key_returns_all_pairs() -> None:
    async def main() -> list[Any]:
        beampy.put("a", 1)
        beampy.put(("tuple", "key"), [2])
        return sorted(beampy.get(), key=repr)

    assert run(main) == [("a", 1), (("tuple", "key"), [2])]


def test_delete_returns_the_old_value_and_removes_it() -> None:
    async def main() -> list[Any]:
        beampy.put("k", "v")
        return [beampy.delete("k"), beampy.get("k"), beampy.delete("k"), beampy.get()]

    assert run(main) == ["v", None, None, []]


def test_get_keys_all_and_by_value() -> None:
    async def main() -> tuple[list[Any], list[Any], list[Any]]:
        beampy.put("a", 1)
        beampy.put("b", 2)
        beampy.put("c", 1)
        return sorted(beampy.get_keys()), sorted(beampy.get_keys(1)), beampy.get_keys(3)

    assert run(main) == (["a", "b", "c"], ["a", "c"], [])


def test_dictionary_is_private_and_a_child_starts_empty() -> None:
    async def child(to: Pid) -> None:
        before = beampy.get()
        beampy.put("k", "child")
        beampy.send(to, (before, beampy.get("k")))

    async def main() -> tuple[Any, Any]:
        beampy.put("k", "parent")
        beampy.spawn(child, beampy.self())
        got = await beampy.receive(timeout=10)
        return got, beampy.get("k")

    assert run(main) == (([], "child"), "parent")


def test_dictionary_survives_awaits() -> None:
    async def main() -> Any:
        beampy.put("k", "v")
        await beampy.sleep(1)
        await beampy.yield_()
        return beampy.get("k")

    assert run(main) == "v"


def test_dictionary_is_visible_through_info() -> None:
    async def main() -> tuple[Any, Any]:
        me = beampy.self()
        before = beampy.info(me, "dictionary")
        beampy.put("x", 1)
        return before, beampy.info(me, "dictionary")

    assert run(main) == ([], [("x", 1)])


def test_dictionary_outside_a_process_raises_not_in_process_error() -> None:
    with pytest.raises(beampy.NotInProcessError, match="put"):
        beampy.put("k", 1)
    with pytest.raises(beampy.NotInProcessError, match="get"):
        beampy.get("k")


def test_an_unhashable_key_is_refused_by_put_and_found_by_nothing() -> None:
    # a key is a dict key: put refuses an unhashable one by name (TypeError); get and
    # delete of one find nothing, as no such key can have been put (docs/process.md)
    async def main() -> tuple[Any, Any, Any]:
        beampy.put("k", [1])
        return beampy.get([1], "default"), beampy.delete({}), beampy.get_keys([1])

    assert run(main) == ("default", None, ["k"])


def test_get_keys_by_value_compares_exactly_as_erlang() -> None:
    # it compared with ==: 1 found 1.0 and True (found by a differential hunt)
    async def main() -> list[Any]:
        beampy.put("a", 1)
        beampy.put("b", 1.0)
        beampy.put("c", True)
        beampy.put("d", (1, [1.0]))
        beampy.put("e", (1, [1]))
        return [
            beampy.get_keys(1),
            beampy.get_keys(1.0),
            beampy.get_keys(True),
            beampy.get_keys((1, [1])),
        ]

    assert run(main) == [["a"], ["b"], ["c"], ["e"]]
