"""The report as one self-contained HTML page: no network, no script, readable on a phone.

The page is written from Jinja2 macros (templates/report.html.j2) with autoescape on, so every value
is escaped (and stripped of control characters) unless marked safe; a Content-Security-Policy forbids
scripts, so even a mistake in escaping could not run one. The page opens with what needs attention (flagged
comments ranked by score, threads ranked by severity, each linking to its detail); per thread the
flagged comments are marked with their reasons, an inline SVG shows where flags fall (each mark
links to its comment), and the full reply tree is folded in a <details>. At 400 px nothing scrolls
sideways: tables, chart and long URLs wrap or shrink. Thread sections are spooled to a temporary
file so the opening can come first with flat memory.
"""

from __future__ import annotations

import html
import shutil
import tempfile
from collections.abc import Iterable
from typing import IO

from jinja2 import Environment, PackageLoader, Undefined
from markupsafe import Markup

from moderation.report.incomplete_words import INCOMPLETE_HEADLINE, incomplete_headline
from moderation.report.reason_marks import flag_reasons, mark_reasons
from moderation.report.run import ranked_threads
from moderation.report.wording import (
    ROLE_NAMES,
    aimed_at,
    aimed_at_short,
    counted,
    expected_line,
    label_count,
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
from moderation.safe_text import printable

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
MAX_NESTING = 40  # deeper replies are shown flat (with their path) so browsers never clip the tree
CHART_BINS = 60
CHART_WIDTH, CHART_HEIGHT, CHART_BAR_AREA = 600, 70, 56  # SVG units; it scales to the page
LABEL_COLOURS = {"insult": "#c62828", "username_change": "#6a1b9a"}
OTHER_COLOUR = "#ef6c00"

STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:72rem;padding:1rem 1.5rem;color:#1b1b1b;
overflow-wrap:anywhere}
@media (max-width:600px){body{padding:.5rem .6rem;font-size:14px}}
h1{font-size:1.5rem}h2{font-size:1.25rem;border-top:3px solid #333;padding-top:.8rem;margin-top:2.5rem}
h3{font-size:1.05rem;margin:1.2rem 0 .4rem}
table{border-collapse:collapse;margin:.4rem 0;max-width:100%}td,th{border:1px solid #ccc;padding:.2rem .5rem;
text-align:left;vertical-align:top}th{overflow-wrap:normal}
@media (max-width:600px){td,th{padding:.15rem .2rem}th{font-size:.72rem}}
.num{text-align:right}
.meta{color:#555}.note{color:#8a5a00}.path{font-family:ui-monospace,monospace;color:#0b5394}
.flag{background:#fff3f3;border-left:4px solid #c62828;padding:.3rem .6rem;margin:.35rem 0}
.flag.username_change{border-left-color:#6a1b9a;background:#f8f0fb}
.flag.moderation{border-left-color:#2e7d32;background:#f1f8f1}
.label{display:inline-block;border-radius:3px;padding:0 .35rem;color:#fff;font-size:.8rem;margin-right:.3rem}
.label.insult{background:#c62828}.label.username_change{background:#6a1b9a}.label.other{background:#ef6c00}
.why{color:#444;font-size:.9rem}.target{color:#333;font-size:.9rem}mark{background:#ffe08a;padding:0 .1rem}
.threat{color:#b71c1c;font-weight:bold;font-size:.9rem}.label.threat{background:#b71c1c;color:#fff;font-size:.8rem}
.text{white-space:pre-wrap}
ol.triage li{margin:.3rem 0}
details{margin-left:min(1.1rem,1.5vw);border-left:1px dotted #bbb;padding-left:min(.5rem,1vw)}
details.root,details.tree{margin-left:0;border-left:none;padding-left:0}
summary{cursor:pointer}.c{margin:.15rem 0}.c.deleted,.c.spam{color:#777}
.c.flagged>.text{background:#fff3f3}
.chart{display:block;margin:.4rem 0;width:100%;max-width:600px;height:auto}
.legend span{margin-right:.8rem}
.incomplete{background:#fff4e5;border:2px solid #b71c1c;padding:.4rem .8rem;margin:.6rem 0;color:#7f0000}
section.incomplete h2{border-top:none;margin-top:0;padding-top:0}.incomplete-cell{color:#b71c1c;font-weight:bold}
"""


def write_html_report(head: dict, reports: Iterable[dict], summary_of, stream: IO[str]) -> None:
    with tempfile.SpooledTemporaryFile(max_size=8 << 20, mode="w+", encoding="utf-8") as body:
        count = 0
        for report in reports:
            count += 1
            body.write(thread_section(report, count))
        summary = summary_of()
        title = "Moderation report" if count != 1 else f"Moderation report: {summary['table'][0]['title'] or ''}"
        stream.write(_page_head(title.rstrip(": "), head, summary))
        if summary["incomplete"]:
            stream.write(incomplete_section(summary))
        stream.write(triage_section(summary))
        stream.write(summary_section(summary))
        if not count:
            stream.write("<p>No threads found.</p>\n")
        body.seek(0)
        shutil.copyfileobj(body, stream)
    stream.write("</body>\n</html>\n")


def e(value) -> str:
    """Escaped for HTML text and attributes, with control characters removed as in every other format."""
    return html.escape(printable("" if value is None else value), quote=True)


def _shown(value):
    """Jinja2's last step before escaping: text loses control characters; safe HTML stays as it is."""
    if isinstance(value, Markup | Undefined):
        return value
    if value is None:
        return ""
    return printable(value) if isinstance(value, str) else value


def marked(text: str, reasons: Iterable[str]) -> Markup:
    """The comment, escaped, with each reason word or phrase that occurs in it wrapped in <mark>: the
    moderator sees why in place."""
    return Markup(mark_reasons(printable(text), reasons, e, "<mark>", "</mark>"))


def chart_bars(report: dict) -> dict | None:
    """Flags along the thread: the comments in tree order cut into bins, one bar per bin and label,
    each bar a link to the first flagged comment in its bin (the flag_chart macro draws them)."""
    total = report["counts"]["comments"]
    if not total or not report["flagged"]:
        return None
    bins = min(CHART_BINS, total)
    labels = list(report["flag_counts"])
    counts = {label: [0] * bins for label in labels}
    first_in_bin: dict[tuple[str, int], int] = {}
    for item in report["flagged"]:
        slot = min(bins - 1, (item["position"] - 1) * bins // total)
        for label in item["labels"]:
            counts.setdefault(label, [0] * bins)[slot] += 1
            first_in_bin.setdefault((label, slot), item["position"])
    peak = max(max(values) for values in counts.values()) or 1
    step = CHART_WIDTH / bins
    bar = max(1.0, step / max(1, len(counts)) - 0.5)
    bars = []
    for offset, (label, values) in enumerate(counts.items()):
        for slot, value in enumerate(values):
            if value:
                tall = max(2.0, CHART_BAR_AREA * value / peak)
                bars.append(
                    {
                        "first": first_in_bin[label, slot],
                        "x": slot * step + offset * bar,
                        "y": CHART_BAR_AREA - tall,
                        "width": bar,
                        "height": tall,
                        "colour": LABEL_COLOURS.get(label, OTHER_COLOUR),
                        "value": value,
                        "label": label,
                    }
                )
    legend = [(label, LABEL_COLOURS.get(label, OTHER_COLOUR)) for label in counts]
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "bar_area": CHART_BAR_AREA,
        "total": total,
        "bars": bars,
        "legend": legend,
    }


def tree_steps(report: dict) -> list[dict]:
    """The reply tree as steps for the reply_tree macro: a comment with replies opens a <details>
    (open when a flag lies below it), a leaf is a <div>, and "close" ends a <details>."""
    tree = report["tree"]
    opened = flagged_branches(tree, {item["position"] for item in report["flagged"]})
    steps: list[dict] = []
    stack: list[int] = []  # depths of the <details> elements still open
    for number, entry in enumerate(tree):
        depth = min(entry["depth"], MAX_NESTING)
        while stack and stack[-1] >= depth:
            steps.append(_CLOSE)
            stack.pop()
        following = tree[number + 1] if number + 1 < len(tree) else None
        if following is not None and following["depth"] > entry["depth"] and depth < MAX_NESTING:
            steps.append({"kind": "branch", "entry": entry, "root": not stack, "open": number in opened})
            stack.append(depth)
        else:
            steps.append({"kind": "leaf", "entry": entry, "nested": bool(stack)})
    steps.extend([_CLOSE] * len(stack))
    return steps


_CLOSE = {"kind": "close"}


def flagged_branches(tree: list[dict], flagged_positions: set[int]) -> set[int]:
    """The tree entries (by number) above a flagged comment, found in one pre-order pass.

    Each flagged comment marks its ancestors upward until one already marked: every entry is marked
    at most once, so a flagged chain N deep costs N steps, not N squared.
    """
    opened: set[int] = set()
    ancestors: list[tuple[int, int]] = []  # (depth, number) of the entries above the current one
    for number, entry in enumerate(tree):
        while ancestors and ancestors[-1][0] >= entry["depth"]:
            ancestors.pop()
        if entry["position"] in flagged_positions:
            for _, above in reversed(ancestors):
                if above in opened:
                    break
                opened.add(above)
        ancestors.append((entry["depth"], number))
    return opened


_ENVIRONMENT = Environment(
    loader=PackageLoader("moderation.report", "templates"),
    autoescape=True,
    finalize=_shown,
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENVIRONMENT.globals.update(
    CSP=Markup(CSP),
    STYLE=Markup(STYLE),
    LABEL_COLOURS=LABEL_COLOURS,
    ROLE_NAMES=ROLE_NAMES,
    INCOMPLETE_HEADLINE=INCOMPLETE_HEADLINE,
    incomplete_headline=incomplete_headline,
    ranked_threads=ranked_threads,
    thread_name=thread_name,
    triage_excerpt=triage_excerpt,
    flag_reasons=flag_reasons,
    aimed_at=aimed_at,
    aimed_at_short=aimed_at_short,
    threat_line=threat_line,
    triage_heading=triage_heading,
    shown_time=shown_time,
    run_counts=run_counts,
    counted=counted,
    label_count=label_count,
    label_counts=label_counts,
    thread_counts=thread_counts,
    marked=marked,
    chart_bars=chart_bars,
    tree_steps=tree_steps,
)
_MACROS = _ENVIRONMENT.get_template("report.html.j2").module


def _page_head(title: str, head: dict, summary: dict) -> str:
    thresholds = threshold_list(head["model"]) + expected_line(head["model"])
    return str(_MACROS.page_head(title, head, summary, thresholds))


def incomplete_section(summary: dict) -> str:
    """The threads read only in part, first thing on the page: no one should take the rest for an all-clear."""
    return str(_MACROS.incomplete_section(summary))


def triage_section(summary: dict) -> str:
    """The flagged comments of the whole run, highest score first, each linking to its detail."""
    return str(_MACROS.triage_section(summary))


def summary_section(summary: dict) -> str:
    """Threads by severity (flags, then heat), each linking to its section; then the most flagged authors."""
    return str(_MACROS.summary_section(summary))


def thread_section(report: dict, number: int) -> str:
    """One thread: where it came from, what was not read, its flags (chart, list), staff's call-outs,
    heated subthreads, double posts, aliases, and the folded reply tree when asked for."""
    return str(_MACROS.thread_section(report, number))
