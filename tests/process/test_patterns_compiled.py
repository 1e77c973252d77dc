"""Receive patterns compiled once per shape (``beampy._core._patterns.compile_receive``).

A receive's patterns are compiled into ``(matcher, mark, pure)``: the matcher decides which
messages the receive takes, the mark lets a ref-pinned receive skip the messages queued before
the ref existed, and ``pure`` says whether testing a message can run user code. Compiled shapes
are cached; the pinned values (refs, pids, literals, classes, predicates) are not.
"""

from __future__ import annotations

import dataclasses
import enum
import gc
import weakref
from typing import Any, NamedTuple

import pytest

import beampy
from beampy import ANY, DownMessage, ExitMessage, Pid, Ref
from beampy._core import _patterns
from beampy._core._patterns import compile_patterns, compile_receive, match_all, match_all_timed
from tests.process.support import drain, run

# values made outside any runtime: compile_receive needs none
R1, R2 = Ref(), Ref()
P1, P2 = Pid(10**9 + 1, None), Pid(10**9 + 2, None)
OWN = 10**9 + 3  # the number of a process that made none of R1, R2


class Color(enum.Enum):
    RED = 1
    BLUE = 2


class MyStr(str):
    pass


class MyInt(int):
    pass


@dataclasses.dataclass
class Point:
    x: Any
    y: Any


@dataclasses.dataclass
class Point3D(Point):
    z: Any = 0


class Meta(type):
    pass


class WithMeta(metaclass=Meta):
    pass


class Plain:
    pass


class SubPlain(Plain):
    pass


def is_big(m: Any) -> bool:
    return isinstance(m, int) and m > 10


def is_int(m: Any) -> bool:
    return type(m) is int


DOWN = DownMessage(R1, P1, "normal")

