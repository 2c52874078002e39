"""The two rules of the interest survey, as pure functions: how answers become scores and a
three-letter code, and how close an occupation's interest profile is to a student's.
docs/careers.md explains both in words; tests/test_scoring.py checks them by hand."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ropdesk.careers.models import RIASEC

ITEMS_PER_AREA = 8
ENJOY = 5  # the top of the response scale
SCALE_MIN, SCALE_MAX = ITEMS_PER_AREA * 1, ITEMS_PER_AREA * 5  # a scale sums 8 items rated 1-5


@dataclass(frozen=True)
class SurveyScore:
    scores: dict[str, int]  # letter → sum of its 8 answers (8-40), in RIASEC order
    code: str  # the three highest areas, highest first
    tied_with_third: str  # letters left out of the code although tied with its third letter


def score_answers(answers: Iterable[tuple[str, int]]) -> SurveyScore:
    """Score a complete survey from (area letter, answer 1-5) pairs.

    Each area's score is the sum of its 8 answers (riasec README: "a scale score is the sum of
    its 8 items (range 8–40)"). The code is the three highest areas. Ties are broken, in order,
    by (1) more "Enjoy" answers in the area — a stronger like counts for more than several mild
    ones — then (2) Holland's order R, I, A, S, E, C, so the same answers always give the same
    code.
    """
    sums = dict.fromkeys(RIASEC, 0)
    counts = dict.fromkeys(RIASEC, 0)
    enjoys = dict.fromkeys(RIASEC, 0)
    for letter, value in answers:
        if letter not in sums or not 1 <= value <= 5:
            raise ValueError(f"not a RIASEC answer: {letter}={value}")
        sums[letter] += value
        counts[letter] += 1
        enjoys[letter] += value == ENJOY
    if any(n != ITEMS_PER_AREA for n in counts.values()):
        raise ValueError(f"each area needs {ITEMS_PER_AREA} answers, got {counts}")
    ranked = sorted(RIASEC, key=lambda k: (-sums[k], -enjoys[k], RIASEC.index(k)))
    code = "".join(ranked[:3])
    third = ranked[2]
    tied = "".join(k for k in ranked[3:] if sums[k] == sums[third])
    return SurveyScore(scores=sums, code=code, tied_with_third=tied)


def profile_similarity(student: Sequence[float], occupation: Sequence[float]) -> float | None:
    """How alike two interest profiles are in *shape*: the Pearson correlation of the six
    scores, from -1 (opposite) through 0 (unrelated) to 1 (the same shape).

    Why Pearson: the student's scores (8-40) and O*NET's occupational ratings (1-7) are on
    different scales, and students differ in how generously they rate everything. Correlation
    ignores both the level and the spread of each profile and compares only which areas stand
    above or below that profile's own average — the question a counselor asks. (It is the
    cosine of the two profiles after each is centered on its own mean.) None when either
    profile is flat, since a flat profile has no shape to compare.
    """
    if len(student) != len(occupation) or len(student) < 2:
        raise ValueError("profiles must have the same number of scores")
    n = len(student)
    mean_s, mean_o = sum(student) / n, sum(occupation) / n
    ds = [x - mean_s for x in student]
    do = [y - mean_o for y in occupation]
    spread = math.sqrt(sum(x * x for x in ds) * sum(y * y for y in do))
    if spread == 0:
        return None
    return sum(x * y for x, y in zip(ds, do, strict=True)) / spread


def in_riasec_order(profile: Mapping[str, float]) -> list[float]:
    return [float(profile[letter]) for letter in RIASEC]


FIT_WORDS = [  # (lowest r, words) from the closest fit down
    (0.7, _("Very close to your interests")),
    (0.4, _("Close to your interests")),
    (0.0, _("Partly like your interests")),
    (-1.0, _("Unlike your interests")),
]


def fit_words(similarity: float) -> str:
    """The similarity in words, for the student."""
    for lowest, words in FIT_WORDS:
        if similarity >= lowest:
            return str(words)
    return str(FIT_WORDS[-1][1])
