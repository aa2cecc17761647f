"""Training on a small corpus, saving and reloading, version warnings, broken model files."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import joblib
import numpy as np
import pytest

from moderation.classify.model import ModelVersionWarning, load_model, manifest_path
from moderation.classify.pipeline import PipelineSettings
from moderation.classify.training import train_model
from moderation.datasets import load_examples
from moderation.errors import ModelError

MAIN = "from moderation.cli import main; main()"
FIXTURE_CORPUS = Path(__file__).resolve().parent / "fixtures" / "classify" / "corpus.jsonl"
# The fixture corpus is tiny: no profanity-check feature, so these tests do not depend on that package.
SMALL = PipelineSettings(profanity_feature=False, min_df=1)

INSULTING = ["You are a pathetic clown, what is the matter with you?", "u r an idiot and a troll"]
HARMLESS = ["Thanks for the update on the library opening hours.", "The bridge works finish in May."]
NAME_CHANGE = ["That is the second handle you have tried on us, we know it is you.", "Formerly posting as Heron."]


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    model = train_model(load_examples(FIXTURE_CORPUS), folds=3, settings=SMALL)
    path = tmp_path_factory.mktemp("model") / "small.joblib"
    model.save(path)
    return model, path


def test_fixture_model_scores_in_the_expected_direction(trained):
    model, _ = trained
    assert set(model.labels) == {"insult", "username_change"}
    insult = model.predict_proba(INSULTING + HARMLESS)["insult"]
    assert min(insult[:2]) > max(insult[2:])
    change = model.predict_proba(NAME_CHANGE + HARMLESS)["username_change"]
    assert min(change[:2]) > max(change[2:])


def test_manifest_records_labels_thresholds_metrics_versions_and_data(trained):
    model, path = trained
    manifest = json.loads(path.with_name("small.manifest.json").read_text())
    assert manifest == json.loads(json.dumps(model.manifest))
    assert manifest["weights_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert set(manifest["thresholds"]) == {"insult", "username_change"}
    assert 0 < manifest["thresholds"]["insult"] < 1
    assert manifest["metrics"]["labels"]["insult"]["roc_auc"] > 0.5
    assert manifest["versions"]["scikit-learn"]
    assert manifest["created"]


def test_saved_and_reloaded_model_scores_identically(trained):
    model, path = trained
    texts = INSULTING + HARMLESS + NAME_CHANGE
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        reloaded = load_model(path)
    before, after = model.predict_proba(texts), reloaded.predict_proba(texts)
    for label in model.labels:
        np.testing.assert_array_equal(before[label], after[label])
    assert reloaded.thresholds == model.thresholds


def test_flag_reasons_are_the_ngrams_that_raised_the_score(trained):
    model, _ = trained
    reasons = model.explain("You are a pathetic clown", "insult")
    assert reasons and len(reasons) <= 5
    assert any(part in reason for reason in reasons for part in ("clown", "pathetic", "you"))


def _rewrite_manifest(source: Path, target: Path, change) -> Path:
    """A copy of the model whose manifest (the one checked before loading) says something else."""
    shutil.copyfile(source, target)
    manifest = json.loads(manifest_path(source).read_text())
    change(manifest)
    manifest_path(target).write_text(json.dumps(manifest))
    return target


def test_other_scikit_learn_version_in_the_compatible_range_loads_with_one_clear_warning(trained, tmp_path):
    _, path = trained
    older = _rewrite_manifest(path, tmp_path / "old.npz", lambda m: m["versions"].update({"scikit-learn": "1.0.2"}))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = load_model(older)
    assert len(caught) == 1 and issubclass(caught[0].category, ModelVersionWarning)
    assert "scikit-learn 1.0.2" in str(caught[0].message)
    assert model.predict_proba(["hello"])["insult"].shape == (1,)


@pytest.mark.parametrize(
    ("library", "version"), [("scikit-learn", "0.24.2"), ("scikit-learn", "2.0"), ("numpy", "1.19.5")]
)
def test_a_version_outside_the_compatible_range_is_refused_in_one_line(trained, tmp_path, library, version):
    _, path = trained
    other = _rewrite_manifest(path, tmp_path / "other.npz", lambda m: m["versions"].update({library: version}))
    with pytest.raises(ModelError, match=f"{library} {version}.*outside the compatible range"):
        load_model(other)


def test_a_joblib_file_needs_the_same_minor_scikit_learn(joblib_trained, tmp_path):
    import sklearn

    major, minor = (int(part) for part in sklearn.__version__.split(".")[:2])
    _, path = joblib_trained
    patch = _rewrite_manifest(
        path, tmp_path / "patch.joblib", lambda m: m["versions"].update({"scikit-learn": f"{major}.{minor}.99"})
    )
    with pytest.warns(ModelVersionWarning, match=f"{major}.{minor}.99"):
        load_model(patch)
    minor_older = _rewrite_manifest(
        path, tmp_path / "minor.joblib", lambda m: m["versions"].update({"scikit-learn": f"{major}.{minor + 1}.0"})
    )
    with pytest.raises(ModelError, match="outside the compatible range for joblib model files"):
        load_model(minor_older)


@pytest.mark.parametrize(
    "removed", [{"char_weight": 1.4}, {"model": "linear_svc"}, {"cleaning": ["urls", "masks"]}, {"text_shape": True}]
)
def test_a_model_written_with_a_removed_option_is_refused_in_one_line(trained, tmp_path, removed):
    _, path = trained
    old = _rewrite_manifest(path, tmp_path / "old.npz", lambda m: m["settings"].update(removed))
    with pytest.raises(ModelError, match="no longer has") as error:
        load_model(old)
    assert "\n" not in str(error.value) and next(iter(removed)) in str(error.value)


def test_removed_options_at_todays_behaviour_still_load(trained, tmp_path):
    """A manifest written before the options were removed names them all, at their old defaults."""
    from moderation.classify.pipeline import REMOVED_OPTIONS

    _, path = trained
    old = _rewrite_manifest(path, tmp_path / "old.npz", lambda m: m["settings"].update(REMOVED_OPTIONS))
    assert load_model(old).labels == ["insult", "username_change"]


@pytest.fixture(scope="module")
def joblib_trained(trained, tmp_path_factory):
    model, _ = trained
    path = tmp_path_factory.mktemp("joblib") / "small.joblib"
    model.save(path, "joblib")
    return model, path


@pytest.mark.parametrize("fixture", ["trained", "joblib_trained"])
def test_both_formats_score_and_explain_as_the_model_in_memory(fixture, request):
    model, path = request.getfixturevalue(fixture)
    texts = INSULTING + HARMLESS + NAME_CHANGE + ["", "see www.example.org " * 3]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        reloaded = load_model(path)
    assert json.loads(manifest_path(path).read_text())["file_format"] == ("joblib" if "joblib" in fixture else "arrays")
    before, after = model.predict_proba(texts), reloaded.predict_proba(texts)
    for label in model.labels:
        np.testing.assert_array_equal(before[label], after[label])
        assert reloaded.explain_many(label, texts) == model.explain_many(label, texts)


def test_an_arrays_file_is_read_without_unpickling(trained, tmp_path):
    """A pickle whose manifest matches it but says "arrays" never runs: numpy refuses pickled data."""
    _, path = trained
    planted = tmp_path / "planted.npz"
    joblib.dump(_Tripwire(), planted)
    manifest = json.loads(manifest_path(path).read_text())
    manifest["weights_sha256"] = hashlib.sha256(planted.read_bytes()).hexdigest()
    manifest_path(planted).write_text(json.dumps(manifest))
    with pytest.raises(ModelError, match="not a readable plain-arrays model file"):
        load_model(planted)
    assert not _Tripwire.ran


def test_foreign_manifest_loads_with_one_clear_warning(trained, tmp_path):
    _, path = trained
    foreign = _rewrite_manifest(path, tmp_path / "foreign.joblib", lambda m: m.update({"package": "hatesonar"}))
    with pytest.warns(ModelVersionWarning, match="not a moderation manifest") as record:
        load_model(foreign)
    assert len(record) == 1


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty", "other_object"])
def test_broken_model_file_is_a_model_error(trained, tmp_path, damage):
    _, path = trained
    broken = tmp_path / "broken.joblib"
    data = path.read_bytes()
    if damage == "truncate":
        broken.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        broken.write_bytes(b"\x00not a model at all" * 50)
    elif damage == "empty":
        broken.write_bytes(b"")
    else:
        joblib.dump({"some": "dict"}, broken)
    with pytest.raises(ModelError):
        load_model(broken)


@pytest.mark.parametrize("change", ["weights", "manifest_missing", "hash_missing"])
def test_a_model_file_that_does_not_match_its_manifest_is_refused_before_unpickling(trained, tmp_path, change):
    """A planted pickle never runs: the manifest's sha256 is checked before joblib reads the file."""
    _, path = trained
    planted = tmp_path / "planted.joblib"
    joblib.dump(_Tripwire(), planted)
    if change == "weights":  # the real manifest beside a swapped file
        shutil.copyfile(manifest_path(path), manifest_path(planted))
    elif change == "hash_missing":
        manifest = json.loads(manifest_path(path).read_text())
        del manifest["weights_sha256"]
        manifest_path(planted).write_text(json.dumps(manifest))
    with pytest.raises(ModelError, match="manifest|sha256"):
        load_model(planted)
    assert not _Tripwire.ran


