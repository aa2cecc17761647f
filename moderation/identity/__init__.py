"""Who is who: name changes and one person posting under several names."""

from moderation.identity.linker import SCHEMA, NameChangeScorer, find_aliases

__all__ = ["SCHEMA", "NameChangeScorer", "find_aliases"]
