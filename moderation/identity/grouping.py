"""Pair links to groups of names, each only as sure as the weakest link holding it together.

Links are joined strongest first (a maximum spanning forest), so a group's confidence and score are
those of the weakest link it could not do without, never more than the evidence supports.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Link:
    first: str
    second: str
    confidence: str
    score: float
    evidence: list = field(default_factory=list)


def group_links(links: list[Link], rank: dict[str, int]) -> list[dict]:
    """Groups held by high/likely links; then groups held only by possible links, listed apart.

    A "possible" link never merges two sure groups into one doubtful group: it becomes a group of
    its own, so a name may appear in one sure group and in a possible one.
    """
    strong = [link for link in links if rank[link.confidence] >= rank["likely"]]
    weak = [link for link in links if rank[link.confidence] < rank["likely"]]
    groups = _spanning_groups(strong, rank)
    strong_of = {name: index for index, group in enumerate(groups) for name in group["names"]}
    weak = [link for link in weak if strong_of.get(link.first, -1) != strong_of.get(link.second, -2)]
    groups.extend(_spanning_groups(weak, rank))
    groups.sort(key=lambda group: (-rank[group["confidence"]], -group["score"], group["names"][0].casefold()))
    return groups


def _spanning_groups(links: list[Link], rank: dict[str, int]) -> list[dict]:
    parent: dict[str, str] = {}

    def root(name: str) -> str:
        parent.setdefault(name, name)
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    ordered = sorted(links, key=lambda link: (rank[link.confidence], link.score, link.first, link.second), reverse=True)
    weakest: dict[str, Link] = {}
    for link in ordered:
        a, b = root(link.first), root(link.second)
        if a == b:
            continue
        parent[b] = a
        candidates = [link] + [weakest[r] for r in (a, b) if r in weakest]
        weakest[a] = min(candidates, key=lambda item: (rank[item.confidence], item.score))
        weakest.pop(b, None)

    members: dict[str, list[str]] = {}
    for name in parent:
        members.setdefault(root(name), []).append(name)
    groups = []
    for top, names in members.items():
        if len(names) < 2:
            continue
        inside = [link for link in ordered if root(link.first) == top]
        evidence = []
        for link in inside:
            for item in link.evidence:
                record = item.to_dict()
                if record not in evidence:
                    evidence.append(record)
        bottleneck = weakest[top]
        groups.append(
            {
                "names": sorted(names, key=str.casefold),
                "confidence": bottleneck.confidence,
                "score": bottleneck.score,
                "evidence": evidence,
                "links": [
                    {"names": [link.first, link.second], "confidence": link.confidence, "score": link.score}
                    for link in inside
                ],
            }
        )
    return groups
