"""A model file of plain arrays (.npz) that runs no code when loaded.

A fitted pipeline is linear: hash buckets kept, IDF weights, coefficients and intercepts are all it
learned. The file holds those arrays and one JSON header (labels, thresholds, settings, small fitted
numbers); loading builds the same pipeline objects from the settings (pipeline.build_featurizer and
build_classifier) and sets the fitted attributes back, so scores equal the in-memory model's.
numpy reads it with allow_pickle=False: no object in the file is ever unpickled. alt-profanity-check's
own model is not in the file; it comes from the installed package.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import numpy as np

from moderation.errors import ModelError
from moderation.plurals import counted

ARRAYS_FORMAT = "moderation.arrays/1"
HEADER = "header.json"
# Derived from other fitted attributes (index_buckets), so not stored: a 2**bits lookup table.
DERIVED = frozenset({"column_of_bucket_"})
_FITTED_NAME = re.compile(r"[a-z][a-z0-9_]*_")
_SCALARS = (bool, int, float, str)
SITE_PREFIX = "site_"  # a site's own refit of a built-in block (classify/site_adjustment.py)


def write_arrays(model, stream) -> None:
    """Write `model` (a classify.model.Model) to a binary stream; ModelError if a part is not plain data."""
    if not isinstance(model.manifest.get("settings"), dict):
        raise ModelError("the model's manifest records no pipeline settings to rebuild it from: save it with joblib")
    featurizers: list = []
    featurizer_of_label = []
    for pipeline in model.pipelines.values():
        featurizer = pipeline.named_steps["features"]
        if not any(featurizer is seen for seen in featurizers):
            featurizers.append(featurizer)
        featurizer_of_label.append(next(i for i, seen in enumerate(featurizers) if seen is featurizer))
    arrays: dict[str, np.ndarray] = {}
    scalars: dict[str, dict] = {}
    parts = [(f"features/{i}", path, e) for i, f in enumerate(featurizers) for path, e in _steps(f)]
    parts += [(f"classifier/{i}", "", p.named_steps["classifier"]) for i, p in enumerate(model.pipelines.values())]
    for prefix, path, estimator in parts:
        where = f"{prefix}{path}"
        for name, value in _fitted(estimator).items():
            if isinstance(value, np.ndarray) and value.dtype != object:
                arrays[f"{where}:{name}"] = value
            elif isinstance(value, (*_SCALARS, np.generic)):
                scalars.setdefault(where, {})[name] = value.item() if isinstance(value, np.generic) else value
            else:
                kind = type(estimator).__name__
                raise ModelError(f"{kind}.{name} is not plain data: save this model with --format joblib")
    header = {
        "format": ARRAYS_FORMAT,
        "labels": list(model.pipelines),
        "thresholds": {label: float(value) for label, value in model.thresholds.items()},
        "settings": model.manifest.get("settings"),
        "featurizer_of_label": featurizer_of_label,
        "featurizer_parts": [[name for name, _ in featurizer.transformer_list] for featurizer in featurizers],
        "scalars": scalars,
    }
    header_array = np.frombuffer(json.dumps(header, sort_keys=True).encode("utf-8"), dtype=np.uint8)
    np.savez_compressed(stream, **{HEADER: header_array}, **arrays)


def read_arrays(path: Path) -> tuple[dict, dict[str, float]]:
    """(label -> fitted Pipeline, label -> threshold) from a plain-arrays file; ModelError if unusable."""
    from sklearn.pipeline import Pipeline

    from moderation.classify.pipeline import PipelineSettings

    try:
        with np.load(path, allow_pickle=False) as stored:
            arrays = {name: stored[name] for name in stored.files}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile, AttributeError) as error:
        raise ModelError(f"{path}: not a readable plain-arrays model file ({error})") from None
    try:
        header = json.loads(arrays.pop(HEADER).tobytes().decode("utf-8"))
        labels, thresholds = list(header["labels"]), header["thresholds"]
        settings = PipelineSettings.from_dict(header["settings"])
        featurizer_of_label = [int(i) for i in header["featurizer_of_label"]]
        scalars = dict(header["scalars"])
    except (KeyError, TypeError, AttributeError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelError(f"{path}: not a {ARRAYS_FORMAT} model file ({type(error).__name__}: {error})") from None
    except ValueError as error:
        raise ModelError(f"{path}: {error}; retrain it with this version") from None
    if header.get("format") != ARRAYS_FORMAT or len(featurizer_of_label) != len(labels):
        raise ModelError(f"{path}: not a {ARRAYS_FORMAT} model file")
    if not isinstance(thresholds, dict) or set(thresholds) != set(labels):
        raise ModelError(f"{path}: model file has thresholds for {sorted(thresholds)} but labels {sorted(labels)}")
    restored: set[str] = set()
    featurizers = {}
    parts_of = header.get("featurizer_parts")
    for index in sorted(set(featurizer_of_label)):
        featurizer = _featurizer(settings, parts_of[index] if isinstance(parts_of, list) else None, path)
        for step_path, estimator in _steps(featurizer):
            _restore(estimator, f"features/{index}{step_path}", arrays, scalars, restored)
        featurizers[index] = featurizer
    pipelines = {}
    for index, label in enumerate(labels):
        classifier = _unfitted_classifier(settings, label)
        _restore(classifier, f"classifier/{index}", arrays, scalars, restored)
        pipelines[label] = Pipeline([("features", featurizers[featurizer_of_label[index]]), ("classifier", classifier)])
    unused = ({name.split(":")[0] for name in arrays} | set(scalars)) - restored
    if unused:
        raise ModelError(f"{path}: the file holds parts its settings do not describe ({sorted(unused)[0]})")
    _check_widths(path, pipelines)
    return pipelines, {label: float(thresholds[label]) for label in labels}


def _unfitted_classifier(settings, label: str):
    """The object a label's fitted classifier attributes are set back on: for a logistic regression,
    our FittedLogistic (scikit-learn's would import sklearn.linear_model at every start-up just to hold
    coef_ and intercept_), else the settings' own classifier (a stack)."""
    from moderation.classify.pipeline import build_classifier

    if settings.model_for(label) == "logistic":
        from moderation.classify.fitted_logistic import FittedLogistic

        return FittedLogistic()
    return build_classifier(settings, label)


