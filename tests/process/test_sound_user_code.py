"""User code never runs where no process can answer for it.

An exit reason whose ``__eq__`` raises cannot take the runtime down; a receive predicate is
evaluated only in the receiving process (so what it raises, even a BaseException, is raised
there and the message is not lost, and ``beampy.self()`` inside it is the receiver).
"""

from __future__ import annotations

from typing import Any

import pytest

import beampy
from beampy import ANY, Pid, ReceiveTimeout, Ref
from tests.process.support import down_reason, drain, echo, run, settle


class _EqRaises:
    def __eq__(self, other: object) -> bool:
        raise RuntimeError("__eq__ of an exit reason")

    __hash__ = object.__hash__


class _BoolRaises:
    def __bool__(self) -> bool:
        raise RuntimeError("__bool__ of a comparison result")


class _EqReturnsBoolRaises:
    def __eq__(self, other: object) -> Any:
        return _BoolRaises()

    __hash__ = object.__hash__


async def _exit_with_pair(x: Any) -> None:
    raise beampy.Exit((x, "ctx"))


@pytest.mark.parametrize("cls", [_EqRaises, _EqReturnsBoolRaises])
def test_exit_with_a_reason_whose_eq_raises_is_delivered_and_the_runtime_survives(
    cls: type,
) -> None:
    x = cls()

    async def main() -> tuple[Any, Any]:
        _, ref = beampy.spawn_monitor(_exit_with_pair, x)
        reason = await down_reason(ref)
        server = beampy.spawn(echo)
        beampy.send(server, (beampy.self(), "still running"))
        return reason, await beampy.receive(("echo", ANY), timeout=10)

    reason, reply = run(main)
    assert type(reason) is tuple
    assert len(reason) == 2
    assert reason[0] is x
    assert reason[1] == "ctx"
    assert reply == ("echo", "still running")


async def _down_or_alive(ref: Ref) -> Any:
    try:
        return await down_reason(ref, timeout=10)
    except ReceiveTimeout:
        return "still alive"


class _PredicateInterrupt(BaseException):
    """A BaseException that is not an Exception, raised by a receive predicate."""


def _raising_predicate(msg: Any) -> bool:
    if msg == "trigger":
        raise _PredicateInterrupt("from the predicate")
    return False


async def _receiver(to: Pid) -> None:
    try:
        await beampy.receive(_raising_predicate)
    except _PredicateInterrupt as e:
        beampy.send(to, ("caught", e.args, drain()))


def test_receive_predicate_raising_base_exception_raises_in_the_receiver() -> None:
    async def main() -> tuple[Any, Any, Any]:
        receiver, ref = beampy.spawn_monitor(_receiver, beampy.self())
        await settle()  # it waits now: the message arrives while it waits
        try:
            beampy.send(receiver, "trigger")
            sent: Any = "sent"
        except BaseException as e:  # what must not happen: the sender gets it
            sent = type(e).__name__
        try:
            got: Any = await beampy.receive(("caught", ANY, ANY), timeout=10)
        except ReceiveTimeout:
            got = "nothing caught"
        return sent, got, await _down_or_alive(ref)

    assert run(main) == ("sent", ("caught", ("from the predicate",), ["trigger"]), "normal")


def test_receive_predicate_raising_base_exception_on_send_after_raises_in_the_receiver() -> None:
    async def main() -> tuple[Any, Any]:
        receiver, ref = beampy.spawn_monitor(_receiver, beampy.self())
        beampy.send_after(receiver, "trigger", 1.0)
        try:
            got: Any = await beampy.receive(("caught", ANY, ANY), timeout=10)
        except ReceiveTimeout:
            got = "nothing caught"
        return got, await _down_or_alive(ref)

    assert run(main) == (("caught", ("from the predicate",), ["trigger"]), "normal")


def test_receive_predicate_that_raises_and_is_not_caught_is_the_receivers_exit_reason() -> None:
    async def uncaught() -> None:
        await beampy.receive(_raising_predicate)

    async def main() -> tuple[Any, Any]:
        receiver, ref = beampy.spawn_monitor(uncaught)
        await settle()
        try:
            beampy.send(receiver, "trigger")
            sent: Any = "sent"
        except BaseException as e:
            sent = type(e).__name__
        return sent, await _down_or_alive(ref)

    sent, reason = run(main)
    assert (sent, type(reason)) == ("sent", _PredicateInterrupt)
    assert reason.args == ("from the predicate",)


async def _self_recording_receiver(selves: list[Pid], to: Pid) -> None:
    def predicate(msg: Any) -> bool:
        selves.append(beampy.self())
        return bool(msg == "wanted")

    beampy.send(to, ("receiver", beampy.self()))
    got = await beampy.receive(predicate)
    beampy.send(to, ("got", got))


async def _sender(target: Pid) -> None:
    for msg in ("noise 1", "noise 2", "wanted"):
        beampy.send(target, msg)
        await beampy.yield_()


def test_receive_predicate_sees_the_receiver_as_self_never_the_sender() -> None:
    selves: list[Pid] = []

    async def main() -> tuple[Pid, list[Pid], Any]:
        beampy.spawn(_self_recording_receiver, selves, beampy.self())
        _, receiver = await beampy.receive(("receiver", ANY), timeout=10)
        await settle()  # it waits now: the messages arrive while it waits
        sender = beampy.spawn(_sender, receiver)
        got = await beampy.receive(("got", ANY), timeout=10)
        return receiver, [sender], got

    receiver, senders, got = run(main)
    assert got == ("got", "wanted")
    assert selves != []
    assert set(selves) == {receiver}
    assert not set(selves) & set(senders)