# (patterns of one receive, message, does the receive take it)
CASES: list[Any] = [
    pytest.param((ANY,), "anything", True, id="any"),
    pytest.param((int,), 3, True, id="class"),
    pytest.param((int,), True, True, id="class-isinstance-subclass"),
    pytest.param((int,), "3", False, id="class-other"),
    pytest.param((Plain,), SubPlain(), True, id="plain-class-subclass"),
    pytest.param((WithMeta,), WithMeta(), True, id="metaclass-class"),
    pytest.param((DownMessage,), DOWN, True, id="message-class"),
    pytest.param(("pong",), "pong", True, id="str"),
    pytest.param(("pong",), "ping", False, id="str-other"),
    pytest.param(("pong",), MyStr("pong"), False, id="str-not-subclass"),
    pytest.param((MyStr("pong"),), "pong", False, id="subclass-literal-not-str"),
    pytest.param((MyStr("pong"),), MyStr("pong"), True, id="subclass-literal"),
    pytest.param((1,), 1, True, id="int"),
    pytest.param((1,), 1.0, False, id="int-not-float"),
    pytest.param((1,), True, False, id="int-not-bool"),
    pytest.param((1,), MyInt(1), False, id="int-not-subclass"),
    pytest.param((1.0,), 1.0, True, id="float"),
    pytest.param((1.0,), 1, False, id="float-not-int"),
    pytest.param((0.0,), -0.0, True, id="float-zero-signs"),
    pytest.param((True,), True, True, id="bool"),
    pytest.param((True,), 1, False, id="bool-not-int"),
    pytest.param((False,), 0, False, id="false-not-zero"),
    pytest.param((None,), None, True, id="none"),
    pytest.param((None,), 0, False, id="none-not-zero"),
    pytest.param((b"b",), b"b", True, id="bytes"),
    pytest.param((b"b",), "b", False, id="bytes-not-str"),
    pytest.param((1j,), 1j, True, id="complex"),
    pytest.param((frozenset({1}),), frozenset({1}), True, id="frozenset"),
    pytest.param((frozenset({1}),), {1}, False, id="frozenset-not-set"),
    pytest.param((Color.RED,), Color.RED, True, id="enum"),
    pytest.param((Color.RED,), 1, False, id="enum-not-value"),
    pytest.param((P1,), P1, True, id="pid"),
    pytest.param((P1,), P2, False, id="pid-other"),
    pytest.param((R1,), R1, True, id="ref"),
    pytest.param((R1,), R2, False, id="ref-other"),
    pytest.param((("pong", ANY),), ("pong", 1), True, id="tagged"),
    pytest.param((("pong", ANY),), ["pong", 1], False, id="tagged-list-is-not-tuple"),
    pytest.param((("pong", ANY),), ("pong", 1, 2), False, id="tagged-length"),
    pytest.param((("pong", ANY),), ("pong",), False, id="tagged-shorter"),
    pytest.param((("k", 1),), ("k", 1.0), False, id="tuple-exact-type"),
    pytest.param((("k", True),), ("k", 1), False, id="tuple-bool-exact"),
    pytest.param(((),), (), True, id="empty-tuple"),
    pytest.param(((),), ("x",), False, id="empty-tuple-length"),
    pytest.param(((R1, ANY),), (R1, "reply"), True, id="ref-tagged"),
    pytest.param(((R1, ANY),), (R2, "reply"), False, id="ref-tagged-other"),
    pytest.param((("reply", R1, ANY),), ("reply", R1, 5), True, id="reply-ref"),
    pytest.param((("reply", R1, ANY),), ("reply", R2, 5), False, id="reply-ref-other"),
    pytest.param(((P1, ANY),), (P1, 0), True, id="pid-tagged"),
    pytest.param((("x", int),), ("x", 5), True, id="class-in-tuple"),
    pytest.param((("x", int),), ("x", "5"), False, id="class-in-tuple-other"),
    pytest.param((("x", ("y", 2)),), ("x", ("y", 2)), True, id="nested"),
    pytest.param((("x", ("y", 2)),), ("x", ("y", 3)), False, id="nested-other"),
    pytest.param((("x", (R1, ANY)),), ("x", (R1, 0)), True, id="nested-ref"),
    pytest.param((("x", is_big),), ("x", 11), True, id="predicate-in-tuple"),
    pytest.param((("x", is_big),), ("x", 9), False, id="predicate-in-tuple-false"),
    pytest.param((is_big,), 11, True, id="predicate"),
    pytest.param((is_big,), 1, False, id="predicate-false"),
    pytest.param((DownMessage(R1, ANY, ANY),), DOWN, True, id="down"),
    pytest.param((DownMessage(R2, ANY, ANY),), DOWN, False, id="down-other-ref"),
    pytest.param((DownMessage(R1, ANY, "normal"),), DOWN, True, id="down-reason"),
    pytest.param((DownMessage(R1, ANY, "killed"),), DOWN, False, id="down-reason-other"),
    pytest.param((DownMessage(R1, ANY, ANY),), (R1, P1, "normal"), False, id="down-not-tuple"),
    pytest.param((ExitMessage(P1, ANY),), ExitMessage(P1, "x"), True, id="exit"),
    pytest.param((ExitMessage(P1, ANY),), ExitMessage(P2, "x"), False, id="exit-other"),
    pytest.param((ExitMessage(P1, ANY),), DOWN, False, id="exit-not-down"),
    pytest.param((Point(3, ANY),), Point(3, 4), True, id="dataclass"),
    pytest.param((Point(3, ANY),), Point(5, 4), False, id="dataclass-other"),
    pytest.param((Point(3, 4),), Point3D(3, 4), False, id="dataclass-exact-class"),
    pytest.param((Point(3, 4),), (3, 4), False, id="dataclass-not-tuple"),
    pytest.param((Point(ANY, ("t", ANY)),), Point(0, ("t", 1)), True, id="dataclass-nested"),
    pytest.param((("ping", ANY), "stop"), "stop", True, id="two-clauses-second"),
    pytest.param((("ping", ANY), "stop"), ("ping", P1), True, id="two-clauses-first"),
    pytest.param((("ping", ANY), "stop"), ("stop",), False, id="two-clauses-neither"),
    pytest.param(
        (("reply", R1, ANY), DownMessage(R2, ANY, ANY)),
        DownMessage(R2, P1, "x"),
        True,
        id="call-reply-or-down",
    ),
    pytest.param(
        (("reply", R1, ANY), DownMessage(R2, ANY, ANY)), DOWN, False, id="call-other-down"
    ),
    pytest.param((("t", ANY), float), 3.5, True, id="clause-class"),
    pytest.param((("t", ANY), is_big, Color.RED), Color.RED, True, id="three-clauses"),
    pytest.param((("t", ANY), is_big), 50, True, id="clause-predicate"),
]


