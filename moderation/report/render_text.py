"""The report for a terminal (rich): what needs attention first, then each thread's detail.

Opens with the model and thresholds, any thread read only in part, the flagged comments of the
whole run ranked by score, and the threads ranked by flags and heat; per-thread detail follows
(spooled to a temporary file while the run streams, so memory stays flat). Every string from the
input is made `printable` (no terminal escapes) and goes into rich `Text`, never into markup.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from typing import IO

from rich.console import Console, Group, NewLine
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from moderation.pipe_console import PipeConsole
from moderation.report.incomplete_words import INCOMPLETE_HEADLINE, incomplete_headline
from moderation.report.plain_lines import padded_lines, text_lines
from moderation.report.reason_marks import flag_reasons, reason_pattern
from moderation.report.run import ranked_threads
from moderation.report.wording import (
    COMMENT_EXCERPT,
    ROLE_NAMES,
    STAFF_EXCERPT,
    aimed_at,
    aimed_at_short,
    focused_excerpt,
    heated_counts,
    label_counts,
    run_counts,
    shown_time,
    thread_counts,
    thread_name,
    threat_line,
    thresholds_line,
    triage_excerpt,
    triage_heading,
)
from moderation.safe_text import printable_strings

LABEL_STYLES = {"insult": "bold red", "username_change": "bold magenta"}
PIPED_WIDTH = 100  # columns when the report goes to a file or a pipe
TREE_INDENT_LEVELS = 12  # deeper replies keep this indent in --tree; their path still shows the depth


def text_console(stream: IO[str], width: int | None = None, terminal: bool | None = None) -> Console:
    return PipeConsole(
        file=stream,
        width=width,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
        force_terminal=terminal,
    )


def settled(console: Console) -> Console:
    """The same console with its size and terminal check read once: rich reads the terminal's size and
    the environment at every print, a fifth of the per-thread rendering."""
    terminal = console.is_terminal
    settled_console = text_console(console.file, console.width, terminal=terminal)
    settled_console.size = (console.width, console.height)
    return settled_console


def write_text_report(head: dict, reports: Iterable[dict], summary_of, stream: IO[str]) -> None:
    """`summary_of()` is called after the last thread report (the run is streamed)."""
    width = None if stream.isatty() else PIPED_WIDTH
    with tempfile.SpooledTemporaryFile(max_size=8 << 20, mode="w+", encoding="utf-8") as body:
        # The detail is spooled, but styled as the real stream would be (colours on a terminal only).
        detail = settled(text_console(body, width or text_console(stream).width, terminal=stream.isatty() or None))
        count = 0
        for report in reports:
            count += 1
            print_thread(detail, printable_strings(report), count)
        summary = printable_strings(summary_of())
        if not count and summary["failed_files"]:
            return  # each file's error is already its one line on stderr: no empty report after it
        console = text_console(stream, width)
        print_overview(console, printable_strings(head), summary)
        if not count:
            console.print("No threads found.")
            return
        console.print(Text("Per thread, in the order read", style="bold underline"))
        console.print()
        body.seek(0)
        console.file.flush()
        shutil.copyfileobj(body, stream)


def print_overview(console: Console, head: dict, summary: dict) -> None:
    """The first screen: the model used, incomplete threads, the ranked flags, the ranked threads."""
    console.print(Text(f"Moderation report · {head['generator']} · {thresholds_line(head['model'])}", style="bold"))
    console.print(Text(run_counts(summary)))
    if summary["incomplete"]:
        print_incomplete(console, summary)
    console.print()
    if summary["triage"]:
        console.print(Text(triage_heading(summary), style="bold underline"))
        for rank, entry in enumerate(summary["triage"], start=1):
            _triage_line(console, rank, entry)
        console.print()
    if summary["threads"] > 1:
        _thread_table(console, summary)
    if summary["top_authors"]:
        authors = Table(title="Most flagged authors across threads (site staff never listed)", title_justify="left")
        for column in ("author", "flags", "threads", "by label"):
            authors.add_column(column)
        for author in summary["top_authors"]:
            labels = label_counts(author["by_label"])
            authors.add_row(Text(author["author"]), str(author["flags"]), str(author["threads"]), labels)
        console.print(authors)
        console.print()
    if summary["failed_files"]:
        console.print(Text(f"Could not read: {', '.join(summary['failed_files'])}", style="yellow"))
        console.print()


def _triage_line(console: Console, rank: int, entry: dict) -> None:
    line = Text(f"{rank:>3}. ")
    if "threat" in entry:
        line.append("THREAT ", style="bold red reverse")
    for label in entry["labels"]:
        line.append(f"{label} {entry['scores'][label]:.2f} ", style=LABEL_STYLES.get(label, "bold"))
    line.append(entry["author"], style="bold")
    aimed = aimed_at_short(entry)
    if aimed:
        line.append(f" → {aimed}")
    incomplete = " INCOMPLETE" if entry["incomplete"] else ""
    line.append(f" · [{entry['thread_number']}] {entry['path']}{incomplete} · {thread_name(entry)}", style="dim")
    console.print(line, overflow="ellipsis", no_wrap=True)
    quote = Text(f"“{triage_excerpt(entry)}”", style="italic")
    _mark(quote, entry)
    console.print(Padding(quote, (0, 0, 0, 6), expand=False), overflow="ellipsis", no_wrap=True)


def _thread_table(console: Console, summary: dict) -> None:
    partial = bool(summary["incomplete"])  # the "read whole" column shows only in runs with a thread that was not
    table = Table(title="Threads by flags and heat", title_justify="left")
    columns = ("#", "thread", "flags", "insults", "name changes", "heat", "comments") + (
        ("read whole",) if partial else ()
    )
    for column in columns:
        table.add_column(column, justify="left" if column in ("thread", "read whole") else "right")
    for row in ranked_threads(summary["table"]):
        cells = [
            str(row["number"]),
            Text(row["title"] or row["thread"]),
            str(row["flags"]),
            str(row["insults"]),
            str(row["name_changes"]),
            str(row["heat"]) if row["heat"] else "-",
            str(row["comments"]),
        ]
        if partial:
            cells.append(Text("NO", style="bold red") if row["incomplete"] else "yes")
        table.add_row(*cells)
    console.print(table)
    console.print(Text("   heat: the longest two-person back-and-forth in a subthread with an insult", style="dim"))
    console.print()


class _Lines:
    """Collects what one thread prints, so the console renders the thread in one call: rich's fixed
    cost per `print` (options, locks, buffer) was a third of the rendering, paid three times a flag."""

    styled = True  # reason words are marked (bold underline) only where styles show

    def __init__(self) -> None:
        self.renderables: list = []

    def print(self, renderable=None) -> None:
        self.renderables.append(NewLine() if renderable is None else renderable)


class _PlainLines:
    """What one thread prints, laid out as text at once when the console shows no styles
    (a file, a pipe): rich's own layout only for what `plain_lines` cannot do exactly."""

    styled = False

    def __init__(self, console: Console) -> None:
        self.console = console
        self.parts: list[str] = []

    def print(self, renderable=None) -> None:
        if renderable is None:
            self.parts.append("\n")
            return
        laid_out = _plain(renderable, self.console.width)
        if laid_out is None:
            with self.console.capture() as captured:
                self.console.print(renderable)
            laid_out = captured.get()
        self.parts.append(laid_out)


