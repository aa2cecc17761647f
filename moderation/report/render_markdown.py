"""The report as Markdown (for an issue tracker or a wiki page).

Comment text is escaped for Markdown and HTML both: a comment holding "<script>", "**" or a link
shows as those characters, never as markup.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterable
from typing import IO

from moderation.report.incomplete_words import INCOMPLETE_HEADLINE, incomplete_headline
from moderation.report.reason_marks import flag_reasons, mark_reasons

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def md(text) -> str:
    """Plain text made inert in Markdown: one line, HTML entities for <, > and &, specials escaped."""
    return _inert(" ".join(str(text).split()))


def _inert(flat: str) -> str:
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", flat)


def _comment(text: str, reasons: list[str]) -> str:
    """The comment on one line, inert, with its reason words in bold."""
    return mark_reasons(" ".join(text.split()), reasons, _inert, "**", "**")


def write_markdown_report(head: dict, reports: Iterable[dict], summary_of, stream: IO[str]) -> None:
    """Thread sections are spooled to a temporary file, so that incomplete threads can be named at the
    top with flat memory (which ones they are is known only at the end of the run)."""
    with tempfile.SpooledTemporaryFile(max_size=8 << 20, mode="w+", encoding="utf-8") as body:
        count = 0
        for report in reports:
            count += 1
            _thread(body.write, report)
        summary = summary_of()
        if count != 1:
            _summary(body.write, summary)
        write = stream.write
        write("# Moderation report\n\n")
        model = head["model"]
        thresholds = ", ".join(f"{label} ≥ {value:.2f}" for label, value in model["thresholds"].items())
        write(f"Model: {md(model['name'])} ({thresholds}).\n\n")
        if summary["incomplete"]:
            _incomplete(write, summary)
        body.seek(0)
        shutil.copyfileobj(body, stream)


def _incomplete(write, summary: dict) -> None:
    write(f"> **{md(incomplete_headline(summary))}**\n>\n")
    for entry in summary["incomplete"]:
        reasons = "; ".join(md(reason) for reason in entry["unread"])
        write(f"> - {md(entry['title'] or 'thread ' + entry['thread'])} ({md(entry['source'])}): {reasons}\n")
    write("\n")


def _thread(write, report: dict) -> None:
    write(f"## {md(report['title'] or 'thread ' + report['id'])}\n\n")
    counts = report["counts"]
    source = report["source"]
    write(f"- Source: {md(source['path'])} ({md(source['format'])}), thread {md(report['id'])}\n")
    write(f"- {counts['comments']} comments by {counts['authors']} authors, maximum depth {counts['max_depth']}\n")
    if report["incomplete"]:
        write(f"- **{md(INCOMPLETE_HEADLINE)}**\n")
        for reason in report["unread"]:
            write(f"  - not read: {md(reason)}\n")
    if report["count_note"] and report["count_note"] not in report["unread"]:
        write(f"- Count: {md(report['count_note'])}\n")
    for repair in report["repairs"]:
        write(f"- Repaired: {md(repair)}\n")
    flags = ", ".join(f"{n} {label}" for label, n in report["flag_counts"].items()) or "none"
    write(f"- Flags{' in the comments read' if report['incomplete'] else ''}: {flags}\n\n")
    if report["flagged"]:
        write("### Flagged comments\n\n")
        write("| path | author | flags | why | aimed at | comment |\n|---|---|---|---|---|---|\n")
        for item in report["flagged"]:
            flags = "<br>".join(f"{label} {item['scores'][label]:.2f}" for label in item["labels"])
            why = "<br>".join(
                f"{label}: " + ", ".join(md(g) for g in grams) for label, grams in item["reasons"].items() if grams
            )
            target = item["target"]
            aimed = f"{md(target['author'])} ({target['path']}): “{md(target['excerpt'])}”" if target else ""
            comment = _comment(item["text"], flag_reasons(item))
            write(f"| {item['path']} | {md(item['author'])} | {flags} | {why} | {aimed} | {comment} |\n")
        write("\n")
    dynamics = report["dynamics"]
    if dynamics["insults"]:
        write("### Who insulted whom\n\n")
        for edge in dynamics["insults"]:
            write(f"- {md(edge['from'])} → {md(edge['to'])}: {edge['count']}\n")
        write("\n")
    if dynamics["heated_subthreads"]:
        write("### Most heated subthreads\n\n")
        for item in dynamics["heated_subthreads"]:
            extra = (
                f", back-and-forth of {item['back_and_forth']} ({' ↔ '.join(md(n) for n in item['between'])})"
                if item["back_and_forth"]
                else ""
            )
            write(
                f"- {item['root_path']} (started by {md(item['root_author'])}): {item['insults']} insult(s), "
                f"{item['comments']} comments, {item['levels']} levels{extra}\n"
            )
        write("\n")
    if dynamics["double_posts"]:
        write("### Double posts\n\n")
        for item in dynamics["double_posts"]:
            write(f"- {md(item['author'])} at {', '.join(item['paths'])}: “{md(item['excerpt'])}”\n")
        write("\n")
    if dynamics["authors_by_flags"]:
        write("### Authors by flags\n\n| author | flags | comments |\n|---|---|---|\n")
        for item in dynamics["authors_by_flags"]:
            labels = ", ".join(f"{n} {label}" for label, n in item["by_label"].items())
            write(f"| {md(item['author'])} | {item['flags']} ({labels}) | {item['comments']} |\n")
        write("\n")
    identity = report["identity"]
    if identity["name_change_flags"] or identity["groups"] or identity["unresolved"]:
        write("### Identity\n\n")
        for flag in identity["name_change_flags"]:
            write(
                f"- Name change? {flag['path']} {md(flag['author'])} ({flag['score']:.2f}): “{md(flag['excerpt'])}”\n"
            )
        for group in identity["groups"]:
            names = ", ".join(md(n) for n in group["names"])
            write(f"- One person? {names}: {group['confidence']} (score {group['score']:.2f})\n")
            for item in group["evidence"]:
                write(f"  - {md(item['kind'])} {md(', '.join(item.get('paths', [])))}: {md(item['detail'])}\n")
        for entry in identity["unresolved"]:
            write(f"- {md(entry['name'])} was said to have changed names; no other name found here\n")
            for item in entry["evidence"]:
                write(f"  - {md(item['kind'])} {md(', '.join(item.get('paths', [])))}: {md(item['detail'])}\n")
        write("\n")


def _summary(write, summary: dict) -> None:
    write(f"## Summary: {summary['threads']} threads, {summary['comments']} comments\n\n")
    partial = bool(summary["incomplete"])  # the "read whole" column shows only when a thread was not
    if partial:
        write(f"**{md(incomplete_headline(summary))}**\n\n")
        write("| thread | comments | insults | name changes | alias groups | read whole |\n|---|---|---|---|---|---|\n")
    else:
        write("| thread | comments | insults | name changes | alias groups |\n|---|---|---|---|---|\n")
    for row in summary["table"]:
        whole = (" **NO** |" if row["incomplete"] else " yes |") if partial else ""
        write(
            f"| {md(row['title'] or row['thread'])} | {row['comments']} | {row['insults']} | "
            f"{row['name_changes']} | {row['alias_groups']} |{whole}\n"
        )
    write("\n")
    if summary["top_authors"]:
        write("### Most flagged authors across threads\n\n| author | flags | threads |\n|---|---|---|\n")
        for author in summary["top_authors"]:
            write(f"| {md(author['author'])} | {author['flags']} | {author['threads']} |\n")
        write("\n")
    if summary["failed_files"]:
        write("Could not read: " + ", ".join(md(f) for f in summary["failed_files"]) + "\n")
