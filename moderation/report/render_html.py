"""The report as one self-contained HTML page: no network, no script, readable on a phone.

Every piece of comment text goes through `html.escape`; a Content-Security-Policy forbids scripts,
so even a mistake in escaping could not run one. The page opens with what needs attention (flagged
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

from moderation.report.incomplete_words import INCOMPLETE_HEADLINE, incomplete_headline
from moderation.report.reason_marks import flag_reasons, mark_reasons
from moderation.report.run import ranked_threads
from moderation.report.wording import ROLE_NAMES, aimed_at, expected_line, shown_time, thread_name, triage_excerpt
from moderation.safe_text import printable

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
MAX_NESTING = 40  # deeper replies are shown flat (with their path) so browsers never clip the tree
CHART_BINS = 60
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


def _page_head(title: str, head: dict, summary: dict) -> str:
    model = head["model"]
    thresholds = ", ".join(f"{e(label)} ≥ {value:.2f}" for label, value in model["thresholds"].items())
    thresholds += e(expected_line(model))
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f'<h1>{e(title)}</h1>\n<p class="meta">{e(head["generator"])} · model {e(model["name"])} ({thresholds})<br>'
        f"{summary['threads']} threads, {summary['comments']} comments, {summary['flagged']} flagged comments</p>\n"
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


def triage_section(summary: dict) -> str:
    """The flagged comments of the whole run, highest score first, each linking to its detail."""
    if not summary["triage"]:
        return ""
    shown = len(summary["triage"])
    more = f" (the {shown} highest of {summary['flagged']})" if shown < summary["flagged"] else ""
    parts = [f'<section id="triage"><h2>Needs attention first: flagged comments by score{more}</h2><ol class="triage">']
    for entry in summary["triage"]:
        labels = "".join(f"{_label(label)}{entry['scores'][label]:.2f} " for label in entry["labels"])
        target = f" → {e(entry['target_author'])}" if entry["target_author"] else ""
        incomplete = ' <span class="incomplete-cell">INCOMPLETE</span>' if entry["incomplete"] else ""
        link = f"#t{entry['thread_number']}-f{entry['position']}"
        parts.append(
            f'<li>{labels}<b>{e(entry["author"])}</b>{target} · <a href="{link}">'
            f'{e(thread_name(entry))}, <span class="path">{e(entry["path"])}</span></a>{incomplete}'
            f'<div class="text">“{marked(triage_excerpt(entry), flag_reasons(entry))}”</div></li>'
        )
    parts.append("</ol></section>\n")
    return "".join(parts)


def summary_section(summary: dict) -> str:
    """Threads by severity (flags, then heat), each linking to its section; then the most flagged authors."""
    parts = [f'<section id="summary"><h2>Threads by flags and heat: {summary["threads"]} threads</h2>']
    partial = bool(summary["incomplete"])  # the "read whole" column shows only when a thread was not
    parts.append(
        "<table><tr><th>thread</th><th>flags</th><th>insults</th><th>name changes</th><th>heat</th><th>comments</th>"
        + ("<th>read whole</th>" if partial else "")
        + "</tr>"
    )
    for row in ranked_threads(summary["table"]):
        whole = ('<td class="incomplete-cell">NO</td>' if row["incomplete"] else "<td>yes</td>") if partial else ""
        parts.append(
            f'<tr><td><a href="#t{row["number"]}">{e(row["title"] or row["thread"])}</a></td>'
            f'<td class="num">{row["flags"]}</td><td class="num">{row["insults"]}</td>'
            f'<td class="num">{row["name_changes"]}</td><td class="num">{row["heat"] or "-"}</td>'
            f'<td class="num">{row["comments"]}</td>{whole}</tr>'
        )
    parts.append("</table>")
    parts.append('<p class="meta">heat: the longest two-person back-and-forth in a subthread with an insult</p>')
    if summary["top_authors"]:
        parts.append(
            '<h3>Most flagged authors across threads</h3><p class="meta">Site staff are never listed.</p>'
            "<table><tr><th>author</th><th>flags</th><th>threads</th><th>by label</th></tr>"
        )
        for author in summary["top_authors"]:
            labels = ", ".join(f"{n} {e(label)}" for label, n in author["by_label"].items())
            parts.append(
                f'<tr><td>{e(author["author"])}</td><td class="num">{author["flags"]}</td>'
                f'<td class="num">{author["threads"]}</td><td>{labels}</td></tr>'
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
    title = e(report["title"] or "thread " + report["id"])
    parts = [f'<section class="thread" id="{anchor}"><h2>[{number}] {title}</h2>']
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
    parts.append(flag_chart(report, anchor))
    parts.append(_flagged(report, anchor))
    parts.append(_moderation(report.get("moderation", [])))
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
    parts = [f"<h3>Flagged comments ({len(report['flagged'])}), in tree order</h3>"]
    for item in report["flagged"]:
        classes = " ".join(e(label) for label in item["labels"])
        labels = "".join(f"{_label(label)}{item['scores'][label]:.2f} " for label in item["labels"])
        link = f' <a href="#{anchor}-c{item["position"]}">in the tree</a>' if "tree" in report else ""
        when = shown_time(item["posted_at"])
        parts.append(
            f'<div class="flag flagged {classes}" id="{anchor}-f{item["position"]}">'
            f'<span class="path">{e(item["path"])}</span> <b>{e(item["author"])}</b>'
            + (f' <span class="meta">{e(when)}</span>' if when else "")
            + f" {labels}{link}"
        )
        if item["status"] != "visible":
            parts.append(f' <span class="meta">({e(item["status"])})</span>')
        for label, grams in item["reasons"].items():
            if grams:
                parts.append(f'<div class="why">why {e(label)}: ' + ", ".join(f"“{e(g)}”" for g in grams) + "</div>")
        aimed = aimed_at(item)
        if aimed:
            parts.append(f'<div class="target">{e(aimed)}</div>')
        parts.append(f'<div class="text">{marked(item["text"], flag_reasons(item))}</div></div>')
    return "".join(parts)


def _moderation(items: list[dict]) -> str:
    """Site staff's comments over a threshold: call-outs, shown once, never counted as offences."""
    if not items:
        return ""
    parts = [f"<h3>Moderation by site staff ({len(items)})</h3>"]
    for item in items:
        role = ROLE_NAMES.get(item["role"], item["role"])
        parts.append(
            f'<div class="flag moderation"><span class="path">{e(item["path"])}</span> <b>{e(item["author"])}</b> '
            f'<span class="meta">({e(role)})</span><div class="text">{e(item["text"])}</div></div>'
        )
    return "".join(parts)


