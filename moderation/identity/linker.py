"""Find the names one person used in a run of threads: `find_aliases(threads)`.

Three kinds of evidence, weakest last: shared identity keys (hashed e-mail, user id, profile URL,
IP); what comments say (admissions, moderators' call-outs, signatures); and soft signs (similar
names, similar writing, posting together in a thread, one name stopping as another starts). Only
hard evidence or an explicit admission or call-out naming both names makes a link "high"; soft
evidence alone reaches at most "likely".
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from moderation.classify.model import scored_part
from moderation.identity.candidates import close_in_thread_pairs, pair, similar_name_pairs
from moderation.identity.grouping import Link, group_links
from moderation.identity.name_change import RULES_ONLY_THRESHOLD, NameChangeReading, read_comment
from moderation.identity.name_change_text import ADMISSION, CALLOUT, closing_mark, sign_off_name
from moderation.identity.names import SIMILAR_NAME, is_anonymous, name_similarity, skeleton
from moderation.identity.pair_model import PairFeatures, PairModel, default_model
from moderation.identity.profiles import Appearance, Run, collect
from moderation.identity.style import RELIABLE_CHARACTERS, STYLE_RANGE, StyleComparer, style_reliability
from moderation.thread import Thread

SCHEMA = "moderation.aliases/1"
RANK = {"high": 3, "likely": 2, "possible": 1}
# A shared IP under names whose e-mails or accounts differ: "look at this", not a finding (our
# judgement: shared connections are common; other evidence can still raise the pair).
SHARED_CONNECTION = ("possible", 0.6)
# A closing mark ("– hv", "~Jo", "Cheers from the back row!") counts as a habit when it ends at least
# this many comments of the run, and as one person's when no more than two names use it.
SHARED_CLOSING_MIN_USES = 3
SHARED_CLOSING = ("likely", 0.8)
# The numbers below were hand-set with the first linker (2a74a7b); no sweep of each is recorded. The
# identity benchmark (benchmarks/identity_benchmark.py, docs/benchmarks.md) measures the linker with them.
# What comments say: a rule reading at least this sure (the rules' probabilities are in
# name_change_text.py), naming both names, makes a "high" link; a weaker or classifier-only one "likely".
STATED_HIGH_PROBABILITY = 0.8
# A stated link's probability is the reading's own kept within these bounds: a comment naming both
# names outweighs soft evidence (>= 0.9) but is never as certain as a shared key (< 1).
STATED_PROBABILITY_RANGE = (0.9, 0.99)
# A comment by one known name signed with another ("— Jimmy B" under "Jim195"): likely one person.
SIGN_OFF_PROBABILITY = 0.85
# Anonymous comments signed alike: a little weaker, a short sign-off can be two people's.
SIGNED_ALIKE_PROBABILITY = 0.8
# The pair model's `same_name` feature: names at least this similar are one name respelt ("Jim 195" /
# "jim_195"), stronger evidence than names merely alike (SIMILAR_NAME); its weight is fitted on this cut.
SAME_NAME_SIMILARITY = 0.9
# `close_in_thread` is the share of up to this many threads where both names posted close in time; the
# aliases report shows as many such threads, each with up to COMMENTS_SHOWN_PER_NAME comments per name:
# enough for a moderator to check, few enough to read.
CLOSE_THREADS_COUNTED = 3
COMMENTS_SHOWN_PER_NAME = 2
# Style evidence (StyleComparer.evidence, -0.5..1) from which similar writing is named as evidence and
# a handoff between the names is shown: a quarter of the strongest possible match.
STYLE_SHOWN = 0.25

NameChangeScorer = Callable[[list[str]], Sequence[float]]

_KEY_KINDS = {
    "email": ("same_email", "same e-mail address (hashed)"),
    "user_id": ("same_user_id", "same user account (hashed id)"),
    "profile_url": ("same_profile_url", "same profile URL (hashed)"),
    "ip": ("same_ip", "same IP address (hashed)"),
}


@dataclass(frozen=True)
class Evidence:
    kind: str
    thread: str | None  # None when the evidence spans threads; comments are then "thread/comment"
    comments: tuple[str, ...]
    detail: str

    def to_dict(self) -> dict:
        return {"kind": self.kind, "thread": self.thread, "comments": list(self.comments), "detail": self.detail}


@dataclass
class Analysis:
    """What the evidence passes found, before pairs are scored: kept apart so the model can be refitted."""

    run: Run
    features: dict[tuple[str, str], PairFeatures] = field(default_factory=dict)
    fixed: dict[tuple[str, str], tuple[str, float]] = field(default_factory=dict)  # pair -> (confidence, score)
    evidence: dict[tuple[str, str], list[Evidence]] = field(default_factory=dict)
    flags: dict[str, list[Evidence]] = field(default_factory=dict)  # name -> unnamed name-change comments


@dataclass(frozen=True)
class NameChangeSettings:
    """How the linker reads name-change talk: the same detector and threshold as the report.

    scorer takes a list of comment texts and returns the classifier's `username_change`
    probability for each (None: the rules alone); threshold is the report's `username_change`
    threshold. staff: names (casefolded) of site staff beyond those the dump marks. readings: the
    detector's readings the report already made, by (thread id, comment id), used as they are.
    """

    scorer: NameChangeScorer | None = None
    threshold: float = RULES_ONLY_THRESHOLD
    staff: frozenset[str] = frozenset()
    readings: dict[tuple[str, str], NameChangeReading] | None = None


def find_aliases(
    threads: Iterable[Thread],
    *,
    name_change_scorer: NameChangeScorer | None = None,
    model: PairModel | None = None,
    name_change_threshold: float | None = None,
    staff: Iterable[str] = (),
    name_change_readings: dict[tuple[str, str], NameChangeReading] | None = None,
) -> dict:
    """Groups of names that belong to one person, as the `moderation.aliases/1` document.

    name_change_scorer takes a list of comment texts and returns one probability (0..1) per text
    that the comment is about a username change (the classifier); the detector in
    identity/name_change.py combines it with the rules and flags at name_change_threshold (without a
    scorer: the rules alone, at RULES_ONLY_THRESHOLD). Staff (the dump's roles, `staff` names) are
    never linked by what they say about others.
    """
    settings = NameChangeSettings(
        name_change_scorer,
        RULES_ONLY_THRESHOLD if name_change_threshold is None else name_change_threshold,
        frozenset(name.strip().casefold() for name in staff if name.strip()),
        name_change_readings,
    )
    model = model or default_model()
    return report(analyse(threads, name_change=settings, model=model), model)


def analyse(
    threads: Iterable[Thread],
    *,
    name_change_scorer: NameChangeScorer | None = None,
    name_change: NameChangeSettings | None = None,
    model: PairModel | None = None,
) -> Analysis:
    """The evidence of a run. With `model`, pairs it could never link are left out (the model is
    then the one `report` must use); without, every candidate pair keeps its features, for refitting."""
    run, kept = collect(_distinct_thread_ids(threads))
    analysis = Analysis(run)
    _hard_evidence(analysis)
    settings = name_change or NameChangeSettings(name_change_scorer)
    for thread in kept:
        _text_evidence(analysis, thread, settings)
    _signed_anonymous(analysis)
    _shared_closings(analysis)
    _soft_evidence(analysis, model)
    return analysis


def _distinct_thread_ids(threads: Iterable[Thread]) -> Iterator[Thread]:
    """Two files of one run may both hold a thread "412" (two sites' exports, page.txt beside page.html):
    comments are keyed by thread id, so a repeated id is told apart by its file."""
    seen: set[str] = set()
    for thread in threads:
        if thread.id in seen:
            thread = dataclasses.replace(thread, id=f"{thread.id}@{thread.source_path}")
        seen.add(thread.id)
        yield thread


def report(analysis: Analysis, model: PairModel) -> dict:
    links = []
    for key, features in analysis.features.items():
        score = model.score(features)
        confidence = model.band(score)
        fixed = analysis.fixed.get(key)
        if confidence == "likely" and not fixed and _keys_disagree(analysis.run, *key):
            confidence = "possible"  # a different e-mail (or account) under each name argues against one person
        if fixed and (confidence is None or RANK[fixed[0]] >= RANK[confidence]):
            confidence, score = fixed[0], max(score, fixed[1])
        if confidence is None:
            continue
        evidence = list(analysis.evidence.get(key, []))
        for name in key:
            evidence.extend(analysis.flags.get(name, []))
        links.append(Link(key[0], key[1], confidence, round(score, 3), evidence))
    groups = group_links(links, RANK)
    grouped = {name for group in groups for name in group["names"]}
    unresolved = [
        {"name": name, "evidence": [e.to_dict() for e in flags]}
        for name, flags in sorted(analysis.flags.items())
        if name not in grouped
    ]
    return {"schema": SCHEMA, "groups": groups, "unresolved": unresolved}


# --- hard evidence -------------------------------------------------------------------------------


def _hard_evidence(analysis: Analysis) -> None:
    names_by_key: dict[str, list[str]] = {}
    for name, profile in analysis.run.profiles.items():
        for key in profile.keys:
            names_by_key.setdefault(key, []).append(name)
    for key, names in names_by_key.items():
        if len(names) < 2:
            continue
        key_kind = key.split(":", 1)[0]
        kind, wording = _KEY_KINDS.get(key_kind, ("same_identity_key", "same identity key (hashed)"))
        first = names[0]
        for other in names[1:]:
            shown = [analysis.run.profiles[first].keys[key][0], analysis.run.profiles[other].keys[key][0]]
            thread, comments = _refs(shown)
            confidence, score = "high", 1.0
            if key_kind == "ip" and _keys_disagree(analysis.run, first, other):
                # One connection, two e-mails (or accounts): a household, an office, a newsroom.
                confidence, score = SHARED_CONNECTION
            _add(
                analysis,
                first,
                other,
                confidence,
                score,
                Evidence(kind, thread, comments, f'{wording} under "{first}" and "{other}"'),
            )


# --- text evidence -------------------------------------------------------------------------------


def _text_evidence(analysis: Analysis, thread: Thread, settings: NameChangeSettings) -> None:
    run = analysis.run
    comments = [c for c in thread.comments if c.text.strip()]
    given = settings.readings or {}
    unread = [c for c in comments if (thread.id, c.id) not in given]
    probabilities = list(settings.scorer([c.text for c in unread])) if settings.scorer and unread else None
    by_id = {c.id: float(p) for c, p in zip(unread, probabilities, strict=True)} if probabilities else {}
    for comment in comments:
        author = run.authors.get((thread.id, comment.id))
        _signature(analysis, thread, comment, author)
        reading = given.get((thread.id, comment.id)) or read_comment(
            comment, thread, run.by_skeleton, by_id.get(comment.id)
        )
        finding, probability = reading.finding, reading.score
        if not reading.flagged(settings.threshold) or finding is None:
            # Name-change talk the rules cannot read says nothing of whom it concerns; guessing the
            # author or the parent's author would present a guess as fact. The report lists the
            # detector's flag itself.
            continue
        if finding.kind == ADMISSION and _is_staff(comment, settings):
            continue  # staff speak of others' names ("the X account is ours"), never admit their own
        kind, names, cue = finding.kind, finding.names, finding.cue
        # a name as typed when it is a node itself: "Jo Smith" and "jo smith" share a skeleton, not a node
        nodes = [n if n in run.profiles else run.by_skeleton.get(skeleton(n), n) for n in names]
        if kind == ADMISSION:
            concerned, speaker = author, author
        elif kind == CALLOUT:
            concerned, speaker = _addressee(run, thread, comment), author
        else:
            concerned, speaker, nodes = (nodes[0] if nodes else None), author, nodes[1:]
        if concerned is None:
            continue
        others = [n for n in dict.fromkeys(nodes) if n != concerned and n != speaker]
        where = (thread.id, (comment.id,))
        if not others:
            detail = (
                f'"{concerned}" says they changed names'
                if kind == ADMISSION
                else f'"{speaker or "someone"}" says "{concerned}" has used other names'
            )
            analysis.flags.setdefault(concerned, []).append(Evidence(kind, *where, f"{detail}: “{cue}”"))
            continue
        confidence = "high" if probability >= STATED_HIGH_PROBABILITY and finding is not None else "likely"
        for other in others:
            if kind == ADMISSION:
                detail = f'"{concerned}" says they also posted as "{other}": “{cue}”'
            else:
                detail = f'"{speaker or "someone"}" says "{concerned}" is "{other}": “{cue}”'
            low, high = STATED_PROBABILITY_RANGE
            _add(
                analysis, concerned, other, confidence, min(high, max(low, probability)), Evidence(kind, *where, detail)
            )


def _is_staff(comment, settings: NameChangeSettings) -> bool:
    return comment.role is not None or comment.author.strip().casefold() in settings.staff


def _addressee(run: Run, thread: Thread, comment) -> str | None:
    """Whom a call-out is about: the name it opens with ("Dutch, this is the second name..."), else
    the author it replies to, else the author it @-mentions."""
    opening = re.match(r"\s*@?([^,:\n]{1,40})[,:]", comment.text)
    if opening:
        named = run.by_skeleton.get(skeleton(opening.group(1)))
        if named:
            return named
    parent = thread.parent(comment)
    if parent is not None:
        return run.authors.get((thread.id, parent.id))
    for mention in comment.mentions:
        if mention.target is not None and (thread.id, mention.target) in run.authors:
            return run.authors[(thread.id, mention.target)]
    return None


def _signature(analysis: Analysis, thread: Thread, comment, author: str | None) -> None:
    """A named comment signed with another known name ("— Jimmy B" under "Jim195")."""
    if author is None or is_anonymous(comment.author):
        return
    signed = sign_off_name(comment.text)
    if not signed or name_similarity(signed, author) >= SIMILAR_NAME:
        return
    other = analysis.run.by_skeleton.get(skeleton(signed))
    if other and other != author:
        _add(
            analysis,
            author,
            other,
            "likely",
            SIGN_OFF_PROBABILITY,
            Evidence("sign_off", thread.id, (comment.id,), f'a comment by "{author}" is signed "{signed}"'),
        )


def _signed_anonymous(analysis: Analysis) -> None:
    """An anonymous comment signed "— Pete" joins "Pete", and other comments signed the same."""
    run = analysis.run
    first_signed: dict[str, str] = {}
    for node, profile in run.profiles.items():
        if profile.signed is None:
            continue
        appearance = profile.appearances[0]
        where = (appearance.thread_id, (appearance.comment_id,))
        target = run.by_skeleton.get(skeleton(profile.signed))
        if target is not None:
            _add(
                analysis,
                node,
                target,
                "likely",
                SIGN_OFF_PROBABILITY,
                Evidence("sign_off", *where, f'an anonymous comment is signed "{profile.signed}"'),
            )
        earlier = first_signed.setdefault(skeleton(profile.signed), node)
        if earlier != node:
            _add(
                analysis,
                node,
                earlier,
                "likely",
                SIGNED_ALIKE_PROBABILITY,
                Evidence("sign_off", *where, f'anonymous comments signed alike, "{profile.signed}"'),
            )


def _shared_closings(analysis: Analysis) -> None:
    """Two names that end their comments with the same uncommon mark: one writer's habit."""
    users: dict[str, dict[str, list[Appearance]]] = {}
    for name, profile in analysis.run.profiles.items():
        if profile.signed is not None:
            continue  # a signed anonymous comment is linked by its signature already
        for appearance in profile.appearances:
            mark = closing_mark(appearance.text)
            if mark:
                users.setdefault(mark, {}).setdefault(name, []).append(appearance)
    for mark, by_name in users.items():
        if len(by_name) != 2 or sum(len(found) for found in by_name.values()) < SHARED_CLOSING_MIN_USES:
            continue
        first, second = sorted(by_name)
        thread, comments = _refs([by_name[first][0], by_name[second][0]])
        detail = f'"{first}" and "{second}" both end comments with “{mark}”'
        _add(analysis, first, second, *SHARED_CLOSING, Evidence("closing_mark", thread, comments, detail))


# --- soft evidence -------------------------------------------------------------------------------


def _soft_evidence(analysis: Analysis, model: PairModel | None = None) -> None:
    """Pair features and their evidence for every candidate pair.

    With `model`, a pair that no writing style could lift to a band (and that no hard or text
    evidence fixed) is dropped before the style model is fitted: it could never become a link,
    and on a busy thread these are nearly all pairs, while the style fit is the costliest step.
    """
    run = analysis.run
    close = close_in_thread_pairs(run)
    candidates = set(similar_name_pairs(run)) | set(close) | set(analysis.fixed)
    candidates = {key for key in candidates if key[0] in run.profiles and key[1] in run.profiles}
    spans = {name: profile.span() for name, profile in run.profiles.items()}
    parents = {name: {a.parent_name for a in profile.appearances} for name, profile in run.profiles.items()}
    values = {
        key: _pair_values(
            run,
            spans,
            parents,
            *key,
            close.get(key, set()),
            bool(analysis.flags.get(key[0]) or analysis.flags.get(key[1])),
        )
        for key in candidates
    }
    # each comment's beginning, as for scoring: one huge comment must not cost gigabytes of n-grams;
    # none at all on a thread with no candidate pair (most threads of a report)
    documents = (
        {name: "\n".join(scored_part(a.text) for a in p.appearances) for name, p in run.profiles.items()}
        if values
        else {}
    )
    if model is not None and values:
        lengths = {name: len(text) for name, text in documents.items()}
        values = _could_reach_a_band(model, values, lengths, analysis.fixed)
    numbers = {key: PairFeatures(*pair_values) for key, pair_values in values.items()}
    style = None
    if numbers:  # the style model is the costliest step; a thread with no candidate pair needs none
        style = StyleComparer(documents)
        style.prepare(sorted(numbers))
    for (first, second), base in numbers.items():
        features, evidence = _pair_features(run, spans, style, first, second, base, close.get((first, second), set()))
        analysis.features[(first, second)] = features
        analysis.evidence.setdefault((first, second), []).extend(evidence)
    for key in analysis.fixed:  # links to names never seen posting still need a row
        analysis.features.setdefault(key, PairFeatures())


# Pairs whose best total, computed in NumPy, is this far from the band's edge are decided on it: far
# beyond the rounding difference from the exact Python sum (~1e-15), which decides the rest.
_VECTOR_MARGIN = 1e-9


def _could_reach_a_band(
    model: PairModel, values: dict[tuple[str, str], tuple], lengths: dict[str, int], fixed: dict
) -> dict[tuple[str, str], tuple]:
    """The pairs (with their values) that a writing style could lift to a band, or that other
    evidence fixed: `_best_total(...) >= lowest`, decided in NumPy for all pairs at once and in
    Python (the exact sum) only for the few within _VECTOR_MARGIN of the edge."""
    lowest = model.lowest_banded_total()
    keys = list(values)
    matrix = np.array([values[key] for key in keys], dtype=np.float64)
    shorter = np.array([min(lengths[first], lengths[second]) for first, second in keys], dtype=np.float64)
    reliable = np.minimum(1.0, shorter / RELIABLE_CHARACTERS)
    best = matrix @ np.array(model.weights, dtype=np.float64) + model.intercept
    best += np.max([model.style_weight * value * reliable for value in STYLE_RANGE], axis=0)
    kept = {}
    for key, estimate in zip(keys, best.tolist(), strict=True):
        if (
            key in fixed
            or estimate >= lowest + _VECTOR_MARGIN
            or estimate > lowest - _VECTOR_MARGIN
            and _best_total(model, values[key], lengths, *key) >= lowest
        ):
            kept[key] = values[key]
    return kept


def _best_total(model: PairModel, values: tuple, lengths: dict[str, int], first: str, second: str) -> float:
    """The highest linear score any writing-style value could give this pair (`values` as
    `_pair_values` gives them): style evidence is at most its reliability, which the shorter text's
    length fixes before any model is fitted."""
    reliable = style_reliability(lengths[first], lengths[second])
    return model.total_of(values) + max(model.style_weight * value * reliable for value in STYLE_RANGE)


def _pair_values(
    run: Run,
    spans: dict[str, tuple | None],
    parents: dict[str, set[str | None]],
    first: str,
    second: str,
    close_threads: set[str],
    flagged: bool,
) -> tuple[float, ...]:
    """Every feature of a pair but writing style (0.0), in PairFeatures' order: cheap, and enough
    to rule most pairs out before any PairFeatures is built."""
    a, b = run.profiles[first], run.profiles[second]
    signed = a.signed is not None or b.signed is not None  # the sign-off evidence speaks for these
    similarity = 0.0 if signed else name_similarity(first, second)
    replied = second in parents[first] or first in parents[second]
    span_a, span_b = spans[first], spans[second]
    handoff = not signed and span_a and span_b and (span_a[1] < span_b[0] or span_b[1] < span_a[0])
    return (
        similarity,  # name_similarity
        1.0 if similarity >= SAME_NAME_SIMILARITY else 0.0,  # same_name
        0.0,  # style, measured later for the pairs kept
        min(len(close_threads), CLOSE_THREADS_COUNTED) / CLOSE_THREADS_COUNTED,  # close_in_thread
        1.0 if replied else 0.0,  # replied
        1.0 if handoff else 0.0,  # handoff
        1.0 if flagged else 0.0,  # flagged
    )


def _pair_features(
    run: Run,
    spans: dict[str, tuple | None],
    style: StyleComparer,
    first: str,
    second: str,
    base: PairFeatures,
    close_threads: set[str],
) -> tuple[PairFeatures, list[Evidence]]:
    evidence: list[Evidence] = []
    similarity = base.name_similarity
    if similarity >= SIMILAR_NAME:
        evidence.append(
            Evidence("name_similarity", None, (), f'similar names "{first}" / "{second}" ({similarity:.2f})')
        )
    style_value = style.evidence(first, second)
    if style_value >= STYLE_SHOWN:
        evidence.append(
            Evidence(
                "writing_style",
                None,
                (),
                f"similar writing (character n-gram cosine {style.cosine(first, second):.2f}, "
                f"strength {style_value:.2f})",
            )
        )
    a, b = run.profiles[first], run.profiles[second]
    quiet_threads = sorted(close_threads) if not base.replied else []
    for thread_id in quiet_threads[:CLOSE_THREADS_COUNTED]:
        shown = [x for x in a.appearances if x.thread_id == thread_id][:COMMENTS_SHOWN_PER_NAME] + [
            y for y in b.appearances if y.thread_id == thread_id
        ][:COMMENTS_SHOWN_PER_NAME]
        evidence.append(
            Evidence(
                "same_thread_timing",
                thread_id,
                tuple(x.comment_id for x in shown),
                f'"{first}" and "{second}" posted close together here and never replied to each other',
            )
        )
    if base.handoff and (similarity >= SIMILAR_NAME or style_value >= STYLE_SHOWN):
        span_a, span_b = spans[first], spans[second]
        earlier, later = (first, second) if span_a[1] < span_b[0] else (second, first)
        last = max((x for x in run.profiles[earlier].appearances if x.posted_at), key=lambda x: x.posted_at)
        start = min((x for x in run.profiles[later].appearances if x.posted_at), key=lambda x: x.posted_at)
        thread, comments = _refs([last, start])
        evidence.append(
            Evidence(
                "handoff",
                thread,
                comments,
                f'"{earlier}" last posted {last.posted_at:%Y-%m-%d %H:%M}; '
                f'"{later}" first posted {start.posted_at:%Y-%m-%d %H:%M}',
            )
        )
    return dataclasses.replace(base, style=style_value), evidence


# --- helpers -------------------------------------------------------------------------------------


def _add(analysis: Analysis, first: str, second: str, confidence: str, score: float, evidence: Evidence) -> None:
    if first == second:
        return
    key = pair(first, second)
    current = analysis.fixed.get(key)
    if current is None or (RANK[confidence], score) > (RANK[current[0]], current[1]):
        analysis.fixed[key] = (confidence, score)
    items = analysis.evidence.setdefault(key, [])
    if evidence not in items:
        items.append(evidence)


def _keys_disagree(run: Run, first: str, second: str) -> bool:
    """Both names show keys of one kind (e.g. e-mail) and none of them match."""
    kinds_a = {key.split(":", 1)[0] for key in run.profiles[first].keys} if first in run.profiles else set()
    kinds_b = {key.split(":", 1)[0] for key in run.profiles[second].keys} if second in run.profiles else set()
    common = (kinds_a & kinds_b) - {"ip"}  # households and offices share IPs
    shared = {
        key for key in set(run.profiles[first].keys) & set(run.profiles[second].keys) if not key.startswith("ip:")
    }
    return bool(common) and not shared


def _refs(appearances: list[Appearance]) -> tuple[str | None, tuple[str, ...]]:
    threads = {a.thread_id for a in appearances}
    if len(threads) == 1:
        return threads.pop(), tuple(dict.fromkeys(a.comment_id for a in appearances))
    return None, tuple(dict.fromkeys(f"{a.thread_id}/{a.comment_id}" for a in appearances))
