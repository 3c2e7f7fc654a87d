"""Run a command and report the peak memory of it and its child processes (Linux: /proc).

    python scripts/peak_memory.py [--every 0.25] -- babelwire ingest DIR --db STORE --mode tiered

Samples /proc/PID/smaps_rollup of the command and of its children (the ingest's forked prepare worker) every
``--every`` seconds and prints, on stderr, one JSON line of peaks in MB: the main process's RSS and PSS, the
children's RSS summed, and the PSS of all of them together (PSS shares each page among the processes that map it,
so a forked worker's pages shared with its parent are not counted twice, as summed RSS counts them). Exits with the
command's exit status. A sampler misses a peak shorter than its interval.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time


def children(pid: int) -> list[int]:
    """The direct children of ``pid`` (any of its threads')."""
    out: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                out += [int(x) for x in f.read().split()]
    except OSError:
        pass
    return out


def rollup(pid: int) -> dict[str, float]:
    """The process's ``Rss`` and ``Pss`` in MB (empty once it has exited)."""
    found: dict[str, float] = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                name, *rest = line.split()
                if name in ("Rss:", "Pss:"):
                    found[name[:-1]] = int(rest[0]) / 1024
    except OSError:
        pass
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--every", type=float, default=0.25, help="seconds between samples")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command (after --)")
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")
    process = subprocess.Popen(command)
    peak = {"main_rss_mb": 0.0, "main_pss_mb": 0.0, "children_rss_mb": 0.0, "all_pss_mb": 0.0}
    while process.poll() is None:
        main_ = rollup(process.pid)
        kids = [rollup(child) for child in children(process.pid)]
        peak["main_rss_mb"] = max(peak["main_rss_mb"], main_.get("Rss", 0.0))
        peak["main_pss_mb"] = max(peak["main_pss_mb"], main_.get("Pss", 0.0))
        peak["children_rss_mb"] = max(peak["children_rss_mb"], sum(k.get("Rss", 0.0) for k in kids))
        peak["all_pss_mb"] = max(peak["all_pss_mb"], main_.get("Pss", 0.0) + sum(k.get("Pss", 0.0) for k in kids))
        time.sleep(args.every)
    print(json.dumps({k: round(v, 1) for k, v in peak.items()}), file=sys.stderr)
    sys.exit(process.returncode)


if __name__ == "__main__":
    main()
