"""`moderate report`: a thin click wrapper over `moderation.report`'s run and renderers."""

from __future__ import annotations

import sys
from itertools import chain
from pathlib import Path

import click

from moderation.dump_input import dump_input_options, first_thread_read, iter_threads
from moderation.empty_values import label_list
from moderation.errors import NothingRead, error_line
from moderation.exit_status import EXIT_BAD_INPUT, exit_status, incomplete_notice
from moderation.output import atomic_text_output, check_output_path, is_stream
from moderation.plurals import counted
from moderation.standard_streams import is_dash
from moderation.threshold_option import check_labels, parse_thresholds, threshold_option, with_overrides

FORMATS = ("text", "markdown", "json", "csv", "html")
# The format `-o FILE` implies when --format does not say; a name with none of these extensions (and not
# one of TEXT_EXTENSIONS) is refused: `-o r.pdf` or `-o r.xlsx` would otherwise get a text report.
FORMAT_BY_EXTENSION = {
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "json",
    ".csv": "csv",
    ".txt": "text",
    ".text": "text",
}
TEXT_EXTENSIONS = ("", ".log", ".out")  # no extension (`-o report`), or a log's: the text report
PROGRESS_ABOVE_FILES = 3


def output_format_for(output_format: str | None, output: str | None) -> str:
    """--format when given, else the format the output file's extension names, else text (stdout, a
    device or pipe, a name without extension). An extension no report format has is a usage error."""
    if output_format:
        return output_format
    if not output or is_dash(output) or is_stream(output):
        return "text"
    suffix = Path(output).suffix.lower()
    if suffix in FORMAT_BY_EXTENSION:
        return FORMAT_BY_EXTENSION[suffix]
    if suffix in TEXT_EXTENSIONS:
        return "text"
    raise click.BadParameter(
        f"{output}: a report is not written as {suffix}: name the file .txt, .md, .json, .csv or .html, "
        "or give --format",
        param_hint="'-o'",
    )


@click.command("report", short_help="Moderation report: what needs attention first, then each thread.")
@dump_input_options
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    help="text for a terminal; markdown; json (the moderation.report/1 document); csv (one row per flagged "
    "comment); html (one self-contained page). Default: from the -o file's extension (.html, .md, .json, "
    ".csv, .txt; none is text); another extension (.pdf) is refused unless --format is given.",
)
@click.option("-o", "--output", type=click.Path(allow_dash=True), help="Write the report here instead of stdout.")
@click.option(
    "--model",
    "model_path",
    type=click.Path(dir_okay=False),
    help="A model file from `moderate train` (checked against its manifest first). Default: the built-in model.",
)
@threshold_option
@click.option(
    "--fail-on",
    "fail_on",
    metavar="LABEL,LABEL",
    help="Exit with status 1 when any comment is flagged with one of these labels (e.g. insult,username_change).",
)
@click.option("--top", default=5, show_default=True, type=click.IntRange(0, 50), help="Reasons shown per flag.")
@click.option("--tree", "show_tree", is_flag=True, help="Also show every comment's reply tree (text and Markdown).")
@click.option(
    "--staff",
    multiple=True,
    metavar="NAME",
    help="A site staff member's name (repeatable), beside those the dump marks (post author, moderators, "
    "admins): staff are never ranked as offenders; their flagged comments show as moderation. A name that "
    "matches no author is named on stderr, with the nearest author names.",
)
@click.option(
    "--jobs", default=2, show_default=True, type=click.IntRange(1, 64), help="Worker processes scoring large runs."
)
@click.option(
    "--dask",
    "dask_scheduler",
    metavar="ADDRESS",
    help="Score on a Dask cluster (its scheduler's address, e.g. tcp://10.0.0.5:8786) instead of local "
    "processes; every worker must see the model file at the same path. Needs the 'dask' extra.",
)
def report_command(
    paths,
    output_format,
    output,
    model_path,
    thresholds,
    fail_on,
    from_format,
    timezone_name,
    top,
    show_tree,
    staff,
    jobs,
    dask_scheduler,
):
    """Moderation report: what needs attention first, then each thread's detail.

    Every format opens with the model and thresholds used, the flagged comments of all threads
    ranked by score, the threads ranked by flags and heat, and the most flagged authors; then per
    thread its flagged comments in tree order (whom each is aimed at, and why), site staff's
    call-outs, heated subthreads, double posts and aliases. Site staff (the post's author,
    moderators, admins, --staff) are never ranked as offenders.

    PATH is a file, a directory (read recursively) or - for standard input. A thread the dump
    holds only in part (the page declares more comments, unloaded replies, a second comment page)
    is marked INCOMPLETE in every format, at the top and in the thread, and named on stderr.

    Exit status: 2 on bad input or usage (a file that cannot be read, a folder with no dump), else 3
    when any thread is incomplete (whatever --fail-on says: a run that missed comments never
    passes), else 1 when a --fail-on label was found, else 0. When no input could be read, no model
    is loaded (or built) and nothing is written.

    \b
    Example:
        moderate report sample_threads/
        moderate report sample_threads/ -o report.html
        moderate report export.xml --threshold insult=0.7 --fail-on insult,username_change
    """
    from moderation.report.run import (
        RunSummary,
        default_jobs,
        document_head,
        iter_thread_reports,
    )
    from moderation.report.thread_report import ReportSettings

    if dask_scheduler is not None:
        from moderation.report.run import check_dask_address

        check_dask_address(dask_scheduler)  # a typo fails at once, not after the model has loaded
    output_format = output_format_for(output_format, output)
    overrides = parse_thresholds(thresholds)
    failing = label_list(fail_on, "--fail-on") or []
    failures: list[str] = []
    writes_file = bool(output) and not is_dash(output)
    if writes_file:
        check_output_path(output, paths)  # before anything is read: -o DUMP must not eat the dump
    threads = iter_threads(paths, from_format, timezone_name, failures)  # a folder with no dump fails here
    staff_check = None
    if staff:
        from moderation.report.staff_names import StaffCheck

        staff_check = StaffCheck(staff)  # a mistyped name would otherwise change nothing, silently
        threads = staff_check.watch(threads)
    try:
        threads = first_thread_read(threads, failures)
    except NothingRead:  # every input failed, each named in its line: no model is loaded
        sys.exit(EXIT_BAD_INPUT)
    model, loaded_from = _load_model(model_path)
    check_labels(failing, model.labels)
    settings = ReportSettings(
        thresholds=with_overrides(model, overrides),
        top=top,
        include_tree=output_format in ("html", "json") or show_tree,
        labels=tuple(model.labels),
        staff=tuple(staff),
    )
    summary = RunSummary(settings.labels)
    reports = iter_thread_reports(
        threads,
        model,
        settings,
        jobs=min(jobs, default_jobs()) if jobs > 1 else 1,
        model_path=loaded_from,
        dask_scheduler=dask_scheduler,
    )
    files = _count_files(paths)
    reports = _summarised(reports, summary, files)
    head = document_head(model, model_path or "default", settings)
    writer = _writer(output_format)
    if writes_file:
        try:
            with atomic_text_output(output) as stream:  # the previous report stays until this one is whole
                writer(head, reports, lambda: summary.to_dict(failures), stream)
                if failures and not summary.rows:
                    raise _NothingRead
        except _NothingRead:
            pass  # each file's error is its one line on stderr; an empty report must not replace the last one
    else:
        writer(head, reports, lambda: summary.to_dict(failures), sys.stdout)
        sys.stdout.flush()
    for line in staff_check.warnings() if staff_check else ():
        error_line(line)
    for entry in summary.incomplete:
        error_line(incomplete_notice(entry))
    found = {label: summary.flag_counts[label] for label in failing if summary.flag_counts.get(label)}
    if found:
        error_line("found " + ", ".join(f"{n} {label}" for label, n in found.items()))
    status = exit_status(
        failed_files=len(failures), incomplete_threads=len(summary.incomplete), labels_found=sum(found.values())
    )
    if status:
        sys.exit(status)


