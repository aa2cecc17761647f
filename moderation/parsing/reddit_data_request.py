"""Reddit's data request (reddit.com/settings/data-request) gives a person their own comments as comments.csv.

It is one account's comments across subreddits: no author column (the requester is every row's), the
parent only as an id ("t1_..."), never the thread around it. A moderator reading a thread learns nothing
from it as a thread, so dump commands refuse it by name; `score` reads its words from the `body` column.
"""

from __future__ import annotations

import csv

# The columns Reddit's export writes for comments (media is absent from older exports).
COLUMNS = frozenset(("id", "permalink", "date", "subreddit", "link", "parent", "body"))
REFUSAL = (
    "Reddit's data-request comments.csv: one account's own comments, without the threads or the comments "
    "they answer; `moderate score FILE --text-column body` scores them"
)


def is_data_request_comments(head_text: str) -> bool:
    """The file's header row names the comment columns of Reddit's data-request export."""
    first_line = head_text.lstrip("\ufeff").split("\n", 1)[0]
    header = next(csv.reader([first_line]), [])
    return COLUMNS.issubset(name.strip().lower() for name in header)
