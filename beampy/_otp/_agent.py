"""Agent: state behind a process, read and changed by functions (Elixir's ``Agent``).

Built the way Elixir builds it: :class:`Agent` is a thin client API over a
private GenServer, :class:`_AgentServer` (Elixir's ``Agent.Server``), and uses
nothing but GenServer's public API.  docs/agent.md is the guide.

Elixir has two forms of every function: a fun (``Agent.get(a, fn s -> ... end)``)
and ``{module, fun, args}`` (``Agent.get(a, M, :f, [x])``, which calls
``M.f(state, x)``).  Python's stand-in for both is ``fn, *args``: the agent calls
``fn(state, *args)``.  The request a client sends is Elixir's: ``("get", fn)``,
or ``("get", (fn, args))`` when there are arguments (Elixir's
``{:get, {m, f, a}}``); that is what an exit reason shows as the request.
"""

from __future__ import annotations

import functools
import inspect
import math
import types
from collections.abc import Callable
from typing import Any, Final, Literal

from .._core import Pid
from ..gen_server import GenServer, NoReply, Ok, Reply, Stop
from ..process import put
from . import _gen

__all__ = ["Agent"]

_Coroutine: Final = types.CoroutineType
_Function: Final = types.FunctionType
_CO_ASYNC_GENERATOR: Final = inspect.CO_ASYNC_GENERATOR
_MAX_TIMEOUT: Final = 1e15
_INF: Final = math.inf


def _fun(fn: Any, args: tuple[Any, ...]) -> Any:
    """What the server is sent: ``fn`` alone (Elixir's fun) or ``(fn, args)`` (its MFA)."""
    return (fn, args) if args else fn


def _apply(f: Any, state: Any) -> Any:
    """Runs a request's function on ``state`` (Agent.Server's ``run(fun, [state])``)."""
    if type(f) is tuple:
        return f[0](state, *f[1])
    return f(state)


def _initial_call(f: Any) -> tuple[str, str, int]:
    """``$initial_call`` as Agent.Server records it: the agent's function, not ``init``.

    Elixir shows ``{module, fun_name, 0}`` for a fun and ``{m, f, length(a)}`` for
    an MFA; here ``(fn.__module__, fn.__qualname__, len(args))`` (a
    ``functools.partial`` shows the function it wraps).
    """
    fn, args = f if type(f) is tuple else (f, ())
    target = getattr(fn, "func", fn)
    module = getattr(target, "__module__", None) or "?"
    name = getattr(target, "__qualname__", None) or repr(target)
    return (module, name, len(args))


# == the server (Elixir's Agent.Server) =============================================


class _AgentServer(GenServer):
    """The GenServer every agent runs: its state is the agent's state."""

    __slots__ = ()

    def init(self, f: Any) -> Any:
        put("$initial_call", _initial_call(f))
        fn, args = f if type(f) is tuple else (f, ())
        state = fn(*args)
        if type(state) is _Coroutine:
            return _ok_later(state)
        return Ok(state)

    def handle_call(self, request: Any, from_: Any, state: Any) -> Any:
        if type(request) is tuple and len(request) == 2:
            tag, f = request
            if tag == "get":
                r = _apply(f, state)
                if type(r) is _Coroutine:
                    return _get_later(r, state)
                return Reply(r, state)
            if tag == "update":
                r = _apply(f, state)
                if type(r) is _Coroutine:
                    return _update_later(r)
                return Reply("ok", r)
            if tag == "get_and_update":
                r = _apply(f, state)
                if type(r) is _Coroutine:
                    return _get_and_update_later(r, state)
                return _get_and_update_reply(r, state)
        raise _gen.no_clause("Agent", "call", request, "the Agent functions' calls only")

    def handle_cast(self, request: Any, state: Any) -> Any:
        if type(request) is tuple and len(request) == 2 and request[0] == "cast":
            r = _apply(request[1], state)
            if type(r) is _Coroutine:
                return _cast_later(r)
            return NoReply(r)
        raise _gen.no_clause("Agent", "cast", request, "Agent.cast only")

    def code_change(self, old_vsn: Any, state: Any, extra: Any) -> Any:
        """Runs ``extra`` (a fn or ``(fn, args)``) on the state: ``sys.change_code``."""
        r = _apply(extra, state)
        if type(r) is _Coroutine:
            return _code_change_later(r)
        return ("ok", r)


