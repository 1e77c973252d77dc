"""A process that polls its mailbox in a loop lets the others run: a miss costs reductions, and
a poller whose budget is spent yields, so the process it waits for gets to reply.

Each poller gives up after ``MAX_POLLS`` misses (far more than one reduction budget), so a
poller that never yields ends the test with an assertion instead of spinning forever.
"""

from __future__ import annotations

from typing import Any

import trio

import beampy
from beampy import Pid, ReceiveTimeout
from tests.process.support import run

MAX_POLLS = 100_000


async def _reply_to(to: Pid) -> None:
    beampy.send(to, "reply")


def test_receive_timeout_zero_poll_loop_lets_the_replier_run() -> None:
    async def main() -> tuple[Any, int]:
        beampy.spawn(_reply_to, beampy.self())
        for polls in range(MAX_POLLS):
            try:
                return await beampy.receive("reply", timeout=0), polls
            except ReceiveTimeout:
                pass
        return "gave up", MAX_POLLS

    got, polls = run(main)
    assert got == "reply"
    assert polls < MAX_POLLS


def test_receive_timeout_zero_without_pattern_poll_loop_lets_the_replier_run() -> None:
    async def main() -> tuple[Any, int]:
        beampy.spawn(_reply_to, beampy.self())
        for polls in range(MAX_POLLS):
            try:
                return await beampy.receive(timeout=0), polls
            except ReceiveTimeout:
                pass
        return "gave up", MAX_POLLS

    got, polls = run(main)
    assert got == "reply"
    assert polls < MAX_POLLS


def test_receive_nowait_and_timeout_zero_poll_loop_lets_the_replier_run() -> None:
    async def main() -> tuple[Any, int]:
        beampy.spawn(_reply_to, beampy.self())
        for polls in range(MAX_POLLS):
            try:
                return beampy.receive_nowait("reply"), polls
            except trio.WouldBlock:
                pass
            try:
                return await beampy.receive("reply", timeout=0), polls
            except ReceiveTimeout:
                pass
        return "gave up", MAX_POLLS

    got, polls = run(main)
    assert got == "reply"
    assert polls < MAX_POLLS
