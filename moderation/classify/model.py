"""A trained model: one scikit-learn Pipeline per label, thresholds, and a manifest.

Security: a model file is a joblib (pickle) file, and loading one runs code stored in it. Load only
model files you trust (your own, or the default model this package builds itself). Before anything is
unpickled, the manifest beside the file (MODEL.manifest.json) is read and checked: the file's sha256 must
be the one the manifest records, so a model file swapped or damaged after it was written is refused
without running it.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from moderation.errors import InputWarning, ModelError

MODEL_FORMAT = "moderation.model/1"
PACKAGE = "moderation"
# The manifest key holding the sha256 of the model file it describes (written by Model.save).
WEIGHTS_SHA256 = "weights_sha256"


MAX_SCORED_CHARS = 65_536
"""Characters of one comment that are scored and explained; the rest is not read by the model.
WordPress itself stores at most 65,525 characters per comment, so no ordinary comment is cut. The
n-gram features and their explanation take memory in proportion to the text (a 50 MB comment needed
over 10 GB and ended the run in a MemoryError); past the cap the comment is scored on its first
MAX_SCORED_CHARS characters, a warning says so and the outputs mark the comment (`scored_characters`)."""


def scored_part(text: str) -> str:
    """The part of a comment the model reads: its first MAX_SCORED_CHARS characters."""
    return text if len(text) <= MAX_SCORED_CHARS else text[:MAX_SCORED_CHARS]


def cut_for_scoring(text: str) -> bool:
    """Whether the model reads only part of this text (outputs mark such comments)."""
    return len(text) > MAX_SCORED_CHARS


class ModelVersionWarning(UserWarning):
    """A model was saved by other library versions (or another tool): its scores may differ."""


def library_versions() -> dict[str, str]:
    """Versions whose change can alter or break an unpickled pipeline."""
    import joblib
    import numpy
    import scipy
    import sklearn

    from moderation import __version__

    return {
        PACKAGE: __version__,
        "scikit-learn": sklearn.__version__,
        "numpy": numpy.__version__,
        "scipy": scipy.__version__,
        "joblib": joblib.__version__,
    }


@dataclass
class Model:
    """Per-label pipelines that may share one fitted featurizer (then texts are featurized once)."""

    pipelines: dict  # label -> fitted sklearn Pipeline(features, classifier)
    thresholds: dict[str, float]
    manifest: dict = field(default_factory=dict)
    # The checked file it was loaded from or saved to; None for a model that lives only in memory
    # (worker processes load the model again from here).
    path: Path | None = None

    @property
    def labels(self) -> list[str]:
        return list(self.pipelines)

    def predict_proba(self, texts: Sequence[str], keep: NamedBlocks | None = None) -> dict[str, np.ndarray]:
        """Probability of each label for each text (of its first MAX_SCORED_CHARS characters; one
        InputWarning says how many texts were longer). With `keep`, the named features' blocks are
        kept in it, for explaining some of these texts without computing them again."""
        texts = list(texts)
        cut = sum(1 for text in texts if cut_for_scoring(text))
        if cut:
            texts = [scored_part(text) for text in texts]
            warnings.warn(
                InputWarning(
                    f"{cut} comment(s) longer than {MAX_SCORED_CHARS:,} characters (MAX_SCORED_CHARS): "
                    "only their beginning was scored and explained"
                ),
                stacklevel=2,
            )
        groups: dict[int, list[str]] = {}
        for label, pipeline in self.pipelines.items():
            groups.setdefault(id(pipeline.named_steps["features"]), []).append(label)
        scores: dict[str, np.ndarray] = {}
        for labels in groups.values():
            featurizer = self.pipelines[labels[0]].named_steps["features"]
            classifiers = {label: self.pipelines[label].named_steps["classifier"] for label in labels}
            if _is_feature_union(featurizer) and all(_is_binary_logistic(c) for c in classifiers.values()):
                scores.update(_logistic_by_blocks(featurizer, classifiers, texts, keep))
            else:
                features = featurizer.transform(texts)
                scores.update({label: c.predict_proba(features)[:, 1] for label, c in classifiers.items()})
        return {label: scores[label] for label in self.pipelines}

    def flags(self, scores: dict[str, float], thresholds: dict[str, float] | None = None) -> list[str]:
        """The labels whose score reaches its threshold (the model's own unless `thresholds` are given)."""
        thresholds = thresholds or self.thresholds
        return [label for label in self.labels if scores[label] >= thresholds[label]]

    def explain(self, text: str, label: str, top: int = 5) -> list[str]:
        """The words, phrases and named features that pushed this text's score up the most.

        Contribution = coefficient x feature value, on the linear model's input (see explain.py).
        """
        return self.explain_many(label, [text], top)[0]

    def explain_many(
        self, label: str, texts: Sequence[str], top: int = 5, known: NamedBlocks | None = None
    ) -> list[list[str]]:
        """`explain` for many texts at once, the whole batch credited together: the one explanation
        path of `score`, `report` and `evaluate`. `known`: the texts' named-feature blocks, kept by
        predict_proba (`NamedBlocks.rows`), so they are not computed twice."""
        from moderation.classify.explain import explain_texts

        return explain_texts(self.pipelines[label], [scored_part(text) for text in texts], top, known)

    def save(self, path: str | Path) -> None:
        """Write the joblib file (manifest inside) and the manifest beside it as JSON."""
        import joblib

        path = Path(path)
        manifest = {key: value for key, value in self.manifest.items() if key != WEIGHTS_SHA256}
        payload = {
            "format": MODEL_FORMAT,
            "manifest": manifest,
            "pipelines": self.pipelines,
            "thresholds": self.thresholds,
        }
        joblib.dump(payload, path, compress=3)
        # The file's hash is a fact about this saved file, so it lives in the manifest beside it only.
        self.manifest = {**manifest, WEIGHTS_SHA256: file_sha256(path)}
        self.path = path
        manifest_path(path).write_text(json.dumps(self.manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def save_model_files(model: Model, path: str | Path) -> Path:
    """Write the model file, its manifest and its model card, each whole or not at all.

    The three are staged beside the target and renamed over it, the model file last: an interrupted
    save leaves the previous model untouched, or at worst a new manifest beside the old file, which
    its sha256 check then refuses to load (never a partial pickle that loads). ModerationError if the
    folder cannot be written.
    """
    from moderation.classify.model_card import model_card
    from moderation.output import replace_all, staged_folder

    path = Path(path)
    with staged_folder(path.parent) as scratch:
        staged = scratch / path.name
        try:
            model.save(staged)
            card_path(staged).write_text(model_card(model.manifest), encoding="utf-8")
        except OSError as error:
            raise ModelError(f"cannot write {path}: {error.strerror or error}") from None
        replace_all(
            [(manifest_path(staged), manifest_path(path)), (card_path(staged), card_path(path)), (staged, path)]
        )
    model.path = path
    return path


def _is_feature_union(featurizer) -> bool:
    from sklearn.pipeline import FeatureUnion

    return type(featurizer) is FeatureUnion


def _is_binary_logistic(classifier) -> bool:
    """A logistic model whose probability is the sigmoid of one linear score (coef_, intercept_)."""
    from sklearn.linear_model import LogisticRegression

    from moderation.classify.linear_stack import LinearStack

    return type(classifier) in (LogisticRegression, LinearStack) and np.asarray(classifier.coef_).shape[0] == 1


class NamedBlocks:
    """Feature blocks of a scored batch that explaining its flags would compute again: the named
    features' (profanity, targeting), whose reasons read the block; n-gram blocks are rebuilt from
    their spans anyway. By transformer, rows in the batch's order."""

    def __init__(self, blocks: dict | None = None) -> None:
        self.blocks = blocks or {}

    def keep(self, transformer, block) -> None:
        if "ngrams" not in getattr(transformer, "named_steps", {}):
            self.blocks[id(transformer)] = (transformer, block)

    def get(self, transformer):
        found = self.blocks.get(id(transformer))
        return found[1] if found is not None and found[0] is transformer else None

    def rows(self, positions: Sequence[int]) -> NamedBlocks:
        """The blocks of these texts of the batch only, in this order."""
        chosen = np.asarray(positions, dtype=np.int64)
        return NamedBlocks({key: (owner, block.tocsr()[chosen]) for key, (owner, block) in self.blocks.items()})


def _logistic_by_blocks(featurizer, classifiers: dict, texts: list[str], keep: NamedBlocks | None = None):
    """Logistic probabilities summed block by block: the same numbers as the Pipeline, without
    stacking the feature blocks into one matrix first (that copy cost more than the linear model)."""
    weights = featurizer.transformer_weights or {}
    decisions = {label: np.full(len(texts), float(c.intercept_[0])) for label, c in classifiers.items()}
    offset = 0
    for name, transformer in featurizer.transformer_list:
        block = transformer.transform(texts)
        if keep is not None:
            keep.keep(transformer, block)
        width = block.shape[1]
        for label, classifier in classifiers.items():
            coefficients = np.asarray(classifier.coef_)[0, offset : offset + width] * weights.get(name, 1.0)
            decisions[label] += np.asarray(block @ coefficients).ravel()
        offset += width
    return {label: 1.0 / (1.0 + np.exp(-decision)) for label, decision in decisions.items()}


def manifest_path(model_path: Path) -> Path:
    return model_path.with_name(model_path.stem + ".manifest.json")


def card_path(model_path: Path) -> Path:
    return model_path.with_name(model_path.stem + ".card.md")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_checked_manifest(path: Path) -> dict:
    """The manifest beside a model file, once the file is shown to be the one it describes.

    Nothing is unpickled here: a file without a readable manifest, or whose sha256 is not the one the
    manifest records, raises ModelError before any code in it can run.
    """
    beside = manifest_path(path)
    try:
        manifest = json.loads(beside.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(
            f"{path}: no manifest beside it ({beside.name}); a model file runs code when loaded, "
            "so one that cannot be checked is refused"
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelError(f"{path}: unreadable manifest {beside.name} ({error})") from None
    if not isinstance(manifest, dict):
        raise ModelError(f"{path}: {beside.name} is not a model manifest")
    recorded = manifest.get(WEIGHTS_SHA256)
    if not isinstance(recorded, str):
        raise ModelError(f"{path}: {beside.name} records no {WEIGHTS_SHA256} (an older model file); retrain it")
    if file_sha256(path) != recorded:
        raise ModelError(
            f"{path}: the file is not the one its manifest describes (sha256 differs); refused without loading it"
        )
    return manifest


def load_model(path: str | Path) -> Model:
    """Load a model file (trusted files only: loading runs code stored in the file).

    The manifest beside it is checked first (read_checked_manifest). A missing, corrupt, truncated,
    swapped or foreign file raises ModelError. A model saved by other versions of scikit-learn (or
    numpy, scipy, this package) loads with one ModelVersionWarning.
    """
    import joblib

    path = Path(path)
    if not path.is_file():
        raise ModelError(f"{path}: no such model file")
    manifest = read_checked_manifest(path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            payload = joblib.load(path)
        except Exception as error:  # noqa: BLE001 - pickle fails in many ways; all mean "unusable"
            raise ModelError(f"{path}: not a readable model file ({type(error).__name__}: {error})") from None
    if not isinstance(payload, dict) or payload.get("format") != MODEL_FORMAT:
        raise ModelError(f"{path}: not a {MODEL_FORMAT} model file")
    pipelines = payload.get("pipelines")
    thresholds = payload.get("thresholds")
    if not isinstance(pipelines, dict) or not isinstance(thresholds, dict):
        raise ModelError(f"{path}: model file is incomplete")
    if set(thresholds) != set(pipelines):
        raise ModelError(f"{path}: model file has thresholds for {sorted(thresholds)} but labels {sorted(pipelines)}")
    settings = manifest.get("settings") if isinstance(manifest.get("settings"), dict) else {}
    if settings.get("profanity_feature"):
        from moderation.classify.profanity_feature import profanity_model

        profanity_model()  # a clear ModelError now rather than at the first score
    problems = _version_problems(manifest)
    library_warnings = [w for w in caught if not issubclass(w.category, DeprecationWarning)]
    if problems or library_warnings:
        detail = "; ".join(problems) if problems else str(library_warnings[0].message).split("\n")[0]
        warnings.warn(
            ModelVersionWarning(f"{path}: {detail}: scores may differ; retrain it with this installation"),
            stacklevel=2,
        )
    return Model(
        pipelines=pipelines, thresholds={k: float(v) for k, v in thresholds.items()}, manifest=manifest, path=path
    )


def _version_problems(manifest: dict) -> list[str]:
    if manifest.get("package") != PACKAGE:
        return [f"its manifest is not a {PACKAGE} manifest (package: {manifest.get('package')!r})"]
    saved = manifest.get("versions") if isinstance(manifest.get("versions"), dict) else {}
    current = library_versions()
    problems = []
    for name in ("scikit-learn", PACKAGE):
        if saved.get(name) != current[name]:
            problems.append(f"saved with {name} {saved.get(name) or 'unknown'}, this is {current[name]}")
    return problems