class _NothingRead(Exception):
    """Every input failed: the -o file is left as it was (the text report on stdout likewise stays empty)."""


def _writer(output_format: str):
    if output_format == "json":
        from moderation.report.render_json import write_json_report

        return write_json_report
    if output_format == "csv":
        from moderation.report.render_csv import write_csv_report

        return write_csv_report
    if output_format == "markdown":
        from moderation.report.render_markdown import write_markdown_report

        return write_markdown_report
    if output_format == "html":
        from moderation.report.render_html import write_html_report

        return write_html_report
    from moderation.report.render_text import write_text_report

    return write_text_report


def _load_model(model_path: str | None):
    """The model and the checked file it came from (worker processes load it again from there;
    None when the default model lives only in memory, and then one process scores)."""
    from moderation.classify.commands import load_model_for_command

    model = load_model_for_command(model_path)
    return model, model.path


def _count_files(paths) -> int:
    from moderation.parsing import files_under

    count = 0
    for given in paths:
        path = Path(given)
        if not is_dash(given) and path.is_dir():
            count += sum(1 for _ in files_under(path))
        else:
            count += 1
    return count


def _summarised(reports, summary, files: int):
    """Each report counted into the summary as it passes; a progress bar on stderr for many files, when
    stderr is a terminal (elsewhere rich draws nothing but ends with an empty line)."""
    if files <= PROGRESS_ABOVE_FILES or not sys.stderr.isatty():
        for report in reports:
            summary.add(report)
            yield report
        return
    # The first report comes before the bar: the run forks its workers by then, and a fork must not copy
    # the bar's refresh thread in the middle of a write (it would hold the lock in the child).
    reports = iter(reports)
    first = next(reports, None)
    if first is None:
        return
    reports = chain([first], reports)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (
        TextColumn("reporting"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files · {task.fields[comments]}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("files", total=files, comments=counted(0, "comment"))
        seen: set[str] = set()
        for report in reports:
            summary.add(report)
            path = report["source"]["path"]
            if path not in seen:
                if seen:
                    progress.advance(task)
                seen.add(path)
            progress.update(task, comments=counted(summary.comments, "comment"))
            yield report
        progress.update(task, completed=files)
