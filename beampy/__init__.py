"""beampy: Erlang's process model for Python, on its own scheduler hosted in trio.

Lightweight processes with mailboxes and selective receive, links, monitors,
exit signals and trap_exit, a name registry and timers::

    import beampy

    async def echo():
        while True:
            match await beampy.receive():
                case ("ping", sender):
                    beampy.send(sender, "pong")

    async def main():
        pid = beampy.spawn(echo)
        beampy.send(pid, ("ping", beampy.self()))
        return await beampy.receive("pong", timeout=1.0)

    print(beampy.run(main))   # pong

The process API mirrors Elixir's ``Process``/``Kernel`` (see
:mod:`beampy.process`); docs/ explains it, and docs/differences.md lists every
place beampy differs from the BEAM.
"""

from . import agent as agent
from . import dynamic_supervisor as dynamic_supervisor
from . import gen_server as gen_server
from . import lowlevel as lowlevel
from . import proc_lib as proc_lib
from . import process as process
from . import supervisor as supervisor
from . import sys as sys
from . import task as task
from . import task_supervisor as task_supervisor
from ._core import ANY as ANY
from ._core import NODE as NODE
from ._core import DownMessage as DownMessage
from ._core import Exit as Exit
from ._core import ExitMessage as ExitMessage
from ._core import ExitSignal as ExitSignal
from ._core import NoProcError as NoProcError
from ._core import NotInProcessError as NotInProcessError
from ._core import Pid as Pid
from ._core import ReceiveTimeout as ReceiveTimeout
from ._core import Ref as Ref
from ._core import WrongThreadError as WrongThreadError
from ._core import open_runtime as open_runtime
from ._core import run as run
from ._otp._agent import Agent as Agent
from ._otp._dynamic_supervisor import DynamicSupervisor as DynamicSupervisor
from ._otp._gen_server import GenServer as GenServer
from ._otp._supervisor import Supervisor as Supervisor
from ._otp._task import Task as Task
from ._otp._task_supervisor import TaskSupervisor as TaskSupervisor
from .process import HIBERNATING as HIBERNATING
from .process import INFO_ITEMS as INFO_ITEMS
from .process import alias as alias
from .process import cancel_timer as cancel_timer
from .process import delete as delete
from .process import demonitor as demonitor
from .process import exit as exit
from .process import flag as flag
from .process import get as get
from .process import get_keys as get_keys
from .process import hibernate as hibernate
from .process import info as info
from .process import is_alive as is_alive
from .process import link as link
from .process import list as list
from .process import make_ref as make_ref
from .process import monitor as monitor
from .process import put as put
from .process import read_timer as read_timer
from .process import receive as receive
from .process import receive_nowait as receive_nowait
from .process import register as register
from .process import registered as registered
from .process import self as self
from .process import send as send
from .process import send_after as send_after
from .process import sleep as sleep
from .process import spawn as spawn
from .process import spawn_link as spawn_link
from .process import spawn_monitor as spawn_monitor
from .process import unalias as unalias
from .process import unlink as unlink
from .process import unregister as unregister
from .process import whereis as whereis
from .process import yield_ as yield_

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    # beampy.testing on first use: it imports trio.testing, which imports pytest
    if name == "testing":
        import importlib

        return importlib.import_module("beampy.testing")
    raise AttributeError(f"module 'beampy' has no attribute {name!r}")
