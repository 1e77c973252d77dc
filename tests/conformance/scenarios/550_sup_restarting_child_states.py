"""550 sup_restarting_child_states: port of 550_sup_restarting_child_states.exs (rule there).

Elixir's ``:persistent_term`` flag is a dict shared by the start function; the supervisor
module returns OTP's flags map in Elixir 1.14, ``Supervisor.init(auto_shutdown=...)`` here.
The calls are the Supervisor functions (they are ``GenServer.call``s with the same requests).
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy import DownMessage, GenServer, Supervisor
from beampy.gen_server import Ok, Stop
from tests.conformance.support.trace import Trace

FAIL_A = {"on": False}


class W(GenServer):
    def init(self, id_: Any) -> Ok:
        return Ok(id_)

    def handle_cast(self, request: Any, s: Any) -> Stop:
        return Stop(request[1], s)


async def start(id_: str, main: beampy.Pid) -> Any:
    if id_ == "a" and FAIL_A["on"]:
        FAIL_A["on"] = False
        beampy.send(main, ("failing", id_))
        await beampy.receive(lambda m: m == "go")
        return ("error", "down")
    return await GenServer.start_link(W, id_)


class Sup(Supervisor):
    def init(self, children: Any) -> Any:
        return Supervisor.init(
            children, strategy="one_for_one", max_restarts=10, auto_shutdown="all_significant"
        )


def spec(id_: str, main: beampy.Pid, sig: bool) -> dict[str, Any]:
    return {"id": id_, "start": (start, id_, main), "restart": "transient", "significant": sig}


def shown(children: list[Any]) -> list[Any]:
    return [(i, "pid" if isinstance(p, beampy.Pid) else p) for i, p, _, _ in children]


async def pid_of(sup: Any, id_: Any) -> Any:
    return {i: p for i, p, _, _ in await Supervisor.which_children(sup)}[id_]


async def ask(sup: Any, label: str, call: Any, *args: Any) -> None:
    main = beampy.self()

    async def asker() -> None:
        beampy.send(main, ("answer", label, await call(sup, *args)))

    beampy.spawn(asker)
    await beampy.sleep(0.05)


async def answers(T: Trace, labels: list[str]) -> None:  # noqa: N803
    # in call order, whatever order the askers forward them in
    for label in labels:
        _, _, r = await beampy.receive(
            lambda m, lb=label: type(m) is tuple and m[:2] == ("answer", lb)
        )
        T.p(label, shown(r) if label == "which_children" else r)


async def run(T: Trace) -> None:  # noqa: N803
    main = beampy.self()
    beampy.flag("trap_exit", True)
    children = [spec("a", main, True), spec("b", main, True), spec("c", main, False)]
    _, sup = await Supervisor.start_link(Sup, children)
    T.name(sup, "sup")
    FAIL_A["on"] = True
    b = await pid_of(sup, "b")
    ref = beampy.monitor(b)
    beampy.exit(await pid_of(sup, "a"), "kill")
    await beampy.receive(lambda m: m == ("failing", "a"))
    T.say("a's restart is failing")
    GenServer.cast(b, ("exit", "normal"))
    down = await beampy.receive(lambda m: type(m) is DownMessage and m.ref == ref)
    T.p("b down", down.reason)
    await beampy.sleep(0.05)
    await ask(sup, "which_children", Supervisor.which_children)
    await ask(sup, "count_children", Supervisor.count_children)
    await ask(sup, "delete_child", Supervisor.delete_child, "a")
    await ask(sup, "restart_child", Supervisor.restart_child, "a")
    beampy.send(sup, "go")
    await answers(T, ["which_children", "count_children", "delete_child", "restart_child"])
    await beampy.sleep(0.05)
    T.p("alive", beampy.is_alive(sup))
    T.p("after retry", shown(await Supervisor.which_children(sup)))
    T.say("a is killed, its restart fails again, terminate_child(a) while restarting")
    FAIL_A["on"] = True
    beampy.exit(await pid_of(sup, "a"), "kill")
    await beampy.receive(lambda m: m == ("failing", "a"))
    await ask(sup, "terminate_child", Supervisor.terminate_child, "a")
    await ask(sup, "which_children", Supervisor.which_children)
    beampy.send(sup, "go")
    await answers(T, ["terminate_child", "which_children"])
    await beampy.sleep(0.05)
    T.p("alive", beampy.is_alive(sup))
    T.p("end", shown(await Supervisor.which_children(sup)))


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    await run(T)
    T.done()
