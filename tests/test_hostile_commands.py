"""Every command against a moderator's mistakes: one line naming the file, a non-zero status, no
traceback, and no output file left behind that would pass for a whole one (the sweep of issue #18)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import FIXTURE_CORPUS_DIR
from test_hostile_outputs import through_main

from moderation.datasets.loading import detect_dataset_format
from moderation.exit_status import EXIT_BAD_INPUT, EXIT_INCOMPLETE
from moderation.parsing import file_source

SAMPLES = Path(__file__).resolve().parent.parent / "sample_threads"
BUILT_IN_CORPUS = SAMPLES.parent / "training" / "corpus"
FIXTURE_CORPUS = FIXTURE_CORPUS_DIR / "corpus.jsonl"
# Bytes of no text format whose first "line" holds a lone carriage return inside a field: the csv
# module refused it while the dataset reader looked for a header (review --queue: "internal error").
BINARY = b"GIF89a\x01\x00\r\x02\x00\x03\x00\r\x04" + bytes(range(256)) * 8
TEXTS = [
    ("You are a pathetic clown and everyone here knows it.", 1),
    ("What an idiot, read the article before you type.", 1),
    ("Thanks, the bus timetable change was news to me.", 0),
    ("The council meeting is on Tuesday at the library.", 0),
    ("Shut up, you clueless idiot.", 1),
    ("I agree the new bus lane helps in the morning.", 0),
]


def data_commands(path: Path, model: Path, out: Path) -> dict[str, list]:
    """Each command that reads datasets as well as dumps, with its output (if any) under `out`."""
    return {
        "score": ["score", path, "--model", model],
        "evaluate": ["evaluate", path, "--model", model],
        "train": ["train", path, "-o", out / "model.npz", "--cv", "0"],
        "review": ["review", path, "--queue", "3", "--model", model, "-o", out / "queue.csv"],
    }


def assert_one_line_and_nothing_written(status, stderr, expected, out: Path, wanted_status=EXIT_BAD_INPUT):
    assert status == wanted_status, stderr
    assert stderr.count("\n") == 1 and expected in stderr, stderr
    assert "internal error" not in stderr and "Traceback" not in stderr
    assert list(out.iterdir()) == [], "no output (partial or empty) may be left"


@pytest.mark.parametrize("command", ["score", "evaluate", "train", "review"])
def test_a_binary_file_is_named_as_binary_by_every_command_that_reads_data(
    command, small_model_file, tmp_path, monkeypatch
):
    binary = tmp_path / "photo.gif"
    binary.write_bytes(BINARY)
    out = tmp_path / "out"
    out.mkdir()
    status, _, stderr = through_main(monkeypatch, *data_commands(binary, small_model_file, out)[command])
    assert_one_line_and_nothing_written(status, stderr, f"{binary}: binary data", out)


@pytest.mark.parametrize("line", ["a\rb,c", 'x"y\r"z', "\x00\r\x01"])
def test_a_first_line_that_is_no_csv_is_no_header(line, tmp_path):
    path = tmp_path / "data.txt"
    path.write_bytes(line.encode("utf-8", "surrogateescape"))
    assert detect_dataset_format(file_source(path)) == "dump"


def test_a_csv_saved_with_old_mac_line_ends_is_still_the_kaggle_set(tmp_path):
    path = tmp_path / "train.csv"
    path.write_text('Insult,Date,Comment\r1,,"""you clown"""\r0,,"""fine"""\r', encoding="utf-8", newline="")
    assert detect_dataset_format(file_source(path)) == "kaggle"


def test_training_texts_that_share_no_ngram_are_one_line(tmp_path, monkeypatch):
    data = tmp_path / "tiny.jsonl"
    data.write_text(
        "".join(
            json.dumps({"text": t, "labels": {"insult": y}}) + "\n"
            for t, y in (("qx", 1), ("zv", 1), ("jk", 0), ("wp", 0))
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    out.mkdir()
    status, _, stderr = through_main(monkeypatch, "train", data, "-o", out / "m.npz", "--cv", "0")
    # rich's progress lines come first; the refusal is the last line, and the only "moderate:" one
    assert status == EXIT_BAD_INPUT, stderr
    refusals = [line for line in stderr.splitlines() if line.startswith("moderate:")]
    assert len(refusals) == 1 and "share no word" in refusals[0], stderr
    assert "internal error" not in stderr and list(out.iterdir()) == []


@pytest.mark.parametrize("dataset", ["train.csv", "labels.jsonl", "queue.csv"])
@pytest.mark.parametrize("command", ["parse", "aliases", "report"])
def test_a_labelled_dataset_given_where_dumps_are_read_is_refused(
    dataset, command, tmp_path, monkeypatch, small_model_file
):
    """The plain-text reader would take it for a page without comments: a run over nothing that passed."""
    path = tmp_path / dataset
    if dataset == "train.csv":
        path.write_text('Insult,Date,Comment\n1,,"""you clown"""\n', encoding="utf-8")
    elif dataset == "labels.jsonl":
        path.write_text(json.dumps({"text": "you clown", "labels": {"insult": 1}}) + "\n", encoding="utf-8")
    else:
        path.write_text("id,thread,source,author,text,parent_text,insult,check\n", encoding="utf-8")
    extra = ["--model", small_model_file] if command == "report" else []
    status, stdout, stderr = through_main(monkeypatch, command, path, *extra)
    assert status == EXIT_BAD_INPUT and stdout == "", stderr
    assert stderr.count("\n") == 1 and f"{path}: " in stderr and "not a comment dump" in stderr, stderr
    status, stdout, _ = through_main(monkeypatch, "parse", path, "--from", "text")
    assert status == 0 and "0 comments" in stdout  # asked for, it is read as a page


@pytest.mark.parametrize("output_format", ["html", "json", "csv", "markdown", "text"])
def test_a_report_of_inputs_that_all_fail_leaves_the_previous_file(
    output_format, tmp_path, monkeypatch, small_model_file
):
    previous = tmp_path / "report.out"
    previous.write_text("last week's report\n", encoding="utf-8")
    missing, binary = tmp_path / "missing.xml", tmp_path / "photo.gif"
    binary.write_bytes(BINARY)
    status, stdout, stderr = through_main(
        monkeypatch, "report", missing, binary, "--model", small_model_file, "--format", output_format, "-o", previous
    )
    assert status == EXIT_BAD_INPUT and stdout == ""
    assert stderr.count("\n") == 2 and str(missing) in stderr and str(binary) in stderr, stderr
    assert previous.read_text(encoding="utf-8") == "last week's report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["photo.gif", "report.out"]


def labelled_incomplete_thread(path: Path) -> Path:
    """Our threads JSON with labels, of a thread that says comments are missing from it."""
    comments = [
        {"id": str(n), "parent_id": None, "author": f"reader{n}", "text": text, "labels": {"insult": label}}
        for n, (text, label) in enumerate(TEXTS, 1)
    ]
    thread = {"id": "buses", "title": "Bus lane", "unread": ["the page says 40 comments"], "comments": comments}
    path.write_text(json.dumps({"schema": "moderation.threads/1", "threads": [thread]}), encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["evaluate", "train", "review"])
def test_data_read_only_in_part_is_named_and_never_passes(command, small_model_file, tmp_path, monkeypatch):
    data = labelled_incomplete_thread(tmp_path / "labelled.json")
    out = tmp_path / "out"
    out.mkdir()
    args = data_commands(data, small_model_file, out)[command]
    status, _, stderr = through_main(monkeypatch, *args)
    assert status == EXIT_INCOMPLETE, stderr
    notices = [line for line in stderr.splitlines() if "incomplete" in line]
    assert notices == [f"moderate: {data.name}: thread buses is incomplete: the page says 40 comments"] or notices == [
        f"moderate: {data}: thread buses is incomplete: the page says 40 comments"
    ], stderr
    assert "internal error" not in stderr
    if command != "evaluate":  # what was read is written whole
        assert list(out.iterdir())


@pytest.mark.parametrize("shared", ["model", "manifest"])
def test_a_joblib_model_others_can_write_is_refused_before_it_is_unpickled(
    shared, small_model_file, tmp_path, monkeypatch
):
    """Whoever can write a joblib file (or the manifest that vouches for it) runs code as the moderator."""
    from moderation.classify.model import load_model, manifest_path, save_model_files

    model = tmp_path / "shared.joblib"
    save_model_files(load_model(small_model_file), model, "joblib")
    data = tmp_path / "data.jsonl"
    data.write_text(json.dumps({"text": TEXTS[0][0]}) + "\n", encoding="utf-8")
    status, stdout, _ = through_main(monkeypatch, "score", data, "--model", model)
    assert status == 0 and stdout.count("\n") == 1  # one's own file loads
    opened = model if shared == "model" else manifest_path(model)
    opened.chmod(0o666)
    monkeypatch.setattr("joblib.load", lambda *a, **k: pytest.fail("unpickled"))
    status, stdout, stderr = through_main(monkeypatch, "score", data, "--model", model)
    assert status == EXIT_BAD_INPUT and stdout == ""
    assert stderr == f"moderate: {opened} is writable by other users, " + stderr.split("users, ", 1)[1], stderr
    assert stderr.count("\n") == 1 and "runs code" in stderr


def command_writing(command: str, dump: Path, target: Path, model: Path) -> list:
    return {
        "report": ["report", dump, "--model", model, "--format", "csv", "-o", target],
        "review": ["review", dump, "--model", model, "--queue", "3", "-o", target],
        "train": ["train", FIXTURE_CORPUS, "-o", target, "--cv", "0"],
    }[command]


@pytest.mark.parametrize("command", ["report", "review"])
def test_an_output_that_is_a_pipe_is_written_into_and_stays_a_pipe(command, small_model_file, tmp_path, monkeypatch):
    """Renamed over, a FIFO (or /dev/null, /dev/full: as root) would become a plain file for every program after."""
    fifo = tmp_path / "to-reader"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    status, _, stderr = through_main(
        monkeypatch, *command_writing(command, SAMPLES / "disqus_export.xml", fifo, small_model_file)
    )
    reader.join(timeout=60)
    assert status == 0, stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and received and received[0].count(b"\n") >= 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["to-reader"]  # nothing staged beside it


def test_a_model_is_never_written_into_a_device_or_a_pipe(tmp_path, monkeypatch, small_model_file):
    fifo = tmp_path / "model.npz"
    os.mkfifo(fifo)
    status, _, stderr = through_main(monkeypatch, *command_writing("train", SAMPLES, fifo, small_model_file))
    assert (
        status == EXIT_BAD_INPUT
        and stderr == f"moderate: cannot write {fifo}: not a regular file (a device or a pipe); name a file\n"
    )
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


@pytest.mark.parametrize("command", ["report", "review", "train"])
def test_an_output_given_by_a_link_replaces_the_linked_file_and_keeps_the_link(
    command, small_model_file, tmp_path, monkeypatch
):
    real = tmp_path / "kept" / "out.csv"
    real.parent.mkdir()
    real.write_text("before\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    status, _, stderr = through_main(
        monkeypatch, *command_writing(command, SAMPLES / "disqus_export.xml", link, small_model_file)
    )
    assert status == 0, stderr
    assert link.is_symlink() and real.read_bytes() != b"before\n"


def test_a_queue_is_never_written_over_the_dump_it_is_drawn_from(small_model_file, tmp_path, monkeypatch):
    dump = tmp_path / "export.xml"
    shutil.copy(SAMPLES / "wordpress_export.xml", dump)
    before = dump.read_bytes()
    status, stdout, stderr = through_main(
        monkeypatch, "review", dump, "--queue", "3", "--model", small_model_file, "-o", dump
    )
    assert status == EXIT_BAD_INPUT and stdout == "" and "also an input" in stderr and stderr.count("\n") == 1
    assert dump.read_bytes() == before


@pytest.mark.parametrize("as_json", [False, True])
def test_evaluate_on_data_without_a_positive_example_says_what_is_undefined(
    as_json, small_model_file, tmp_path, monkeypatch
):
    data = tmp_path / "clean.jsonl"
    data.write_text("".join(json.dumps({"text": t, "labels": {"insult": 0}}) + "\n" for t, y in TEXTS if not y))
    status, stdout, stderr = through_main(
        monkeypatch, "evaluate", data, "--model", small_model_file, *(["--json"] if as_json else [])
    )
    assert status == EXIT_BAD_INPUT
    undefined = "ROC AUC, PR AUC, recall and F1 are undefined"
    assert stderr == f"moderate: {data}: label 'insult' has no positive example among 3: {undefined}\n"
    if as_json:  # the false flags on clean comments are still measured; what is undefined is null, not 0
        insult = json.loads(stdout)["labels"]["insult"]
        assert insult["recall"] is None and insult["f1"] is None and insult["confusion"]["true_negative"] >= 0


def test_a_model_path_that_is_no_file_says_so(tmp_path, monkeypatch):
    fifo = tmp_path / "model.npz"
    os.mkfifo(fifo)
    status, _, stderr = through_main(monkeypatch, "score", SAMPLES / "utterances.jsonl", "--model", fifo)
    assert status == EXIT_BAD_INPUT and stderr == f"moderate: {fifo}: not a regular file\n"


@pytest.mark.parametrize("spec", ["=", "=text", "insult=", " = "])
def test_a_label_column_without_a_name_or_a_column_is_one_line(spec, tmp_path, monkeypatch):
    status, _, stderr = through_main(
        monkeypatch, "train", FIXTURE_CORPUS, "-o", tmp_path / "m.npz", "--label-column", spec
    )
    assert status == EXIT_BAD_INPUT and stderr == f"moderate: --label-column {spec!r}: expected LABEL or LABEL=COLUMN\n"
    assert list(tmp_path.iterdir()) == []


def test_column_options_on_a_table_whose_columns_are_known_are_said_to_be_unused(
    small_model_file, tmp_path, monkeypatch
):
    data = tmp_path / "train.csv"
    data.write_text('Insult,Date,Comment\n1,,"""you clown"""\n0,,"""the ferry is late"""\n', encoding="utf-8")
    status, stdout, stderr = through_main(
        monkeypatch, "score", data, "--model", small_model_file, "--text-column", "body"
    )
    assert status == 0 and stdout.count("\n") == 2
    assert stderr == (
        f"moderate: warning: {data}: read as the Kaggle insults CSV, whose columns are known: "
        "--text-column and --label-column apply to other CSV files only\n"
    )


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
@pytest.mark.parametrize("export", ["wordpress_export.xml", "disqus_export.xml"])
def test_an_export_saved_again_as_utf16_is_named_as_such_not_as_cut(export, encoding, tmp_path, monkeypatch):
    """Notepad's "Unicode" keeps the declaration's UTF-8: lxml refuses, which is no truncation."""
    saved = tmp_path / export
    saved.write_bytes((SAMPLES / export).read_text(encoding="utf-8").encode(encoding))
    status, stdout, stderr = through_main(monkeypatch, "parse", saved)
    assert status == EXIT_BAD_INPUT and stdout == "" and stderr.count("\n") == 1, stderr
    assert stderr.startswith(f"moderate: {saved}: its bytes are not in the encoding its XML declaration names")
    assert "truncated" not in stderr


def many_comment_dump(path: Path, threads: int = 400, replies: int = 50) -> Path:
    """Reddit NDJSON of our own words, big enough that each command is still at work a moment after it writes."""
    words = [text for text, _ in TEXTS]
    with path.open("w", encoding="utf-8") as stream:
        for t in range(threads):
            stream.write(json.dumps({"id": f"s{t}", "title": f"Thread {t}", "num_comments": replies}) + "\n")
            for c in range(replies):
                parent = f"t1_c{t}_{c - 1}" if c % 5 else f"t3_s{t}"
                line = {"id": f"c{t}_{c}", "parent_id": parent, "link_id": f"t3_s{t}", "author": f"reader{c % 37}"}
                stream.write(
                    json.dumps({**line, "body": words[(t + c) % len(words)], "created_utc": 1700000000 + c}) + "\n"
                )
    return path


# When a run that stages its output only at the end is interrupted: at work by then on these inputs (each
# takes several CPU seconds), and the test skips, failing nothing, when a run was over sooner.
MID_RUN_SECONDS = 2


@pytest.mark.slow
@pytest.mark.parametrize("command", ["report", "review", "train"])
def test_ctrl_c_while_the_output_is_staged_leaves_the_previous_file_and_one_line(command, small_model_file, tmp_path):
    """A real SIGINT to the whole process group (a terminal's Ctrl-C), sent once the output is being staged."""
    dump = many_comment_dump(tmp_path / "big.ndjson")
    target = tmp_path / "out" / {"report": "report.html", "review": "queue.csv", "train": "model.npz"}[command]
    target.parent.mkdir()
    target.write_text("the previous file\n", encoding="utf-8")
    args = command_writing(command, dump, target, small_model_file)
    if command == "train":  # the built-in corpus with 3 folds: tens of CPU seconds, long enough to be interrupted
        args = ["train", BUILT_IN_CORPUS, "-o", target, "--cv", "3"]
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "moderate"), *map(str, args)],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
        cwd=tmp_path,
    )
    started = time.monotonic()
    while time.monotonic() < started + 120 and process.poll() is None:
        staged = any(p.name != target.name for p in target.parent.iterdir())  # mid-write (report: the whole run)
        if staged or time.monotonic() > started + MID_RUN_SECONDS:  # train and review stage at the end only
            break
        time.sleep(0.05)
    if process.poll() is not None:
        pytest.skip("the command finished before it could be interrupted")
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert [p.name for p in target.parent.iterdir()] == [target.name]
    # Before the signal, only the run's own progress may be on stderr (train logs what it read), never an error
    # or a traceback; the interruption itself is one line, the last.
    lines = stderr.decode().splitlines()
    if process.returncode == 0:  # the signal came as the finished command was exiting: its output is whole
        assert not any(line.startswith("moderate:") or "Traceback" in line for line in lines), stderr
        assert target.read_bytes() != b"the previous file\n"
        return
    assert process.returncode == 130 and lines[-1:] == ["moderate: interrupted"], stderr
    assert not any(line.startswith("moderate:") or "Traceback" in line for line in lines[:-1]), stderr
    assert target.read_text(encoding="utf-8") == "the previous file\n"


