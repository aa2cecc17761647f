"""The per-label pipeline: word and character TF-IDF, optional extra features, a linear model.

The settings below were chosen by repeated stratified 5-fold cross-validation on the Kaggle train set
only (see benchmarks/classifier_settings.py and docs/benchmarks.md); change them there, with numbers.
Options that lost are kept as settings so that their numbers can be reproduced.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline

from moderation.classify.profanity_feature import ProfanityProbability
from moderation.classify.profanity_lexicon import AimedProfanity
from moderation.classify.text_features import (
    CharNgramHasher,
    SecondPersonCount,
    SecondPersonTargeting,
    TextShape,
    WordNgramHasher,
    words_after_you,
)


@dataclass(frozen=True)
class PipelineSettings:
    """Everything that shapes a pipeline; stored in each model's manifest."""

    word_ngrams: tuple[int, int] = (1, 2)
    keep_one_letter_tokens: bool = True  # "u r a moron": the one-letter words carry the insult
    char_ngrams: tuple[int, int] = (2, 4)
    char_within_words: bool = False  # like scikit-learn's "char_wb": no n-gram spans two words
    char_lowercase: bool = True  # False keeps capitals in the character n-grams (shouting)
    cleaning: tuple[str, ...] = ("urls",)  # "urls", "repeats", "masks": see text_features.normalize
    min_df: int = 2
    sublinear_tf: bool = True
    hash_bits: int = 20
    second_person: bool = True
    second_person_more_words: bool = True  # text_features.MORE_NEGATIVE_WORDS instead of NEGATIVE_WORDS
    words_after_you: bool = False
    char_weight: float = 1.0
    text_shape: bool = False
    profanity_feature: bool = True
    aimed_profanity: bool = False  # profanity_lexicon.AimedProfanity: the package's word weights aimed at "you"
    model: str = "stack"  # logistic, NB-LR, naive Bayes, stacked; or "logistic", "nb_logistic", "linear_svc"
    nb_regularization: float = 10.0  # the NB-LR member's C in a "stack"
    naive_bayes_alpha: float | None = 0.1  # a "stack" also gets a multinomial naive Bayes member (None: not)
    addressing_in_stack: bool = True  # a "stack" weighs how often a comment says "you" beside its members
    dense_to_stacker: bool = True  # a "stack" weighs targeting and profanity beside its members, not in them
    balanced: bool = False
    regularization: float = 3.0
    penalty: str = "l2"

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict) -> PipelineSettings:
        known = {k: tuple(v) if isinstance(v, list) else v for k, v in values.items() if k in cls.__dataclass_fields__}
        return cls(**known)


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
                            keep_one_letter=settings.keep_one_letter_tokens,
                            cleaning=settings.cleaning,
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
                            lowercase=settings.char_lowercase,
                            cleaning=settings.cleaning,
                            within_words=settings.char_within_words,
                        ),
                    ),
                    ("tfidf", TfidfTransformer(sublinear_tf=settings.sublinear_tf)),
                ]
            ),
        ),
    ]
    if settings.words_after_you:
        after_you = TfidfVectorizer(analyzer=words_after_you, sublinear_tf=True, min_df=settings.min_df)
        parts.append(("words_after_you", after_you))
    if settings.text_shape:
        parts.append(("text_shape", TextShape()))
    # Last, in this order: a stack gives the last `_stacker_columns(settings)` columns to its stacker only.
    if settings.second_person:
        parts.append(("second_person", SecondPersonTargeting(more_words=settings.second_person_more_words)))
    if settings.profanity_feature:
        parts.append(("profanity", ProfanityProbability()))
    if settings.aimed_profanity:
        parts.append(("aimed_profanity", AimedProfanity()))
    if _counts_addressing(settings):
        parts.append(("addressing", SecondPersonCount()))
    weights = {"chars": settings.char_weight} if settings.char_weight != 1.0 else None
    return FeatureUnion(parts, transformer_weights=weights)


def build_classifier(settings: PipelineSettings):
    """A linear model with probabilities: logistic regression, or LinearSVC calibrated by sigmoid."""
    if settings.model == "logistic":
        from sklearn.linear_model import LogisticRegression

        lasso = {"l1_ratio": 1.0} if settings.penalty == "l1" else {}  # scikit-learn >= 1.8 spelling
        return LogisticRegression(
            C=settings.regularization,
            **lasso,
            max_iter=3000,
            solver="liblinear",
            class_weight="balanced" if settings.balanced else None,
        )
    if settings.model == "stack":
        from moderation.classify.linear_stack import LinearStack

        return LinearStack(
            C=settings.regularization,
            nb_C=settings.nb_regularization,
            stacker_columns=_stacker_columns(settings),
            naive_bayes_alpha=settings.naive_bayes_alpha,
        )
    if settings.model == "nb_logistic":
        from moderation.classify.naive_bayes_logistic import NaiveBayesLogisticRegression

        return NaiveBayesLogisticRegression(C=settings.regularization)
    if settings.model == "linear_svc":
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.svm import LinearSVC

        return CalibratedClassifierCV(LinearSVC(C=settings.regularization), method="sigmoid", cv=3)
    raise ValueError(f"unknown model kind {settings.model!r}")


def _counts_addressing(settings: PipelineSettings) -> bool:
    return settings.model == "stack" and settings.addressing_in_stack


def _stacker_columns(settings: PipelineSettings) -> int:
    """How many of the featurizer's last columns a stack gives to its stacker only (widths of the blocks)."""
    if settings.model != "stack":
        return 0
    columns = SecondPersonCount.width if _counts_addressing(settings) else 0
    if settings.dense_to_stacker:
        columns += SecondPersonTargeting.width * settings.second_person
        columns += ProfanityProbability.width * settings.profanity_feature
        columns += AimedProfanity.width * settings.aimed_profanity
    return columns


def build_pipeline(settings: PipelineSettings) -> Pipeline:
    """An unfitted pipeline for one label (used for cross-validation, where nothing is shared)."""
    return Pipeline([("features", build_featurizer(settings)), ("classifier", build_classifier(settings))])
