"""beampy.supervisor.tree and format_tree: the picture of a running supervision tree."""

from __future__ import annotations

import functools
from typing import Any

import pytest
import structlog
import trio

import beampy
from beampy import Agent, DynamicSupervisor, Exit, GenServer, Supervisor
from beampy import sys as beampy_sys
from beampy.gen_server import Ok
from beampy.supervisor import TreeNode, format_tree, tree
from beampy.testing import process_test


class Job(GenServer):
    def init(self, arg: Any) -> Ok:
        return Ok(arg)


async def _start_silent() -> Any:
    """A process typed "supervisor" that never answers a call."""
    return ("ok", beampy.spawn_link(beampy.receive, "never"))


def _app_children() -> list[Any]:
    inner = [
        {"id": "a", "start": (Agent.start_link, dict)},
        {"id": "b", "start": (Agent.start_link, dict), "restart": "transient"},
    ]
    return [
        {"id": "cache", "start": (functools.partial(Agent.start_link, dict, name="cache"),)},
        DynamicSupervisor.child_spec({"name": "jobs"}),
        {
            "id": "inner",
            "start": (functools.partial(Supervisor.start_link, strategy="one_for_all"), inner),
            "type": "supervisor",
        },
    ]


async def _app() -> Any:
    ok, sup = await Supervisor.start_link(_app_children(), strategy="one_for_one", name="app")
    assert ok == "ok"
    job = {"id": "job", "start": (GenServer.start_link, Job, 1), "restart": "temporary"}
    await DynamicSupervisor.start_child("jobs", job)
    await DynamicSupervisor.start_child("jobs", (Job, 2))
    return sup


async def _whereis(name: str) -> beampy.Pid:
    pid = beampy.whereis(name)
    assert pid is not None
    return pid


async def _ids(sup: Any) -> dict[Any, Any]:
    return {i: p for i, p, _, _ in await Supervisor.which_children(sup)}


@process_test
async def test_tree_nests_supervisors_and_dynamic_supervisors_in_start_order() -> None:
    sup = await _app()
    ids = await _ids(sup)
    root = await tree(sup)
    assert root.id is None
    assert root.pid == sup
    assert root.name == "app"
    assert root.type == "supervisor"
    assert root.status == "waiting"
    assert [c.id for c in root.children] == ["cache", "jobs", "inner"]
    cache, jobs, inner = root.children
    assert cache == TreeNode(
        "cache", ids["cache"], "cache", "worker", [Agent], "permanent", 0, "waiting"
    )
    assert (jobs.pid, jobs.name, jobs.type, jobs.modules) == (
        ids["jobs"],
        "jobs",
        "supervisor",
        [DynamicSupervisor],
    )
    assert [(c.id, c.restart, c.modules) for c in jobs.children] == [
        ("job", "temporary", [Job]),
        (Job, "permanent", [Job]),
    ]
    dyn = [p for _, p, _, _ in await DynamicSupervisor.which_children("jobs")]
    assert [c.pid for c in jobs.children] == dyn
    assert [(c.id, c.type, c.children) for c in inner.children] == [
        ("a", "worker", ()),
        ("b", "worker", ()),
    ]


@process_test
async def test_tree_shows_restart_counts_and_children_without_a_process() -> None:
    sup = await _app()
    beampy.exit(await _whereis("cache"), "kill")
    await beampy.sleep(0.1)
    inner = (await _ids(sup))["inner"]
    assert await Supervisor.terminate_child(inner, "b") == "ok"
    beampy.exit((await _ids(inner))["a"], "kill")  # one_for_all: both start again
    await beampy.sleep(0.1)
    root = await tree("app")  # by name too
    cache, _, inner_node = root.children
    assert (cache.restarts, cache.status) == (1, "waiting")
    assert cache.pid == beampy.whereis("cache")
    a, b = inner_node.children
    assert (a.restarts, b.restarts) == (1, 1)
    assert b.status == "waiting"
    await Supervisor.terminate_child(inner, "b")
    b = (await tree(sup)).children[2].children[1]
    assert (b.pid, b.status, b.name) == ("undefined", "undefined", None)


@process_test
async def test_tree_marks_a_supervisor_child_that_does_not_answer() -> None:
    child = {"id": "odd", "start": (_start_silent,), "type": "supervisor", "shutdown": 1.0}
    _, sup = await Supervisor.start_link([child], strategy="one_for_one")
    (odd,) = (await tree(sup, timeout=2.0)).children
    assert (odd.status, odd.children) == ("no_answer", ())
    await Supervisor.stop(sup)


