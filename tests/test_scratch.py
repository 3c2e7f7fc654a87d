"""babelwire.scratch: a temporary folder that an exception raised anywhere (a SIGTERM the CLI turns into
SystemExit, a Ctrl-C) does not leave behind once the process has exited."""
import os
import subprocess
import sys
import tempfile

import pytest

from babelwire import scratch
from babelwire.scratch import scratch_dir


def _interrupted_at(n, tmp_path):
    """Run a ``scratch_dir`` block with SystemExit raised at the ``n``-th line or call event in the frames it runs
    (as a signal handler raises it between two statements: in the folder's making, the block, or its removal);
    whether the block ran to its end without it."""
    seen = 0

    def tracer(frame, event, arg):
        nonlocal seen
        if event in ("call", "line"):
            seen += 1
            if seen == n:
                raise SystemExit(143)
        return tracer

    def run():
        with scratch_dir("babelwire-eval-") as path:
            with open(os.path.join(path, "eval.db"), "wb") as f:
                f.write(b"x")
        return True

    sys.settrace(tracer)
    try:
        return run()
    except (SystemExit, OSError):   # (shutil.rmtree interrupted between closing a folder and marking it closed
        return False                # closes it again: EBADF)
    finally:
        sys.settrace(None)


def _left(tmp_path):
    return sorted(p.name for p in tmp_path.glob("babelwire-eval-*"))


@pytest.fixture
def scratch_tmp(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    yield tmp_path
    scratch.remove_pending()


def test_no_folder_outlives_the_process_wherever_the_exception_lands(scratch_tmp):
    interrupted = 0
    for n in range(1, 10_000):
        finished = _interrupted_at(n, scratch_tmp)
        if finished:
            assert _left(scratch_tmp) == []   # the block's own removal, before any exit
            break
        interrupted += 1
        scratch.remove_pending()   # what the exit runs
        assert _left(scratch_tmp) == [], f"a folder left with the exception at event {n}"
    else:
        pytest.fail("the block never ran to its end")
    assert interrupted > 20   # every line of the folder's making, its block and its removal was interrupted once


def test_an_exception_just_after_the_folder_is_made(scratch_tmp, monkeypatch):
    """The gap that made `test_a_terminated_eval_removes_its_temporary_store` flaky: the folder exists, nothing
    of the block has run."""
    made, real = [], os.mkdir

    def mkdir_then_signal(path, mode):
        real(path, mode)
        made.append(path)
        raise KeyboardInterrupt

    monkeypatch.setattr(scratch.os, "mkdir", mkdir_then_signal)
    with pytest.raises(KeyboardInterrupt):
        with scratch_dir("babelwire-eval-"):
            pytest.fail("the block ran")
    assert len(made) == 1 and os.path.isdir(made[0])
    scratch.remove_pending()
    assert _left(scratch_tmp) == []


def test_the_folder_is_private_and_removed_with_its_contents(scratch_tmp):
    with scratch_dir("babelwire-eval-") as path:
        assert os.path.dirname(path) == str(scratch_tmp) and os.path.isdir(path)
        assert os.stat(path).st_mode & 0o777 == 0o700
        os.mkdir(os.path.join(path, "sub"))
        with open(os.path.join(path, "sub", "f.db"), "wb") as f:
            f.write(b"x")
    assert _left(scratch_tmp) == [] and path not in scratch._pending


def test_another_folder_of_the_same_name_is_skipped_and_kept(scratch_tmp, monkeypatch):
    names = iter(["aaaa", "aaaa", "bbbb"])
    monkeypatch.setattr(scratch.secrets, "token_hex", lambda n: next(names))
    (scratch_tmp / "babelwire-eval-aaaa").mkdir()
    with scratch_dir("babelwire-eval-") as path:
        assert path.endswith("babelwire-eval-bbbb")
    scratch.remove_pending()
    assert _left(scratch_tmp) == ["babelwire-eval-aaaa"]


def test_a_process_that_exits_inside_the_block_leaves_nothing(tmp_path):
    """os.mkdir's folder outlives a SystemExit raised before the block's removal runs only until the exit."""
    code = ("import os, sys\n"
            "from babelwire import scratch\n"
            "real = os.mkdir\n"
            "def mkdir(path, mode):\n"
            "    real(path, mode)\n"
            "    print(path, flush=True)\n"
            "    raise SystemExit(143)\n"
            "scratch.os.mkdir = mkdir\n"
            "with scratch.scratch_dir('babelwire-eval-'):\n"
            "    pass\n")
    from conftest import ROOT
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**os.environ, "TMPDIR": str(tmp_path)},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 143
    assert done.stdout.strip().startswith(str(tmp_path))   # the folder was made ...
    assert _left(tmp_path) == []                            # ... and is gone