def _featurizer(settings, parts, path: Path):
    """The settings' feature union; with `parts` (the blocks' names, as saved), also the site blocks a
    `--base default` model adds (site_adjustment.py: "site_words" is a refit of "words", and so on)."""
    from sklearn.base import clone
    from sklearn.pipeline import FeatureUnion

    from moderation.classify.pipeline import build_featurizer

    featurizer = build_featurizer(settings)
    if parts is None:
        return featurizer
    built = dict(featurizer.transformer_list)
    blocks = []
    for name in parts:
        if not isinstance(name, str):
            raise ModelError(f"{path}: not a {ARRAYS_FORMAT} model file (a feature block has no name)")
        if name in built:
            blocks.append((name, built[name]))
        elif name.startswith(SITE_PREFIX) and name.removeprefix(SITE_PREFIX) in built:
            blocks.append((name, clone(built[name.removeprefix(SITE_PREFIX)])))
        else:
            raise ModelError(f"{path}: the file names a feature block its settings do not describe ({name!r})")
    return FeatureUnion(blocks)


def _steps(featurizer):
    """(path, estimator) of a FeatureUnion and of every step inside it, in a fixed order."""
    yield "", featurizer
    for name, part in featurizer.transformer_list:
        yield f"/{name}", part
        for step_name, step in getattr(part, "steps", []):
            yield f"/{name}/{step_name}", step


def _fitted(estimator) -> dict:
    """The attributes fit learned (scikit-learn's trailing-underscore convention), without derived ones."""
    return {
        name: value for name, value in vars(estimator).items() if _FITTED_NAME.fullmatch(name) and name not in DERIVED
    }


def _restore(estimator, where: str, arrays: dict, scalars: dict, restored: set) -> None:
    prefix = f"{where}:"
    values = {name[len(prefix) :]: value for name, value in arrays.items() if name.startswith(prefix)}
    values.update(scalars.get(where, {}))
    for name, value in values.items():
        if not _FITTED_NAME.fullmatch(name) or name in DERIVED:
            raise ModelError(f"unexpected attribute {name!r} in the model file")
        setattr(estimator, name, value)
    if values:
        restored.add(where)
    if hasattr(estimator, "index_buckets") and hasattr(estimator, "buckets_"):
        estimator.index_buckets()


def _check_widths(path: Path, pipelines: dict) -> None:
    """Each classifier's coefficients cover exactly the columns its featurizer gives."""
    for label, pipeline in pipelines.items():
        try:
            width = pipeline.named_steps["features"].transform([""]).shape[1]
            expected = np.asarray(pipeline.named_steps["classifier"].coef_).shape[1]
        except (AttributeError, IndexError, ValueError) as error:
            raise ModelError(f"{path}: model file is incomplete for {label!r} ({error})") from None
        if width != expected:
            raise ModelError(
                f"{path}: {label!r} has {counted(expected, 'coefficient')} for {counted(width, 'feature')}"
            )
