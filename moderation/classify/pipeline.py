"""The per-label pipeline: word and character TF-IDF, dense features, a linear model.

The settings below were chosen by repeated stratified 5-fold cross-validation on the Kaggle train set
only (see benchmarks/classifier_settings.py and docs/benchmarks.md); change them there, with numbers.
Only what a shipped pipeline uses is here: options that lost in those benchmarks were removed with
their code (their numbers stay in docs/benchmarks.md, with the commit that measured them), and a
model file written with one of them is refused (`settings_problem`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.pipeline import FeatureUnion, Pipeline

from moderation.classify.absent_targets import AbsentTargeting
from moderation.classify.profanity_feature import ProfanityProbability
from moderation.classify.profanity_lexicon import AimedProfanity
from moderation.classify.text_features import (
    CharNgramHasher,
    ReaderTargeting,
    SecondPersonCount,
    SecondPersonTargeting,
    WordNgramHasher,
)
from moderation.plurals import noun_for

# `moderate train`'s default; a stack weighed on held-out categories (built and measured for the
# built-in model, not yet its default: docs/benchmarks.md, issue 13 "structure"); the built-in model's.
MODELS = ("stack", "category_stack", "logistic")
# The category stack's members (linear_stack.MEMBERS): naive Bayes left out, as measured for the
# built-in model (docs/benchmarks.md, issue 13 "structure").
CATEGORY_STACK_MEMBERS = ("logistic regression", "NB-LR")
CLEANINGS = ("urls",)  # text_features.normalize: each link becomes the word "url"

# Options that lost and were removed (issue #17), each with the value that is today's behaviour. A
# manifest that gives one of them another value describes a pipeline this version cannot rebuild.
REMOVED_OPTIONS: dict[str, object] = {
    "keep_one_letter_tokens": True,
    "char_within_words": False,
    "char_lowercase": True,
    "second_person": True,
    "second_person_more_words": True,
    "words_after_you": False,
    "char_weight": 1.0,
    "text_shape": False,
    "addressing_in_stack": True,
    "dense_to_stacker": True,
    "balanced": False,
    "penalty": "l2",
}


@dataclass(frozen=True)
class PipelineSettings:
    """Everything that shapes a pipeline; stored in each model's manifest.

    A new option: a field with the default that reproduces today's models, read in build_featurizer or
    build_classifier, and (if it wins) set in default_model.default_settings.
    """

    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (2, 4)
    cleaning: tuple[str, ...] = ("urls",)  # of CLEANINGS
    min_df: int = 2
    sublinear_tf: bool = True
    hash_bits: int = 20
    profanity_feature: bool = True  # off only in tests that must not need alt-profanity-check
    aimed_profanity: bool = False  # profanity_lexicon.AimedProfanity: the package's word weights aimed at "you"
    reader_targeting: bool = False  # text_features.ReaderTargeting: insults before a final address, dismissals
    absent_targeting: bool = False  # absent_targets.AbsentTargeting: insult words aimed at a third party
    model: str = "stack"  # of MODELS
    regularization: float = 3.0  # the logistic regression's C (a stack's logistic member's, unless set below)
    # A stack's logistic member's C when it should differ from a plain logistic regression's (the built-in
    # model's insult stack: its labels in logistic_labels keep `regularization`); None: `regularization`.
    stack_regularization: float | None = None
    nb_regularization: float = 10.0  # a stack's NB-LR member's C
    naive_bayes_alpha: float = 0.1  # a stack's multinomial naive Bayes member's smoothing
    # Labels fitted with a plain logistic regression whatever `model` says (the built-in model stacks
    # insult only: its username_change lost recall in the category stack, docs/benchmarks.md issue 13).
    logistic_labels: tuple[str, ...] = ()
    # A stack fitted with groups holds whole groups out in this many folds (each group's by a hash of its
    # name, linear_stack.stable_fold); 0: one fold per group (as many member fits as groups).
    group_folds: int = 0
    # False: the word block leaves out the n-grams made only of second-person and function words ("you",
    # "you are"): address_ngrams.py, docs/benchmarks.md issue 13 "features, structure and threshold".
    address_ngrams: bool = True

    def __post_init__(self):
        if self.model not in MODELS:
            raise ValueError(f"unknown model kind {self.model!r} (known: {', '.join(MODELS)})")
        unknown = [name for name in self.cleaning if name not in CLEANINGS]
        if unknown:
            raise ValueError(f"unknown cleaning {unknown[0]!r} (known: {', '.join(CLEANINGS)})")

    def model_for(self, label: str | None) -> str:
        """The model kind one label's classifier uses (`model`, unless the label is in logistic_labels)."""
        return "logistic" if label in self.logistic_labels else self.model

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict) -> PipelineSettings:
        """Settings from a manifest; ValueError when they name an option this version does not have."""
        problem = settings_problem(values)
        if problem:
            raise ValueError(problem)
        known = {k: tuple(v) if isinstance(v, list) else v for k, v in values.items() if k in _FIELDS}
        return cls(**known)


