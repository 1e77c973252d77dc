"""The exceptions of the process layer.

A flat hierarchy with sharp meanings:

* :class:`Exit` is an *exit* as Erlang means it (``exit(Reason)``).  Raising it
  ends the current process with ``reason``; higher layers raise it in the
  caller where Elixir exits the caller (a failed ``GenServer.call``, a
  ``Task.await`` timeout).  It is an ordinary :class:`Exception`, so it can be
  caught, exactly as Elixir's ``catch :exit, reason`` can.
* :class:`ExitSignal` is how a *fatal exit signal* reaches a process: it is
  thrown into the process where it waits.  Like :class:`trio.Cancelled` it
  derives from :class:`BaseException`, so ``except Exception`` does not swallow
  it; code that swallows it anyway gets it again at its next beampy operation.
* :class:`ReceiveTimeout` is what ``receive(..., timeout=t)`` raises when
  nothing matched in time (Erlang's ``after`` clause).
* :class:`NoProcError` is Erlang's ``noproc`` error (``link`` to a dead pid).
* :class:`NotInProcessError` is raised when an operation that needs a calling
  process (``self``, ``receive``, ``link``...) is used from plain trio code.
* :class:`WrongThreadError` is raised when a beampy function is called from a
  thread that does not run the runtime it would act on (trio code reaches a
  runtime from another thread with ``trio.from_thread.run_sync``).
* Misuse raises :class:`TypeError` or :class:`ValueError` naming what was given
  and what is accepted (Elixir raises ``ArgumentError`` in those places).
"""

from __future__ import annotations

from typing import Any

import trio


class Exit(Exception):  # noqa: N818 - the name is Erlang's
    """An Erlang exit: raising it ends the current process with ``reason``.

    Mirrors ``Kernel.exit/1``.  ``raise Exit("normal")`` ends the process
    normally; any other reason is abnormal and travels over links.

    Example::

        async def worker():
            raise beampy.Exit(("shutdown", "no more work"))
    """

    reason: Any

    def __init__(self, reason: Any) -> None:
        super().__init__(reason)
        self.reason = reason

    def __repr__(self) -> str:
        return f"Exit({self.reason!r})"


class ExitSignal(BaseException):
    """A fatal exit signal being delivered to the current process.

    Thrown into a process at the operation where it waits when another process
    kills it (``beampy.exit(pid, reason)``, a link) or when it kills itself.
    Let it propagate: the process then ends with :attr:`reason`.  Like
    :class:`trio.Cancelled` it is a :class:`BaseException`.
    """

    reason: Any

    def __init__(self, reason: Any) -> None:
        super().__init__(reason)
        self.reason = reason

    def __repr__(self) -> str:
        return f"ExitSignal({self.reason!r})"


class ReceiveTimeout(trio.TooSlowError):
    """Raised by :func:`beampy.receive` when nothing matched within ``timeout``.

    It is a :class:`trio.TooSlowError`, the exception trio's ``fail_after``
    raises, so trio code that already handles timeouts handles this one.
    """


class NoProcError(Exception):
    """Erlang's ``noproc`` error: the process named does not exist.

    Raised by :func:`beampy.link` when the target is dead and the caller does
    not trap exits (a trapping caller receives ``ExitMessage(pid, "noproc")``
    instead, as on the BEAM).
    """

    reason = "noproc"

    def __init__(self, pid: Any) -> None:
        super().__init__(f"noproc: {pid!r} is not alive")
        self.pid = pid


class NotInProcessError(RuntimeError):
    """A process-only operation was called outside any beampy process."""


class WrongThreadError(NotInProcessError):
    """A beampy function was called from a thread that does not run its runtime.

    A runtime and its processes belong to the thread that runs its trio loop.
    From a worker thread (``trio.to_thread.run_sync``) or a plain
    :class:`threading.Thread`, reach it through trio: for example
    ``trio.from_thread.run_sync(rt.send, pid, msg)`` (from a thread trio did not start,
    with ``trio_token=`` the runtime's token).  Nothing was changed.
    """
