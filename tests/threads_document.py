"""The `moderation.threads/1` document read back from the bytes `moderate parse --format json` writes."""

from __future__ import annotations

import json

from moderation.serialize import threads_json_chunks


def threads_document(threads) -> dict:
    return json.loads(b"".join(threads_json_chunks(threads)))
