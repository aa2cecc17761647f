"""CLI commands of the classifier: thin wrappers over moderation.classify's library functions.

scikit-learn is imported inside the commands only, so `moderate parse` starts fast.
"""

from __future__ import annotations

import json
import sys
import warnings
from collections.abc import Callable
from pathlib import Path

import click

from moderation.errors import ModerationError, NothingRead, error_line
from moderation.plurals import counted
from moderation.threshold_option import parse_thresholds, threshold_option, with_overrides

# Below this many comments `score --jobs` stays in one process: forking and the workers' copies of the
# pages they touch cost tens of milliseconds, and each worker must get at least one whole batch (4,096).
MIN_FORKED_COMMENTS = 8192
# Forked, the input is cut into this many parts per worker (at most scoring's BATCH each), so the workers
# finish together: whole batches of 4,096 left one worker a third more of K8 (21,176 comments) than the
# other. Parts of 2,048 or more cost no more CPU than 4,096 (measured on K8; docs/benchmarks.md, score).
PARTS_PER_WORKER = 4


def _data_options(function):
    function = click.option(
        "--label-column",
        "label_columns",
        multiple=True,
        metavar="LABEL[=COLUMN]",
        help="For plain CSV: a label column (repeatable); LABEL=COLUMN reads COLUMN as LABEL.",
    )(function)
    return click.option("--text-column", metavar="COLUMN", help="For plain CSV: the text column (default: text).")(
        function
    )


def _model_option(function):
    return click.option(
        "--model",
        "model_path",
        type=click.Path(dir_okay=False),
        help="A model file from `moderate train` (checked against its manifest first). Default: the built-in model.",
    )(function)


def _stdout_console():
    """Tables to stdout; piped output gets a wide page instead of rich's 80 columns."""
    from moderation.pipe_console import PipeConsole

    return PipeConsole(file=sys.stdout, width=None if sys.stdout.isatty() else 140)


def _stderr():
    from rich.console import Console

    return Console(stderr=True, log_path=False)  # progress for a moderator: no source file and line


def load_model_for_command(model_path: str | None, read_first: Callable[[], object] | None = None):
    """The model a command uses (the given file, else the default model), with any warning shown as
    one line on stderr: the one model loader every command shares.

    `read_first`: the inputs being read meanwhile (read_ahead.py); it is waited for before anything the
    load says (a refusal, a warning, building the default model, which takes long): the reading's
    errors and messages come first, as when the inputs are read before the model.
    """
    from moderation.classify.default_model import load_default_model, older_recipe_warning
    from moderation.classify.model import load_model

    wait = read_first or (lambda: None)
    consoles: list = []

    def say(message: str) -> None:  # rich is imported only when there is something to say (a build)
        wait()
        if not consoles:
            consoles.append(_stderr())
        consoles[0].log(message)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            if model_path:
                model = load_model(model_path)
            elif sys.stderr.isatty():  # a spinner only where someone watches
                consoles.append(_stderr())
                with consoles[0].status("loading the default model"):
                    model = load_default_model(progress=say)
            else:
                model = load_default_model(progress=say)
        except ModerationError:
            wait()
            raise
    wait()
    for warning in caught:
        if issubclass(warning.category, UserWarning):
            error_line(f"warning: {warning.message}")
            break
    older = older_recipe_warning(model.manifest, model_path) if model_path else None
    if older:
        error_line(f"warning: {older}")
    return model


def _examples(paths, text_column, label_columns, on_thread=None, failures=None, sources=None):
    from moderation.datasets import TableColumns, load_many

    columns = TableColumns.from_options(text_column, label_columns)
    return load_many(paths, columns, on_thread=on_thread, failures=failures, sources=sources)


