"""The report as Markdown (for an issue tracker or a wiki page): what needs attention first, then
each thread's detail.

Comment text is made `printable` (no terminal escapes, for Markdown read in a terminal) and escaped
for Markdown and HTML both: a comment holding "<script>", "**", "$x$", a link, a bare URL or an
e-mail-like "name@host.tld" shows as those characters, never as markup, maths or a link. What the
report writes itself (scores, thresholds, times, paths, counts) is escaped only where Markdown would
read it as markup mid-line, so "0.91" and "2.1" read as typed, not "0\\.91".
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterable
from typing import IO

from moderation.report.dynamics import excerpt
from moderation.report.incomplete_words import INCOMPLETE_HEADLINE, incomplete_headline
from moderation.report.reason_marks import flag_reasons, mark_reasons
from moderation.report.run import ranked_threads
from moderation.report.wording import (
    COMMENT_EXCERPT,
    ROLE_NAMES,
    STAFF_EXCERPT,
    aimed_at,
    aimed_at_short,
    expected_line,
    flag_scores,
    heated_counts,
    label_counts,
    run_counts,
    shown_time,
    thread_counts,
    thread_name,
    threat_line,
    threshold_list,
    triage_excerpt,
    triage_heading,
)
from moderation.safe_text import printable, printable_strings

TREE_INDENT_LEVELS = 12  # deeper replies keep this indent in --tree; their path still shows the depth
# Escaped in untrusted text: CommonMark's specials, "$" (GitHub reads "$x$" as maths) and a ":" before
# "//" (GitHub links "http://", "https://", "ftp://"; "www." already breaks at its escaped "."; times
# such as "9:50" keep their colon as typed).
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>$]|:(?=//))")
# What opens markup in the middle of a line (CommonMark inlines, GFM tables and strikethrough, GitHub's
# maths): the report's own values never start a line, so list, heading and numbered-list marks need no
# escape there.
_INLINE_SPECIAL = re.compile(r"([\\`*\[\]|~$]|(?<![^\W_])_|_(?![^\W_]))")
# Written after every "@" of untrusted text. GFM links "name@host.tld" and GitHub "@name" after escapes
# are undone, in the text as read, so no escape stops them; an empty HTML comment splits the text there
# and every renderer shows nothing of it (GitHub, GitLab, rich in a terminal).
AT_SPLIT = "<!-- -->"


def md(text) -> str:
    """Plain text made inert in Markdown: one line, HTML entities for <, > and &, specials escaped."""
    return _inert(" ".join(str(text).split()))


def md_own(text) -> str:
    """Text the report composes (scores, thresholds, times, paths, label names): one line, only what
    would be markup mid-line escaped, and a snake_case name's inner underscores left alone."""
    return _INLINE_SPECIAL.sub(r"\\\1", _entities(" ".join(str(text).split())))


def _inert(flat: str) -> str:
    """The one escaping path of untrusted text: entities, then backslashes, then "@" split (AT_SPLIT)."""
    return _SPECIAL.sub(r"\\\1", _entities(flat)).replace("@", "@" + AT_SPLIT)


def _entities(flat: str) -> str:
    """HTML's three characters as entities: Markdown renderers pass raw HTML through."""
    return flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _comment(text: str, reasons: list[str]) -> str:
    """The comment on one line, inert, with its reason words in bold."""
    return mark_reasons(" ".join(text.split()), reasons, _inert, "**", "**")


