"""Misuse of the process API: TypeError/ValueError that name what was given, NotInProcessError."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from typing import Any

import pytest
import trio
import trio.testing

import beampy
from beampy import NotInProcessError
from tests.process.support import block_forever, run


def _sync_body() -> None:
    pass


class _ReturnsInt:
    def __call__(self) -> int:
        return 5

    def __repr__(self) -> str:
        return "<ReturnsInt>"


async def _async_gen() -> Any:
    yield 1


async def _takes_one(x: int) -> None:
    pass


def _in_process(check: Callable[[], None]) -> str:
    """Runs ``check`` inside a process; returns "ok" if it returned."""

    async def main() -> str:
        check()
        return "ok"

    return run(main)


# -- spawn ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fn", "text"),
    [
        (42, "got 42 (int), which is not callable"),
        ("body", "got 'body' (str), which is not callable"),
        (None, "got None (NoneType), which is not callable"),
        (_sync_body, "_sync_body returned None, not a coroutine. Define it with `async def`"),
        (functools.partial(_sync_body), "_sync_body returned None, not a coroutine"),
        (lambda: None, "<lambda> returned None, not a coroutine"),
        (_ReturnsInt(), "returned 5, not a coroutine"),
        (_async_gen, "_async_gen"),
    ],
    ids=["int", "str", "none", "sync", "partial-sync", "lambda", "returns-int", "async-gen"],
)
@pytest.mark.parametrize("spawner", ["spawn", "spawn_link", "spawn_monitor"])
def test_spawn_non_async_body_raises_type_error_naming_it(fn: Any, text: str, spawner: str) -> None:
    def check() -> None:
        with pytest.raises(TypeError, match=re.escape(text)) as info:
            getattr(beampy, spawner)(fn)
        assert str(info.value).startswith(f"{spawner}() expects an async function")

    assert _in_process(check) == "ok"


def test_spawn_wrong_arguments_crash_the_child_not_the_caller() -> None:
    # the BEAM's child crashes with badarity; the spawner goes on
    async def main() -> tuple[str, str]:
        _, ref = beampy.spawn_monitor(_takes_one)
        down = await beampy.receive(beampy.DownMessage(ref, beampy.ANY, beampy.ANY))
        return type(down.reason).__name__, str(down.reason)

    name, text = run(main)
    assert name == "TypeError"
    assert "_takes_one" in text


def test_spawn_failure_leaves_no_process() -> None:
    async def main() -> int:
        before = len(beampy.list())
        with pytest.raises(TypeError):
            beampy.spawn(_sync_body)  # type: ignore[arg-type]
        return len(beampy.list()) - before

    assert run(main) == 0


def test_spawn_unknown_priority_raises_value_error_naming_it() -> None:
    def check() -> None:
        with pytest.raises(ValueError, match="'urgent'"):
            beampy.spawn(block_forever, priority="urgent")  # type: ignore[arg-type]

    assert _in_process(check) == "ok"


def test_spawn_hosted_not_bool_raises_type_error() -> None:
    def check() -> None:
        with pytest.raises(TypeError, match="'yes'"):
            beampy.spawn(block_forever, hosted="yes")  # type: ignore[arg-type]

    assert _in_process(check) == "ok"


# -- send / names ------------------------------------------------------------------------


def test_send_to_unregistered_name_raises_value_error_naming_it() -> None:
    def check() -> None:
        with pytest.raises(ValueError, match="'nobody'"):
            beampy.send("nobody", "msg")

    assert _in_process(check) == "ok"


@pytest.mark.parametrize("dest", [42, None, ("only-one",), ["svc", "node"], ("a", 1)])
def test_send_to_bad_destination_raises_type_error_naming_it(dest: Any) -> None:
    def check() -> None:
        with pytest.raises(TypeError, match=re.escape(repr(dest))):
            beampy.send(dest, "msg")

    assert _in_process(check) == "ok"


# -- timeouts ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("timeout", "error", "text"),
    [
        (-1, ValueError, "got -1"),
        (-0.5, ValueError, "got -0.5"),
        (math.nan, ValueError, "got nan"),
        (-math.inf, ValueError, "got -inf"),
        ("1", TypeError, "got '1' (str)"),
        (None, TypeError, "got None (NoneType)"),
        (True, TypeError, "got True (bool)"),
    ],
)
@pytest.mark.parametrize("op", ["receive", "sleep"])
def test_bad_timeout_raises_naming_it(
    timeout: Any, error: type[Exception], text: str, op: str
) -> None:
    async def wait() -> None:
        if op == "receive":
            await beampy.receive(timeout=timeout)
        else:
            await beampy.sleep(timeout)

    async def main() -> str:
        with pytest.raises(error, match=re.escape(text)):
            await wait()
        return "ok"

    assert run(main) == "ok"


# -- patterns ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pattern",
    [[1, 2], {"k": 1}, {1, 2}, ("ok", [1]), ("ok", {"k": 1})],
    ids=["list", "dict", "set", "list-in-tuple", "dict-in-tuple"],
)
def test_receive_bad_pattern_raises_type_error_naming_it(pattern: Any) -> None:
    bad = pattern if type(pattern) is not tuple else pattern[1]

    async def main() -> str:
        beampy.send(beampy.self(), "queued")
        with pytest.raises(TypeError, match=re.escape(repr(bad))):
            await beampy.receive(pattern, timeout=0)
        with pytest.raises(TypeError, match=re.escape(repr(bad))):
            beampy.receive_nowait(pattern)
        assert beampy.receive_nowait() == "queued"
        return "ok"

    assert run(main) == "ok"


# -- flags, info, other arguments ------------------------------------------------------


def test_flag_unknown_raises_value_error_naming_it() -> None:
    def check() -> None:
        with pytest.raises(ValueError, match="'bogus'"):
            beampy.flag("bogus", True)  # type: ignore[call-overload]

    assert _in_process(check) == "ok"


def test_flag_trap_exit_non_bool_raises_type_error_naming_it() -> None:
    def check() -> None:
        with pytest.raises(TypeError, match="got 1"):
            beampy.flag("trap_exit", 1)  # type: ignore[call-overload]

    assert _in_process(check) == "ok"


def test_flag_priority_unknown_raises_value_error_naming_it() -> None:
    def check() -> None:
        with pytest.raises(ValueError, match="'urgent'"):
            beampy.flag("priority", "urgent")  # type: ignore[call-overload]

    assert _in_process(check) == "ok"


def test_info_unknown_item_raises_value_error_naming_it() -> None:
    def check() -> None:
        with pytest.raises(ValueError, match="'bogus'"):
            beampy.info(beampy.self(), "bogus")

    assert _in_process(check) == "ok"


@pytest.mark.parametrize(
    ("call", "text"),
    [
        (lambda: beampy.link("x"), "'x'"),  # type: ignore[arg-type]
        (lambda: beampy.unlink(1), "1"),  # type: ignore[arg-type]
        (lambda: beampy.exit("x", "boom"), "'x'"),  # type: ignore[arg-type]
        (lambda: beampy.monitor(42), "42"),  # type: ignore[arg-type]
        (lambda: beampy.demonitor("r"), "'r'"),  # type: ignore[arg-type]
        (lambda: beampy.unalias("r"), "'r'"),  # type: ignore[arg-type]
        (lambda: beampy.is_alive("p"), "'p'"),  # type: ignore[arg-type]
        (lambda: beampy.info("p"), "'p'"),  # type: ignore[arg-type]
        (lambda: beampy.whereis(1), "1"),  # type: ignore[arg-type]
        (lambda: beampy.unregister(1), "1"),  # type: ignore[arg-type]
    ],
    ids=[
        "link",
        "unlink",
        "exit",
        "monitor",
        "demonitor",
        "unalias",
        "is_alive",
        "info",
        "whereis",
        "unregister",
    ],
)
def test_wrong_argument_type_raises_type_error_naming_it(
    call: Callable[[], Any], text: str
) -> None:
    def check() -> None:
        with pytest.raises(TypeError, match=re.escape(text)):
            call()

    assert _in_process(check) == "ok"


def test_monitor_bad_alias_option_raises_value_error_naming_it() -> None:
    def check() -> None:
        with pytest.raises(ValueError, match="'sometimes'"):
            beampy.monitor(beampy.self(), alias="sometimes")  # type: ignore[arg-type]

    assert _in_process(check) == "ok"


def test_alias_bad_mode_raises_value_error_naming_it() -> None:
    def check() -> None:
        with pytest.raises(ValueError, match="'twice'"):
            beampy.alias("twice")  # type: ignore[arg-type]

    assert _in_process(check) == "ok"


# -- outside a process ---------------------------------------------------------------------

_PROCESS_ONLY: list[tuple[str, Callable[[Any], Any]]] = [
    ("self", lambda pid: beampy.self()),
    ("link", lambda pid: beampy.link(pid)),
    ("unlink", lambda pid: beampy.unlink(pid)),
    ("monitor", lambda pid: beampy.monitor(pid)),
    ("demonitor", lambda pid: beampy.demonitor(beampy.make_ref())),
    ("flag", lambda pid: beampy.flag("trap_exit", True)),
    ("spawn_link", lambda pid: beampy.spawn_link(block_forever)),
    ("spawn_monitor", lambda pid: beampy.spawn_monitor(block_forever)),
    ("receive_nowait", lambda pid: beampy.receive_nowait()),
    ("alias", lambda pid: beampy.alias()),
    ("unalias", lambda pid: beampy.unalias(beampy.make_ref())),
    ("put", lambda pid: beampy.put("k", 1)),
    ("get", lambda pid: beampy.get("k")),
    ("get_keys", lambda pid: beampy.get_keys()),
    ("delete", lambda pid: beampy.delete("k")),
]

_PROCESS_ONLY_ASYNC: list[tuple[str, Callable[[], Any]]] = [
    ("receive", lambda: beampy.receive()),
    ("sleep", lambda: beampy.sleep(1)),
    ("yield_", lambda: beampy.yield_()),
    ("hibernate", lambda: beampy.hibernate(block_forever)),
]


@pytest.mark.parametrize(("name", "call"), _PROCESS_ONLY, ids=[n for n, _ in _PROCESS_ONLY])
async def test_process_only_call_from_trio_code_raises_not_in_process_error(
    name: str, call: Callable[[Any], Any], autojump_clock: trio.testing.MockClock
) -> None:
    async with beampy.open_runtime() as rt:
        pid = rt.spawn(block_forever)
        with pytest.raises(NotInProcessError, match=re.escape(f"{name}()")):
            call(pid)
        assert beampy.is_alive(pid) is True


@pytest.mark.parametrize(
    ("name", "call"), _PROCESS_ONLY_ASYNC, ids=[n for n, _ in _PROCESS_ONLY_ASYNC]
)
async def test_process_only_await_from_trio_code_raises_not_in_process_error(
    name: str, call: Callable[[], Any], autojump_clock: trio.testing.MockClock
) -> None:
    async with beampy.open_runtime():
        with pytest.raises(NotInProcessError, match=re.escape(f"{name}()")):
            await call()


def test_process_only_call_outside_any_runtime_raises_not_in_process_error() -> None:
    with pytest.raises(NotInProcessError, match=re.escape("self()")):
        beampy.self()
    with pytest.raises(NotInProcessError, match=re.escape("link()")):
        beampy.link(beampy.make_ref())  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "call"),
    [
        ("spawn", lambda: beampy.spawn(block_forever)),
        ("whereis", lambda: beampy.whereis("x")),
        ("registered", lambda: beampy.registered()),
        ("list", lambda: beampy.list()),
        ("unregister", lambda: beampy.unregister("x")),
        ("send_after", lambda: beampy.send_after("x", "m", 1)),
        ("send", lambda: beampy.send("x", "m")),
    ],
    ids=["spawn", "whereis", "registered", "list", "unregister", "send_after", "send_name"],
)
def test_runtime_call_outside_any_runtime_raises_not_in_process_error(
    name: str, call: Callable[[], Any]
) -> None:
    with pytest.raises(NotInProcessError, match=re.escape(name)):
        call()


def test_not_in_process_error_is_a_runtime_error() -> None:
    assert issubclass(NotInProcessError, RuntimeError)


async def test_wait_exit_non_pid_raises_type_error(
    autojump_clock: trio.testing.MockClock,
) -> None:
    async with beampy.open_runtime() as rt:
        with pytest.raises(TypeError, match="'p'"):
            await rt.wait_exit("p")  # type: ignore[arg-type]


@pytest.mark.parametrize("timeout", [-1, math.nan, "1"])
def test_receive_bad_timeout_raises_even_with_a_matching_message_waiting(timeout: Any) -> None:
    # A stated difference (docs/differences.md): the BEAM only raises timeout_value when the
    # receive would wait; beampy reports the bad timeout every time.
    async def main() -> str:
        beampy.send(beampy.self(), "here")
        try:
            await beampy.receive("here", timeout=timeout)
        except (ValueError, TypeError) as e:
            return f"{type(e).__name__}: {e}"
        return "returned"

    expected = "TypeError" if isinstance(timeout, str) else "ValueError"
    assert run(main).startswith(f"{expected}: receive() timeout must be")


# -- found by an audit of the docs (2026-12-02) ---------------------------------------------


@pytest.mark.parametrize(
    ("call", "text"),
    [
        (lambda: beampy.info(beampy.self(), 5), r"info\(\): item must be a str"),  # type: ignore[arg-type]
        (lambda: beampy.info(beampy.self(), ["links", 5]), r"info\(\): item must be a str"),  # type: ignore[list-item]
        (lambda: beampy.flag(1, True), r"flag\(\): the flag must be a str"),  # type: ignore[call-overload]
        (lambda: beampy.flag("priority", 5), r"flag\('priority', value\).*\(int\)"),  # type: ignore[call-overload]
        (lambda: beampy.put([1], 2), r"put\(\): key must be hashable"),
        (lambda: beampy.cancel_timer(beampy.make_ref(), info=1), r"cancel_timer\(\)"),  # type: ignore[arg-type]
    ],
    ids=["info-int", "info-list-int", "flag-int", "priority-int", "put-list", "cancel-info-int"],
)
def test_a_value_of_the_wrong_type_raises_type_error_naming_the_call(
    call: Callable[[], Any], text: str
) -> None:
    # audit: these raised ValueError (the rule: TypeError for a wrong type) or a bare
    # "unhashable type" error that named neither the call nor the argument
    def check() -> None:
        with pytest.raises(TypeError, match=text):
            call()

    assert _in_process(check) == "ok"


def test_run_of_a_plain_function_names_run() -> None:
    # audit: the error named spawn(), which the user never called
    with pytest.raises(TypeError, match=r"^run\(\) expects an async function"):
        beampy.run(lambda: 1)  # type: ignore[arg-type,return-value]
