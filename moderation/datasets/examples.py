"""The record every data adapter produces."""

from __future__ import annotations

from dataclasses import dataclass, field

from moderation.errors import ModerationError


@dataclass(frozen=True, slots=True)
class Example:
    """One comment to learn from or to score.

        `labels` holds only the labels the source states (0 or 1); a label missing from it is unknown,
        not negative. `comment` is the comment's id, or its 1-based number among a table's data rows;
        `row`, for a CSV row, the row a spreadsheet shows it on (the header is row 1, so the first data row
        is row 2: the number every message about the file uses); `source` the file
    and `author` a thread comment's author, so a scored row can be traced. `status` is a
        thread comment's ("deleted", "spam", "pending"); a deleted one's text is often the platform's
        notice, not the commenter's words.
    """

    text: str
    labels: dict[str, int] = field(default_factory=dict)
    thread: str | None = None
    comment: str = ""
    parent_text: str | None = None
    status: str = "visible"
    source: str | None = None  # the file it was read from ("-" for standard input)
    author: str | None = None  # a thread comment's author (data sets have none)
    row: int | None = None  # a CSV row's spreadsheet row number (header row 1); None for other inputs


def as_columns(examples: list[Example]) -> list[list]:
    """The examples as one list per field: pickled to another process (read_ahead.py) about 3x faster
    than the objects, and rebuilt there (`from_columns`) faster than unpickled (measured on K8)."""
    return [[getattr(example, name) for example in examples] for name in Example.__slots__]


def from_columns(columns: list[list]) -> list[Example]:
    return list(map(Example, *columns))


@dataclass(frozen=True)
class TableColumns:
    """Which CSV columns hold the text and the labels: label name -> column name."""

    text: str = "text"
    labels: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_options(cls, text_column: str | None, label_columns: tuple[str, ...] | list[str]) -> TableColumns:
        """`--label-column insult` reads column insult as label insult; `insult=Insult` renames."""
        labels: dict[str, str] = {}
        for spec in label_columns:
            name, _, column = spec.partition("=")
            if not name.strip() or ("=" in spec and not column.strip()):
                raise ModerationError(f"--label-column {spec!r}: expected LABEL or LABEL=COLUMN")
            labels[name.strip()] = (column or name).strip()
        if text_column is not None and not text_column.strip():
            raise ModerationError("--text-column '': expected a column name")
        return cls(text=text_column or "text", labels=labels)
