"""The public process API: Elixir's ``Process`` and the process parts of ``Kernel``.

Every name is also available at the top level (``beampy.spawn``...).  See
docs/process.md for the narrative guide.
"""

from ._core import HIBERNATING as HIBERNATING
from ._core import INFO_ITEMS as INFO_ITEMS
from ._core import alias as alias
from ._core import cancel_timer as cancel_timer
from ._core import delete as delete
from ._core import demonitor as demonitor
from ._core import exit as exit
from ._core import flag as flag
from ._core import get as get
from ._core import get_keys as get_keys
from ._core import hibernate as hibernate
from ._core import info as info
from ._core import is_alive as is_alive
from ._core import link as link
from ._core import list_ as list
from ._core import make_ref as make_ref
from ._core import monitor as monitor
from ._core import put as put
from ._core import read_timer as read_timer
from ._core import receive as receive
from ._core import receive_nowait as receive_nowait
from ._core import register as register
from ._core import registered as registered
from ._core import self as self
from ._core import send as send
from ._core import send_after as send_after
from ._core import sleep as sleep
from ._core import spawn as spawn
from ._core import spawn_link as spawn_link
from ._core import spawn_monitor as spawn_monitor
from ._core import unalias as unalias
from ._core import unlink as unlink
from ._core import unregister as unregister
from ._core import whereis as whereis
from ._core import yield_ as yield_

__all__ = [
    "HIBERNATING",
    "INFO_ITEMS",
    "alias",
    "cancel_timer",
    "delete",
    "demonitor",
    "exit",
    "flag",
    "get",
    "get_keys",
    "hibernate",
    "info",
    "is_alive",
    "link",
    "list",
    "make_ref",
    "monitor",
    "put",
    "read_timer",
    "receive",
    "receive_nowait",
    "register",
    "registered",
    "self",
    "send",
    "send_after",
    "sleep",
    "spawn",
    "spawn_link",
    "spawn_monitor",
    "unalias",
    "unlink",
    "unregister",
    "whereis",
    "yield_",
]