def test_a_dask_address_where_something_else_answers_is_one_line(small_model_file, monkeypatch):
    """A server that is no Dask scheduler (its bytes read as a frame length: 3 EiB asked for) is a bad address."""
    pytest.importorskip("dask.distributed")
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def answer_with_noise():
        for _ in range(3):
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            with connection:
                connection.sendall(b"\x31\x30\x30\x30\x30\x30\x30\x30" * 8)

    threading.Thread(target=answer_with_noise, daemon=True).start()
    try:
        status, _, stderr = through_main(
            monkeypatch,
            "report",
            SAMPLES / "wordpress_export.xml",
            "--model",
            small_model_file,
            "--dask",
            f"tcp://127.0.0.1:{port}",
        )
    finally:
        listener.close()
    assert status == EXIT_BAD_INPUT and stderr.count("\n") == 1, stderr
    assert "internal error" not in stderr and f"127.0.0.1:{port}" in stderr


@pytest.mark.parametrize("value", ["rita@allotments.example", "192.0.2.44", "2001:db8::7"])
def test_an_address_an_error_line_quotes_from_the_input_is_masked_but_a_typed_path_is_not(value, tmp_path, monkeypatch):
    folder = tmp_path / "from-10.0.0.9"  # the user's own path, as typed: named as it is
    folder.mkdir()
    data = folder / "labels.jsonl"
    data.write_text(json.dumps({"text": "you clown", "labels": {"insult": value}}) + "\n", encoding="utf-8")
    status, _, stderr = through_main(monkeypatch, "train", data, "-o", tmp_path / "m.npz")
    assert status == EXIT_BAD_INPUT and stderr.startswith(f"moderate: {data}:1: label value "), stderr
    assert value not in stderr and ("[e-mail]" in stderr or "[ip]" in stderr)