def marked(text: str, reasons: Iterable[str]) -> str:
    """The comment, escaped, with each reason word or phrase that occurs in it wrapped in <mark>: the
    moderator sees why in place."""
    return mark_reasons(printable(text), reasons, e, "<mark>", "</mark>")


def _dynamics(dynamics: dict) -> str:
    """Only what the flagged list does not already say: where it got heated, and double posts."""
    parts = []
    if dynamics["heated_subthreads"]:
        parts.append(
            "<h3>Most heated subthreads</h3><table><tr><th>subthread</th><th>started by</th><th>insults</th>"
            "<th>comments</th><th>levels</th><th>back-and-forth</th></tr>"
        )
        for x in dynamics["heated_subthreads"]:
            between = f"{x['back_and_forth']} ({e(' ↔ '.join(x['between']))})" if x["back_and_forth"] else "-"
            parts.append(
                f'<tr><td class="path">{e(x["root_path"])}</td><td>{e(x["root_author"])}</td>'
                f'<td class="num">{x["insults"]}</td><td class="num">{x["comments"]}</td>'
                f'<td class="num">{x["levels"]}</td><td>{between}</td></tr>'
            )
        parts.append("</table>")
    if dynamics["double_posts"]:
        parts.append("<h3>Double posts</h3><ul>")
        parts += [
            f'<li>{e(x["author"])} at <span class="path">{e(", ".join(x["paths"]))}</span>: “{e(x["excerpt"])}”</li>'
            for x in dynamics["double_posts"]
        ]
        parts.append("</ul>")
    return "".join(parts)


