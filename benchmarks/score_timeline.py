"""`moderate score` split into its serial part and each forked worker's part, in CPU seconds.

Usage (from outside the checkout, the code chosen by PYTHONPATH; build the default model first):
    cd /tmp && PYTHONPATH=CODE python -P /path/to/benchmarks/score_timeline.py score [arguments...] > out.jsonl

On a loaded machine wall time says little; CPU time does. What the wall time of a run on an idle
two-core machine would be is the parent's CPU until the workers start (start-up, reading, loading:
serial), plus the busiest worker's CPU, plus what the process spends after the command returns
(the interpreter's exit, serial too). This runs the command in a child process of itself, notes the
child's CPU when the forked workers are started, each worker's CPU after each part and the child's at
the command's end, takes the whole tree's CPU from wait4, and prints the parts on stderr as one JSON line.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time

_INNER = "--timeline-inner"


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


_WORKER_PARTS: dict = {}


def _timed_run(batch):
    """A worker's part, then its CPU so far (a forked process's CPU time starts at 0); module-level, so
    the pool can name it to the workers."""
    result = _WORKER_PARTS["run"](batch)
    with open(_WORKER_PARTS["notes"], "a") as stream:
        stream.write(f"{os.getpid()} {_cpu()}\n")
    return result


def main() -> None:
    if sys.argv[1:2] == [_INNER]:
        del sys.argv[1]
        return _inner()
    began = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, *sys.orig_argv[1 : -len(sys.argv)], __file__, _INNER, *sys.argv[1:]], stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - began
    said = process.stderr.read().decode(errors="replace").splitlines()
    inner = json.loads(said[-1])
    sys.stderr.write("".join(line + "\n" for line in said[:-1]))
    total = usage.ru_utime + usage.ru_stime
    counted = inner.pop("cpu_at_end_s") + inner["reader_cpu_s"] + sum(inner["workers_cpu_s"])
    inner["after_command_cpu_s"] = round(max(0.0, total - counted), 3)
    inner["idle_two_core_wall_s"] = round(inner["idle_two_core_wall_s"] + inner["after_command_cpu_s"], 3)
    inner.update(total_cpu_s=round(total, 3), wall_s=round(wall, 3), status=status >> 8)
    print(json.dumps(inner), file=sys.stderr)


def _inner() -> None:
    from moderation import forked_workers
    from moderation.cli import main as moderate

    notes = tempfile.NamedTemporaryFile("a", suffix=".timeline", delete=False)  # noqa: SIM115
    marks: dict[str, float] = {}
    real_map, real_run = forked_workers.forked_map, forked_workers._run

    def forked_map(work, batches, jobs):
        marks["serial"] = _cpu()
        children = resource.getrusage(resource.RUSAGE_CHILDREN)  # the read-ahead child, reaped by now
        marks["reader"] = children.ru_utime + children.ru_stime
        return real_map(work, batches, jobs)

    _WORKER_PARTS.update(run=real_run, notes=notes.name)
    forked_workers.forked_map, forked_workers._run = forked_map, _timed_run
    sys.argv = ["moderate", *sys.argv[1:]]
    try:
        moderate()
    except SystemExit:
        pass
    finally:
        sys.stdout.flush()
        workers: dict[str, float] = {}
        with open(notes.name) as stream:
            for line in stream:
                pid, cpu = line.split()
                workers[pid] = max(workers.get(pid, 0.0), float(cpu))
        os.unlink(notes.name)
        total = _cpu()
        serial = marks.get("serial", total)
        busiest = max(workers.values(), default=0.0)
        tail = total - serial
        summary = {
            "serial_cpu_s": round(serial, 3),
            "reader_cpu_s": round(marks.get("reader", 0.0), 3),
            "workers_cpu_s": sorted(round(value, 3) for value in workers.values()),
            "parent_after_fork_cpu_s": round(tail, 3),
            "idle_two_core_wall_s": round(serial + busiest + (tail if not workers else 0.0), 3),
            "cpu_at_end_s": total,
        }
        print(json.dumps(summary), file=sys.stderr)


if __name__ == "__main__":
    main()