@process_test
async def test_tree_sends_nothing_to_a_child_typed_supervisor_that_is_not_one() -> None:
    # an Agent or a GenServer would crash on the supervisors' describe call (and be
    # restarted, counting against the restart limit): tree() changes nothing
    children = [
        {"id": "agent", "start": (Agent.start_link, dict), "type": "supervisor"},
        {"id": "server", "start": (GenServer.start_link, Job, 0), "type": "supervisor"},
    ]
    _, sup = await Supervisor.start_link(children, strategy="one_for_one")
    before = await Supervisor.which_children(sup)
    with structlog.testing.capture_logs() as logs:
        nodes = (await tree(sup, timeout=2.0)).children
        await beampy.sleep(0.1)
    assert [(n.id, n.status, n.children) for n in nodes] == [
        ("agent", "no_answer", ()),
        ("server", "no_answer", ()),
    ]
    assert logs == []
    assert await Supervisor.which_children(sup) == before
    for _, pid, _, _ in before:
        assert beampy.info(pid, "message_queue_len") == 0
    await Supervisor.stop(sup)


@process_test
async def test_tree_marks_a_busy_supervisor_child_that_does_not_answer_in_time() -> None:
    inner: dict[str, Any] = {
        "id": "inner",
        "start": (functools.partial(Supervisor.start_link, strategy="one_for_one"), []),
        "type": "supervisor",
    }
    _, sup = await Supervisor.start_link([inner], strategy="one_for_one")
    ((_, inner_pid, _, _),) = await Supervisor.which_children(sup)
    await beampy_sys.suspend(inner_pid)
    started = trio.current_time()
    (node,) = (await tree(sup, timeout=2.0)).children
    assert (node.status, node.children) == ("no_answer", ())
    assert trio.current_time() - started == pytest.approx(2.0)
    await beampy_sys.resume(inner_pid)
    await Supervisor.stop(sup)


@process_test
async def test_tree_refuses_a_root_that_is_not_a_supervisor_and_leaves_it_alone() -> None:
    _, agent = await Agent.start_link(dict, name="cache")
    for root in (agent, "cache", ("cache", beampy.NODE)):  # every form of a server
        with pytest.raises(ValueError, match=r"tree\(\): .* is not a Supervisor or Dynamic"):
            await tree(root)
    assert beampy.is_alive(agent)
    assert beampy.info(agent, "message_queue_len") == 0
    _, sup = await Supervisor.start_link([], strategy="one_for_one")
    with pytest.raises(ValueError, match=r"tree\(\) timeout: timeout must be"):
        await tree(sup, timeout=-1)
    with pytest.raises(TypeError, match=r"format_tree\(\): node must be a TreeNode"):
        format_tree("x")  # type: ignore[arg-type]


@process_test
async def test_tree_of_a_supervisor_that_is_not_there_exits_as_which_children() -> None:
    with pytest.raises(Exit) as info:
        await tree("nobody")
    assert info.value.reason[0] == "noproc"
    with pytest.raises(TypeError):
        await tree(42)


@process_test
async def test_format_tree_draws_the_tree_with_or_without_pids() -> None:
    sup = await _app()
    beampy.exit(await _whereis("cache"), "kill")
    await beampy.sleep(0.1)
    inner = (await _ids(sup))["inner"]
    await Supervisor.terminate_child(inner, "b")
    root = await tree(sup)
    assert format_tree(root, pids=False) == "\n".join(
        [
            "app  supervisor",
            "├── cache  worker  Agent  name=cache  restarts=1",
            "├── jobs  supervisor  DynamicSupervisor  name=jobs",
            "│   ├── job  worker  Job  temporary",
            "│   └── Job  worker",
            "└── inner  supervisor  Supervisor",
            "    ├── a  worker  Agent",
            "    └── b  worker  Agent  transient  undefined",
        ]
    )
    cache, jobs, inner_node = root.children
    job1, job2 = jobs.children
    assert format_tree(root) == "\n".join(
        [
            f"app  supervisor  {sup!r}",
            f"├── cache  worker  Agent  {cache.pid!r}  name=cache  restarts=1",
            f"├── jobs  supervisor  DynamicSupervisor  {jobs.pid!r}  name=jobs",
            f"│   ├── job  worker  Job  {job1.pid!r}  temporary",
            f"│   └── Job  worker  {job2.pid!r}",
            f"└── inner  supervisor  Supervisor  {inner_node.pid!r}",
            f"    ├── a  worker  Agent  {inner_node.children[0].pid!r}",
            "    └── b  worker  Agent  transient  undefined",
        ]
    )
    # any node can be drawn; an unnamed root is shown by its pid
    assert (
        format_tree(jobs, pids=False).splitlines()[0]
        == "jobs  supervisor  DynamicSupervisor  name=jobs"
    )
    _, plain = await Supervisor.start_link([], strategy="one_for_one")
    assert format_tree(await tree(plain)) == f"supervisor  {plain!r}"
    assert format_tree(await tree(plain), pids=False) == "supervisor"