@pytest.mark.parametrize(("patterns", "message", "taken"), CASES)
def test_compiled_pattern_matches_as_before(patterns: Any, message: Any, taken: bool) -> None:
    # twice: the first compiles the shape, the second finds it in the cache
    for _ in range(2):
        matcher, _mark, _pure = compile_receive(patterns, OWN)
        assert bool(matcher(message)) is taken
        old_matcher, _mark = compile_patterns(patterns, OWN)
        assert bool(old_matcher(message)) is taken


@pytest.mark.parametrize(
    ("patterns", "pure"),
    [
        pytest.param((ANY,), True, id="any"),
        pytest.param(("s", b"b", 1, 1.5, True, None), True, id="literals"),
        pytest.param((P1, R1), True, id="pid-ref"),
        pytest.param((("pong", ANY),), True, id="tagged"),
        pytest.param(((R1, ANY),), True, id="ref-tagged"),
        pytest.param((("x", ("y", (R1, P1, None))),), True, id="nested"),
        pytest.param((int,), True, id="builtin-class"),
        pytest.param((Plain,), True, id="plain-class"),
        pytest.param((DownMessage,), True, id="message-class"),
        pytest.param((("x", Plain),), True, id="class-in-tuple"),
        pytest.param((DownMessage(R1, ANY, ANY),), True, id="down"),
        pytest.param((DownMessage(R1, P1, ("shutdown", ANY)),), True, id="down-nested"),
        pytest.param((ExitMessage(P1, "normal"),), True, id="exit"),
        pytest.param((("ping", ANY), "stop"), True, id="two-clauses"),
        pytest.param((("reply", R1, ANY), DownMessage(R2, ANY, ANY)), True, id="call"),
        pytest.param((is_big,), False, id="predicate"),
        pytest.param((lambda m: True,), False, id="lambda"),
        pytest.param((("x", is_big),), False, id="predicate-in-tuple"),
        pytest.param((("x", ANY), is_big), False, id="predicate-clause"),
        pytest.param((Point(1, ANY),), False, id="user-dataclass"),
        pytest.param((DownMessage(R1, ANY, is_big),), False, id="down-predicate-field"),
        pytest.param((DownMessage(R1, ANY, Color.RED),), False, id="down-enum-field"),
        pytest.param((Color.RED,), False, id="enum"),
        pytest.param((("x", Color.RED),), False, id="enum-in-tuple"),
        pytest.param((frozenset({1}),), False, id="frozenset"),
        pytest.param((1j,), False, id="complex"),
        pytest.param((MyStr("a"),), False, id="str-subclass-literal"),
        pytest.param((MyInt(1),), False, id="int-subclass-literal"),
        pytest.param((WithMeta,), False, id="metaclass-class"),
        pytest.param((("x", WithMeta),), False, id="metaclass-class-in-tuple"),
        pytest.param((("ping", ANY), WithMeta), False, id="metaclass-class-clause"),
    ],
)
def test_pure_only_when_no_user_code_can_run(patterns: Any, pure: bool) -> None:
    for _ in range(2):  # compiled, then cached
        _matcher, _mark, got = compile_receive(patterns, OWN)
        assert got is pure


