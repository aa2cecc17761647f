"""Pair links to groups of names, each only as sure as the weakest link holding it together.

Links are joined strongest first (a maximum spanning forest, from scipy.sparse.csgraph), so a group's
confidence and score are those of the weakest link it could not do without, never more than the
evidence supports.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components, minimum_spanning_tree


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
    ordered = sorted(links, key=lambda link: (rank[link.confidence], link.score, link.first, link.second), reverse=True)
    names = sorted({name for link in ordered for name in (link.first, link.second)})
    if not names:
        return []
    index = {name: number for number, name in enumerate(names)}
    # Edge weight = the link's place in strength order (1 = strongest), so scipy's minimum spanning
    # forest keeps the strongest links; a pair linked twice keeps its stronger link.
    place: dict[tuple[int, int], int] = {}
    for number, link in enumerate(ordered, start=1):
        a, b = sorted((index[link.first], index[link.second]))
        if a != b:
            place.setdefault((a, b), number)
    rows, columns = zip(*place, strict=True) if place else ((), ())
    graph = coo_matrix((list(place.values()), (rows, columns)), shape=(len(names), len(names))).tocsr()
    forest = minimum_spanning_tree(graph).tocoo()
    _, component = connected_components(forest, directed=False)
    weakest: dict[int, Link] = {}  # per group, the forest's link of the highest place: its weakest
    for place_number in sorted(forest.data.astype(int)):
        link = ordered[place_number - 1]
        weakest[component[index[link.first]]] = link
    members: dict[int, list[str]] = {}
    for name in names:
        members.setdefault(component[index[name]], []).append(name)

    def root(name: str) -> int:
        return component[index[name]]

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
