"""The commands README.md and docs/ show run as written: every `moderate ...` line they hold is one the
CLI accepts (a renamed option or format would otherwise leave the docs wrong without a failing test), and
the README's first two commands, on the bundled samples, exit 0 with nothing on stderr."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from moderation.cli import COMMANDS, cli

PROJECT = Path(__file__).resolve().parent.parent
# The documents a newcomer follows; docs/benchmarks.md is a record of past runs (options since removed
# among them), not instructions.
DOCUMENTS = ("README.md", "docs/architecture.md", "docs/cli.md", "docs/threats.md", "training/README.md")
# Where a shell line stops being `moderate`'s own arguments: a pipe, a redirection, the next command, a
# comment. README's tables escape the pipe as `\|`.
SHELL_END = re.compile(r"\s(?:\\?\||>|<|&&|;|#)\s")
COMMAND_START = re.compile(r"(?:^|[\s/`])moderate ((?:" + "|".join(COMMANDS) + r") \S.*)")


def documented_command_lines() -> list[tuple[str, str]]:
    """(document, line) for each `moderate COMMAND ARGS` in a shell block, an inline code span or an
    Example of docs/cli.md; synopses (`PATH...`, `[--top N]`) are not runnable and are left out."""
    found = []
    for name in DOCUMENTS:
        text = (PROJECT / name).read_text(encoding="utf-8")
        spans = re.findall(r"```(?:sh|text)\n(.*?)```", text, flags=re.S) + re.findall(r"`([^`\n]+)`", text)
        for span in spans:
            for line in span.splitlines():
                for piece in SHELL_END.split(f" {line} "):
                    match = COMMAND_START.search(piece.rstrip())
                    if match and "..." not in piece and "[" not in piece:
                        found.append((name, "moderate " + match.group(1).strip()))
    return sorted(set(found))


def test_the_documents_show_commands_to_check():
    lines = documented_command_lines()
    shown = {line.split()[1] for _, line in lines}
    assert shown == set(COMMANDS), f"no runnable example of {set(COMMANDS) - shown}"
    assert ("README.md", "moderate report sample_threads/ --format html -o report.html") in lines


@pytest.mark.parametrize("document, line", documented_command_lines())
def test_each_documented_command_is_one_the_cli_accepts(document, line):
    name, *arguments = shlex.split(line)[1:]
    # The group's settings (-h beside --help), as `moderate` runs: click keeps the help option it first
    # makes on the command, and docs/cli.md's test reads it.
    context = click.Context(cli, info_name="moderate", **cli.context_settings)
    command = cli.get_command(context, name)
    try:
        command.make_context(name, list(arguments), parent=context)
    except click.UsageError as error:
        pytest.fail(f"{document}: `{line}`: {error.format_message()}")


def readme_setup_commands() -> list[list[str]]:
    """The `moderate` parts of the README's set-up command (what .ci/run runs), as argument lists."""
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- setup-command -->", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    parts = [shlex.split(part) for part in block.strip().split("&&")]
    return [part[1:] for part in parts if part[0].endswith("/moderate")]


def test_the_readme_first_commands_run_clean_on_the_samples(stand_in_corpus, monkeypatch):
    """A newcomer's first screen: the tree, then the report over every sample, exit 0, stderr empty (a
    report over more than a few files drew its progress bar's last line, empty, into a non-terminal)."""
    commands = readme_setup_commands()
    assert [arguments[0] for arguments in commands] == ["parse", "report"]
    monkeypatch.chdir(PROJECT)
    for arguments in commands:
        result = CliRunner().invoke(cli, arguments)
        assert result.exit_code == 0, (arguments, result.stderr)
        assert result.stderr == "", (arguments, result.stderr)
        assert result.stdout.strip()


def test_moderate_alone_shows_the_help_as_help(monkeypatch, capsys):
    """`moderate` with no command: the help as `--help` shows it, not glued to a "moderate: " prefix."""
    import sys

    from moderation.cli import main

    monkeypatch.setattr(sys, "argv", ["moderate"])
    try:
        main()
    except SystemExit as stop:
        assert stop.code in (0, 2)  # click 8.1 prints the help and exits 0; 8.2 on calls it a usage error
    shown = capsys.readouterr()
    text = shown.out + shown.err
    first_line = text.splitlines()[0]
    assert first_line.startswith("Usage: ") and first_line.endswith("moderate [OPTIONS] COMMAND [ARGS]..."), first_line
    assert all(name in text for name in COMMANDS)


def test_the_command_list_summarises_each_command_whole():
    """`moderate --help` names each command with a whole sentence (click cut long first sentences with
    "..." at the terminal's width)."""
    result = CliRunner().invoke(cli, ["--help"], terminal_width=80)
    listing = result.stdout.split("Commands:", 1)[1]
    assert "..." not in listing
    assert all(f"  {name} " in listing for name in COMMANDS)


def test_the_built_in_model_is_built_with_one_blas_thread(monkeypatch):
    """README's first-run cost (about 22 CPU s) holds only with one BLAS thread: OpenBLAS's idle threads
    spin for a core and the build cost 2-3 times the CPU (docs/benchmarks.md, "README on a fresh machine")."""
    from conftest import FIXTURE_CORPUS_DIR
    from threadpoolctl import threadpool_info, threadpool_limits

    from moderation.classify import default_model, training

    seen = []

    class Stop(Exception):
        pass

    def record(*args, **kwargs):
        seen.extend(pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas")
        raise Stop

    monkeypatch.setattr(training, "train_model", record)
    with threadpool_limits(2), pytest.raises(Stop):  # the tests' own limit (conftest) lifted, as a shell has none
        default_model.train_default_model(sorted(FIXTURE_CORPUS_DIR.glob("*.jsonl")))
    assert seen and set(seen) == {default_model.BUILD_BLAS_THREADS} == {1}