@pytest.mark.parametrize(
    "patterns",
    [
        pytest.param((ANY,), id="any"),
        pytest.param((("x", ANY), ANY), id="any-second"),
        pytest.param((ANY, is_big, Point(1, 2)), id="any-first"),
        pytest.param((), id="no-clause"),
    ],
)
def test_any_clause_is_the_match_all_object(patterns: Any) -> None:
    for _ in range(2):
        assert compile_receive(patterns, OWN) == (match_all, 0, True)
    assert compile_patterns(patterns, OWN) == (match_all, 0)
    assert match_all is not match_all_timed


def test_any_is_a_singleton() -> None:
    assert type(ANY)() is ANY


def test_single_predicate_is_its_own_matcher() -> None:
    assert compile_receive((is_big,), OWN) == (is_big, 0, False)


@pytest.mark.parametrize(
    "patterns",
    [
        pytest.param(([1],), id="list"),
        pytest.param(({"a": 1},), id="dict"),
        pytest.param(({1},), id="set"),
        pytest.param((("x", [1]),), id="list-in-tuple"),
        pytest.param((("x", ANY), {1: 2}), id="dict-clause"),
        pytest.param((ANY, [1]), id="list-beside-any"),
        pytest.param((DownMessage(R1, [1], ANY),), id="list-in-down"),
        pytest.param((Point({1}, ANY),), id="set-in-dataclass"),
        pytest.param((object(),), id="object"),
    ],
)
def test_non_patterns_raise_the_same_type_error_every_time(patterns: Any) -> None:
    messages = set()
    for _ in range(3):
        with pytest.raises(TypeError) as info:
            compile_receive(patterns, OWN)
        messages.add(str(info.value))
    (message,) = messages
    assert message.startswith("a receive pattern must be ANY, a class, a tuple of patterns")
    assert "literal (None, bool, int, float, complex, str, bytes, Pid, Ref, frozenset" in message


def test_two_refs_of_one_shape_each_match_their_own() -> None:
    def forms(r: Ref) -> list[tuple[tuple[Any, ...], Any]]:
        """(patterns, a message they take) pinning ``r``."""
        down = DownMessage(r, P1, "normal")
        return [
            (((r, ANY),), (r, 1)),
            ((("reply", r, ANY),), ("reply", r, 1)),
            ((DownMessage(r, ANY, ANY),), down),
            ((("x", (r, ANY)),), ("x", (r, 1))),  # nested: the shape binds collected values
            (((r, ANY), DownMessage(r, ANY, ANY)), down),
        ]

    for (pats1, msg1), (pats2, msg2) in zip(forms(R1), forms(R2), strict=True):
        m1, _, _ = compile_receive(pats1, OWN)
        m2, _, _ = compile_receive(pats2, OWN)  # same shape, compiled while m1 lives
        assert m1(msg1)
        assert not m1(msg2)
        assert m2(msg2)
        assert not m2(msg1)


