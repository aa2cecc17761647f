"""NamedParents: a reply that names only its parent's author goes under the nearest comment by that name on
the branch above it (a section lists replies under their parent's branch), not simply that author's latest."""

from __future__ import annotations

from moderation.parsing.named_parents import NamedParents


def _thread(rows):
    named = NamedParents()
    for ref, author, parent in rows:
        named.add(ref, author, parent)
    return named


def test_a_closed_branch_is_passed_over_for_the_author_on_the_open_one():
    # Tom 1 > Ann 2 > Tom 3, then Bob 4 under Ann 2: Tom 3's branch is closed; a reply to Tom now is to Tom 1.
    named = _thread([("1", "Tom", None), ("2", "Ann", "1"), ("3", "Tom", "2"), ("4", "Bob", "2")])
    assert named.find("tom") == "1"
    assert named.shared("Tom")


def test_the_nearest_on_the_branch_wins_over_an_ancestor_of_the_same_name():
    named = _thread([("1", "Tom", None), ("2", "Ann", "1"), ("3", "Tom", "2")])
    assert named.find("Tom") == "3"


def test_off_branch_only_falls_back_to_the_latest_and_unknown_names_to_none():
    named = _thread([("1", "Tom", None), ("2", "Ann", None)])
    assert named.find("Tom") == "1"
    assert named.find("Zed") is None
    assert not named.shared("Ann")