async def _ok_later(c: Any) -> Ok:
    return Ok(await c)


async def _get_later(c: Any, state: Any) -> Reply:
    return Reply(await c, state)


async def _update_later(c: Any) -> Reply:
    return Reply("ok", await c)


async def _get_and_update_later(c: Any, state: Any) -> Reply | Stop:
    return _get_and_update_reply(await c, state)


def _get_and_update_reply(r: Any, state: Any) -> Reply | Stop:
    if isinstance(r, tuple) and len(r) == 2:
        return Reply(r[0], r[1])
    # Elixir's Agent.Server: {:stop, {:bad_return_value, other}, state}, no reply
    return Stop(("bad_return_value", r), state)


async def _cast_later(c: Any) -> NoReply:
    return NoReply(await c)


async def _code_change_later(c: Any) -> tuple[str, Any]:
    return ("ok", await c)


# == argument checks ==================================================================

_AGENT_FORMS: Final = "a Pid, a registered name (str), (name, node) or ('via', registry, key)"
_TIMEOUT_FORMS: Final = "a number of seconds >= 0 or math.inf"


def _check_fn(fn: Any, what: str) -> None:
    if not callable(fn):
        raise TypeError(
            f"{what}: fn must be a callable (a function, a lambda, an async def or a "
            f"functools.partial); got {fn!r} ({type(fn).__name__})"
        )
    if inspect.isasyncgenfunction(fn):
        raise TypeError(
            f"{what}: fn must be a function or an async def; {fn!r} is an async generator "
            "function (the state would be a generator that nothing iterates)"
        )


def _check_fn_quickly(fn: Any, what: str) -> None:
    """``_check_fn`` for a request's function, with no ``inspect`` call per request.

    A plain function, a bound method or a ``functools.partial`` of one is refused when
    it is an async generator function (a flag of its code); other callables (builtins,
    ``operator.itemgetter``, instances) pass as they are: only their call tells.
    """
    if not callable(fn):
        _check_fn(fn, what)
    t = type(fn)
    target = fn.func if t is functools.partial else fn
    if type(target) is types.MethodType:
        target = target.__func__
    if type(target) is _Function and target.__code__.co_flags & _CO_ASYNC_GENERATOR:
        _check_fn(fn, what)


def _check_timeout(timeout: Any, what: str) -> float:
    """``timeout`` as a float, or a typed error naming it (GenServer's rules)."""
    if type(timeout) is float and 0.0 <= timeout <= _MAX_TIMEOUT:
        return timeout
    if type(timeout) is bool or not isinstance(timeout, (int, float)):
        raise TypeError(
            f"{what}: timeout must be {_TIMEOUT_FORMS}; got {timeout!r} ({type(timeout).__name__})"
        )
    if timeout != timeout or timeout < 0:
        raise ValueError(f"{what}: timeout must be {_TIMEOUT_FORMS}; got {timeout!r}")
    if timeout > _MAX_TIMEOUT and timeout != _INF:
        raise ValueError(
            f"{what}: timeout {timeout!r} is too large (at most {_MAX_TIMEOUT:g}; "
            "use math.inf to wait forever)"
        )
    return timeout if type(timeout) is int else float(timeout)  # as proc_lib's


def _check_agent(agent: Any, what: str) -> None:
    """The forms an agent is addressed by; a Pid or a str costs one type check."""
    t = type(agent)
    if t is Pid or t is str:
        return
    if t is tuple and (
        (len(agent) == 2 and type(agent[0]) is str and type(agent[1]) is str)
        or (len(agent) == 3 and agent[0] == "via")
        or (len(agent) == 2 and agent[0] == "global")
    ):
        return  # GenServer checks the registry (and refuses global)
    raise TypeError(f"{what}: agent must be {_AGENT_FORMS}; got {agent!r} ({t.__name__})")


