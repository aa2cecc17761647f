"""The report as one self-contained HTML page: no network, no script.

Every piece of comment text goes through `html.escape`; a Content-Security-Policy forbids scripts,
so even a mistake in escaping could not run one. The reply tree folds with <details>, flagged
comments are marked with their reasons, and an inline SVG shows where in the thread flags fall.
Thread sections are spooled to a temporary file so the summary can come first with flat memory.
"""

from __future__ import annotations

import html
import shutil
import tempfile
from collections.abc import Iterable
from typing import IO

from moderation.report.incomplete_words import INCOMPLETE_HEADLINE, incomplete_headline
from moderation.report.reason_marks import flag_reasons, mark_reasons

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
MAX_NESTING = 40  # deeper replies are shown flat (with their path) so browsers never clip the tree
OPEN_TREE_UP_TO = 300  # smaller threads open whole; bigger ones open only the branches with flags
CHART_BINS = 60
LABEL_COLOURS = {"insult": "#c62828", "username_change": "#6a1b9a"}
OTHER_COLOUR = "#ef6c00"

STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:72rem;padding:1rem 1.5rem;color:#1b1b1b}
h1{font-size:1.5rem}h2{font-size:1.25rem;border-top:3px solid #333;padding-top:.8rem;margin-top:2.5rem}
h3{font-size:1.05rem;margin:1.2rem 0 .4rem}
table{border-collapse:collapse;margin:.4rem 0}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left;
vertical-align:top}
.meta{color:#555}.note{color:#8a5a00}.path{font-family:ui-monospace,monospace;color:#0b5394}
.flag{background:#fff3f3;border-left:4px solid #c62828;padding:.3rem .6rem;margin:.35rem 0}
.flag.username_change{border-left-color:#6a1b9a;background:#f8f0fb}
.label{display:inline-block;border-radius:3px;padding:0 .35rem;color:#fff;font-size:.8rem;margin-right:.3rem}
.label.insult{background:#c62828}.label.username_change{background:#6a1b9a}.label.other{background:#ef6c00}
.why{color:#444;font-size:.9rem}.target{color:#333;font-size:.9rem}mark{background:#ffe08a;padding:0 .1rem}
.text{white-space:pre-wrap;overflow-wrap:anywhere}
details{margin-left:1.1rem;border-left:1px dotted #bbb;padding-left:.5rem}
details.root{margin-left:0}
summary{cursor:pointer}.c{margin:.15rem 0}.c.deleted,.c.spam{color:#777}
.c.flagged>.text{background:#fff3f3}
.chart{display:block;margin:.4rem 0}
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
        stream.write(_page_head(title.rstrip(": "), head))
        if summary["incomplete"]:
            stream.write(incomplete_section(summary))
        if count != 1:
            stream.write(summary_section(summary))
        if not count:
            stream.write("<p>No threads found.</p>\n")
        body.seek(0)
        shutil.copyfileobj(body, stream)
    stream.write("</body>\n</html>\n")


def e(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _page_head(title: str, head: dict) -> str:
    model = head["model"]
    thresholds = ", ".join(f"{e(label)} ≥ {value:.2f}" for label, value in model["thresholds"].items())
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f'<h1>{e(title)}</h1>\n<p class="meta">{e(head["generator"])} · model {e(model["name"])} ({thresholds})</p>\n'
    )


def incomplete_section(summary: dict) -> str:
    """The threads read only in part, first thing on the page: no one should take the rest for an all-clear."""
    parts = [f'<section id="incomplete" class="incomplete"><h2>{e(incomplete_headline(summary))}</h2><ul>']
    for entry in summary["incomplete"]:
        reasons = "".join(f"<li>not read: {e(reason)}</li>" for reason in entry["unread"])
        parts.append(
            f"<li><b>{e(entry['title'] or 'thread ' + entry['thread'])}</b> ({e(entry['source'])})"
            f"<ul>{reasons}</ul></li>"
        )
    parts.append("</ul></section>\n")
    return "".join(parts)


def summary_section(summary: dict) -> str:
    parts = [f'<section id="summary"><h2>Summary: {summary["threads"]} threads, {summary["comments"]} comments</h2>']
    partial = bool(summary["incomplete"])  # the "read whole" column shows only when a thread was not
    parts.append(
        "<table><tr><th>thread</th><th>comments</th><th>insults</th><th>name changes</th><th>alias groups</th>"
        + ("<th>read whole</th>" if partial else "")
        + "</tr>"
    )
    for number, row in enumerate(summary["table"], start=1):
        whole = ('<td class="incomplete-cell">NO</td>' if row["incomplete"] else "<td>yes</td>") if partial else ""
        parts.append(
            f'<tr><td><a href="#t{number}">{e(row["title"] or row["thread"])}</a></td><td>{row["comments"]}</td>'
            f"<td>{row['insults']}</td><td>{row['name_changes']}</td><td>{row['alias_groups']}</td>{whole}</tr>"
        )
    parts.append("</table>")
    if summary["top_authors"]:
        parts.append(
            "<h3>Most flagged authors across threads</h3><table><tr><th>author</th><th>flags</th>"
            "<th>threads</th><th>by label</th></tr>"
        )
        for author in summary["top_authors"]:
            labels = ", ".join(f"{n} {e(label)}" for label, n in author["by_label"].items())
            parts.append(
                f"<tr><td>{e(author['author'])}</td><td>{author['flags']}</td><td>{author['threads']}</td>"
                f"<td>{labels}</td></tr>"
            )
        parts.append("</table>")
    if summary["failed_files"]:
        parts.append(f'<p class="note">Could not read: {e(", ".join(summary["failed_files"]))}</p>')
    parts.append("</section>\n")
    return "".join(parts)


def thread_section(report: dict, number: int) -> str:
    anchor = f"t{number}"
    counts = report["counts"]
    source = report["source"]
    parts = [f'<section class="thread" id="{anchor}"><h2>{e(report["title"] or "thread " + report["id"])}</h2>']
    link = f" · <span>{e(report['url'])}</span>" if report["url"] else ""
    parts.append(
        f'<p class="meta">{e(source["path"])} ({e(source["format"])}) · thread {e(report["id"])}{link}<br>'
        f"{counts['comments']} comments by {counts['authors']} authors · maximum depth {counts['max_depth']}"
        + (f" · {counts['orphans']} orphaned" if counts["orphans"] else "")
        + "</p>"
    )
    if report["incomplete"]:
        parts.append(
            f'<div class="incomplete"><b>{e(INCOMPLETE_HEADLINE)}</b><ul>'
            + "".join(f"<li>not read: {e(reason)}</li>" for reason in report["unread"])
            + "</ul></div>"
        )
    if report["count_note"] and report["count_note"] not in report["unread"]:
        parts.append(f'<p class="note">{e(report["count_note"])}</p>')
    if report["repairs"]:
        parts.append(
            '<p class="note">Repairs made while reading:</p><ul>'
            + "".join(f"<li>{e(r)}</li>" for r in report["repairs"])
            + "</ul>"
        )
    flag_counts = ", ".join(f"{n} {e(label)}" for label, n in report["flag_counts"].items())
    read = " in the comments read" if report["incomplete"] else ""
    parts.append(f"<p>Flags{read}: {flag_counts or 'none'}</p>")
    parts.append(flag_chart(report))
    parts.append(_flagged(report, anchor))
    parts.append(_dynamics(report["dynamics"]))
    parts.append(_identity(report["identity"]))
    if "tree" in report:
        parts.append(reply_tree(report, anchor))
    parts.append("</section>\n")
    return "".join(parts)


def _label(label: str) -> str:
    css = label if label in LABEL_COLOURS else "other"
    return f'<span class="label {css}">{e(label)}</span>'


def _flagged(report: dict, anchor: str) -> str:
    if not report["flagged"]:
        return "<p>Nothing flagged in the comments read.</p>" if report["incomplete"] else "<p>Nothing flagged.</p>"
    parts = [f"<h3>Flagged comments ({len(report['flagged'])})</h3>"]
    for item in report["flagged"]:
        classes = " ".join(e(label) for label in item["labels"])
        labels = "".join(f"{_label(label)}{item['scores'][label]:.2f} " for label in item["labels"])
        link = f' <a href="#{anchor}-c{item["position"]}">in the tree</a>' if "tree" in report else ""
        parts.append(
            f'<div class="flag flagged {classes}"><span class="path">{e(item["path"])}</span> '
            f"<b>{e(item['author'])}</b> {labels}{link}"
        )
        if item["status"] != "visible":
            parts.append(f' <span class="meta">({e(item["status"])})</span>')
        for label, grams in item["reasons"].items():
            if grams:
                parts.append(f'<div class="why">why {e(label)}: ' + ", ".join(f"“{e(g)}”" for g in grams) + "</div>")
        target = item["target"]
        if target:
            verb = "replying to" if target["via"] == "reply" else "mentioning"
            parts.append(
                f'<div class="target">{verb} <b>{e(target["author"])}</b> '
                f'(<span class="path">{e(target["path"])}</span>): “{e(target["excerpt"])}”</div>'
            )
        parts.append(f'<div class="text">{marked(item["text"], flag_reasons(item))}</div></div>')
    return "".join(parts)


def marked(text: str, reasons: Iterable[str]) -> str:
    """The comment, escaped, with each reason word or phrase that occurs in it wrapped in <mark>: the
    moderator sees why in place."""
    return mark_reasons(text, reasons, e, "<mark>", "</mark>")


def _dynamics(dynamics: dict) -> str:
    parts = []
    if dynamics["insults"]:
        parts.append("<h3>Who insulted whom</h3><table><tr><th>from</th><th>to</th><th>insults</th></tr>")
        parts += [
            f"<tr><td>{e(x['from'])}</td><td>{e(x['to'])}</td><td>{x['count']}</td></tr>" for x in dynamics["insults"]
        ]
        parts.append("</table>")
    if dynamics["heated_subthreads"]:
        parts.append(
            "<h3>Most heated subthreads</h3><table><tr><th>subthread</th><th>started by</th><th>insults</th>"
            "<th>comments</th><th>levels</th><th>back-and-forth</th></tr>"
        )
        for x in dynamics["heated_subthreads"]:
            between = f"{x['back_and_forth']} ({e(' ↔ '.join(x['between']))})" if x["back_and_forth"] else "-"
            parts.append(
                f'<tr><td class="path">{e(x["root_path"])}</td><td>{e(x["root_author"])}</td>'
                f"<td>{x['insults']}</td><td>{x['comments']}</td><td>{x['levels']}</td><td>{between}</td></tr>"
            )
        parts.append("</table>")
    if dynamics["double_posts"]:
        parts.append("<h3>Double posts</h3><ul>")
        parts += [
            f'<li>{e(x["author"])} at <span class="path">{e(", ".join(x["paths"]))}</span>: “{e(x["excerpt"])}”</li>'
            for x in dynamics["double_posts"]
        ]
        parts.append("</ul>")
    if dynamics["authors_by_flags"]:
        parts.append(
            "<h3>Authors by flags</h3><table><tr><th>author</th><th>flags</th><th>by label</th><th>comments</th></tr>"
        )
        for x in dynamics["authors_by_flags"]:
            labels = ", ".join(f"{n} {e(label)}" for label, n in x["by_label"].items())
            parts.append(
                f"<tr><td>{e(x['author'])}</td><td>{x['flags']}</td><td>{labels}</td><td>{x['comments']}</td></tr>"
            )
        parts.append("</table>")
    return "".join(parts)


def _identity(identity: dict) -> str:
    if not (identity["name_change_flags"] or identity["groups"] or identity["unresolved"]):
        return ""
    parts = ["<h3>Identity</h3><ul>"]
    for flag in identity["name_change_flags"]:
        parts.append(
            f'<li>Name change? <span class="path">{e(flag["path"])}</span> {e(flag["author"])} '
            f"({flag['score']:.2f}): “{e(flag['excerpt'])}”</li>"
        )
    for group in identity["groups"]:
        names = ", ".join(f"<b>{e(n)}</b>" for n in group["names"])
        parts.append(f"<li>One person? {names}: {e(group['confidence'])} (score {group['score']:.2f})<ul>")
        parts += [f"<li>{_evidence(item)}</li>" for item in group["evidence"]]
        parts.append("</ul></li>")
    for entry in identity["unresolved"]:
        parts.append(f"<li><b>{e(entry['name'])}</b> was said to have changed names; no other name found here<ul>")
        parts += [f"<li>{_evidence(item)}</li>" for item in entry["evidence"]]
        parts.append("</ul></li>")
    parts.append("</ul>")
    return "".join(parts)


def _evidence(item: dict) -> str:
    paths = item.get("paths") or []
    where = f' <span class="path">[{e(", ".join(paths))}]</span>' if paths else ""
    return f"{e(item['kind'])}{where}: {e(item['detail'])}"


def flag_chart(report: dict) -> str:
    """Flags along the thread: the comments in tree order cut into bins, one bar per bin and label."""
    total = report["counts"]["comments"]
    if not total or not report["flagged"]:
        return ""
    bins = min(CHART_BINS, total)
    labels = list(report["flag_counts"])
    counts = {label: [0] * bins for label in labels}
    for item in report["flagged"]:
        slot = min(bins - 1, (item["position"] - 1) * bins // total)
        for label in item["labels"]:
            counts.setdefault(label, [0] * bins)[slot] += 1
    peak = max(max(values) for values in counts.values()) or 1
    width, height, bar_area = 600, 70, 56
    step = width / bins
    bar = max(1.0, step / max(1, len(counts)) - 0.5)
    shapes = []
    for offset, (label, values) in enumerate(counts.items()):
        colour = LABEL_COLOURS.get(label, OTHER_COLOUR)
        for slot, value in enumerate(values):
            if value:
                tall = max(2.0, bar_area * value / peak)
                x = slot * step + offset * bar
                shapes.append(
                    f'<rect x="{x:.1f}" y="{bar_area - tall:.1f}" width="{bar:.1f}" height="{tall:.1f}" '
                    f'fill="{colour}"><title>{value} {e(label)}</title></rect>'
                )
    legend = " ".join(
        f'<tspan fill="{LABEL_COLOURS.get(label, OTHER_COLOUR)}">■ {e(label)}</tspan>' for label in counts
    )
    return (
        f'<svg class="chart" role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>flags along the thread ({total} comments, in tree order)</title>'
        f'<line x1="0" y1="{bar_area}" x2="{width}" y2="{bar_area}" stroke="#999"/>{"".join(shapes)}'
        f'<text x="0" y="{height - 2}" font-size="11" fill="#555">first comment</text>'
        f'<text x="{width}" y="{height - 2}" font-size="11" fill="#555" text-anchor="end">last comment</text>'
        f'<text x="{width / 2}" y="{height - 2}" font-size="11" text-anchor="middle">{legend}</text></svg>'
    )


def reply_tree(report: dict, anchor: str) -> str:
    """Nested <details> per comment with replies; opened where flags are (or whole, for small threads)."""
    tree = report["tree"]
    open_all = len(tree) <= OPEN_TREE_UP_TO
    flagged_paths = {item["path"] for item in report["flagged"]}
    open_prefixes = {p.rsplit(".", i)[0] for p in flagged_paths for i in range(p.count(".") + 1)}
    parts = ['<h3>Reply tree</h3><div class="tree">']
    stack: list[int] = []  # depths of the <details> elements still open
    for number, entry in enumerate(tree):
        depth = min(entry["depth"], MAX_NESTING)
        while stack and stack[-1] >= depth:
            parts.append("</details>")
            stack.pop()
        following = tree[number + 1] if number + 1 < len(tree) else None
        has_replies = following is not None and following["depth"] > entry["depth"] and depth < MAX_NESTING
        node = _tree_comment(entry, anchor)
        if has_replies:
            opened = " open" if open_all or entry["path"] in open_prefixes else ""
            root = ' class="root"' if not stack else ""
            parts.append(f"<details{root}{opened}><summary>{node}</summary>")
            stack.append(depth)
        else:
            margin = "" if not stack else ' style="margin-left:1.6rem"'
            parts.append(f"<div{margin}>{node}</div>")
    parts.append("</details>" * len(stack))
    parts.append("</div>")
    return "".join(parts)


def _tree_comment(entry: dict, anchor: str) -> str:
    classes = ["c", e(entry["status"])] + (
        ["flagged"] + [e(label) for label in entry["labels"]] if entry["labels"] else []
    )
    labels = "".join(_label(label) for label in entry["labels"])
    when = f" · {e(entry['posted_at'][:16].replace('T', ' '))}" if entry["posted_at"] else ""
    status = f" · {e(entry['status'])}" if entry["status"] != "visible" else ""
    orphan = " · orphan (parent missing)" if entry["orphan"] else ""
    return (
        f'<div class="{" ".join(classes)}" id="{anchor}-c{entry["position"]}">'
        f'<span class="path">{e(entry["path"])}</span> '
        f'<b>{e(entry["author"])}</b><span class="meta">{when}{status}{orphan}</span> {labels}'
        f'<div class="text">{e(entry["text"])}</div></div>'
    )
