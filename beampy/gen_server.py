"""GenServer: Elixir's generic server, with its callbacks and return values.

``GenServer`` is also available as ``beampy.GenServer``.  docs/genserver.md is
the guide.

Example::

    from beampy import GenServer
    from beampy.gen_server import NoReply, Ok, Reply

    class Counter(GenServer):
        def init(self, start):
            return Ok(start)

        def handle_call(self, request, from_, n):
            return Reply(n, n)

        def handle_cast(self, request, n):
            return NoReply(n + 1)
"""

from ._otp._gen import ViaRegistry as ViaRegistry
from ._otp._gen_server import Action as Action
from ._otp._gen_server import Continue as Continue
from ._otp._gen_server import GenServer as GenServer
from ._otp._gen_server import Ignore as Ignore
from ._otp._gen_server import NoReply as NoReply
from ._otp._gen_server import Ok as Ok
from ._otp._gen_server import Reply as Reply
from ._otp._gen_server import Stop as Stop

__all__ = [
    "Action",
    "Continue",
    "GenServer",
    "Ignore",
    "NoReply",
    "Ok",
    "Reply",
    "Stop",
    "ViaRegistry",
]