@click.command("train", short_help="Train a model on labelled data, with its manifest and model card.")
@click.argument("data", nargs=-1, required=True, type=click.Path(allow_dash=True, readable=False))
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False), help="Model file to write (e.g. insults.npz)."
)
@click.option(
    "--format",
    "file_format",
    type=click.Choice(["arrays", "joblib"]),
    default="arrays",
    show_default=True,
    help="arrays: plain numbers, loading runs no code. joblib: a pickle, which runs code when loaded.",
)
@click.option("--labels", metavar="A,B", help="Labels to train (default: every label the data states).")
@click.option(
    "--cv", "folds", type=click.IntRange(0, 20), help="Cross-validation folds (0: none). Default: 5; 3 with --base."
)
@click.option(
    "--base",
    type=click.Choice(["default"]),
    help="Adjust the built-in model to DATA's labels instead of replacing it: a few labels nudge it.",
)
@_data_options
def train_command(data, output, file_format, labels, folds, base, text_column, label_columns) -> None:
    """Train a model on labelled data and write it with its manifest and model card.

    DATA files are our JSONL (the labels file of `moderate review`), a filled review queue CSV, the
    Kaggle insults CSV, the Jigsaw toxic-comments CSV, any CSV (with --text-column/--label-column),
    labelled thread JSON, or dumps, whose moderation decisions are the label `removed`; directories
    are read recursively. --base default starts from the built-in model and adjusts it to DATA's
    labels (a second-stage model on its log-odds); its thresholds stay the built-in model's. A
    thread a dump holds only in part is named on stderr with why, and the exit status is then 3.

    \b
    Example:
        moderate train training/corpus -o insults.npz --labels insult
        moderate train queue.csv --base default -o site.npz
    """
    from moderation.classify.model import card_path, manifest_path, save_model_files
    from moderation.classify.training import files_sha256, train_model
    from moderation.datasets.loading import inputs_read
    from moderation.output import check_output_path

    for written in (output, manifest_path(Path(output)), card_path(Path(output))):
        check_output_path(written, data, stream_ok=False)  # before reading: the data must not be written over
    from moderation.exit_status import IncompleteWatch

    console = _stderr()
    sources: list = []
    incomplete = IncompleteWatch()
    with console.status("reading the data"):
        examples = _examples(data, text_column, label_columns, on_thread=incomplete.note, sources=sources)
    inputs = inputs_read(sources)  # one walk of the folders: the files (or stdin) the examples came from
    files = [name for name, _ in inputs]
    data_sha256 = files_sha256(content for _, content in inputs)
    console.log(f"read {counted(len(examples), 'example')} from {counted(len(files), 'file')}")
    chosen = [label.strip() for label in labels.split(",") if label.strip()] if labels else None
    with console.status("training") as status:
        say = lambda message: (console.log(message), status.update(message))  # noqa: E731
        if base:
            from moderation.classify.base_training import BASE_FOLDS, train_on_base

            model = train_on_base(
                examples,
                base,
                chosen,
                BASE_FOLDS if folds is None else folds,
                progress=say,
                site_files=files,
                site_sha256=data_sha256,
            )
        else:
            model = train_model(
                examples,
                labels=chosen,
                folds=5 if folds is None else folds,
                progress=say,
                data_sha256=data_sha256,
                data_files=files,
            )
    output_path = Path(output)
    save_model_files(model, output_path, file_format)
    _print_summary(model)
    click.echo(f"wrote {output_path}, {manifest_path(output_path).name}, {card_path(output_path).name}")
    _end_with_incomplete(incomplete)


def _end_with_incomplete(incomplete) -> None:
    """Each thread of the data read only in part named on stderr, and exit status 3, as `score` does: a
    model trained or measured on part of a dump must not pass for one of all of it."""
    from moderation.exit_status import exit_status

    for notice in incomplete.notices():
        error_line(notice)
    status = exit_status(incomplete_threads=len(incomplete.found))
    if status:
        sys.exit(status)


