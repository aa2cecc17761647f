"""A Markdown model card written next to each trained model, from its manifest."""

from __future__ import annotations

from moderation.plurals import noun_for

LABEL_MEANINGS = {
    "insult": "the comment insults or demeans a participant of the conversation (another commenter, the "
    "author, the moderator); insults aimed only at public figures or absent groups do not count",
    "username_change": "the comment is about a commenter changing names or using several (call-outs, "
    "admissions, 'formerly posting as', sign-offs revealing another name)",
}


def expected_quality(manifest: dict) -> dict[str, dict]:
    """Per label, the precision and recall to expect at the model's threshold, and what measured them.

    The default model states them as measured on real comments it never trained on (manifest key
    "expected"; its own cross-validation, on a partly generated corpus, would promise too much, so a
    label it states nothing for has none). A model trained with cross-validation on a site's labels
    has its own out-of-fold numbers, said with how many labels measured them (four insults in a queue of
    twenty promise little).
    """
    if "expected" in manifest:
        return {label: dict(values) for label, values in (manifest["expected"] or {}).items()}
    return {
        label: {
            "precision": values["precision"],
            "recall": values["recall"],
            "measured_on": "out-of-fold cross-validation on the training data" + _measured_count(values),
        }
        for label, values in (manifest.get("metrics", {}).get("labels") or {}).items()
        if "precision" in values and "recall" in values
    }


def _measured_count(values: dict) -> str:
    """': 18 examples, 4 positive', or '' for a manifest written before the metrics kept their counts."""
    if "examples" not in values or "positives" not in values:
        return ""
    return f": {examples_counted(values['examples'])}, {values['positives']:,} positive"


def examples_counted(number) -> str:
    """'1 example', '7,779 examples': a count of training rows as every line of the card gives it."""
    return f"{_count(number)} {noun_for(number, 'example')}"


def _count(number) -> str:
    """7779 as '7,779'; a value a manifest written without the count holds, as it is."""
    return f"{number:,}" if isinstance(number, int) else str(number)


def expected_phrase(values: dict) -> str:
    """'precision 0.70, recall 0.65 (measured on ...)'."""
    return f"precision {values['precision']:.2f}, recall {values['recall']:.2f} ({values['measured_on']})"


def model_card(manifest: dict) -> str:
    """The card: what the model flags, how it was trained, how well it did in cross-validation."""
    lines = ["# Model card", ""]
    lines += [f"Created {manifest.get('created')} by moderation {manifest.get('versions', {}).get('moderation')}.", ""]
    lines += ["## Labels", ""]
    expected = expected_quality(manifest)
    for label in manifest.get("labels", []):
        counts = manifest.get("examples", {}).get(label, {})
        meaning = LABEL_MEANINGS.get(label, "a label of the training data")
        lines.append(
            f"- `{label}`: {meaning}. Trained on {examples_counted(counts.get('total'))}"
            f" ({_count(counts.get('positive'))} positive);"
            f" flag threshold {manifest.get('thresholds', {}).get(label, 0):.3f}."
        )
        if label in expected:
            lines.append(f"  Expected at that threshold: {expected_phrase(expected[label])}.")
    lines += ["", "## Training", ""]
    data = manifest.get("training_data", {})
    lines.append(f"- Data: {', '.join(data.get('files') or []) or 'in memory'} (sha256 `{data.get('sha256')}`)")
    for source in data.get("sources") or []:
        how = source.get("role") or f"each weighted {source.get('weight'):g}"
        lines.append(
            f"- Source: {source.get('name')}: {examples_counted(source.get('examples'))}, {how}"
            f" ({', '.join(source.get('files') or []) or 'in memory'})"
        )
    settings = manifest.get("settings", {})
    lines.append("- Pipeline: " + ", ".join(f"{k}={v}" for k, v in settings.items()))
    lines.append(f"- Thresholds: {manifest.get('threshold_rule')}")
    lines.append("- Versions: " + ", ".join(f"{k} {v}" for k, v in manifest.get("versions", {}).items()))
    stacks = manifest.get("stack_weights") or {}
    if stacks:
        lines += ["", "## How the stack weighs its parts", ""]
        lines.append(
            "Weights of the stacking logistic regression: on each member's score, and on the hand-made "
            "columns it alone sees (a positive weight raises the score)."
        )
        for label, weights in stacks.items():
            lines += ["", f"`{label}`:", ""]
            lines += [f"- {part}: {weight:+.3f}" for part, weight in weights.items()]
    metrics = manifest.get("metrics", {})
    if metrics.get("labels"):
        lines += ["", f"## Cross-validated metrics ({metrics.get('cross_validation_folds')} folds)", ""]
        lines += ["| label | ROC AUC | PR AUC | precision | recall | F1 |", "|---|---|---|---|---|---|"]
        for label, values in metrics["labels"].items():
            lines.append(
                f"| {label} | {values['roc_auc']} | {values['pr_auc']} | {values['precision']} | "
                f"{values['recall']} | {values['f1']} |"
            )
    lines += [
        "",
        "## Limits",
        "",
        "- A linear model over word and character n-grams: it reads wording, not intent; sarcasm, quoted "
        "insults and insults without insulting words are missed, and harsh words about public figures can "
        "score high.",
        "- Flags are for a moderator to review, never to act on unread. Each flag lists the n-grams behind it.",
        _file_format_line(manifest),
        "",
    ]
    return "\n".join(lines)


def _file_format_line(manifest: dict) -> str:
    if manifest.get("file_format", "joblib") == "joblib":
        return "- The file is a joblib pickle: loading it runs code stored in it. Load only model files you trust."
    return "- The file is plain arrays (.npz): loading it runs no code; its manifest is checked first."
