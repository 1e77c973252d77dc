"""Python stand-ins for the terms of render_cases.exs (the rendering fixture, not a scenario).

Run like a port by test_conformance.py; its output must equal render_cases.expected, which the
BEAM printed. Terms that Python cannot express (improper lists) are not in the fixture.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

import beampy
from beampy import ANY, DownMessage, ExitMessage
from tests.conformance.support.trace import Mod, Throw, Trace, rescued

ATOMS = [
    "ok", None, True, False, "with space", "foo-bar", "Foo", "nonode@nohost", "EXIT",
    "ok?", "done!", "", "+", "9lives", "_under", 'quote"d', "Elixir.Foo", "Elixir.foo",
    "a.b", "é", "@x", "x@", "ok!?", "...", "=>", "%{}", "//", "|>", "\\\\", "::", "[]",
]  # fmt: skip

FLOATS = [
    1.0, -0.5, 0.1, 1.0e15, 1.0e16, 1.0e20, 1.0e21, 123_456_789.123, 1.5e-7, 0.0001,
    1.0e-5, 3.0e100, 100.0, 12_345_678_901_234_567.0, 5.0e-324, 0.30000000000000004,
]  # fmt: skip

BINARIES = [
    b"abc", b"", b'with "q"', b"l\nb", b"t\tb", b"#{x}", "é".encode(), b"\x00\x01", b"\xff",
    b"\x1b", b"a\\b", b"\r\v\b\f\a", b"\x7f", "\ufeff".encode(), b"#",
]  # fmt: skip


def _stacktrace() -> Any:
    try:
        raise RuntimeError("x")
    except RuntimeError as exc:
        return exc.__traceback__


async def _reason_of(body: Callable[[], Coroutine[Any, Any, Any]]) -> Any:
    _, ref = beampy.spawn_monitor(body)
    down = await beampy.receive(DownMessage(ref, ANY, ANY))
    return down.reason


async def _dead(T: Trace) -> beampy.Pid:  # noqa: N803 - T mirrors the Elixir helper module
    async def nothing() -> None:
        return None

    pid = beampy.spawn(nothing)
    await T.wait_down(pid)
    return pid


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    for i, atom in enumerate(ATOMS):
        T.p(f"atom{i}", atom)
    T.p("modules", [Mod("GenServer"), Mod("Task.Supervised"), "Elixir"])
    T.p("ints", [0, 42, -7, 12345678901234567890])
    for i, number in enumerate(FLOATS):
        T.p(f"float{i}", number)
    for i, data in enumerate(BINARIES):
        T.p(f"binary{i}", data)

    T.p("tuple0", ())
    T.p("tuple1", ("a",))
    T.p("tuple3", ("a", 1, b"s"))
    T.p("nested", ([("x", [1, 2])], ((),)))
    T.p("list0", [])
    T.p("keyword", [("a", 1), ("b", "two")])
    T.p("charlist", [97, 98, 99])
    T.p("map0", {})
    T.p("map_atoms", {"b": 2, "a": 1})
    T.p("map_mixed", {b"x": 1, "y": 2, 3: "z", ("t", 1): []})
    T.p("fun", lambda: "ok")
    T.p("stacktrace", _stacktrace())
    T.p("in_list", [_stacktrace(), "after"])

    me = beampy.self()
    T.p("labelled", (me, T.name(beampy.make_ref(), "r1")))

    async def quick() -> None:
        return None

    T.p("unlabelled", (beampy.spawn(quick), beampy.make_ref()))
    T.p("down", DownMessage(beampy.make_ref(), me, "normal"))
    T.p("exit", ExitMessage(me, ("shutdown", "x")))

    async def raise_boom() -> None:
        raise RuntimeError("boom")

    async def raise_arg() -> None:
        raise ValueError("bad")

    async def throw_ball() -> None:
        raise Throw(("ball", 1))

    zero = 0

    async def badarith() -> None:
        print(1 / zero)

    dead = await _dead(T)

    async def link_dead() -> None:
        beampy.link(dead)

    T.p("raise", await _reason_of(raise_boom))
    T.p("raise_arg", await _reason_of(raise_arg))
    T.p("throw", await _reason_of(throw_ball))
    T.p("badarith", await _reason_of(badarith))
    T.p("noproc", await _reason_of(link_dead))
    try:
        print(1 / zero)
    except ZeroDivisionError as exc:
        T.p("rescued_arith", rescued(exc))
    try:
        beampy.link(dead)
    except beampy.NoProcError as exc:
        T.p("rescued_noproc", rescued(exc))
    T.p("rescued_arg", rescued(ValueError("bad")))
    T.done()