def _print_summary(model) -> None:
    from rich.table import Table

    table = Table(title="cross-validated metrics" if model.manifest["metrics"]["labels"] else "thresholds")
    for column in ("label", "ROC AUC", "PR AUC", "threshold", "precision", "recall", "F1"):
        table.add_column(column)
    for label in model.labels:
        values = model.manifest["metrics"]["labels"].get(label, {})
        table.add_row(
            label,
            *(_cell(values.get(key, "-")) for key in ("roc_auc", "pr_auc")),
            f"{model.thresholds[label]:.4f}",
            *(_cell(values.get(key, "-")) for key in ("precision", "recall", "f1")),
        )
    _stdout_console().print(table)


def _cell(value) -> str:
    """A metric for the table; ROC and PR AUC are undefined (None) when the data holds one class only."""
    return "n/a (one class)" if value is None else str(value)


@click.command("evaluate", short_help="Measure a model on labelled data: ROC AUC, precision, recall, F1.")
@click.argument("data", nargs=-1, required=True, type=click.Path(allow_dash=True, readable=False))
@_model_option
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as JSON.")
@threshold_option
@_data_options
def evaluate_command(data, model_path, as_json, thresholds, text_column, label_columns) -> None:
    """Measure a model on labelled data: ROC AUC, PR AUC, precision, recall, F1, confusion matrix.

    DATA is any labelled file `moderate train` reads (a labels file, a filled queue, Kaggle's or any
    CSV). A label the data holds only one class of is measured where it can be (n/a where not) and
    named on stderr; the exit status is then 2. A thread a dump holds only in part is named on stderr
    with why, and the exit status is then 3.

    \b
    Example:
        moderate evaluate test.csv --model insults.npz --json
    """
    from moderation.classify.scoring import evaluate_model
    from moderation.exit_status import IncompleteWatch

    overrides = parse_thresholds(thresholds)
    incomplete = IncompleteWatch()
    examples = _examples(data, text_column, label_columns, on_thread=incomplete.note)  # bad data fails at once
    model = load_model_for_command(model_path)
    chosen = with_overrides(model, overrides)
    results = evaluate_model(model, examples, chosen)
    if as_json:
        click.echo(json.dumps({"model": model_path or "default", "labels": results}, indent=2))
        _end_evaluation(data, results, incomplete)
        return
    from rich.table import Table

    table = Table(title=f"evaluation of {model_path or 'the default model'}")
    columns = ("label", "examples", "ROC AUC", "PR AUC", "threshold", "precision", "recall", "F1")
    columns += ("TP", "FP", "FN", "TN")
    for column in columns:
        table.add_column(column)
    for label, values in results.items():
        confusion = values["confusion"]
        table.add_row(
            label,
            *(_cell(values[key]) for key in ("examples", "roc_auc", "pr_auc", "threshold", "precision", "recall")),
            _cell(values["f1"]),
            *(str(confusion[key]) for key in ("true_positive", "false_positive", "false_negative", "true_negative")),
        )
    _stdout_console().print(table)
    _end_evaluation(data, results, incomplete)


def _end_evaluation(data, results: dict, incomplete) -> None:
    """A label the data holds one class of is measured only in part (false flags on clean data, or misses
    on abusive data): one line each, and exit status 2 (bad input), so no script takes it for a whole
    evaluation; then threads read only in part, as every command names them (3)."""
    from moderation.exit_status import exit_status

    one_class = [(label, values) for label, values in results.items() if values["roc_auc"] is None]
    where = ", ".join(map(str, data[:3])) + (f" and {len(data) - 3} more" if len(data) > 3 else "")
    for label, values in one_class:
        missing = "positive" if values["positives"] == 0 else "negative"
        undefined = "ROC AUC, PR AUC, recall and F1" if missing == "positive" else "ROC AUC and PR AUC"
        error_line(
            f"{where}: label {label!r} has no {missing} example among {values['examples']}: {undefined} are undefined"
        )
    for notice in incomplete.notices():
        error_line(notice)
    status = exit_status(failed_files=len(one_class), incomplete_threads=len(incomplete.found))
    if status:
        sys.exit(status)


