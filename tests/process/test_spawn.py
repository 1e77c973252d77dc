"""spawn, spawn_link, spawn_monitor, self, is_alive, list: starting processes and their identity."""

from __future__ import annotations

import collections.abc
import functools
from typing import Any

import beampy
from beampy import ANY, DownMessage, ExitMessage, Pid
from tests.process.support import block_forever, down_reason, exit_with, run, settle


async def _reply_self_and_args(to: Pid, *args: Any) -> None:
    beampy.send(to, ("started", beampy.self(), args))


async def _receive_one() -> None:
    await beampy.receive()


def test_spawn_runs_body_with_args_and_self_is_the_returned_pid() -> None:
    async def main() -> tuple[Pid, Any]:
        pid = beampy.spawn(_reply_self_and_args, beampy.self(), 1, "two", (3,))
        return pid, await beampy.receive()

    pid, msg = run(main)
    assert msg == ("started", pid, (1, "two", (3,)))


def test_spawn_returns_before_the_child_runs() -> None:
    ran: list[str] = []

    async def child() -> None:
        ran.append("child")

    async def main() -> list[str]:
        beampy.spawn(child)
        seen = list(ran)
        await settle()
        return seen + ran

    assert run(main) == ["child"]


def test_spawn_child_returning_exits_normal() -> None:
    async def child() -> int:
        return 42

    async def main() -> Any:
        _, ref = beampy.spawn_monitor(child)
        return await down_reason(ref)

    assert run(main) == "normal"


def test_spawn_child_raising_exits_with_the_exception_object() -> None:
    raised: list[BaseException] = []

    async def child() -> None:
        exc = ZeroDivisionError("division by zero")
        raised.append(exc)
        raise exc

    async def main() -> Any:
        _, ref = beampy.spawn_monitor(child)
        return await down_reason(ref)

    reason = run(main)
    assert reason is raised[0]
    assert reason.__traceback__ is not None


def test_spawn_accepts_partial_and_async_callable_object() -> None:
    class Greeter:
        async def __call__(self, to: Pid, word: str) -> None:
            beampy.send(to, ("object", word))

    async def main() -> list[Any]:
        me = beampy.self()
        beampy.spawn(functools.partial(_reply_self_and_args, me, "p"))
        beampy.spawn(Greeter(), me, "hi")
        return sorted([await beampy.receive(), await beampy.receive()], key=repr)

    got = run(main)
    assert got[0] == ("object", "hi")
    assert got[1][0] == "started"
    assert got[1][2] == ("p",)


def test_spawn_pids_are_unique_and_increasing() -> None:
    async def main() -> list[Pid]:
        return [beampy.spawn(block_forever) for _ in range(50)]

    pids = run(main)
    assert len(set(pids)) == 50
    assert pids == sorted(pids)


def test_spawn_does_not_link_or_monitor() -> None:
    async def main() -> tuple[bool, list[Any], Any]:
        pid = beampy.spawn(exit_with, "boom")
        await settle()
        return beampy.is_alive(beampy.self()), beampy.info(beampy.self(), "links"), pid

    alive, links, _ = run(main)
    assert alive is True
    assert links == []


def test_spawn_link_links_before_the_child_runs() -> None:
    async def main() -> tuple[Any, Pid]:
        beampy.flag("trap_exit", True)
        pid = beampy.spawn_link(exit_with, "instant")
        return await beampy.receive(ExitMessage), pid

    msg, pid = run(main)
    assert msg == ExitMessage(pid, "instant")


def test_spawn_link_crashing_child_kills_non_trapping_parent() -> None:
    async def parent(to: Pid) -> None:
        beampy.spawn_link(exit_with, "child_boom")
        await beampy.receive("never")
        beampy.send(to, "parent survived")

    async def main() -> Any:
        _, ref = beampy.spawn_monitor(parent, beampy.self())
        return await down_reason(ref)

    assert run(main) == "child_boom"


def test_spawn_link_info_shows_the_link_both_ways() -> None:
    async def main() -> tuple[Pid, Pid, Any, Any]:
        me = beampy.self()
        pid = beampy.spawn_link(block_forever)
        return me, pid, beampy.info(me, "links"), beampy.info(pid, "links")

    me, pid, mine, theirs = run(main)
    assert mine == [pid]
    assert theirs == [me]