def _plain(renderable, width: int) -> str | None:
    if isinstance(renderable, Padding):
        inner = renderable.renderable
        if (renderable.top, renderable.right, renderable.bottom, renderable.expand) == (0, 0, 0, False) and _simple(
            inner
        ):
            return padded_lines(inner.plain, renderable.left, width)
        return None
    return text_lines(renderable.plain, width) if _simple(renderable) else None


def _simple(text) -> bool:
    """A Text that wraps as rich's defaults do (no justify, overflow or no_wrap of its own)."""
    return (
        isinstance(text, Text)
        and text.end == "\n"
        and text.justify is None
        and text.overflow is None
        and text.no_wrap is None
        and text.tab_size is None
    )


def shows_no_styles(console: Console) -> bool:
    """A console writing plain text to a file: colours, bold and links would all be dropped."""
    return console.color_system is None and not console.record and not console.is_jupyter


def print_thread(console: Console, report: dict, number: int = 1) -> None:
    if shows_no_styles(console):
        plain = _PlainLines(console)
        _thread_lines(plain, report, number)
        console.file.write("".join(plain.parts))
        return
    lines = _Lines()
    _thread_lines(lines, report, number)
    console.print(Group(*lines.renderables))


def _thread_lines(console: _Lines, report: dict, number: int) -> None:
    console.print(Text(f"══ [{number}] {thread_name(report)}", style="bold"))
    source = report["source"]
    url = f" · {report['url']}" if report.get("url") else ""
    console.print(Text(f"   {source['path']} ({source['format']}) · thread {report['id']}{url}", style="dim"))
    counts = report["counts"]
    line = f"   {thread_counts(counts)} · max depth {counts['max_depth']}" + (
        f" · {counts['orphans']} orphaned" if counts["orphans"] else ""
    )
    console.print(Text(line))
    if report["incomplete"]:
        console.print(Text(f"   {INCOMPLETE_HEADLINE}", style="bold red"))
        for reason in report["unread"]:
            console.print(Text(f"   not read: {reason}", style="red"))
    if report["count_note"] and report["count_note"] not in report["unread"]:
        console.print(Text(f"   {report['count_note']}", style="yellow"))
    for repair in report["repairs"]:
        console.print(Text(f"   note: {repair}", style="yellow"))
    console.print(Text(f"   flags: {label_counts(report['flag_counts']) or 'none'}"))
    _flagged(console, report)
    _moderation(console, report.get("moderation", []))
    _dynamics(console, report["dynamics"])
    _identity(console, report["identity"])
    if "tree" in report:
        _tree(console, report["tree"])
    console.print()


