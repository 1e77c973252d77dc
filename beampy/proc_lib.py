"""proc_lib: spawn with ancestry and a synchronous start (Erlang's ``proc_lib``).

What GenServer and the other behaviours are built on; use it to write a
process that starts like one::

    async def worker():
        proc_lib.init_ack(("ok", beampy.self()))   # start_link returns this
        ...

    ok, pid = await proc_lib.start_link(worker)
"""

from ._otp._proc_lib import init_ack as init_ack
from ._otp._proc_lib import initial_call as initial_call
from ._otp._proc_lib import spawn as spawn
from ._otp._proc_lib import spawn_link as spawn_link
from ._otp._proc_lib import start as start
from ._otp._proc_lib import start_link as start_link
from ._otp._proc_lib import translate_initial_call as translate_initial_call

__all__ = [
    "init_ack",
    "initial_call",
    "spawn",
    "spawn_link",
    "start",
    "start_link",
    "translate_initial_call",
]