def test_marks_of_refs_made_by_the_receiving_process() -> None:
    async def other(to: Pid) -> None:
        beampy.send(to, beampy.make_ref())

    async def main() -> dict[str, Any]:
        me = beampy.self()
        own = me._n
        for i in range(3):
            beampy.send(me, ("old", i))
        r1 = beampy.make_ref()
        beampy.send(me, "newer")
        r2 = beampy.make_ref()
        beampy.spawn(other, me)
        foreign = await beampy.receive(Ref)
        marks = {
            name: compile_receive(patterns, own)[1]
            for name, patterns in {
                "ref": (r1,),
                "ref-tagged": ((r1, ANY),),
                "reply": (("reply", r2, ANY),),
                "down": (DownMessage(r2, ANY, ANY),),
                "nested": (("x", ("y", r1)),),
                "two-refs-one-clause": ((r1, r2),),
                "two-clauses": ((r1, ANY), (r2, ANY)),
                "clause-without-ref": ((r2, ANY), "stop"),
                "foreign": ((foreign, ANY),),
                "untagged": (("pong", ANY),),
            }.items()
        }
        return {"r1": r1._mark_seq, "r2": r2._mark_seq, **marks}

    got = run(main)
    assert got["r2"] > got["r1"] > 0
    r1, r2 = got["r1"], got["r2"]
    assert got["ref"] == got["ref-tagged"] == got["nested"] == r1
    assert got["reply"] == got["down"] == r2
    assert got["two-refs-one-clause"] == r2  # the highest within a clause
    assert got["two-clauses"] == r1  # the lowest across clauses
    assert got["clause-without-ref"] == 0
    assert got["foreign"] == 0
    assert got["untagged"] == 0


def test_ref_pinned_receive_never_tests_messages_older_than_the_ref() -> None:
    tested: list[Any] = []

    def seen(m: Any) -> bool:
        tested.append(m)
        return True

    async def main() -> Any:
        me = beampy.self()
        for i in range(1000):
            beampy.send(me, ("old", i))
        ref = beampy.make_ref()
        beampy.send(me, (ref, "reply"))
        got = await beampy.receive((ref, seen))
        return got[1], len(drain())

    assert run(main) == ("reply", 1000)
    assert tested == ["reply"]


def test_a_shape_is_compiled_once_for_many_receives() -> None:
    async def main() -> list[int]:
        me = beampy.self()
        sizes = []
        for form in range(3):
            for i in range(1000):
                ref = beampy.make_ref()
                if form == 0:
                    beampy.send(me, (ref, i))
                    assert await beampy.receive((ref, ANY)) == (ref, i)
                elif form == 1:
                    beampy.send(me, DownMessage(ref, me, i))
                    assert (await beampy.receive(DownMessage(ref, ANY, ANY))).reason == i
                else:  # a nested one with a predicate: walked every time, compiled once
                    beampy.send(me, ("x", (ref, i)))
                    assert await beampy.receive(("x", (ref, is_int)), "never") == ("x", (ref, i))
                if i == 0:
                    sizes.append(_patterns.cache_size())
            sizes.append(_patterns.cache_size())
        return sizes

    sizes = run(main)
    assert sizes[0::2] == sizes[1::2]


def test_the_caches_are_bounded() -> None:
    _patterns.clear_cache()
    # 2 * MAX_SHAPES tuples of 11 elements: "t" or ANY at each position
    shapes = [
        tuple("t" if n >> k & 1 else ANY for k in range(11))
        for n in range(2 * _patterns.MAX_SHAPES)
    ]
    for shape in shapes:
        compile_receive((shape,), OWN)
    assert _patterns.cache_size() == _patterns.MAX_SHAPES
    # a dropped shape compiles again, correctly
    matcher, _, _ = compile_receive((shapes[1],), OWN)
    assert matcher(("t",) + (0,) * 10)
    assert not matcher((0,) * 11)


def test_a_deeply_nested_pattern_compiles() -> None:
    pattern: Any = ANY
    message: Any = "end"
    for _ in range(300):
        pattern = ("a", pattern)
        message = ("a", message)
    for _ in range(2):
        matcher, _, pure = compile_receive((pattern,), OWN)
        assert pure
        assert matcher(message)
        assert not matcher(("a", ("b", "end")))


def test_the_caches_keep_no_pattern_value_alive() -> None:
    @dataclasses.dataclass
    class Local:
        a: Any

    def pred(m: Any) -> bool:
        return True

    class Cls:
        pass

    values: list[Any] = [pred, Cls, Local(ANY)]
    refs = [weakref.ref(v) for v in values]
    for patterns in [(("x", pred),), (("x", Cls), "y"), (Local(ANY),), (pred, Cls)]:
        for _ in range(2):
            matcher, _, _ = compile_receive(patterns, OWN)
            matcher(("x", 1))
    del values, patterns, matcher, pred, Cls, Local
    gc.collect()
    assert [r() for r in refs] == [None, None, None]


