"""Labelled (and unlabelled) comments from every data format the classifier reads.

`load_examples(path)` picks the adapter from the file: our JSONL, the Kaggle insults CSV, the Jigsaw
toxic-comments CSV, any CSV with named columns, our labelled thread JSON, or (for scoring only) any
dump that moderation.parsing reads.
"""

from moderation.datasets.examples import Example, TableColumns
from moderation.lazy_names import imported_on_first_use

# The readers (and through them every parser) are imported on first use: `moderate score` reads in a
# forked child, and the process that scores needs only Example.
__getattr__ = imported_on_first_use(
    "moderation.datasets", "moderation.datasets.loading", ("detect_dataset_format", "load_examples", "load_many")
)

__all__ = ["Example", "TableColumns", "detect_dataset_format", "load_examples", "load_many"]
