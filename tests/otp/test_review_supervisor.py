"""Regression tests from an adversarial review of Supervisor and DynamicSupervisor (issue 8).

Each test pins a rule the BEAM (OTP 25 / Elixir 1.14) follows and beampy once did not.
"""

from __future__ import annotations

from typing import Any

import trio
import trio.testing

import beampy
from beampy import DownMessage, GenServer, Supervisor
from beampy.gen_server import Ok, Stop


def _run(main: Any) -> Any:
    return beampy.run(main, clock=trio.testing.MockClock(autojump_threshold=0))


class _W(GenServer):
    def init(self, arg: Any) -> Ok:
        return Ok(arg)

    def handle_cast(self, request: Any, s: Any) -> Stop:
        return Stop(request, s)


def test_all_significant_counts_a_restarting_child_as_running() -> None:
    # supervisor.erl's do_auto_shutdown: a child whose pid is {restarting, _} is not
    # `undefined`, so it still counts; another significant child's normal exit does
    # not stop the supervisor (scenario 550).
    gate = {"fail": False}

    async def start(id_: str, main: beampy.Pid) -> Any:
        if id_ == "a" and gate["fail"]:
            gate["fail"] = False
            beampy.send(main, "failing")
            await beampy.receive(lambda m: m == "go")
            return ("error", "down")
        return await GenServer.start_link(_W, id_)

    class Sup(Supervisor):
        def init(self, children: Any) -> Any:
            return Supervisor.init(
                children, strategy="one_for_one", auto_shutdown="all_significant"
            )

    async def main() -> None:
        me = beampy.self()
        beampy.flag("trap_exit", True)
        children = [
            {"id": i, "start": (start, i, me), "restart": "transient", "significant": True}
            for i in ("a", "b")
        ]
        _, sup = await Supervisor.start_link(Sup, children)
        pids = {i: p for i, p, _, _ in await Supervisor.which_children(sup)}
        gate["fail"] = True
        ref = beampy.monitor(pids["b"])
        beampy.exit(pids["a"], "kill")
        await beampy.receive(lambda m: m == "failing")  # a is being restarted, and fails
        GenServer.cast(pids["b"], "normal")
        await beampy.receive(lambda m: type(m) is DownMessage and m.ref == ref)
        beampy.send(sup, "go")  # b's EXIT is handled while a is "restarting"
        # the retry is queued after this call; without the rule the supervisor is gone
        assert [p for _, p, _, _ in await Supervisor.which_children(sup)] == [
            "undefined",
            "restarting",
        ]
        after = await Supervisor.which_children(sup)
        assert [(i, isinstance(p, beampy.Pid)) for i, p, _, _ in after] == [
            ("b", False),
            ("a", True),
        ]
        await Supervisor.stop(sup)

    _run(main)


def test_an_unhashable_id_names_no_child_and_leaves_the_supervisor_running() -> None:
    # audit: terminate_child, restart_child and delete_child with an unhashable id (a list)
    # raised TypeError inside the supervisor, which crashed it and its children with it.
    # Ids are hashable, so such a value names no child: ("error", "not_found"), as the BEAM
    # answers any term that names no child.
    async def main() -> tuple[list[Any], bool, bool]:
        _, sup = await Supervisor.start_link([(_W, 0)], strategy="one_for_one")
        [(_, child, _, _)] = await Supervisor.which_children(sup)
        answers = [
            await Supervisor.terminate_child(sup, ["x"]),
            await Supervisor.restart_child(sup, ("a", [1])),
            await Supervisor.delete_child(sup, {"id": 1}),
        ]
        alive = beampy.is_alive(sup), beampy.is_alive(child)
        await Supervisor.stop(sup)
        return answers, *alive

    assert _run(main) == ([("error", "not_found")] * 3, True, True)
