"""Who is who: name changes and one person posting under several names.

The linker needs scikit-learn; it is imported on first use so that `moderate` starts quickly.
"""

__all__ = ["SCHEMA", "NameChangeScorer", "find_aliases"]


def __getattr__(name: str):
    if name in __all__:
        from moderation.identity import linker

        return getattr(linker, name)
    raise AttributeError(name)
