"""sys: look into and steer a running GenServer (Erlang's ``:sys``).

docs/sys.md is the guide.  Every function is a system message the server
answers between two callbacks; failures exit the caller with ``(reason,
("sys", function, args))``, as ``:sys`` does.

Example::

    from beampy import sys

    state = await sys.get_state(pid)
    await sys.suspend(pid)
    await sys.resume(pid)
"""

from ._otp._sys import CallbackFailed as CallbackFailed
from ._otp._sys import change_code as change_code
from ._otp._sys import get_state as get_state
from ._otp._sys import get_status as get_status
from ._otp._sys import replace_state as replace_state
from ._otp._sys import resume as resume
from ._otp._sys import statistics as statistics
from ._otp._sys import suspend as suspend
from ._otp._sys import terminate as terminate
from ._otp._sys import trace as trace

__all__ = [
    "CallbackFailed",
    "change_code",
    "get_state",
    "get_status",
    "replace_state",
    "resume",
    "statistics",
    "suspend",
    "terminate",
    "trace",
]
