"""Every reason total of a worker's explanations, to compare two checkouts bit for bit.

Usage (from outside the checkout, the code chosen by PYTHONPATH; build the default model first):
    cd /tmp && PYTHONPATH=OLD python -P /path/to/benchmarks/reason_totals_ab.py dump old.pkl COMMENTS.csv... [--model M]
    cd /tmp && PYTHONPATH=NEW python -P /path/to/benchmarks/reason_totals_ab.py dump new.pkl COMMENTS.csv... [--model M]
    python benchmarks/reason_totals_ab.py compare old.pkl new.pkl

Splits each file into the parts `moderate score` gives its two forked workers, scores each part keeping
its blocks, and for each label's flagged texts records every (text, reason) total of `explain._credits`
as `float.hex` with its rank in the text (the order `explain_texts` shows): the same dump means the
reasons' arithmetic gave the same bits, not only the same printed reasons. Each file's first part is also
explained without its kept blocks (as a caller without them would).
"""

from __future__ import annotations

import argparse
import pickle
import sys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    dump = commands.add_parser("dump")
    dump.add_argument("output")
    dump.add_argument("comments", nargs="+")
    dump.add_argument("--model")
    compare = commands.add_parser("compare")
    compare.add_argument("first")
    compare.add_argument("second")
    args = parser.parse_args()
    if args.command == "compare":
        sys.exit(_compare(args.first, args.second))
    with open(args.output, "wb") as stream:
        pickle.dump(_dump(args.comments, args.model), stream)


def _dump(paths: list[str], model_path: str | None) -> dict:
    from moderation.classify import explain
    from moderation.classify.commands import PARTS_PER_WORKER, _examples, load_model_for_command
    from moderation.classify.model import scored_part
    from moderation.classify.readable_text import readable_many
    from moderation.classify.scoring import BATCH, _flags, scores_for_reasons

    model = load_model_for_command(model_path)
    found = {}
    for path in paths:
        examples = list(_examples([path], None, ()))
        size = min(BATCH, -(-len(examples) // (2 * PARTS_PER_WORKER)))
        for number, start in enumerate(range(0, len(examples), size)):
            part = examples[start : start + size]
            probabilities, known = scores_for_reasons(model, [e.text for e in part], True)
            flags = _flags(model, part, {label: v.tolist() for label, v in probabilities.items()}, None)
            for label in model.labels:
                flagged = [offset for offset, labels in enumerate(flags) if label in labels]
                if not flagged:
                    continue
                texts = readable_many([scored_part(part[offset].text) for offset in flagged])
                pipeline = model.pipelines[label]
                found[path, number, label] = _ranked(explain._credits(pipeline, texts, known.rows(flagged)))
                if number == 0:
                    found[path, number, label, "not kept"] = _ranked(explain._credits(pipeline, texts))
    print(f"{len(found)} explained batches", file=sys.stderr)
    return found


def _ranked(credits) -> dict:
    import numpy as np

    from moderation.classify.explain import TIE_DECIMALS

    order = np.lexsort((credits.first, -np.round(credits.totals, TIE_DECIMALS), credits.rows))
    ranked, previous, rank = {}, -1, 0
    for index in order.tolist():
        row = int(credits.rows[index])
        rank = rank + 1 if row == previous else 0
        previous = row
        ranked[row, credits.names[int(credits.ids[index])]] = (float(credits.totals[index]).hex(), rank)
    return ranked


def _compare(first: str, second: str) -> int:
    with open(first, "rb") as stream:
        old = pickle.load(stream)
    with open(second, "rb") as stream:
        new = pickle.load(stream)
    differing = [key for key in old.keys() | new.keys() if old.get(key) != new.get(key)]
    print(f"{len(old)} / {len(new)} explained batches; {len(differing)} differ")
    for key in differing[:5]:
        print("differs:", key)
    return 1 if differing else 0


if __name__ == "__main__":
    main()