_FIELDS = {field.name for field in fields(PipelineSettings)}


def settings_problem(values: dict) -> str | None:
    """Why a manifest's settings describe a pipeline this version cannot rebuild, or None."""
    removed = [f"{k}={v!r}" for k, v in values.items() if k in REMOVED_OPTIONS and v != REMOVED_OPTIONS[k]]
    if values.get("model", "stack") not in MODELS:
        removed.append(f"model={values['model']!r}")
    removed += [f"cleaning {c!r}" for c in values.get("cleaning", ()) if c not in CLEANINGS]
    if "naive_bayes_alpha" in values and values["naive_bayes_alpha"] is None:
        removed.append("naive_bayes_alpha=None")
    if removed:
        return f"written with {noun_for(len(removed), 'option')} this version no longer has ({', '.join(removed)})"
    unknown = [k for k in values if k not in _FIELDS and k not in REMOVED_OPTIONS]
    if unknown:
        options = noun_for(len(unknown), "option")
        return f"written with {options} this version does not know ({', '.join(sorted(unknown))})"
    return None


def build_featurizer(settings: PipelineSettings) -> FeatureUnion:
    """The text -> sparse features union, shared by every label's pipeline."""
    parts = [
        (
            "words",
            Pipeline(
                [
                    (
                        "ngrams",
                        WordNgramHasher(
                            ngram_range=settings.word_ngrams,
                            bits=settings.hash_bits,
                            min_df=settings.min_df,
                            cleaning=settings.cleaning,
                            drop_address=not settings.address_ngrams,
                        ),
                    ),
                    ("tfidf", TfidfTransformer(sublinear_tf=settings.sublinear_tf)),
                ]
            ),
        ),
        (
            "chars",
            Pipeline(
                [
                    (
                        "ngrams",
                        CharNgramHasher(
                            ngram_range=settings.char_ngrams,
                            bits=settings.hash_bits,
                            min_df=settings.min_df,
                            cleaning=settings.cleaning,
                        ),
                    ),
                    ("tfidf", TfidfTransformer(sublinear_tf=settings.sublinear_tf)),
                ]
            ),
        ),
        # Last, in this order: a stack gives the last `stacker_columns(settings)` columns to its stacker only.
        ("second_person", SecondPersonTargeting()),
    ]
    if settings.profanity_feature:
        parts.append(("profanity", ProfanityProbability()))
    if settings.aimed_profanity:
        parts.append(("aimed_profanity", AimedProfanity()))
    if settings.reader_targeting:
        parts.append(("reader_targeting", ReaderTargeting()))
    if settings.absent_targeting:
        parts.append(("absent_targeting", AbsentTargeting()))
    if settings.model == "stack":
        parts.append(("addressing", SecondPersonCount()))
    return FeatureUnion(parts)


def build_classifier(settings: PipelineSettings, label: str | None = None):
    """A linear model with probabilities: a logistic regression, or a stack (linear_stack.py). The category
    stack's stacker is fitted on each group's rows as scored without that group: fit it with
    `groups` (the training file of each example; see training.train_model)."""
    model = settings.model_for(label)
    if model == "logistic":
        from sklearn.linear_model import LogisticRegression

        return LogisticRegression(C=settings.regularization, max_iter=3000, solver="liblinear")
    from moderation.classify.linear_stack import LinearStack

    stack_C = settings.regularization if settings.stack_regularization is None else settings.stack_regularization
    if model == "category_stack":
        return LinearStack(
            C=stack_C,
            nb_C=settings.nb_regularization,
            stacker_columns=stacker_columns(settings, label),
            members=CATEGORY_STACK_MEMBERS,
            group_folds=settings.group_folds,
        )
    return LinearStack(
        C=stack_C,
        nb_C=settings.nb_regularization,
        stacker_columns=stacker_columns(settings, label),
        naive_bayes_alpha=settings.naive_bayes_alpha,
    )


def stacker_columns(settings: PipelineSettings, label: str | None = None) -> int:
    """How many of the featurizer's last columns a stack gives to its stacker only (widths of the blocks)."""
    if settings.model_for(label) == "logistic":
        return 0
    profanity = ProfanityProbability.width if settings.profanity_feature else 0
    aimed = AimedProfanity.width if settings.aimed_profanity else 0
    reader = ReaderTargeting.width if settings.reader_targeting else 0
    absent = AbsentTargeting.width if settings.absent_targeting else 0
    addressing = SecondPersonCount.width if settings.model == "stack" else 0
    return addressing + SecondPersonTargeting.width + profanity + aimed + reader + absent


def build_pipeline(settings: PipelineSettings, label: str | None = None) -> Pipeline:
    """An unfitted pipeline for one label (used for cross-validation, where nothing is shared)."""
    return Pipeline([("features", build_featurizer(settings)), ("classifier", build_classifier(settings, label))])
