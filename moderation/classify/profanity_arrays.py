"""alt-profanity-check's vectorizer and calibrated model as plain arrays, cached beside the default model.

The package ships its model as scikit-learn pickles: loading them imports sklearn.calibration and
unpickles its objects on every run that scores, about 0.1 CPU s of the serial start-up of `moderate
score` (docs/benchmarks.md, issue 15, eleventh stop). The arrays are read from the pickles once per
package data files and scikit-learn version, kept in the cache folder, and a run reads them back with
numpy. `probabilities` computes what CalibratedClassifierCV(LinearSVC, method="sigmoid").predict_proba
does, in the same operations and order, so the values are the same to the bit
(tests/test_profanity_arrays.py compares them with the package's own).
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

_HEADER = "header"
_FORMAT = "moderation-profanity-arrays-1"
_DATA_FILES = ("vectorizer.joblib", "model.joblib")


@dataclass(eq=False)
class ProfanityArrays:
    """What scoring and the reasons read of alt-profanity-check: its vocabulary (word -> column, in the
    vectorizer's order), stop words, token pattern, IDF weights, and per calibrated classifier the
    LinearSVC's weights and intercept and the sigmoid's a and b."""

    vocabulary: dict[str, int]
    stop_words: tuple[str, ...]
    token_pattern: str
    plain: bool  # word unigrams, lower-cased, l2 tf-idf: what profanity_feature.word_tfidf reproduces
    idf: np.ndarray
    coefs: np.ndarray  # (classifiers, columns)
    intercepts: np.ndarray  # (classifiers, 1)
    sigmoid_a: np.ndarray  # (classifiers,)
    sigmoid_b: np.ndarray

    def __post_init__(self) -> None:
        # The reasons' weights: the mean of the classifiers' weights (explain.linear_coefficients).
        self.coefficients = np.mean(list(self.coefs), axis=0)
        self.names = {column: word for word, column in self.vocabulary.items()}

    @property
    def width(self) -> int:
        return len(self.idf)

    def probabilities(self, tfidf) -> np.ndarray:
        """The package's probability that each row of `tfidf` (its vectorizer's output) is offensive."""
        from scipy.special import expit

        mean_proba = np.zeros((tfidf.shape[0], 2))
        for index in range(len(self.coefs)):
            # LinearSVC.decision_function: safe_sparse_dot(X, coef_.T) + intercept_, one column.
            scores = (tfidf @ self.coefs[index : index + 1].T + self.intercepts[index]).reshape(-1)
            proba = np.zeros((tfidf.shape[0], 2))
            proba[:, 1] = expit(-(self.sigmoid_a[index] * scores + self.sigmoid_b[index]))
            proba[:, 0] = 1.0 - proba[:, 1]
            proba[(proba > 1.0) & (proba <= 1.0 + 1e-5)] = 1.0  # as scikit-learn clips
            mean_proba += proba
        mean_proba /= len(self.coefs)
        return mean_proba[:, 1]


def from_package(vectorizer, model) -> ProfanityArrays | None:
    """The arrays of the package's fitted objects, or None if they are not the sigmoid-calibrated binary
    linear model this reproduces (a later package version may ship another)."""
    calibrated = getattr(model, "calibrated_classifiers_", None)
    if not calibrated or list(np.asarray(model.classes_).tolist()) != [0, 1]:
        return None
    for classifier in calibrated:
        estimator = classifier.estimator
        if (
            classifier.method != "sigmoid"
            or len(classifier.calibrators) != 1
            or list(np.asarray(classifier.classes).tolist()) != [0, 1]
            or list(np.asarray(estimator.classes_).tolist()) != [0, 1]
            or np.asarray(estimator.coef_).shape != (1, len(vectorizer.idf_))
            or not hasattr(estimator, "decision_function")
        ):
            return None
    params = vectorizer.get_params()
    plain = (
        params["analyzer"] == "word"
        and params["lowercase"]
        and params["ngram_range"] == (1, 1)
        and params["preprocessor"] is None
        and params["tokenizer"] is None
        and params["strip_accents"] is None
        and params["norm"] == "l2"
        and params["use_idf"]
        and not params["sublinear_tf"]
        and not params["binary"]
        and isinstance(params["token_pattern"], str)
    )
    return ProfanityArrays(
        vocabulary={str(word): int(column) for word, column in vectorizer.vocabulary_.items()},
        stop_words=tuple(sorted(vectorizer.get_stop_words() or ())),
        token_pattern=params["token_pattern"] if isinstance(params["token_pattern"], str) else "",
        plain=bool(plain),
        idf=np.asarray(vectorizer.idf_, dtype=np.float64),
        coefs=np.vstack([np.asarray(c.estimator.coef_, dtype=np.float64) for c in calibrated]),
        intercepts=np.vstack([np.asarray(c.estimator.intercept_, dtype=np.float64) for c in calibrated]),
        sigmoid_a=np.array([c.calibrators[0].a_ for c in calibrated], dtype=np.float64),
        sigmoid_b=np.array([c.calibrators[0].b_ for c in calibrated], dtype=np.float64),
    )


def package_key() -> str | None:
    """What the cached arrays were read from: the package's data files and scikit-learn's version (which
    unpickles them); None when the package is not installed."""
    from importlib import util

    import sklearn

    spec = util.find_spec("profanity_check")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "data"
    digest = hashlib.sha256(_FORMAT.encode())
    try:
        for name in _DATA_FILES:
            digest.update(name.encode() + b"\0" + (folder / name).read_bytes() + b"\0")
    except OSError:
        return None
    digest.update(sklearn.__version__.encode())
    return digest.hexdigest()[:20]


def read_arrays(path: Path) -> ProfanityArrays | None:
    """The cached arrays, or None if the file is missing or not one this version wrote."""
    try:
        # Opened here: np.load leaves the file open when a damaged zip makes it raise.
        with open(path, "rb") as stream, np.load(stream, allow_pickle=False) as stored:
            header = json.loads(stored[_HEADER].tobytes().decode("utf-8"))
            if header.get("format") != _FORMAT:
                return None
            words, columns = stored["words"].tolist(), stored["columns"].tolist()
            idf, coefs = stored["idf"], stored["coefs"]
            classifiers = len(coefs)
            shapes = (coefs.shape, stored["intercepts"].shape, stored["sigmoid_a"].shape, stored["sigmoid_b"].shape)
            if (
                not classifiers
                or shapes != ((classifiers, len(idf)), (classifiers, 1), (classifiers,), (classifiers,))
                or (columns and not 0 <= min(columns) <= max(columns) < len(idf))
            ):
                return None  # not what write_arrays wrote
            return ProfanityArrays(
                vocabulary=dict(zip(words, columns, strict=True)),
                stop_words=tuple(stored["stop_words"].tolist()),
                token_pattern=header["token_pattern"],
                plain=bool(header["plain"]),
                idf=idf,
                coefs=coefs,
                intercepts=stored["intercepts"],
                sigmoid_a=stored["sigmoid_a"],
                sigmoid_b=stored["sigmoid_b"],
            )
    except (OSError, ValueError, KeyError, TypeError, EOFError, UnicodeDecodeError, AttributeError, zipfile.BadZipFile):
        return None


def write_arrays(arrays: ProfanityArrays, path: Path) -> None:
    """Write `arrays` to `path` whole or not at all (`output.staged_path`, as every file the toolkit
    writes); ModerationError or OSError if it cannot."""
    from moderation.output import staged_path

    header = {"format": _FORMAT, "token_pattern": arrays.token_pattern, "plain": arrays.plain}
    path.parent.mkdir(parents=True, exist_ok=True)
    with staged_path(path) as staged, open(staged, "wb") as stream:
        np.savez(
            stream,
            **{_HEADER: np.frombuffer(json.dumps(header).encode("utf-8"), dtype=np.uint8)},
            words=np.array(list(arrays.vocabulary), dtype=str),
            columns=np.array(list(arrays.vocabulary.values()), dtype=np.int64),
            stop_words=np.array(arrays.stop_words, dtype=str),
            idf=arrays.idf,
            coefs=arrays.coefs,
            intercepts=arrays.intercepts,
            sigmoid_a=arrays.sigmoid_a,
            sigmoid_b=arrays.sigmoid_b,
        )


def token_regex(arrays: ProfanityArrays) -> re.Pattern:
    """The vectorizer's token pattern; its default form as the same matches without the word
    boundaries (a scan reaches a position inside a word only after a one-letter word)."""
    pattern = arrays.token_pattern
    return re.compile(r"\w\w+" if pattern == r"(?u)\b\w\w+\b" else pattern)