def write_markdown_report(head: dict, reports: Iterable[dict], summary_of, stream: IO[str]) -> None:
    """What needs attention first, then per-thread detail. Thread sections are spooled to a temporary
    file, so the opening (known only at the end of the run) comes first with flat memory."""
    with tempfile.SpooledTemporaryFile(max_size=8 << 20, mode="w+", encoding="utf-8") as body:
        count = 0
        for report in reports:
            count += 1
            _thread(body.write, printable_strings(report), count)
        summary = printable_strings(summary_of())
        if not count and summary["failed_files"]:
            return  # each file's error is already its one line on stderr: no empty report after it
        write = stream.write
        write("# Moderation report\n\n")
        model = head["model"]
        described = f"{printable(model['name'])} ({threshold_list(model)}){expected_line(model)}"
        write(f"Model: {md_own(described)}.\n\n")
        write(f"{run_counts(summary)}.\n\n")
        if summary["incomplete"]:
            _incomplete(write, summary)
        _triage(write, summary)
        if summary["threads"] > 1:
            _thread_table(write, summary)
        _top_authors(write, summary)
        if summary["failed_files"]:
            write("Could not read: " + ", ".join(md(f) for f in summary["failed_files"]) + "\n\n")
        if count:
            write("## Per thread, in the order read\n\n")
        body.seek(0)
        shutil.copyfileobj(body, stream)


def _incomplete(write, summary: dict) -> None:
    write(f"> **{md_own(incomplete_headline(summary))}**\n>\n")
    for entry in summary["incomplete"]:
        reasons = "; ".join(md(reason) for reason in entry["unread"])
        write(f"> - {md(entry['title'] or 'thread ' + entry['thread'])} ({md(entry['source'])}): {reasons}\n")
    write("\n")


def _triage(write, summary: dict) -> None:
    if not summary["triage"]:
        return
    write(f"## {md_own(triage_heading(summary))}\n\n")
    for rank, entry in enumerate(summary["triage"], start=1):
        aimed = aimed_at_short(entry)
        target = f" → {md(aimed)}" if aimed else ""
        incomplete = " **INCOMPLETE**" if entry["incomplete"] else ""
        write(
            f"{rank}. {'**THREAT** ' if 'threat' in entry else ''}**{md_own(flag_scores(entry))}** "
            f"{md(entry['author'])}{target} · "
            f"\\[{entry['thread_number']}\\] {md_own(entry['path'])}{incomplete} · {md(thread_name(entry))}  \n"
            f"   “{_comment(triage_excerpt(entry), flag_reasons(entry))}”\n"
        )
    write("\n")


def _thread_table(write, summary: dict) -> None:
    partial = bool(summary["incomplete"])  # the "read whole" column shows only when a thread was not
    write("## Threads by flags and heat\n\n")
    write("| # | thread | flags | insults | name changes | heat | comments |" + (" read whole |" if partial else ""))
    write("\n|---|---|---|---|---|---|---|" + ("---|" if partial else "") + "\n")
    for row in ranked_threads(summary["table"]):
        whole = (" **NO** |" if row["incomplete"] else " yes |") if partial else ""
        write(
            f"| {row['number']} | {md(row['title'] or row['thread'])} | {row['flags']} | {row['insults']} | "
            f"{row['name_changes']} | {row['heat'] or '-'} | {row['comments']} |{whole}\n"
        )
    write("\nheat: the longest two-person back-and-forth in a subthread with an insult.\n\n")


def _top_authors(write, summary: dict) -> None:
    if not summary["top_authors"]:
        return
    write("## Most flagged authors across threads\n\nSite staff are never listed.\n\n")
    write("| author | flags | threads | by label |\n|---|---|---|---|\n")
    for author in summary["top_authors"]:
        labels = md_own(label_counts(author["by_label"]))
        write(f"| {md(author['author'])} | {author['flags']} | {author['threads']} | {labels} |\n")
    write("\n")


