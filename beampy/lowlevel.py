"""Sharp tools: the runtime object itself, for introspection, beampy's report emitter, and
whether a reference was made as an alias.

Most programs never need this module.
"""

from ._core import Mailbox as Mailbox
from ._core import Runtime as Runtime
from ._core import RuntimeStatistics as RuntimeStatistics
from ._core import emit_report as emit_report
from ._core import is_alias as is_alias
from ._core._runtime import require_runtime as _require_runtime


def current_runtime() -> Runtime:
    """The runtime of the calling process (or of the enclosing ``open_runtime`` block).

    Raises:
        NotInProcessError: called outside any runtime.
    """
    return _require_runtime("lowlevel.current_runtime").runtime


__all__ = ["Mailbox", "Runtime", "RuntimeStatistics", "current_runtime", "emit_report", "is_alias"]
