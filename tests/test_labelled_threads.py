"""Every dump of the shared labelled-threads set parses to the facts in its truth file.

The set (../shared/data/labelled-threads, described by its README) is read through its path, never
copied. One test per dump, so a failure names the file; the assertion lists every fact that differs.

How truth maps onto our model:
- Comments are matched by id where the truth has ids, else by position: the plain-text dumps have
  no ids, and a page lists replies after their parents, so document order is our pre-order.
- Order: for pages, our pre-order must equal the truth's tree walked in pre-order, siblings in
  document order (a reply listed before its parent still follows it in the tree). Exports (WXR,
  Disqus, Reddit) list posts in any order and their parsers sort siblings by time, which the truth
  does not record: there only the tree (parents) is compared.
- Parents: truth `parent_n` is the parent the dump shows; null with `orphan` is a reply whose parent
  is missing, which we keep at top level with `orphan` set.
- Authors: truth null means a plain-text comment with no name or Blogger's generic "Anonymous";
  our parsers write the name Blogger shows for those, "Anonymous", so null matches exactly that.
- Statuses: approved "0" -> pending; "trash", is_deleted, removed -> deleted; is_spam -> spam;
  removed -> deleted_by "moderator"; a "[deleted]" or "removed by the author" placeholder ->
  deleted_by "author"; type pingback -> kind "pingback".
- declared_count: the count the page shows, read into each thread's declared_comment_count.
"""

from __future__ import annotations

import json

import pytest
from conftest import SHARED, require_shared

from moderation.parsing import parse_path

LABELLED = SHARED / "data" / "labelled-threads"
ANONYMOUS = "Anonymous"
TEXT_START_LENGTH = 40  # the README's text_start: " ".join(text.split())[:40]
TIME_ORDERED_FORMATS = {"wxr", "disqus", "reddit"}  # their parsers assemble with sibling_order="time"

# Dumps whose parsers other engineers are fixing on their branches; the lead removes these marks
# after merging. Each reason lists the facts this branch still gets wrong.
PENDING_ELSEWHERE = {}

DUMPS = (
    "wordpress-text_calder-ledger-budget.txt",
    "blogger-text_frontera-inquest.txt",
    "blogger-text_eat-drink-halvorsen-classic.txt",
    "wordpress-html_maple-hollow-school-board.html",
    "blogger-html_ridgeline-wildfire.html",
    "wxr_eastbank-observer.xml",
    "disqus_northgate-post.xml",
    "reddit_marlowcounty.ndjson",
)


def _param(name: str):
    reason = PENDING_ELSEWHERE.get(name)
    if not reason:
        return pytest.param(name, id=name)
    return pytest.param(name, id=name, marks=pytest.mark.xfail(strict=False, reason=reason))


def text_start(text: str) -> str:
    return " ".join(text.split())[:TEXT_START_LENGTH]


def expected_status(truth: dict) -> str:
    if truth.get("approved") == "0":
        return "pending"
    if truth.get("is_spam"):
        return "spam"
    if truth.get("approved") == "trash" or truth.get("is_deleted") or truth.get("removed"):
        return "deleted"
    return "visible"


def expected_deleted_by(truth: dict) -> str | None:
    """Who deleted it, where the dump says; None where the truth cannot tell (then it is not checked)."""
    if truth.get("removed"):
        return "moderator"
    if truth.get("is_deleted") and (
        truth["text_start"] == "[deleted]" or truth["text_start"].startswith("This comment has been removed by the aut")
    ):
        return "author"
    return None


def truth_preorder(comments: list[dict]) -> list[int]:
    """The truth's comment numbers walked as a tree: parents first, siblings in document order."""
    children: dict[int | None, list[int]] = {}
    for comment in comments:
        children.setdefault(comment["parent_n"], []).append(comment["n"])
    order: list[int] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        number = stack.pop()
        order.append(number)
        stack.extend(reversed(children.get(number, [])))
    return order


def shown_title(thread) -> str | None:
    """The title, or for a Reddit dump without its submission the link id the truth names it by (the
    dump holds no headline, so the thread has no title)."""
    if thread.title is None and thread.source_format == "reddit":
        return f"t3_{thread.id}"
    return thread.title


