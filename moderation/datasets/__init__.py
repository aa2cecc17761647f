"""Labelled (and unlabelled) comments from every data format the classifier reads.

`load_examples(path)` picks the adapter from the file: our JSONL, the Kaggle insults CSV, the Jigsaw
toxic-comments CSV, any CSV with named columns, our labelled thread JSON, or (for scoring only) any
dump that moderation.parsing reads.
"""

from moderation.datasets.examples import Example, TableColumns
from moderation.datasets.loading import detect_dataset_format, load_examples, load_many

__all__ = ["Example", "TableColumns", "detect_dataset_format", "load_examples", "load_many"]