# == the client API (Elixir's Agent) ==================================================


class Agent:
    """Elixir's ``Agent``: state kept by a process, read and changed with functions.

    Every function takes the agent's function as ``fn, *args``; the agent runs
    ``fn(state, *args)`` (``fn(*args)`` to make the first state), which is both
    of Elixir's forms: a fun, and ``{module, fun, args}``.  ``fn`` may be an
    ``async def``; its coroutine is awaited inside the agent.  The options are
    keyword-only, so they never collide with ``args``; to give ``fn`` keyword
    arguments of its own, bind them with :func:`functools.partial`.

    The functions run inside the agent process, one at a time: while one runs,
    every other client waits.  Keep them short; do slow work in the client
    (``get`` a snapshot, compute, ``update``).

    Example::

        _, counter = await Agent.start_link(lambda: 0)
        await Agent.update(counter, lambda n: n + 1)      # "ok"
        await Agent.get(counter, lambda n: n)             # 1
        await Agent.get_and_update(counter, lambda n: (n, n * 10))  # 1; state 10
    """

    __slots__ = ()

    @staticmethod
    def child_spec(arg: Any) -> dict[str, Any]:
        """The child spec of an agent under a supervisor (``Agent.child_spec/1``).

        ``{"id": Agent, "start": (Agent.start_link, arg)}``: a child given as
        ``(Agent, fn)`` starts ``Agent.start_link(fn)``.  For arguments or a name,
        write the spec dict (``"start": (functools.partial(Agent.start_link,
        name="n"), fn, *args)``).
        """
        return {"id": Agent, "start": (Agent.start_link, arg)}

    @staticmethod
    async def start_link(
        fn: Callable[..., Any],
        *args: Any,
        name: Any = None,
        timeout: float = _INF,
    ) -> Any:
        """Starts an agent linked to the caller, with ``fn(*args)`` as its state.

        Mirrors ``Agent.start_link/2`` and ``/4``.  ``fn`` runs in the new
        process before this returns; if it raises, the agent exits with the
        exception and ``("error", exc)`` is returned (and, the agent being
        linked, a caller that does not trap exits dies with it, as on the BEAM).

        Args:
            fn: makes the initial state: ``fn(*args)``; may be ``async def``.
            *args: passed to ``fn``.
            name: None (default), a str (a local name) or ``("via", registry,
                key)``; a taken name gives ``("error", ("already_started", pid))``.
            timeout: seconds ``fn`` may take (default ``math.inf``, as Elixir's);
                after that the agent is killed and ``("error", "timeout")``
                returned.

        Returns:
            ``("ok", pid)`` or ``("error", reason)``.

        Raises:
            TypeError / ValueError: ``fn`` is not callable, a bad name or timeout.
        """
        _check_fn(fn, "Agent.start_link()")
        _gen.check_name(name, "Agent.start_link()")
        timeout = _check_timeout(timeout, "Agent.start_link()")
        return await GenServer.start_link(_AgentServer, _fun(fn, args), name=name, timeout=timeout)

    @staticmethod
    async def start(
        fn: Callable[..., Any],
        *args: Any,
        name: Any = None,
        timeout: float = _INF,
    ) -> Any:
        """Like :meth:`start_link`, without a link (``Agent.start/2``, ``/4``)."""
        _check_fn(fn, "Agent.start()")
        _gen.check_name(name, "Agent.start()")
        timeout = _check_timeout(timeout, "Agent.start()")
        return await GenServer.start(_AgentServer, _fun(fn, args), name=name, timeout=timeout)

    @staticmethod
    async def get(agent: Any, fn: Callable[..., Any], *args: Any, timeout: float = 5.0) -> Any:
        """Returns ``fn(state, *args)``, computed in the agent; the state is unchanged.

        Mirrors ``Agent.get/3`` and ``/5``.  On failure the caller exits
        (:class:`beampy.Exit`) with ``(reason, ("GenServer", "call", (agent,
        ("get", fn), timeout)))`` as Elixir's does: ``"noproc"``, ``"timeout"``,
        ``"calling_self"``, or the agent's exit reason when ``fn`` crashed it.
        """
        if type(fn) is not _Function or fn.__code__.co_flags & _CO_ASYNC_GENERATOR:
            _check_fn_quickly(fn, "Agent.get()")
        if type(timeout) is not float or not 0.0 <= timeout <= _MAX_TIMEOUT:
            timeout = _check_timeout(timeout, "Agent.get()")
        _check_agent(agent, "Agent.get()")
        return await GenServer.call(agent, ("get", (fn, args) if args else fn), timeout)

    @staticmethod
    async def get_and_update(
        agent: Any, fn: Callable[..., Any], *args: Any, timeout: float = 5.0
    ) -> Any:
        """Runs ``fn(state, *args)``, which returns ``(value, new_state)``; returns ``value``.

        Mirrors ``Agent.get_and_update/3`` and ``/5``.  Any other return
        stops the agent with ``("bad_return_value", returned)`` and the caller
        exits with that reason, as Elixir's Agent.Server does.  Failures exit
        the caller as :meth:`get` does (the request is ``("get_and_update", fn)``).
        """
        if type(fn) is not _Function or fn.__code__.co_flags & _CO_ASYNC_GENERATOR:
            _check_fn_quickly(fn, "Agent.get_and_update()")
        if type(timeout) is not float or not 0.0 <= timeout <= _MAX_TIMEOUT:
            timeout = _check_timeout(timeout, "Agent.get_and_update()")
        _check_agent(agent, "Agent.get_and_update()")
        return await GenServer.call(agent, ("get_and_update", (fn, args) if args else fn), timeout)

    @staticmethod
    async def update(
        agent: Any, fn: Callable[..., Any], *args: Any, timeout: float = 5.0
    ) -> Literal["ok"]:
        """Replaces the state with ``fn(state, *args)``; returns ``"ok"`` once it is done.

        Mirrors ``Agent.update/3`` and ``/5``; failures exit the caller as
        :meth:`get` does (the request is ``("update", fn)``).  A timeout only
        stops the caller's wait: the agent still applies the update.
        """
        if type(fn) is not _Function or fn.__code__.co_flags & _CO_ASYNC_GENERATOR:
            _check_fn_quickly(fn, "Agent.update()")
        if type(timeout) is not float or not 0.0 <= timeout <= _MAX_TIMEOUT:
            timeout = _check_timeout(timeout, "Agent.update()")
        _check_agent(agent, "Agent.update()")
        return await GenServer.call(  # type: ignore[no-any-return]
            agent, ("update", (fn, args) if args else fn), timeout
        )

    @staticmethod
    def cast(agent: Any, fn: Callable[..., Any], *args: Any) -> Literal["ok"]:
        """Asks the agent to replace its state with ``fn(state, *args)``; returns ``"ok"`` at once.

        Mirrors ``Agent.cast/2`` and ``/4``: nothing comes back, even when the
        agent does not exist or ``fn`` crashes it.  Casts and calls from one
        client are applied in the order they were made.
        """
        if type(fn) is not _Function or fn.__code__.co_flags & _CO_ASYNC_GENERATOR:
            _check_fn_quickly(fn, "Agent.cast()")
        _check_agent(agent, "Agent.cast()")
        return GenServer.cast(agent, ("cast", (fn, args) if args else fn))

    @staticmethod
    async def stop(agent: Any, reason: Any = "normal", timeout: float = _INF) -> Literal["ok"]:
        """Stops the agent with ``reason`` and waits until it is gone; returns ``"ok"``.

        Mirrors ``Agent.stop/3`` (``GenServer.stop``): the caller exits with
        ``(why, ("GenServer", "stop", (agent, reason, timeout)))`` when the
        agent is not there (``"noproc"``) or does not stop within ``timeout``
        seconds (``"timeout"``).
        """
        timeout = _check_timeout(timeout, "Agent.stop()")
        _check_agent(agent, "Agent.stop()")
        return await GenServer.stop(agent, reason, timeout)