def _thread(write, report: dict, number: int = 1) -> None:
    write(f"### [{number}] {md(report['title'] or 'thread ' + report['id'])}\n\n")
    counts = report["counts"]
    source = report["source"]
    url = f" · {md(report['url'])}" if report.get("url") else ""
    write(f"- Source: {md(source['path'])} ({md_own(source['format'])}), thread {md(report['id'])}{url}\n")
    write(f"- {thread_counts(counts)}, maximum depth {counts['max_depth']}\n")
    if report["incomplete"]:
        write(f"- **{md_own(INCOMPLETE_HEADLINE)}**\n")
        for reason in report["unread"]:
            write(f"  - not read: {md(reason)}\n")
    if report["count_note"] and report["count_note"] not in report["unread"]:
        write(f"- Count: {md(report['count_note'])}\n")
    for repair in report["repairs"]:
        write(f"- Note: {md(repair)}\n")
    flags = md_own(label_counts(report["flag_counts"])) or "none"
    write(f"- Flags{' in the comments read' if report['incomplete'] else ''}: {flags}\n\n")
    if report["flagged"]:
        write("#### Flagged comments, in tree order\n\n")
        for item in report["flagged"]:
            when = shown_time(item["posted_at"])
            status = f" ({md(item['status'])})" if item["status"] != "visible" else ""
            write(
                f"- **{md_own(item['path'])}** {md(item['author'])}{' · ' + md_own(when) if when else ''}{status} · "
                f"**{md_own(flag_scores(item))}**\n"
            )
            for label, grams in item["reasons"].items():
                if grams:
                    write(f"  - why {md_own(label)}: " + ", ".join(f"“{md(g)}”" for g in grams) + "\n")
            threat = threat_line(item)
            if threat:
                write(f"  - **{md(threat)}**\n")
            aimed = aimed_at(item)
            if aimed:
                write(f"  - {md(aimed)}\n")
            write(f"  - “{_comment(item['text'], flag_reasons(item))}”\n")
        write("\n")
    if report.get("moderation"):
        write("#### Moderation by site staff\n\n")
        for item in report["moderation"]:
            role = ROLE_NAMES.get(item["role"], item["role"])
            quoted = md(excerpt(item["text"], STAFF_EXCERPT))
            write(f"- {md_own(item['path'])} {md(item['author'])} ({md_own(role)}): “{quoted}”\n")
        write("\n")
    dynamics = report["dynamics"]
    if dynamics["heated_subthreads"]:
        write("#### Most heated subthreads\n\n")
        for item in dynamics["heated_subthreads"]:
            extra = (
                f", back-and-forth of {item['back_and_forth']} ({' ↔ '.join(md(n) for n in item['between'])})"
                if item["back_and_forth"]
                else ""
            )
            started = f"started by {md(item['root_author'])}"
            write(f"- {md_own(item['root_path'])} ({started}): {heated_counts(item)}{extra}\n")
        write("\n")
    if dynamics["double_posts"]:
        write("#### Double posts\n\n")
        for item in dynamics["double_posts"]:
            write(f"- {md(item['author'])} at {md_own(', '.join(item['paths']))}: “{md(item['excerpt'])}”\n")
        write("\n")
    identity = report["identity"]
    if identity["groups"] or identity["unresolved"]:
        write("#### Identity\n\n")
        for group in identity["groups"]:
            names = ", ".join(md(n) for n in group["names"])
            write(f"- One person? {names}: {group['confidence']} (score {group['score']:.2f})\n")
            for item in group["evidence"]:
                write(f"  - {md_own(item['kind'])} {md(', '.join(item.get('paths', [])))}: {md(item['detail'])}\n")
        for entry in identity["unresolved"]:
            write(f"- {md(entry['name'])} was said to have changed names; no other name found here\n")
            for item in entry["evidence"]:
                write(f"  - {md_own(item['kind'])} {md(', '.join(item.get('paths', [])))}: {md(item['detail'])}\n")
        write("\n")
    if "tree" in report:
        _tree(write, report["tree"])


def _tree(write, tree: list[dict]) -> None:
    """Every comment as a nested list (with --tree); indentation capped so Markdown keeps it a list."""
    write("#### Reply tree\n\n")
    for entry in tree:
        indent = "  " * min(entry["depth"] - 1, TREE_INDENT_LEVELS)
        when = shown_time(entry["posted_at"])
        marks = [entry["status"]] if entry["status"] != "visible" else []
        marks += [ROLE_NAMES.get(entry["role"], entry["role"])] if entry.get("role") else []
        marks += entry["labels"]
        extra = f" \\[{md_own(', '.join(marks))}\\]" if marks else ""
        write(
            f"{indent}- **{md_own(entry['path'])}** {md(entry['author'] or '(no name)')}"
            f"{' · ' + md_own(when) if when else ''}{extra}: {md(excerpt(entry['text'], COMMENT_EXCERPT))}\n"
        )
    write("\n")
