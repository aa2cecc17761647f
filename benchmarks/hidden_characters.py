"""How often a model still flags insults an adversary has hidden with invisible or look-alike characters.

Usage: .venv/bin/python benchmarks/hidden_characters.py [--model PATH] [--limit N]
Texts: the insults of Kaggle train.csv (../shared, read in place), each rewritten in every way below;
the share flagged at the model's threshold is printed per way. Run with PYTHONPATH pointing at an older
checkout to measure the code before readable_text (the rewrites do not use the package).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import numpy as np

from moderation.classify.default_model import load_default_model
from moderation.classify.model import load_model
from moderation.datasets import load_examples

ROOT = Path(__file__).resolve().parent.parent
KAGGLE = ROOT.parent / "shared" / "data" / "kaggle-insults" / "train.csv"
LONG_WORD = re.compile(r"[A-Za-z]{4,}")
FULL_WIDTH_OFFSET = 0xFEE0  # "a" + this is "ａ"
CYRILLIC_TWINS = str.maketrans("aceiopxy", "\u0430\u0441\u0435\u0456\u043e\u0440\u0445\u0443")
GREEK_TWINS = str.maketrans("oi", "\u03bf\u03b9")


def _inside(mark: str):
    """Every word of 4+ letters gets `mark` after its second letter."""
    return lambda text: LONG_WORD.sub(lambda m: m.group()[:2] + mark + m.group()[2:], text)


WAYS = {
    "plain": lambda text: text,
    "zero-width space": _inside("\u200b"),
    "soft hyphen": _inside("\u00ad"),
    "zero-width joiner": _inside("\u200d"),
    "full width": lambda text: "".join(
        chr(ord(c) + FULL_WIDTH_OFFSET) if c.isascii() and c.isalnum() else c for c in text
    ),
    "combining strike": lambda text: LONG_WORD.sub(lambda m: "".join(c + "\u0336" for c in m.group()), text),
    "roman-numeral i": lambda text: text.replace("i", "\u2170"),
    "Cyrillic look-alikes": lambda text: LONG_WORD.sub(lambda m: m.group().translate(CYRILLIC_TWINS), text),
    "Greek look-alikes": lambda text: LONG_WORD.sub(lambda m: m.group().translate(GREEK_TWINS), text),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", help="a model file (default: the built-in model)")
    parser.add_argument("--limit", type=int, default=0, help="at most this many insults (0: all)")
    args = parser.parse_args()
    model = load_model(args.model) if args.model else load_default_model()
    examples = [e for e in load_examples(KAGGLE) if e.labels.get("insult") == 1]
    texts = [e.text for e in examples][: args.limit or None]
    threshold = model.thresholds["insult"]
    print(f"{len(texts)} insults of train.csv, threshold {threshold:.3f}")
    plain = None
    for way, rewrite in WAYS.items():
        scores = model.predict_proba([rewrite(text) for text in texts])["insult"]
        plain = scores if plain is None else plain
        same = float(np.mean(np.abs(scores - plain) < 1e-9))
        print(f"| {way} | {np.mean(scores >= threshold):.3f} | {np.mean(scores):.3f} | {same:.3f} |")


if __name__ == "__main__":
    main()
