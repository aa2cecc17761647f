"""Labelled (and unlabelled) comments from every data format the classifier reads.

`load_examples(path)` picks the adapter from the file: our JSONL, the Kaggle insults CSV, the Jigsaw
toxic-comments CSV, any CSV with named columns, our labelled thread JSON, or (for scoring only) any
dump that moderation.parsing reads.
"""

from moderation.datasets.examples import Example, TableColumns

# The readers (and through them every parser) are imported on first use (PEP 562): `moderate score`
# reads in a forked child, and the process that scores needs only Example.
_LOADING = frozenset({"detect_dataset_format", "load_examples", "load_many"})


def __getattr__(name: str):
    if name in _LOADING:
        from moderation.datasets import loading

        return getattr(loading, name)
    raise AttributeError(f"module 'moderation.datasets' has no attribute {name!r}")


__all__ = ["Example", "TableColumns", "detect_dataset_format", "load_examples", "load_many"]