def _flagged(console: Console, report: dict) -> None:
    if not report["flagged"]:
        if report["incomplete"]:
            console.print(Text("   nothing flagged in the comments read", style="yellow"))
        else:
            console.print(Text("   nothing flagged", style="green"))
        return
    console.print(Text(f"\n   Flagged comments ({len(report['flagged'])}), in tree order", style="bold"))
    for item in report["flagged"]:
        line = Text("   ")
        line.append(f"{item['path']:<10}", style="cyan")
        line.append(f" {item['author']}")
        when = shown_time(item["posted_at"])
        if when:
            line.append(f" · {when}", style="dim")
        if item["status"] != "visible":
            line.append(f" ({item['status']})", style="dim")
        for label in item["labels"]:
            line.append(f"  {label} {item['scores'][label]:.2f}", style=LABEL_STYLES.get(label, "bold"))
        console.print(line)
        for label, grams in item["reasons"].items():
            if grams:
                _say(console, 8, f"why {label}: " + ", ".join(f"“{g}”" for g in grams), style="dim")
        for said in (threat_line(item), aimed_at(item)):
            if said:
                _say(console, 8, said, style="bold red" if said is not None and said.startswith("threat") else "")
        comment = Text(f"“{focused_excerpt(item, COMMENT_EXCERPT, _one_line)}”", style="italic")
        if console.styled:
            _mark(comment, item)
        console.print(Padding(comment, (0, 0, 0, 8), expand=False))


def _moderation(console: Console, items: list[dict]) -> None:
    """Staff comments over a threshold: a moderator's call-out, shown once, never counted as an offence."""
    if not items:
        return
    console.print(Text(f"\n   Moderation by site staff ({len(items)})", style="bold"))
    for item in items:
        role = ROLE_NAMES.get(item["role"], item["role"])
        _say(console, 5, f"{item['path']} {item['author']} ({role}): “{_one_line(item['text'], STAFF_EXCERPT)}”")