def thread_differences(label: str, truth: dict, thread, declared, time_ordered: bool) -> list[str]:
    differences = []
    where = f"{label} {truth['title'][:30]!r}"
    if shown_title(thread) != truth["title"]:
        differences.append(f"{where}: title {thread.title!r}")
    if thread.declared_comment_count != declared:
        differences.append(f"{where}: declared_count {thread.declared_comment_count} != {declared}")
    truths = truth["comments"]
    ours = list(thread.preorder())
    if len(ours) != len(truths):
        differences.append(f"{where}: {len(ours)} comments != {len(truths)}")
    by_number = {c["n"]: c for c in truths}
    with_ids = all(c["id"] is not None for c in truths)
    if with_ids:
        ours_by_id = {c.id: c for c in ours}
        matched = {c["n"]: ours_by_id.get(c["id"]) for c in truths}
        missing = [c["id"] for c in truths if matched[c["n"]] is None]
        if missing:
            differences.append(f"{where}: ids not found {missing}")
        order = truth_preorder(truths)
        if not time_ordered and [by_number[n]["id"] for n in order] != [c.id for c in ours]:
            differences.append(f"{where}: order differs from the truth's tree order")
    else:
        matched = {c["n"]: (ours[c["n"] - 1] if c["n"] <= len(ours) else None) for c in truths}
    for n, truth_comment in by_number.items():
        comment = matched[n]
        if comment is None:
            continue
        facts = _comment_differences(truth_comment, comment, matched)
        if facts:
            differences.append(f"{where} n={n}: " + "; ".join(facts))
    return differences


def _comment_differences(truth: dict, comment, matched: dict) -> list[str]:
    facts = []
    parent_n = truth["parent_n"]
    parent = comment.parent_comment
    expected_parent = matched.get(parent_n) if parent_n is not None else None
    if (parent_n is None) != (parent is None) or (parent_n is not None and parent is not expected_parent):
        facts.append(f"parent {parent.index + 1 if parent is not None else None} (want n={parent_n})")
    if bool(truth.get("orphan")) != comment.orphan:
        facts.append(f"orphan {comment.orphan}")
    author = ANONYMOUS if truth["author"] is None else truth["author"]
    if comment.author != author:
        facts.append(f"author {comment.author!r} (want {author!r})")
    if text_start(comment.text) != truth["text_start"]:
        facts.append(f"text {text_start(comment.text)!r} (want {truth['text_start']!r})")
    if comment.status != expected_status(truth):
        facts.append(f"status {comment.status} (want {expected_status(truth)})")
    deleted_by = expected_deleted_by(truth)
    if deleted_by is not None and comment.deleted_by != deleted_by:
        facts.append(f"deleted_by {comment.deleted_by} (want {deleted_by})")
    if comment.kind != truth.get("type", "comment"):
        facts.append(f"kind {comment.kind} (want {truth.get('type')})")
    return facts


def file_differences(name: str) -> list[str]:
    truth = json.loads((LABELLED / "truth" / f"{name}.json").read_text(encoding="utf-8"))
    threads = parse_path(LABELLED / name)
    differences = []
    if [shown_title(t) for t in threads] != [t["title"] for t in truth["threads"]]:
        differences.append(f"threads {[t.title for t in threads]} != {[t['title'] for t in truth['threads']]}")
    for number, (thread_truth, thread) in enumerate(zip(truth["threads"], threads, strict=False), start=1):
        differences += thread_differences(
            f"thread {number}", thread_truth, thread, truth["declared_count"], truth["format"] in TIME_ORDERED_FORMATS
        )
    return differences


@pytest.mark.parametrize("name", [_param(name) for name in DUMPS])
def test_dump_parses_to_its_truth(name):
    require_shared(LABELLED / name)
    differences = file_differences(name)
    assert not differences, f"{len(differences)} facts differ:\n" + "\n".join(differences)


def test_every_dump_of_the_set_is_tested():
    require_shared(LABELLED)
    on_disk = {path.name for path in LABELLED.iterdir() if path.is_file() and path.name != "README.md"}
    assert on_disk == set(DUMPS)
