"""What the bad-input sweep's leftovers cost a normal run: `moderate ARGS` whole, with this branch's
changes (`new`) or with them switched off in the same code (`old`): stdout into a pipe written through
pipe_output.WholeWrites, and report's first thread read before the model loads. `nopeek` switches off
only the latter.

Run each mode as a whole process into a pipe and compare CPU time (user+sys), alternating:
    /usr/bin/time -f '%U %S %M' .venv/bin/python benchmarks/sweep_leftovers_cost.py old parse DUMP | cat >/dev/null
    /usr/bin/time -f '%U %S %M' .venv/bin/python benchmarks/sweep_leftovers_cost.py new parse DUMP | cat >/dev/null
"""

from __future__ import annotations

import sys

import moderation.cli as cli


def main(mode: str, args: list[str]) -> None:
    if mode == "old":
        cli.write_stdout_whole = lambda: None
    if mode in ("old", "nopeek") and args[0] == "report":  # imported only where the command imports it anyway
        import moderation.report.commands as report_commands

        report_commands.first_thread_read = lambda threads, failures: threads
    sys.argv = ["moderate", *args]
    cli.main()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