@click.command("score", short_help="Score every comment: one JSON line each, with flags and reasons.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True, readable=False))
@_model_option
@click.option("--top", default=5, show_default=True, type=click.IntRange(0, 50), help="Reasons shown per flag.")
@click.option("--text", "with_text", is_flag=True, help="Include each comment's text (e-mails and IPs masked).")
@click.option(
    "--jobs",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Processes scoring a large input (8,192 comments or more; Linux), batch by batch; the output is the same.",
)
@threshold_option
@_data_options
def score_command(paths, model_path, top, with_text, jobs, thresholds, text_column, label_columns) -> None:
    """Score every comment: one JSON line each, in input order, with flags and the reasons behind them.

    Each line names its source file, thread, comment and author (and the text with --text); a thread
    id two files share gets a "#2" suffix in the second, so ids stay unique across files.

    PATH is a thread dump in any format `moderate parse` reads, or a dataset (JSONL, CSV), a
    directory (read recursively) or - for standard input. A file that cannot be read is named on
    stderr and the others are still scored; the exit status is then 2 (as for a folder with no dump
    in it). A thread the dump holds only in part is named on stderr with why, and the exit status is
    then 3.

    \b
    Example:
        moderate score sample_threads/ | jq 'select(.flags != [])'
        cat export.xml | moderate score - --text
    """
    from moderation.exit_status import EXIT_BAD_INPUT, IncompleteWatch, exit_status
    from moderation.freed_memory import keep_freed_memory
    from moderation.read_ahead import ReadAhead
    from moderation.standard_streams import refuse_dash_twice
    from moderation.unopenable_inputs import none_can_be_opened

    keep_freed_memory()
    overrides = parse_thresholds(thresholds)
    refuse_dash_twice(paths)  # before any model: the reading child would say it only once one is loading

    def read() -> tuple:
        from moderation.datasets.examples import as_columns

        incomplete = IncompleteWatch()
        failures: list[str] = []
        sources: list = []
        examples = _examples(
            paths, text_column, label_columns, on_thread=incomplete.note, failures=failures, sources=sources
        )
        if failures and not sources:  # every input failed: no model need be loaded, let alone built
            for failure in failures:
                error_line(failure)
            raise NothingRead
        return as_columns(examples), failures, incomplete

    # The inputs are read while the model loads (and this process imports what scoring needs); bad
    # data, or a folder with nothing in it, still fails before the model is built or said anything of.
    # Inputs none of which can be opened are read here first: their lines come at once, with no model.
    try:
        reading = ReadAhead(read, here=none_can_be_opened(paths))
    except NothingRead:
        sys.exit(EXIT_BAD_INPUT)
    from moderation.classify.scoring import BATCH, score_examples
    from moderation.datasets.examples import from_columns
    from moderation.forked_workers import fork_available, forked_map, usable_cores

    try:
        model = load_model_for_command(model_path, read_first=reading.result)
        columns, failures, incomplete = reading.result()
    except NothingRead:  # every input failed, each named in its line: no model was built
        sys.exit(EXIT_BAD_INPUT)
    finally:
        reading.close()
    examples = from_columns(columns)
    for failure in failures:
        error_line(failure)
    chosen = with_overrides(model, overrides)
    encode = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps would build one per line

    jobs = min(jobs, usable_cores())
    forked = jobs > 1 and len(examples) >= MIN_FORKED_COMMENTS and fork_available()
    size = min(BATCH, -(-len(examples) // (jobs * PARTS_PER_WORKER))) if forked else BATCH

    def lines(start: int) -> str:
        part = examples[start : start + size]
        records = score_examples(model, part, explain=top > 0, top=top, thresholds=chosen, with_text=with_text)
        return "".join(encode(record) + "\n" for record in records)

    starts = range(0, len(examples), max(size, 1))
    for text in forked_map(lines, starts, jobs) if forked else map(lines, starts):
        sys.stdout.write(text)
    sys.stdout.flush()
    for notice in incomplete.notices():
        error_line(notice)
    status = exit_status(failed_files=len(failures), incomplete_threads=len(incomplete.found))
    if status:
        sys.exit(status)
