"""A picture of a running supervision tree: :func:`tree` collects it, :func:`format_tree` draws it.

Not an Elixir function (Erlang's observer draws the same picture).  :func:`tree`
walks the tree from a Supervisor or DynamicSupervisor through the supervisors'
own call API only (``_child.describe``, the call ``which_children`` is built on,
which adds each child's restart type and restart count) and asks
``beampy.info`` for each process's registered name and status; it changes
nothing.  :func:`format_tree` turns the result into text as the ``tree``
command draws directories.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from .. import _core
from .._core import Exit, Pid
from . import _child, _gen
from ._gen import check_server
from ._proc_lib import check_timeout, initial_call

__all__ = ["TreeNode", "format_tree", "tree"]

#: What a node's ``status`` is when the supervisor shows no running process.
NOT_RUNNING: Final = ("restarting", "undefined", "dead")


@dataclass(frozen=True)
class TreeNode:
    """One process of a supervision tree, with its children if it is a supervisor.

    Attributes:
        id: the child's id in its supervisor (a DynamicSupervisor's children keep the
            id of the spec they were started from); None for the root.
        pid: the process, or ``"restarting"`` / ``"undefined"`` as ``which_children``
            shows a child with no process.
        name: its registered name, or None.
        type: ``"worker"`` or ``"supervisor"``.
        modules: the child spec's ``modules`` (``[]`` for the root).
        restart: ``"permanent"``, ``"transient"`` or ``"temporary"``; None for the root.
        restarts: how many times its supervisor has started it again.
        status: ``beampy.info``'s ``status`` of a live process (``"waiting"``,
            ``"running"``, ``"runnable"``); ``"restarting"`` or
            ``"undefined"`` when there is no process; ``"dead"`` when the process
            listed has ended since; ``"no_answer"`` for a child of type
            ``"supervisor"`` that did not answer as a supervisor.
        children: the children of a supervisor, in start order (a
            DynamicSupervisor's in pid order); ``()`` for a worker.
    """

    id: Any
    pid: Pid | str
    name: str | None
    type: str
    modules: Any
    restart: str | None
    restarts: int
    status: str
    children: tuple[TreeNode, ...] = ()


def _is_supervisor(pid: Pid) -> bool:
    """Whether ``pid`` runs a Supervisor or DynamicSupervisor (of any module).

    Read from its ``$initial_call`` (``("supervisor", module, 1)``, as OTP's
    supervisors have ``{supervisor, Module, 1}``), so that a process that is not
    one is never sent a call it would crash on.
    """
    mfa = initial_call(pid)
    return mfa is not None and mfa[0] == "supervisor"


def _status(pid: Pid) -> str:
    status = _core.info(pid, "status")
    return "dead" if status is None else str(status)


async def _children(sup: Pid, timeout: float) -> tuple[tuple[TreeNode, ...], bool]:
    try:
        infos = await _child.describe(sup, timeout)
    except Exit:
        return (), False
    out = []
    for info in infos:
        out.append(await _node(info, timeout))
    return tuple(out), True


async def _node(info: _child.ChildInfo, timeout: float) -> TreeNode:
    pid = info.pid
    name = None
    children: tuple[TreeNode, ...] = ()
    if type(pid) is Pid:
        name = _core.info(pid, "registered_name")
        status = _status(pid)
        if info.type == "supervisor" and status != "dead":
            if _is_supervisor(pid):
                children, answered = await _children(pid, timeout)
            else:  # typed "supervisor" in its spec, but another kind of process
                answered = False
            if not answered:
                status = "dead" if not _core.is_alive(pid) else "no_answer"
    else:
        status = str(pid)
    return TreeNode(
        info.id,
        pid,
        name,
        info.type,
        info.modules,
        info.restart,
        info.restarts,
        status,
        children,
    )


async def tree(supervisor: Any, *, timeout: float = 5.0) -> TreeNode:
    """The supervision tree under ``supervisor``, as :class:`TreeNode` records.

    Not an Elixir function: what Erlang's observer shows, as data.  Walks the tree
    depth first, asking each Supervisor and DynamicSupervisor for its children
    (one call each, the same kind of call as ``which_children``) and
    ``beampy.info`` for names and statuses.  Every child of type
    ``"supervisor"`` is asked in turn; one that is not a beampy supervisor (it
    is sent nothing) or does not answer within ``timeout`` seconds is shown
    with status ``"no_answer"`` and no children.  The tree is a snapshot: children may
    come and go while it is collected.

    Args:
        supervisor: a Supervisor or DynamicSupervisor (pid or registered name).
        timeout: seconds each supervisor has to answer (``math.inf``: no limit).

    Returns:
        The root :class:`TreeNode` (``id`` None, ``type`` ``"supervisor"``).

    Raises:
        Exit: the root supervisor is not there or does not answer, as
            ``which_children`` exits.
        ValueError: ``supervisor`` is a live process that is not a Supervisor or
            DynamicSupervisor (it is sent nothing).
        TypeError: ``supervisor`` is not a pid or name, or ``timeout`` not a number.

    Example::

        print(format_tree(await tree(sup)))
    """
    check_server(supervisor, "tree()")
    timeout = check_timeout(timeout, "tree() timeout")
    pid = _gen.whereis(supervisor)  # a pid, a name, (name, node) or a via name
    if type(pid) is Pid and _core.is_alive(pid) and not _is_supervisor(pid):
        raise ValueError(
            f"tree(): {supervisor!r} is not a Supervisor or DynamicSupervisor "
            f"(its $initial_call is not ('supervisor', module, 1)); tree() walks "
            f"supervision trees only"
        )
    infos = await _child.describe(supervisor, timeout)
    children = tuple([await _node(info, timeout) for info in infos])
    name = None
    status = "dead"
    if type(pid) is Pid:
        name = _core.info(pid, "registered_name")
        status = _status(pid)
    shown: Pid | str = pid if type(pid) is Pid else str(supervisor)
    return TreeNode(None, shown, name, "supervisor", [], None, 0, status, children)


def _text(value: Any) -> str:
    if isinstance(value, type):
        return value.__qualname__
    if type(value) is str:
        return value
    qualname = getattr(value, "__qualname__", None)
    if callable(value) and qualname:
        return str(qualname)
    return repr(value)


def _module(node: TreeNode) -> str:
    modules = node.modules
    if isinstance(modules, list) and modules:
        return _text(modules[0])
    if modules == "dynamic":
        return "dynamic"
    return ""


def _line(node: TreeNode, pids: bool) -> str:
    if node.id is None:  # the root
        parts = [node.name] if node.name is not None else []
        parts.append(node.type)
        if pids:
            parts.append(_text(node.pid))
        return "  ".join(parts)
    parts = [_text(node.id), node.type]
    module = _module(node)
    if module and module != parts[0]:
        parts.append(module)
    if pids and type(node.pid) is Pid:
        parts.append(repr(node.pid))
    if node.name is not None:
        parts.append(f"name={node.name}")
    if node.restart != "permanent":
        parts.append(str(node.restart))
    if node.restarts:
        parts.append(f"restarts={node.restarts}")
    if node.status in NOT_RUNNING or node.status in ("exiting", "no_answer"):
        parts.append(node.status)
    return "  ".join(parts)


def format_tree(node: TreeNode, *, pids: bool = True) -> str:
    """Draws a tree from :func:`tree` as text, one process a line, as ``tree`` draws folders.

    Not an Elixir function.  The root line is the supervisor's registered name (or
    its pid) and its type; each child line is its id, its type, its module (when it
    differs from the id), its pid, ``name=`` its registered name, its restart type
    unless permanent, ``restarts=`` how many times it was started again (when it
    was), and its status when it has no running process (``undefined``,
    ``restarting``, ``dead``) or is exiting.  Children of a supervisor are drawn
    under it, in start order.

    Args:
        node: what :func:`tree` returned (or any node of it).
        pids: False leaves the pids out, so that the picture of the same tree is
            the same text in every run.

    Returns:
        The picture, lines joined with ``"\\n"`` (no trailing newline).

    Raises:
        TypeError: ``node`` is not a :class:`TreeNode`.

    Example::

        >>> print(format_tree(await tree(sup), pids=False))
        app  supervisor
        ├── cache  worker  Agent  name=cache
        └── jobs  supervisor  DynamicSupervisor
            └── job  worker  Job  temporary
    """
    if not isinstance(node, TreeNode):
        raise TypeError(
            f"format_tree(): node must be a TreeNode (what tree() returns); "
            f"got {node!r} ({type(node).__name__})"
        )
    lines = [_line(node, pids)]

    def walk(children: tuple[TreeNode, ...], prefix: str) -> None:
        for i, child in enumerate(children):
            last = i == len(children) - 1
            lines.append(prefix + ("└── " if last else "├── ") + _line(child, pids))
            walk(child.children, prefix + ("    " if last else "│   "))

    walk(node.children, "")
    return "\n".join(lines)
