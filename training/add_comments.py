"""Append hand-written comments to one category file of training/corpus/, labelled by the category.

    python training/add_comments.py insult_sarcastic batch.txt

`batch.txt` holds one comment a line; a literal "\\n" inside a line is a line break and "\\n\\n" a new
paragraph. A comment whose normalized text is already in the corpus is skipped and counted, so a
batch can be re-run. Then run build_corpus.py (the generated part avoids every hand-written text).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_corpus import CATEGORY_KINDS, CORPUS, KIND_LABELS, normalized, read_jsonl  # noqa: E402


def add(category: str, lines: list[str]) -> tuple[int, int]:
    """(added, skipped as already present) after appending the new comments to the category's file."""
    if category not in CATEGORY_KINDS:
        raise SystemExit(f"unknown category {category!r}; one of: {', '.join(CATEGORY_KINDS)}")
    seen = {normalized(r["text"]) for path in sorted(CORPUS.glob("*.jsonl")) for r in read_jsonl(path)}
    insult, username_change = KIND_LABELS[CATEGORY_KINDS[category]]
    added, skipped, out = 0, 0, []
    for line in lines:
        text = line.replace("\\n", "\n").strip()
        if not text:
            continue
        key = normalized(text)
        if key in seen:
            skipped += 1
            continue
        seen.add(key)
        record = {
            "text": text,
            "labels": {"insult": insult, "username_change": username_change},
            "source": f"handwritten:{category}",
        }
        out.append(json.dumps(record, ensure_ascii=False) + "\n")
        added += 1
    with (CORPUS / f"{category}.jsonl").open("a", encoding="utf-8") as stream:
        stream.writelines(out)
    return added, skipped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("category")
    parser.add_argument("batch", type=Path)
    args = parser.parse_args(argv)
    added, skipped = add(args.category, args.batch.read_text(encoding="utf-8").splitlines())
    print(f"{args.category}: {added} added, {skipped} already present")
    return 0


if __name__ == "__main__":
    sys.exit(main())
