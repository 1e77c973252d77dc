"""The process layer: scheduler and carriers, pids/refs, mailboxes, signals, registry, timers.

Everything above this package uses only what it exports.
"""

from ._api import HIBERNATING as HIBERNATING
from ._api import INFO_ITEMS as INFO_ITEMS
from ._api import alias as alias
from ._api import cancel_timer as cancel_timer
from ._api import delete as delete
from ._api import demonitor as demonitor
from ._api import exit as exit
from ._api import flag as flag
from ._api import get as get
from ._api import get_keys as get_keys
from ._api import hibernate as hibernate
from ._api import info as info
from ._api import is_alive as is_alive
from ._api import link as link
from ._api import list_ as list_
from ._api import make_ref as make_ref
from ._api import monitor as monitor
from ._api import put as put
from ._api import read_timer as read_timer
from ._api import receive as receive
from ._api import receive_nowait as receive_nowait
from ._api import register as register
from ._api import registered as registered
from ._api import self as self
from ._api import send as send
from ._api import send_after as send_after
from ._api import sleep as sleep
from ._api import spawn as spawn
from ._api import spawn_link as spawn_link
from ._api import spawn_monitor as spawn_monitor
from ._api import unalias as unalias
from ._api import unlink as unlink
from ._api import unregister as unregister
from ._api import whereis as whereis
from ._api import yield_ as yield_
from ._entry import open_runtime as open_runtime
from ._entry import run as run
from ._exceptions import Exit as Exit
from ._exceptions import ExitSignal as ExitSignal
from ._exceptions import NoProcError as NoProcError
from ._exceptions import NotInProcessError as NotInProcessError
from ._exceptions import ReceiveTimeout as ReceiveTimeout
from ._exceptions import WrongThreadError as WrongThreadError
from ._logging import emit_report as emit_report
from ._messages import DownMessage as DownMessage
from ._messages import ExitMessage as ExitMessage
from ._patterns import ANY as ANY
from ._runtime import Mailbox as Mailbox
from ._runtime import Runtime as Runtime
from ._runtime import RuntimeStatistics as RuntimeStatistics
from ._terms import NODE as NODE
from ._terms import Pid as Pid
from ._terms import Ref as Ref