@pytest.mark.parametrize("content", [BINARY, '{"id": "1", "source": "a"}\n'.encode("utf-16")])
def test_a_labels_file_that_is_no_utf8_text_is_one_line_before_the_screen_opens(content, tmp_path):
    from moderation.errors import ModerationError
    from moderation.review.labels_file import seen_keys

    labels = tmp_path / "labels.jsonl"
    labels.write_bytes(content)
    with pytest.raises(ModerationError, match=r"labels\.jsonl: not a labels file \(not UTF-8 text\)"):
        seen_keys(labels)


def test_a_labels_file_saved_again_with_a_bom_still_resumes(tmp_path):
    from moderation.review.labels_file import seen_keys

    labels = tmp_path / "labels.jsonl"
    labels.write_text('{"id": "c1", "thread": "t1", "source": "site.xml"}\n', encoding="utf-8-sig")
    assert seen_keys(labels) == {("site.xml", "t1", "c1")}


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root")
@pytest.mark.parametrize("command", ["report", "review", "train"])
def test_an_output_in_a_folder_the_user_may_not_enter_is_one_line(command, tmp_path):
    """As a user, `-o /root/x` fails on the folder's search permission before any permission check."""
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o700)
    tmp_path.chmod(0o755)
    target = locked / "out.csv"
    args = command_writing(command, SAMPLES / "disqus_export.xml", target, Path("unused.npz"))
    args = [a for a in args if a not in ("--model", Path("unused.npz"))]
    nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    done = subprocess.run(
        [*nobody, str(Path(sys.executable).parent / "moderate"), *map(str, args)], capture_output=True
    )
    assert done.returncode == EXIT_BAD_INPUT
    assert done.stderr.decode() == f"moderate: cannot write {target}: Permission denied\n"