def test_spawn_monitor_gives_the_real_reason_for_an_instant_exit() -> None:
    async def main() -> tuple[Any, Any]:
        pid, ref = beampy.spawn_monitor(exit_with, "quick")
        msg = await beampy.receive(DownMessage(ref, ANY, ANY))
        return msg, DownMessage(ref, pid, "quick")

    got, expected = run(main)
    assert got == expected


def test_spawn_monitor_returns_pid_and_ref() -> None:
    async def main() -> tuple[Any, Any, Any]:
        pid, ref = beampy.spawn_monitor(block_forever)
        return pid, ref, beampy.info(beampy.self(), "monitors")

    pid, ref, monitors = run(main)
    assert type(pid) is Pid
    assert type(ref) is beampy.Ref
    assert monitors == [("process", pid)]


def test_spawn_child_killed_before_it_ever_ran_never_runs_its_body() -> None:
    ran: list[str] = []

    async def child() -> None:
        ran.append("body")

    async def main() -> Any:
        pid, ref = beampy.spawn_monitor(child)
        beampy.exit(pid, "early")
        return await down_reason(ref)

    assert run(main) == "early"
    assert ran == []


def test_is_alive_true_while_running_false_after_exit() -> None:
    async def main() -> tuple[bool, bool, bool]:
        pid, ref = beampy.spawn_monitor(_receive_one)
        before = beampy.is_alive(pid)
        beampy.send(pid, "go")
        await down_reason(ref)
        return before, beampy.is_alive(pid), beampy.is_alive(beampy.self())

    assert run(main) == (True, False, True)


def test_list_contains_exactly_the_live_processes() -> None:
    async def main() -> tuple[set[Pid], set[Pid]]:
        a = beampy.spawn(block_forever)
        b, ref = beampy.spawn_monitor(exit_with, "x")
        await down_reason(ref)
        return set(beampy.list()), {beampy.self(), a, b}

    live, candidates = run(main)
    me_and_a = {p for p in candidates if p in live}
    assert live == me_and_a
    assert len(live) == 2


def test_self_is_stable_across_awaits() -> None:
    async def main() -> tuple[Pid, Pid]:
        before = beampy.self()
        await settle()
        return before, beampy.self()

    before, after = run(main)
    assert before == after


class _StrLike(str):
    pass


class _EqualsAnything:
    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = object.__hash__


def test_a_priority_that_only_compares_equal_to_normal_is_refused() -> None:
    async def main() -> list[str]:
        out = []
        for priority in (_StrLike("normal"), _EqualsAnything()):
            try:
                beampy.spawn(_receive_one, priority=priority)  # type: ignore[arg-type]
            except ValueError as e:
                out.append(str(e))
        return out

    errors = run(main)
    assert len(errors) == 2
    assert all("priority must be one of 'low', 'normal', 'high', 'max'" in e for e in errors)


class _ForwardingCoroutine:
    """A Coroutine only by registration, forwarding send/throw/close through __getattr__."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def __await__(self) -> Any:
        return self._inner.__await__()


collections.abc.Coroutine.register(_ForwardingCoroutine)


class _OwnSendCoroutine(collections.abc.Coroutine[Any, Any, Any]):
    """A Coroutine whose instance has a send of its own (as a tracer installs one)."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.sent: list[Any] = []

        def send(value: Any) -> Any:
            self.sent.append(value)
            return inner.send(value)

        self.send = send  # type: ignore[method-assign]

    def send(self, value: Any) -> Any:
        raise AssertionError("the class's send was used, not the instance's")

    def throw(self, *args: Any) -> Any:
        return self._inner.throw(*args)

    def __await__(self) -> Any:
        return self._inner.__await__()


def test_a_body_that_is_any_coroutine_is_stepped_through_its_own_send() -> None:
    # regression (review of 9b3ad7f): a step called the coroutine type's send, unbound,
    # which a registered Coroutine may not have and an instance may override
    async def body() -> Any:
        return await beampy.receive("go")

    async def main() -> list[Any]:
        reasons = []
        for wrap in (_ForwardingCoroutine, _OwnSendCoroutine):
            pid, ref = beampy.spawn_monitor(lambda wrap=wrap: wrap(body()))
            beampy.send(pid, "go")
            msg = await beampy.receive(DownMessage(ref, ANY, ANY))
            reasons.append(msg.reason)
        return reasons

    assert run(main) == ["normal", "normal"]
