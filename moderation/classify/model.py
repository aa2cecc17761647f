"""A trained model: one scikit-learn Pipeline per label, thresholds, and a manifest.

Model files: by default plain arrays (model_arrays.py, an .npz read with allow_pickle=False), which
run no code when loaded. A joblib (pickle) file is written only when asked for (`--format joblib`):
loading one runs code stored in it, so load only joblib files you trust. Either way, before the file
is read the manifest beside it (MODEL.manifest.json) is checked: the file's sha256 must be the one
the manifest records, its settings must be ones this version can rebuild, and the library versions it
was written with must be in the compatible range of its format (COMPATIBLE_VERSIONS).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import stat
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from moderation.classify.readable_text import as_written, readable_many
from moderation.errors import InputWarning, ModelError
from moderation.plurals import counted

MODEL_FORMAT = "moderation.model/1"
PACKAGE = "moderation"
# The manifest key holding the sha256 of the model file it describes (written by Model.save).
WEIGHTS_SHA256 = "weights_sha256"
# The manifest key naming the file's format; manifests written before it existed describe joblib files.
FILE_FORMAT = "file_format"
FILE_FORMATS = ("arrays", "joblib")
DEFAULT_FILE_FORMAT = "arrays"
# Library versions a model file may have been written with and still load here (one ModelVersionWarning
# names the difference), as [lowest, first excluded) per library; outside the range it is refused.
# - arrays: the file holds only numbers whose meaning has been stable through scikit-learn 1.x
#   (TfidfTransformer's idf_ and sublinear tf, LogisticRegression's coef_/intercept_ decision) and
#   the .npz layout through numpy 1.x and 2.x; the pipeline objects are rebuilt by this installation.
# - joblib: a pickle holds scikit-learn's own objects, which scikit-learn supports loading only in the
#   version that wrote them; patch releases of one minor version keep their attributes, and numpy 2
#   cannot be assumed to read every numpy 1 pickle: the same minor scikit-learn, the same major numpy.
COMPATIBLE_VERSIONS = {
    "arrays": {"scikit-learn": ("1.0", "2"), "numpy": ("1.20", "3")},
    "joblib": {"scikit-learn": "same minor", "numpy": "same major"},
}


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
                    f"{counted(cut, 'comment')} longer than {MAX_SCORED_CHARS:,} characters (MAX_SCORED_CHARS): "
                    "only their beginning was scored and explained"
                ),
                stacklevel=2,
            )
        texts = readable_many(texts)
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

        texts = [scored_part(text) for text in texts]
        explained = explain_texts(self.pipelines[label], readable_many(texts), top, known)
        if all(text.isascii() for text in texts):
            return explained
        return [as_written(reasons, text) for reasons, text in zip(explained, texts, strict=True)]

    def save(self, path: str | Path, file_format: str = DEFAULT_FILE_FORMAT) -> None:
        """Write the model file (plain arrays, or joblib when asked) and the manifest beside it as JSON."""
        path = Path(path)
        if file_format not in FILE_FORMATS:
            raise ModelError(f"unknown model file format {file_format!r} (known: {', '.join(FILE_FORMATS)})")
        manifest = {key: value for key, value in self.manifest.items() if key != WEIGHTS_SHA256}
        manifest[FILE_FORMAT] = file_format
        if file_format == "arrays":
            from moderation.classify.model_arrays import write_arrays

            with open(path, "wb") as stream:
                write_arrays(Model(self.pipelines, self.thresholds, manifest), stream)
        else:
            import joblib

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


def save_model_files(model: Model, path: str | Path, file_format: str = DEFAULT_FILE_FORMAT) -> Path:
    """Write the model file, its manifest and its model card, each whole or not at all.

    The three are staged beside the target and renamed over it, the model file last: an interrupted
    save leaves the previous model untouched, or at worst a new manifest beside the old file, which
    its sha256 check then refuses to load (never a partial file that loads). ModerationError if the
    folder cannot be written.
    """
    from moderation.classify.model_card import model_card
    from moderation.output import replace_all, staged_folder

    path = Path(path)
    with staged_folder(path.parent) as scratch:
        staged = scratch / path.name
        try:
            model.save(staged, file_format)
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
    """A logistic model whose probability is the sigmoid of one linear score (coef_, intercept_).
    scikit-learn's LogisticRegression is looked for only when something imported it (a joblib model,
    training): the arrays loader builds FittedLogistic, and importing sklearn.linear_model costs start-up."""
    import sys

    from moderation.classify.fitted_logistic import FittedLogistic
    from moderation.classify.linear_stack import LinearStack

    kinds: tuple[type, ...] = (FittedLogistic, LinearStack)
    if "sklearn.linear_model" in sys.modules:
        from sklearn.linear_model import LogisticRegression

        kinds += (LogisticRegression,)
    return type(classifier) in kinds and np.asarray(classifier.coef_).shape[0] == 1


class NamedBlocks:
    """Feature blocks of a scored batch that explaining its flags would compute again: the named
    features' (profanity, targeting), whose reasons read the block, and the n-gram blocks' counts
    (before tf-idf) and tf-idf weights, which weigh each n-gram's share. By transformer, rows in the
    batch's order; with each block, what its transformer found per row for the reasons
    (`transform_keeping`: the words aimed at "you", the profanity package's tf-idf rows, the n-grams'
    places), so no text is scanned twice.

    `rows` stands for some texts of the batch; their rows of a block are taken when first asked for
    (`get`, `found`), and an n-gram block can be read whole, at their positions (`whole`)."""

    def __init__(self, blocks: dict | None = None, chosen: np.ndarray | None = None) -> None:
        self.blocks = blocks or {}
        self.weights: dict = {}  # n-gram blocks' tf-idf weights of the whole batch, by transformer
        self.chosen = chosen  # where these texts are in the scored batch (None: all of it, in order)
        self._taken: dict = {}

    def keep(self, transformer, block, found=None) -> None:
        self.blocks[id(transformer)] = (transformer, block, found)

    def keep_weights(self, transformer, weights) -> None:
        """An n-gram block's tf-idf weights (the steps after its counts), the batch's rows."""
        self.weights[id(transformer)] = (transformer, weights)

    def get(self, transformer):
        kept = self._kept(transformer)
        return kept[1] if kept is not None else None

    def found(self, transformer):
        """What `transformer.transform_keeping` found per row (a list, or a matrix of rows), or None."""
        kept = self._kept(transformer)
        return kept[2] if kept is not None else None

    def whole(self, transformer):
        """(the whole batch's counts, their tf-idf weights, where these texts' rows are) of an n-gram
        block kept with its weights, or None."""
        kept = self.blocks.get(id(transformer))
        weights = self.weights.get(id(transformer))
        if kept is None or weights is None or kept[0] is not transformer or weights[0] is not transformer:
            return None
        chosen = self.chosen if self.chosen is not None else np.arange(kept[1].shape[0])
        return kept[1], weights[1], chosen

    def _kept(self, transformer):
        key = id(transformer)
        kept = self.blocks.get(key)
        if kept is None or kept[0] is not transformer:
            return None
        if self.chosen is None:
            return kept
        if key not in self._taken:
            owner, block, found = kept
            self._taken[key] = (owner, block.tocsr()[self.chosen], found_rows(found, self.chosen.tolist()))
        return self._taken[key]

    def rows(self, positions: Sequence[int]) -> NamedBlocks:
        """The blocks of these texts of the batch only, in this order."""
        chosen = np.asarray(positions, dtype=np.int64)
        if self.chosen is not None:
            chosen = self.chosen[chosen]
        selected = NamedBlocks(self.blocks, chosen)
        selected.weights = self.weights
        return selected


def found_rows(found, positions: Sequence[int]):
    """The rows at `positions` of what a transformer found per row: a list's items, a matrix's rows, or
    what an object with `rows_at` selects."""
    if found is None:
        return None
    if isinstance(found, list):
        return [found[position] for position in positions]
    if hasattr(found, "rows_at"):  # text_features.NgramSpans
        return found.rows_at(positions)
    return found.tocsr()[np.asarray(positions, dtype=np.int64)]


def _logistic_by_blocks(featurizer, classifiers: dict, texts: list[str], keep: NamedBlocks | None = None):
    """Logistic probabilities summed block by block: the same numbers as the Pipeline, without
    stacking the feature blocks into one matrix first (that copy cost more than the linear model)."""
    decisions = {label: np.full(len(texts), float(c.intercept_[0])) for label, c in classifiers.items()}
    offset = 0
    for _, transformer in featurizer.transformer_list:
        steps = getattr(transformer, "steps", None)
        if keep is not None and steps and steps[0][0] == "ngrams":
            keeping = getattr(steps[0][1], "transform_keeping", None)
            block, found = keeping(texts) if keeping is not None else (steps[0][1].transform(texts), None)
            keep.keep(transformer, block, found)  # the counts; the steps below (tf-idf) copy, never change them
            for _, step in steps[1:]:
                block = step.transform(block)
            keep.keep_weights(transformer, block)
        elif keep is not None and hasattr(transformer, "transform_keeping"):
            block, found = transformer.transform_keeping(texts)
            keep.keep(transformer, block, found)
        else:
            block = transformer.transform(texts)
            if keep is not None:
                keep.keep(transformer, block)
        width = block.shape[1]
        for label, classifier in classifiers.items():
            coefficients = np.asarray(classifier.coef_)[0, offset : offset + width]
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

    Nothing in the file is read here: a file without a readable manifest, whose sha256 is not the one
    the manifest records, or whose settings name an option this version no longer has, raises
    ModelError before any of it is loaded.
    """
    from moderation.classify.pipeline import settings_problem

    beside = manifest_path(path)
    try:
        manifest = json.loads(beside.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(
            f"{path}: no manifest beside it ({beside.name}); a model file that cannot be checked is refused"
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
    if manifest.get(FILE_FORMAT, "joblib") not in FILE_FORMATS:
        raise ModelError(f"{path}: {beside.name} names an unknown file format {manifest.get(FILE_FORMAT)!r}")
    settings = manifest.get("settings")
    problem = settings_problem(settings) if isinstance(settings, dict) else None
    if problem:
        raise ModelError(f"{path}: {problem}; retrain it with this version")
    return manifest


def load_model(path: str | Path) -> Model:
    """Load a model file: plain arrays (no code runs), or joblib (trusted files only: it runs code).

    The manifest beside it is checked first (read_checked_manifest), then its versions
    (COMPATIBLE_VERSIONS). A missing, corrupt, truncated, swapped or foreign file, or one written by
    versions outside the compatible range, raises ModelError; one written by other versions within
    the range (or by another version of this package) loads with one ModelVersionWarning.
    """
    path = Path(path)
    if not path.is_file():
        there = path.exists()  # a folder, a FIFO, a device: "no such file" would send the user looking
        raise ModelError(f"{path}: {'not a regular file' if there else 'no such model file'}")
    manifest = read_checked_manifest(path)
    file_format = manifest.get(FILE_FORMAT, "joblib")
    refused, differences = _version_check(manifest, file_format)
    if refused:
        raise ModelError(f"{path}: {refused}; retrain it with this installation")
    settings = manifest.get("settings") if isinstance(manifest.get("settings"), dict) else {}
    if settings.get("profanity_feature"):
        from moderation.classify.profanity_feature import profanity_scorer

        profanity_scorer()  # a clear ModelError now rather than at the first score
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if file_format == "arrays":
            from moderation.classify.model_arrays import read_arrays

            pipelines, thresholds = read_arrays(path)
        else:
            _refuse_foreign_pickle(path)
            pipelines, thresholds = _read_joblib(path)
    library_warnings = [w for w in caught if not issubclass(w.category, DeprecationWarning)]
    if differences or library_warnings:
        detail = "; ".join(differences) if differences else str(library_warnings[0].message).split("\n")[0]
        warnings.warn(
            ModelVersionWarning(f"{path}: {detail}: scores may differ; retrain it with this installation"),
            stacklevel=2,
        )
    return Model(pipelines=pipelines, thresholds=thresholds, manifest=manifest, path=path)


def _refuse_foreign_pickle(path: Path) -> None:
    """ModelError before unpickling a joblib file (or its manifest, which vouches for it) that another
    user owns or can write: loading it would run their code as whoever runs `moderate`. The rule the
    default model's cache follows (default_model.unsafe_cache); platforms without owners pass."""
    if not hasattr(os, "getuid"):
        return
    for checked in (path, manifest_path(path)):
        try:
            status = checked.stat()
        except OSError as error:
            raise ModelError(f"{checked}: cannot inspect it ({error.strerror or error})") from None
        if status.st_uid != os.getuid():
            why = "belongs to another user"
        elif status.st_mode & stat.S_IWOTH or (status.st_mode & stat.S_IWGRP and status.st_gid != os.getgid()):
            why = "is writable by other users"  # a group-writable file of one's own group is umask 002's
        else:
            continue
        raise ModelError(
            f"{checked} {why}, and a joblib model runs code when it is loaded: refused; "
            "use a model you wrote (`moderate train --format arrays` writes one that runs no code)"
        )


def _read_joblib(path: Path) -> tuple[dict, dict[str, float]]:
    """The pipelines and thresholds of a joblib file whose manifest was checked (this runs its code)."""
    import joblib

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
    return pipelines, {k: float(v) for k, v in thresholds.items()}


def _release(version: str) -> tuple[int, ...]:
    """The leading numbers of a version string ("1.9.1" -> (1, 9, 1), "2.0rc1" -> (2, 0))."""
    numbers = []
    for part in str(version).split("."):
        digits = "".join(itertools.takewhile(str.isdigit, part))
        if not digits:
            break
        numbers.append(int(digits))
        if len(digits) < len(part):
            break
    return tuple(numbers)


def _in_range(saved: str, current: str, rule) -> bool:
    saved_release, current_release = _release(saved), _release(current)
    if not saved_release:
        return False
    if rule == "same minor":
        return saved_release[:2] == current_release[:2]
    if rule == "same major":
        return saved_release[:1] == current_release[:1]
    low, high = rule
    return _release(low) <= saved_release < _release(high)


def _describe(rule) -> str:
    return rule if isinstance(rule, str) else f">={rule[0]},<{rule[1]}"


def _version_check(manifest: dict, file_format: str) -> tuple[str | None, list[str]]:
    """(why the file is refused or None, the version differences to warn about)."""
    if manifest.get("package") != PACKAGE:
        return None, [f"its manifest is not a {PACKAGE} manifest (package: {manifest.get('package')!r})"]
    saved = manifest.get("versions") if isinstance(manifest.get("versions"), dict) else {}
    current = library_versions()
    differences = []
    for name, rule in COMPATIBLE_VERSIONS[file_format].items():
        if saved.get(name) == current[name]:
            continue
        said = f"saved with {name} {saved.get(name) or 'unknown'}, this is {current[name]}"
        if not _in_range(saved.get(name) or "", current[name], rule):
            return f"{said}, outside the compatible range for {file_format} model files ({_describe(rule)})", []
        differences.append(said)
    if saved.get(PACKAGE) != current[PACKAGE]:
        differences.append(f"saved with {PACKAGE} {saved.get(PACKAGE) or 'unknown'}, this is {current[PACKAGE]}")
    return None, differences
