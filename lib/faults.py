"""What a failed write of the state folder means to a user: what was saved, what was not, and why.

Owns `SaveError` (a write that failed, with the version that was kept, if any) and `reason`, the
one translation of an `OSError` into words a planner can act on (disk full, folder read-only,
anything else with the system's own code). Used by dataset versions and saved scenarios.
Never imports Streamlit and never writes anything.
"""

from __future__ import annotations

import errno

from lib.i18n import t

_FULL = {errno.ENOSPC, errno.EDQUOT}
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}


def reason(exc: BaseException, lang: str) -> str:
    """Why a read or write of the state folder failed, in the UI's language."""
    code = getattr(exc, "errno", None)
    if code in _FULL:
        return t("state.reason_full", lang)
    if code in _READ_ONLY:
        return t("state.reason_read_only", lang)
    name = errno.errorcode.get(code, type(exc).__name__) if isinstance(code, int) else type(exc).__name__
    return t("state.reason_other", lang, error=name)


class SaveError(Exception):
    """A save that failed part-way: `saved` is the version id that was written (but could not be
    made active), or None when nothing was written; `error` is the underlying OSError."""

    def __init__(self, saved: str | None, error: OSError):
        super().__init__(f"{saved or 'nothing'} saved: {error}")
        self.saved = saved
        self.error = error
