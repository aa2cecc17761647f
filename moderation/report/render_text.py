"""The report for a terminal (rich): per thread, what needs attention first, then the summary.

Comment text goes into rich `Text` objects, never into markup, so "[bold]" in a comment stays text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from moderation.report.incomplete_words import INCOMPLETE_HEADLINE, incomplete_headline
from moderation.report.reason_marks import flag_reasons, reason_pattern

LABEL_STYLES = {"insult": "bold red", "username_change": "bold magenta"}


def text_console(stream: IO[str], width: int | None = None) -> Console:
    return Console(file=stream, width=width, highlight=False, emoji=False, markup=False, soft_wrap=False)


def write_text_report(head: dict, reports: Iterable[dict], summary_of, stream: IO[str]) -> None:
    """`summary_of()` is called after the last thread report (the run is streamed)."""
    console = text_console(stream, None if stream.isatty() else 100)
    count = 0
    for report in reports:
        count += 1
        print_thread(console, report)
    summary = summary_of()
    if count != 1:
        print_summary(console, summary)
    elif summary["incomplete"]:
        print_incomplete(console, summary)
    if not count:
        console.print("No threads found.")


def print_thread(console: Console, report: dict) -> None:
    title = report["title"] or f"thread {report['id']}"
    console.print(Text(f"══ {title}", style="bold"))
    source = report["source"]
    console.print(Text(f"   {source['path']} ({source['format']}) · thread {report['id']}", style="dim"))
    counts = report["counts"]
    line = f"   {counts['comments']} comments by {counts['authors']} authors · max depth {counts['max_depth']}" + (
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
        console.print(Text(f"   repaired: {repair}", style="yellow"))
    flag_counts = ", ".join(f"{n} {label}" for label, n in report["flag_counts"].items())
    console.print(Text(f"   flags: {flag_counts or 'none'}"))
    _flagged(console, report)
    _dynamics(console, report["dynamics"])
    _identity(console, report["identity"])
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
        if item["status"] != "visible":
            line.append(f" ({item['status']})", style="dim")
        for label in item["labels"]:
            line.append(f"  {label} {item['scores'][label]:.2f}", style=LABEL_STYLES.get(label, "bold"))
        console.print(line)
        for label, grams in item["reasons"].items():
            if grams:
                _say(console, 8, f"why {label}: " + ", ".join(f"“{g}”" for g in grams), style="dim")
        target = item["target"]
        if target is not None:
            verb = "replying to" if target["via"] == "reply" else "mentioning"
            _say(console, 8, f"{verb} {target['author']} ({target['path']}): “{target['excerpt']}”")
        comment = Text(f"“{_one_line(item['text'], 300)}”", style="italic")
        pattern = reason_pattern(flag_reasons(item))
        if pattern is not None:
            comment.highlight_regex(pattern, style="bold underline")
        console.print(Padding(comment, (0, 0, 0, 8)))


def _dynamics(console: Console, dynamics: dict) -> None:
    if dynamics["insults"]:
        console.print(Text("\n   Who insulted whom", style="bold"))
        for edge in dynamics["insults"]:
            _say(console, 5, f"{edge['from']} → {edge['to']}  ×{edge['count']}")
    if dynamics["heated_subthreads"]:
        console.print(Text("\n   Most heated subthreads", style="bold"))
        for item in dynamics["heated_subthreads"]:
            between = f", back-and-forth of {item['back_and_forth']} ({' ↔ '.join(item['between'])})"
            console.print(
                Text(
                    f"     {item['root_path']} (started by {item['root_author']}): {item['insults']} insult(s), "
                    f"{item['comments']} comments, {item['levels']} levels"
                    + (between if item["back_and_forth"] else "")
                )
            )
    if dynamics["double_posts"]:
        console.print(Text("\n   Double posts", style="bold"))
        for item in dynamics["double_posts"]:
            _say(console, 5, f"{item['author']} at {', '.join(item['paths'])}: “{item['excerpt']}”")
    if dynamics["authors_by_flags"]:
        console.print(Text("\n   Authors by flags", style="bold"))
        for item in dynamics["authors_by_flags"]:
            labels = ", ".join(f"{n} {label}" for label, n in item["by_label"].items())
            _say(console, 5, f"{item['author']}: {item['flags']} ({labels}) in {item['comments']} comment(s)")


def _identity(console: Console, identity: dict) -> None:
    if not (identity["name_change_flags"] or identity["groups"] or identity["unresolved"]):
        return
    console.print(Text("\n   Identity", style="bold"))
    for flag in identity["name_change_flags"]:
        _say(console, 5, f"name change? {flag['path']} {flag['author']} ({flag['score']:.2f}): “{flag['excerpt']}”")
    for group in identity["groups"]:
        names = ", ".join(f'"{n}"' for n in group["names"])
        _say(console, 5, f"one person? {names}: {group['confidence']} (score {group['score']:.2f})")
        for item in group["evidence"]:
            _say(console, 7, f"- {item['kind']}{_where(item)}: {item['detail']}", style="dim")
    for entry in identity["unresolved"]:
        console.print(Text(f'     "{entry["name"]}" was said to have changed names; no other name found here'))
        for item in entry["evidence"]:
            _say(console, 7, f"- {item['kind']}{_where(item)}: {item['detail']}", style="dim")


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


def print_summary(console: Console, summary: dict) -> None:
    if summary["incomplete"]:
        print_incomplete(console, summary)
    table = Table(title=f"{summary['threads']} threads, {summary['comments']} comments")
    # The "read whole" column shows only in runs with a thread that was not.
    partial = bool(summary["incomplete"])
    columns = ("thread", "comments", "insults", "name changes", "alias groups") + (("read whole",) if partial else ())
    for column in columns:
        table.add_column(
            column, justify="right" if column in ("comments", "insults", "name changes", "alias groups") else "left"
        )
    for row in summary["table"]:
        name = Text(row["title"] or row["thread"])
        cells = [name, str(row["comments"]), str(row["insults"]), str(row["name_changes"]), str(row["alias_groups"])]
        if partial:
            cells.append(Text("NO", style="bold red") if row["incomplete"] else "yes")
        table.add_row(*cells)
    console.print(table)
    if summary["top_authors"]:
        authors = Table(title="Most flagged authors across threads")
        for column in ("author", "flags", "threads", "by label"):
            authors.add_column(column)
        for author in summary["top_authors"]:
            labels = ", ".join(f"{n} {label}" for label, n in author["by_label"].items())
            authors.add_row(Text(author["author"]), str(author["flags"]), str(author["threads"]), labels)
        console.print(authors)
    if summary["failed_files"]:
        console.print(Text(f"Could not read: {', '.join(summary['failed_files'])}", style="yellow"))


def _one_line(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _say(console: Console, indent: int, text: str, style: str = "") -> None:
    """One finding, wrapped under its own indent."""
    console.print(Padding(Text(text, style=style), (0, 0, 0, indent)))