def test_tuple_literals_are_tested_before_predicates() -> None:
    calls: list[Any] = []

    def pred(m: Any) -> bool:
        calls.append(m)
        return True

    matcher, _, _ = compile_receive(((pred, "x"),), OWN)
    assert not matcher((1, "y"))
    assert calls == []
    assert matcher((1, "x"))
    assert calls == [1]


def test_a_predicate_result_is_tested_for_truth_once() -> None:
    truth_tests: list[int] = []

    class Verdict:
        def __bool__(self) -> bool:
            truth_tests.append(1)
            return True

    def pred(m: Any) -> Verdict:
        return Verdict()

    for patterns in [(("t", pred),), (("x", ANY), pred), (Point(pred, ANY),)]:
        matcher, _, _ = compile_receive(patterns, OWN)
        message = Point(1, 2) if isinstance(patterns[0], Point) else ("t", 1)
        truth_tests.clear()
        assert bool(matcher(message)) is True
        assert truth_tests == [1], patterns


def test_a_dataclass_pattern_is_read_when_the_receive_starts() -> None:
    pattern = Point(1, ANY)
    matcher, _, _ = compile_receive((pattern,), OWN)
    pattern.x = 2
    assert matcher(Point(1, 0))
    assert not matcher(Point(2, 0))


def test_a_receive_with_patterns_takes_the_oldest_match_through_the_runtime() -> None:
    async def main() -> list[Any]:
        me = beampy.self()
        ref = beampy.make_ref()
        for m in [("pong", 1), "stop", (ref, "a"), ("ping", me), DownMessage(ref, me, "r")]:
            beampy.send(me, m)
        return [
            await beampy.receive(DownMessage(ref, ANY, ANY)),
            await beampy.receive(("ping", ANY), "stop"),
            await beampy.receive((ref, ANY)),
            await beampy.receive(("ping", ANY), "stop"),
            drain(),
        ]

    got = run(main)
    assert got[0].reason == "r"
    assert got[1] == "stop"
    assert got[2][1] == "a"
    assert got[3][0] == "ping"
    assert got[4] == [("pong", 1)]


def test_a_str_subclass_field_name_reaches_neither_the_cache_key_nor_the_code() -> None:
    class Name(str):
        def __repr__(self) -> str:
            raise AssertionError("repr of a field name")

        def __eq__(self, other: object) -> bool:
            raise AssertionError("== on a field name")

        __hash__ = str.__hash__

    cls = dataclasses.make_dataclass("Odd", [(Name("a"), Any)])
    for _ in range(2):
        matcher, _, pure = compile_receive((cls(1),), OWN)
        assert matcher(cls(1))
        assert not matcher(cls(2))
        assert not pure


class Pair(NamedTuple):
    tag: str
    value: Any


def test_a_tuple_pattern_matches_exact_tuples_and_a_namedtuple_is_no_pattern() -> None:
    # docs/process.md, the pattern table: a tuple pattern matches exactly `tuple`, so a
    # namedtuple message is matched by its class (or a predicate); a namedtuple pattern is
    # refused at once, naming what is accepted
    async def main() -> Any:
        me = beampy.self()
        beampy.send(me, Pair("x", 1))
        beampy.send(me, ("x", 2))
        first = await beampy.receive(("x", ANY), timeout=0)
        second = await beampy.receive(Pair, timeout=0)
        with pytest.raises(TypeError, match="receive pattern"):
            await beampy.receive(Pair("x", ANY), timeout=0)
        return first, second

    assert run(main) == (("x", 2), Pair("x", 1))