def _mark(text: Text, item: dict) -> None:
    pattern = reason_pattern(flag_reasons(item))
    if pattern is not None:
        for match in pattern.finditer(text.plain):
            text.stylize("bold underline", *match.span())


def _dynamics(console: Console, dynamics: dict) -> None:
    """Only what the flagged list does not already say: where it got heated, and double posts."""
    if dynamics["heated_subthreads"]:
        console.print(Text("\n   Most heated subthreads", style="bold"))
        for item in dynamics["heated_subthreads"]:
            between = f", back-and-forth of {item['back_and_forth']} ({' ↔ '.join(item['between'])})"
            _say(
                console,
                5,
                f"{item['root_path']} (started by {item['root_author']}): {heated_counts(item)}"
                + (between if item["back_and_forth"] else ""),
            )
    if dynamics["double_posts"]:
        console.print(Text("\n   Double posts", style="bold"))
        for item in dynamics["double_posts"]:
            _say(console, 5, f"{item['author']} at {', '.join(item['paths'])}: “{item['excerpt']}”")


def _identity(console: Console, identity: dict) -> None:
    """Alias groups and unresolved name changes (the name-change flags themselves are listed above)."""
    if not (identity["groups"] or identity["unresolved"]):
        return
    console.print(Text("\n   Identity", style="bold"))
    for group in identity["groups"]:
        names = ", ".join(f'"{n}"' for n in group["names"])
        _say(console, 5, f"one person? {names}: {group['confidence']} (score {group['score']:.2f})")
        for item in group["evidence"]:
            _say(console, 7, f"- {item['kind']}{_where(item)}: {item['detail']}", style="dim")
    for entry in identity["unresolved"]:
        _say(console, 5, f'"{entry["name"]}" was said to have changed names; no other name found here')
        for item in entry["evidence"]:
            _say(console, 7, f"- {item['kind']}{_where(item)}: {item['detail']}", style="dim")


def _tree(console: Console, tree: list[dict]) -> None:
    """Every comment, indented by depth (with --tree)."""
    console.print(Text("\n   Reply tree", style="bold"))
    for entry in tree:
        indent = 5 + 2 * min(entry["depth"] - 1, TREE_INDENT_LEVELS)
        head = Text(f"{entry['path']} ", style="cyan")
        head.append(entry["author"] or "(no name)")
        when = shown_time(entry["posted_at"])
        marks = [entry["status"]] if entry["status"] != "visible" else []
        marks += [ROLE_NAMES.get(entry["role"], entry["role"])] if entry.get("role") else []
        marks += ["orphan"] if entry["orphan"] else []
        head.append((f" · {when}" if when else "") + (f" [{', '.join(marks)}]" if marks else ""), style="dim")
        for label in entry["labels"]:
            head.append(f"  {label}", style=LABEL_STYLES.get(label, "bold"))
        console.print(Padding(head, (0, 0, 0, indent), expand=False))
        console.print(Padding(Text(_one_line(entry["text"], COMMENT_EXCERPT)), (0, 0, 0, indent + 2), expand=False))


def _where(item: dict) -> str:
    paths = item.get("paths") or item.get("comments") or []
    return f" [{', '.join(paths)}]" if paths else ""


def print_incomplete(console: Console, summary: dict) -> None:
    """The threads read only in part, each with why: what a moderator must not mistake for an all-clear."""
    console.print(Text(incomplete_headline(summary), style="bold red"))
    for entry in summary["incomplete"]:
        console.print(Text(f"   {entry['title'] or 'thread ' + entry['thread']} ({entry['source']})", style="red"))
        for reason in entry["unread"]:
            _say(console, 5, f"not read: {reason}", style="red")


def _one_line(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _say(console: Console, indent: int, text: str, style: str = "") -> None:
    """One finding, wrapped under its own indent."""
    console.print(Padding(Text(text, style=style), (0, 0, 0, indent), expand=False))
