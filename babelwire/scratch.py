"""Temporary folders that a signal cannot leave behind.

``tempfile.TemporaryDirectory`` makes its folder and only then registers its removal: a SIGTERM (which the CLI
turns into ``SystemExit``) or a Ctrl-C landing between the two left an empty ``babelwire-eval-*`` folder in the
temporary directory. :func:`scratch_dir` names its folder and registers it for removal at the process's exit
*before* making it, and removes it when its block ends; so wherever the exception lands (in the making, in the
block, in the removal itself), the folder is gone by the time the process has exited.
"""
from __future__ import annotations

import atexit
import os
import secrets
import shutil
import tempfile
from contextlib import contextmanager
from typing import Iterator

# names tried before giving up (mkdtemp's own count): another process's folder of the same name is skipped
_ATTEMPTS = 10_000
# folders made here and not yet removed (or about to be made), with the process that made them: removed at that
# process's exit (a forked child inherits the set and the exit hook, and must not remove its parent's folders)
_pending: dict[str, int] = {}


@contextmanager
def scratch_dir(prefix: str) -> Iterator[str]:
    """A new private folder (mode 0700) in the temporary directory, named ``prefix`` + 16 random hex digits,
    removed with everything in it when the block ends, however it ends, and at the latest when the process exits
    (an exception landing before the block's own removal could run). Yields its path as a string, as
    ``TemporaryDirectory`` does."""
    parent = tempfile.gettempdir()
    for _ in range(_ATTEMPTS):
        path = os.path.join(parent, prefix + secrets.token_hex(8))
        _pending[path] = os.getpid()
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            _pending.pop(path, None)   # another's folder: never ours to remove
            continue
        try:
            yield path
        finally:
            shutil.rmtree(path, ignore_errors=True)
            _pending.pop(path, None)
        return
    raise FileExistsError(f"no free name for a temporary folder {prefix}* in {parent}")


@atexit.register
def remove_pending() -> None:
    """Remove the folders whose blocks did not get to remove them (run at the process's exit)."""
    for path, pid in list(_pending.items()):
        if pid == os.getpid():
            shutil.rmtree(path, ignore_errors=True)
            _pending.pop(path, None)