class _Tripwire:
    """Unpickling this object records that code from the file ran."""

    ran = False

    def __reduce__(self):
        return (_trip, ())


def _trip():
    _Tripwire.ran = True
    return {}


@pytest.mark.parametrize("command", ["score", "evaluate"])
def test_cli_with_a_truncated_model_exits_2_with_one_line(trained, tmp_path, command, monkeypatch):
    """Through main() in this process (a fresh process's start-up is checked by the version-warning test
    below for score, and by test_classify_cli's evaluate-without-labels test for evaluate)."""
    from test_hostile_outputs import through_main

    _, path = trained
    broken = tmp_path / "cut.joblib"
    broken.write_bytes(path.read_bytes()[:300])
    shutil.copyfile(manifest_path(path), manifest_path(broken))
    status, stdout, stderr = through_main(monkeypatch, command, FIXTURE_CORPUS, "--model", broken)
    assert status == 2
    assert stderr.count("\n") == 1 and stderr.startswith("moderate: ")
    assert "Traceback" not in stderr and stdout == ""


def test_cli_shows_the_version_warning_as_one_line(trained, tmp_path):
    _, path = trained
    older = _rewrite_manifest(path, tmp_path / "old.joblib", lambda m: m["versions"].update({"scikit-learn": "1.0.2"}))
    result = subprocess.run(
        [sys.executable, "-c", MAIN, "score", str(FIXTURE_CORPUS), "--model", str(older)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("moderate: warning: ")
    assert "scikit-learn 1.0.2" in result.stderr
    assert len(result.stdout.splitlines()) == len(FIXTURE_CORPUS.read_text().splitlines())


def test_a_category_stack_trained_with_groups_saves_scores_and_explains_as_one_linear_model(tmp_path, monkeypatch):
    """The built-in model's kind: its stacker holds out one group at a time, and what ships is still one
    weight vector that the plain-arrays file, the block-by-block scoring and the reasons all use."""
    from moderation.classify.linear_stack import LinearStack

    seen_groups = []
    fit = LinearStack.fit

    def spying_fit(self, X, y, groups=None):
        seen_groups.append(None if groups is None else list(groups))
        return fit(self, X, y, groups)

    monkeypatch.setattr(LinearStack, "fit", spying_fit)
    examples = load_examples(FIXTURE_CORPUS)
    groups = [f"file-{row % 4}" for row in range(len(examples))]
    settings = PipelineSettings(model="category_stack", profanity_feature=False, min_df=1)
    model = train_model(examples, labels=["insult"], folds=2, settings=settings, groups=groups)
    # Two cross-validation folds and the final fit, each handed the groups of its own rows.
    assert len(seen_groups) == 3 and all(g is not None for g in seen_groups)
    assert sorted(seen_groups[-1]) == sorted(groups)
    classifier = model.pipelines["insult"].named_steps["classifier"]
    assert classifier.member_names() == ["logistic regression", "NB-LR"]
    path = tmp_path / "stack.npz"
    model.save(path)
    reloaded = load_model(path)
    texts = INSULTING + HARMLESS
    pipeline_scores = model.pipelines["insult"].predict_proba(texts)[:, 1]
    np.testing.assert_allclose(model.predict_proba(texts)["insult"], pipeline_scores)
    np.testing.assert_array_equal(reloaded.predict_proba(texts)["insult"], model.predict_proba(texts)["insult"])
    assert reloaded.explain_many("insult", texts) == model.explain_many("insult", texts)
    assert model.explain_many("insult", INSULTING)[0]


MIXED = PipelineSettings(
    model="category_stack", logistic_labels=("username_change",), group_folds=2, profanity_feature=False, min_df=1
)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """The built-in model's settings on the fixture corpus, in memory and saved as plain arrays."""
    examples = load_examples(FIXTURE_CORPUS)
    groups = [f"file-{row % 4}" for row in range(len(examples))]
    model = train_model(examples, folds=2, settings=MIXED, groups=groups)
    path = tmp_path_factory.mktemp("mixed") / "mixed.npz"
    model.save(path)
    return model, path


def test_logistic_labels_keep_a_plain_logistic_regression_beside_a_category_stack(mixed):
    """The built-in model's settings: insult is stacked, the labels in logistic_labels are not, and the
    plain-arrays file restores each label's own kind (a logistic regression as our FittedLogistic)."""
    from sklearn.linear_model import LogisticRegression

    from moderation.classify.fitted_logistic import FittedLogistic
    from moderation.classify.linear_stack import LinearStack

    model, path = mixed
    kinds = {label: type(p.named_steps["classifier"]) for label, p in model.pipelines.items()}
    assert kinds == {"insult": LinearStack, "username_change": LogisticRegression}
    reloaded = load_model(path)
    kinds = {label: type(p.named_steps["classifier"]) for label, p in reloaded.pipelines.items()}
    assert kinds == {"insult": LinearStack, "username_change": FittedLogistic}
    texts = INSULTING + HARMLESS + NAME_CHANGE
    for label in model.labels:
        np.testing.assert_array_equal(reloaded.predict_proba(texts)[label], model.predict_proba(texts)[label])
        assert reloaded.explain_many(label, texts) == model.explain_many(label, texts)
    assert PipelineSettings.from_dict(model.manifest["settings"]) == MIXED


@pytest.mark.parametrize("dense", [False, True])
def test_a_reloaded_logistic_regression_gives_scikit_learns_numbers_bit_for_bit(mixed, dense):
    """The fallback path (a Pipeline's own predict_proba) of FittedLogistic computes as LogisticRegression."""
    model, path = mixed
    fitted = model.pipelines["username_change"]
    reloaded = load_model(path).pipelines["username_change"]
    features = fitted.named_steps["features"].transform(INSULTING + HARMLESS + NAME_CHANGE)
    features = features.toarray() if dense else features
    ours, theirs = reloaded.named_steps["classifier"], fitted.named_steps["classifier"]
    for method in ("decision_function", "predict_proba", "predict"):
        np.testing.assert_array_equal(getattr(ours, method)(features), getattr(theirs, method)(features))
    np.testing.assert_array_equal(reloaded.predict_proba(NAME_CHANGE), fitted.predict_proba(NAME_CHANGE))


def test_a_joblib_file_keeps_scikit_learns_logistic_regression_and_its_scores(mixed, tmp_path):
    from sklearn.linear_model import LogisticRegression

    model, _ = mixed
    path = tmp_path / "mixed.joblib"
    model.save(path, file_format="joblib")
    reloaded = load_model(path)
    assert type(reloaded.pipelines["username_change"].named_steps["classifier"]) is LogisticRegression
    texts = INSULTING + NAME_CHANGE
    for label in model.labels:
        np.testing.assert_array_equal(reloaded.predict_proba(texts)[label], model.predict_proba(texts)[label])


def test_scoring_with_an_arrays_model_imports_no_scikit_learn_fitting_module(mixed):
    """sklearn.linear_model (with sklearn.metrics and sklearn._loss) and sklearn.naive_bayes are needed
    only to fit; importing them cost every `moderate score` start-up (docs/benchmarks.md, issue 15)."""
    _, path = mixed
    code = (
        "import sys\n"
        "from moderation.classify.model import load_model\n"
        f"model = load_model({str(path)!r})\n"
        f"model.predict_proba({INSULTING + NAME_CHANGE!r})\n"
        f"for label in model.labels: model.explain_many(label, {INSULTING + NAME_CHANGE!r})\n"
        "fitting = ('sklearn.linear_model', 'sklearn.metrics', 'sklearn._loss', 'sklearn.naive_bayes')\n"
        "print([name for name in fitting if name in sys.modules])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_stack_regularization_sets_the_stacks_logistic_member_only():
    """The built-in model's insult stack has its own C; username_change's plain logistic regression
    (logistic_labels) keeps `regularization`, so its model is the same as without the setting."""
    from moderation.classify.pipeline import build_classifier

    settings = PipelineSettings(model="category_stack", logistic_labels=("username_change",), stack_regularization=1.0)
    assert build_classifier(settings, "insult").C == 1.0
    assert build_classifier(settings, "username_change").C == settings.regularization == 3.0
    assert build_classifier(PipelineSettings(model="category_stack"), "insult").C == 3.0
    assert PipelineSettings.from_dict(settings.to_dict()) == settings


@pytest.mark.parametrize("positions", [[0, 2, 3], [3, 1], [4]])
def test_reasons_from_what_scoring_kept_are_the_reasons_computed_afresh(trained, positions):
    """The reasons of some texts of a scored batch, read from what scoring kept (NamedBlocks: counts,
    tf-idf weights and n-gram places, taken at those texts' rows, in any order), are the reasons
    computed for those texts alone."""
    from moderation.classify.model import NamedBlocks

    model, _ = trained
    texts = [
        "honestly you sound like a total buffoon",
        "cheers for posting the ferry timetable",
        "u r such a dimwit... and a muppet!!",
        "what a nitwit you turned out to be, 10.0.0.1",
        "she posts under a fresh handle nowadays",
    ]
    known = NamedBlocks()
    model.predict_proba(texts, keep=known)
    chosen = [texts[position] for position in positions]
    for label in model.labels:
        assert model.explain_many(label, chosen, 5, known.rows(positions)) == model.explain_many(label, chosen, 5)
    # Rows of rows: the texts at positions[1:] of the chosen ones.
    again = known.rows(positions).rows(range(1, len(positions)))
    assert model.explain_many("insult", chosen[1:], 5, again) == model.explain_many("insult", chosen[1:], 5)
