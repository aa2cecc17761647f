"""CSV rows numbered as a spreadsheet shows them, for error messages a moderator can follow.

The header is row 1 and the first data row row 2; a cell holding line breaks is still one row, and a
blank line still takes a row (csv.DictReader skips it silently, which would shift every later number).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator


class _CountedRecords:
    """csv.reader's records, counted as they are read (blank ones too)."""

    def __init__(self, records) -> None:
        self._records = records
        self.count = 0

    def __iter__(self) -> _CountedRecords:
        return self

    def __next__(self) -> list[str]:
        try:
            record = next(self._records)
        except csv.Error as error:  # a NUL byte, a cell past the size limit: say which row
            raise csv.Error(f"row {self.count + 1}: {error}") from None
        self.count += 1
        return record

    @property
    def line_num(self) -> int:
        return self._records.line_num

    @property
    def dialect(self):
        return self._records.dialect


class SheetReader(csv.DictReader):
    """csv.DictReader that knows the spreadsheet row number of the row it gave last (`row_number`)."""

    def __init__(self, stream, **options) -> None:
        super().__init__(stream, **options)
        self.reader = _CountedRecords(self.reader)

    @property
    def row_number(self) -> int:
        return self.reader.count

    def numbered(self) -> Iterator[tuple[int, dict]]:
        """(spreadsheet row, row) for each data row."""
        for row in self:
            yield self.row_number, row