def _identity(identity: dict) -> str:
    """Alias groups and unresolved name changes (the name-change flags themselves are listed above)."""
    if not (identity["groups"] or identity["unresolved"]):
        return ""
    parts = ["<h3>Identity</h3><ul>"]
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


def flag_chart(report: dict, anchor: str = "t1") -> str:
    """Flags along the thread: the comments in tree order cut into bins, one bar per bin and label,
    each bar a link to the first flagged comment in its bin. It scales to the page's width."""
    total = report["counts"]["comments"]
    if not total or not report["flagged"]:
        return ""
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
                    f'<a href="#{anchor}-f{first_in_bin[label, slot]}"><rect x="{x:.1f}" y="{bar_area - tall:.1f}" '
                    f'width="{bar:.1f}" height="{tall:.1f}" fill="{colour}">'
                    f"<title>{value} {e(label)}</title></rect></a>"
                )
    legend = "".join(
        f'<span style="color:{LABEL_COLOURS.get(label, OTHER_COLOUR)}">■ {e(label)}</span>' for label in counts
    )
    return (
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" preserveAspectRatio="xMinYMin meet" '
        f'xmlns="http://www.w3.org/2000/svg"><title>flags along the thread ({total} comments, in tree order)</title>'
        f'<line x1="0" y1="{bar_area}" x2="{width}" y2="{bar_area}" stroke="#999"/>{"".join(shapes)}'
        f'<text x="0" y="{height - 2}" font-size="11" fill="#555">first comment</text>'
        f'<text x="{width}" y="{height - 2}" font-size="11" fill="#555" text-anchor="end">last comment</text></svg>'
        f'<p class="legend meta">{legend}</p>'
    )


def reply_tree(report: dict, anchor: str) -> str:
    """The whole reply tree, folded: one closed <details>, inside which the branches leading to a flag open."""
    tree = report["tree"]
    opened = flagged_branches(tree, {item["position"] for item in report["flagged"]})
    parts = [f'<details class="tree"><summary><b>Reply tree</b> ({len(tree)} comments)</summary><div>']
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
            is_open = " open" if number in opened else ""
            root = ' class="root"' if not stack else ""
            parts.append(f"<details{root}{is_open}><summary>{node}</summary>")
            stack.append(depth)
        else:
            margin = "" if not stack else ' style="margin-left:min(1.6rem,3vw)"'
            parts.append(f"<div{margin}>{node}</div>")
    parts.append("</details>" * len(stack))
    parts.append("</div></details>")
    return "".join(parts)


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


def _tree_comment(entry: dict, anchor: str) -> str:
    classes = ["c", e(entry["status"])] + (
        ["flagged"] + [e(label) for label in entry["labels"]] if entry["labels"] else []
    )
    labels = "".join(_label(label) for label in entry["labels"])
    when = f" · {e(shown_time(entry['posted_at']))}" if entry["posted_at"] else ""
    status = f" · {e(entry['status'])}" if entry["status"] != "visible" else ""
    role = f" · {e(ROLE_NAMES.get(entry['role'], entry['role']))}" if entry.get("role") else ""
    orphan = " · orphan (parent missing)" if entry["orphan"] else ""
    return (
        f'<div class="{" ".join(classes)}" id="{anchor}-c{entry["position"]}">'
        f'<span class="path">{e(entry["path"])}</span> '
        f'<b>{e(entry["author"])}</b><span class="meta">{when}{status}{role}{orphan}</span> {labels}'
        f'<div class="text">{e(entry["text"])}</div></div>'
    )
