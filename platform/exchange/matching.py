"""Подбор наставников для межшкольного обмена: оценка, ранжирование, распределение.

Pure module — no database, no Django. The exchange's services load the directory
(mentors who consented to the exchange, with only what they consented to show) and the
curators' requests, turn them into `MentorOffer` and `RequestNeeds`, and call:

- `score(request, mentor, rules)`: one candidate's score out of 100 with a Russian
  explanation of every criterion and the hard rules that exclude the candidate;
- `rank(request, mentors, rules)`: the candidates for one request, best first;
- `assign_optimal(requests, mentors, rules)`: a district-wide proposal with the greatest
  total score that respects every mentor's free capacity;
- `assign_greedy(requests, mentors, rules)`: first come, first served — for comparison;
- `check_assignment(...)`: refuses an assignment that breaks a capacity or a hard rule.

**Criteria** (points are the district's `Weights`, 100 in all):

| criterion | points | rule |
|---|---|---|
| subjects | 35 | share of the requested subjects the mentor teaches (none asked: full) |
| directions | 25 | share of the requested directions the mentor covers (none asked: full) |
| experience | 15 | `min(1, years / 10)` of the points: full from 10 years |
| mode | 15 | full when no mode is preferred or the mentor works in it, else 0 |
| availability | 10 | full with 2 or more free places, half with 1 |

The total is the sum rounded half up to a whole number, 0–100.

**Hard rules** (the candidate stays in the list with `eligible=False` and the reasons):
no free place; excluded by the curator; same school as the request (unless the district
turned `exclude_same_school` off); teaches none of the requested subjects (when the
district requires a subject match and the request names subjects); experience below the
minimum (the district's, or the request's when it is stricter).

Subjects, directions and modes are compared case-insensitively with spaces trimmed: they
are normalised once, when an offer or a request is made.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple
from uuid import UUID

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linear_sum_assignment

Id = UUID | str | int  # compared as text: a school is known by its integer key, a mentor by a UUID

SUBJECTS = "subjects"
DIRECTIONS = "directions"
EXPERIENCE = "experience"
MODE = "mode"
AVAILABILITY = "availability"
CRITERIA = (SUBJECTS, DIRECTIONS, EXPERIENCE, MODE, AVAILABILITY)

FULL_EXPERIENCE_YEARS = 10  # experience earns its full points from this many years
FULL_AVAILABILITY = 2  # free places that earn the full availability points; one earns half

# Added before rounding so that a sum meant to be x.5 but computed as x.4999999999 still
# rounds up; far below any real difference between two scores (those are ≥ 1/100 point).
_ROUNDING_SLACK = 1e-9

METHOD_OPTIMAL = "optimal"
METHOD_GREEDY = "greedy"


# --- Settings ---------------------------------------------------------------------------


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True, slots=True)
class Weights:
    """Points of each criterion (a district setting); whole non-negative numbers, 100 in all."""

    subjects: int = 35
    directions: int = 25
    experience: int = 15
    mode: int = 15
    availability: int = 10

    def __post_init__(self) -> None:
        values = self.as_dict()
        wrong = [name for name, value in values.items() if not _is_int(value) or value < 0]
        if wrong:
            shown = ", ".join(f"{name}={values[name]!r}" for name in wrong)
            raise ValueError(f"Weights must be whole numbers of points, 0 or more; wrong: {shown}")
        total = sum(values.values())
        if total != 100:
            shown = " + ".join(f"{name} {value}" for name, value in values.items())
            raise ValueError(f"Weights must add up to 100 points, not {total} ({shown})")

    def as_dict(self) -> dict[str, int]:
        return {SUBJECTS: self.subjects, DIRECTIONS: self.directions, EXPERIENCE: self.experience,
                MODE: self.mode, AVAILABILITY: self.availability}


@dataclass(frozen=True, slots=True)
class Rules:
    """The district's matching settings: hard rules and the criteria's points."""

    require_subject_match: bool = True
    min_experience_years: int = 0
    exclude_same_school: bool = True  # the exchange is for borrowing a mentor from another school
    weights: Weights = field(default_factory=Weights)

    def __post_init__(self) -> None:
        if not _is_int(self.min_experience_years) or self.min_experience_years < 0:
            raise ValueError(f"min_experience_years must be a whole number, 0 or more, "
                             f"not {self.min_experience_years!r}")
        if not isinstance(self.weights, Weights):
            raise ValueError(f"weights must be Weights, not {type(self.weights).__name__}")


# --- Input ------------------------------------------------------------------------------


def normalise(value: str) -> str:
    """How subjects, directions and modes are compared: spaces trimmed and collapsed, case folded."""
    return " ".join(str(value).split()).casefold()


def _normalised(values: Iterable[str]) -> frozenset[str]:
    if isinstance(values, str):  # a lone string would otherwise become a set of letters
        values = (values,)
    return frozenset(n for n in map(normalise, values) if n)


def _set(instance: object, name: str, value: object) -> None:
    object.__setattr__(instance, name, value)  # normalising a frozen dataclass once, in __post_init__


@dataclass(frozen=True, slots=True)
class MentorOffer:
    """A mentor in the exchange directory, with only what they consented to show."""

    id: Id
    school_id: Id
    subjects: frozenset[str]
    directions: frozenset[str]
    experience_years: int
    free_capacity: int
    modes: frozenset[str]

    def __post_init__(self) -> None:
        for name in ("subjects", "directions", "modes"):
            _set(self, name, _normalised(getattr(self, name)))
        for name in ("experience_years", "free_capacity"):
            value = getattr(self, name)
            if not _is_int(value) or value < 0:
                raise ValueError(f"Mentor {self.id}: {name} must be a whole number, 0 or more, not {value!r}")


@dataclass(frozen=True, slots=True)
class RequestNeeds:
    """A curator's request for a mentor from another school: what the mentee needs."""

    id: Id
    school_id: Id
    subjects: frozenset[str]
    directions: frozenset[str]
    preferred_mode: str = ""  # "" — any mode
    excluded_mentors: frozenset[Id] = frozenset()  # mentor ids the curator ruled out
    min_experience_years: int | None = None  # stricter than the district's minimum; None — the district's

    def __post_init__(self) -> None:
        for name in ("subjects", "directions"):
            _set(self, name, _normalised(getattr(self, name)))
        _set(self, "preferred_mode", normalise(self.preferred_mode or ""))
        _set(self, "excluded_mentors", frozenset(str(m) for m in self.excluded_mentors))
        value = self.min_experience_years
        if value is not None and (not _is_int(value) or value < 0):
            raise ValueError(f"Request {self.id}: min_experience_years must be a whole number, 0 or more, "
                             f"or None, not {value!r}")


# --- Scores -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Criterion:
    name: str  # one of CRITERIA
    points: float
    max_points: int
    reason: str  # a short Russian sentence


@dataclass(frozen=True, slots=True)
class Score:
    mentor_id: Id
    request_id: Id
    total: int  # 0..100
    criteria: tuple[Criterion, ...]
    eligible: bool
    refusals: tuple[str, ...]  # why the hard rules exclude the candidate (Russian); empty when eligible

    def criterion(self, name: str) -> Criterion:
        return next(c for c in self.criteria if c.name == name)


def _plural(n: int, one: str, few: str, many: str) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def years_ru(n: int) -> str:
    """«1 год», «3 года», «12 лет»."""
    return f"{n} {_plural(n, 'год', 'года', 'лет')}"


def _listed(values: Iterable[str]) -> str:
    return ", ".join(sorted(values))


def _total(points: float) -> int:
    return min(100, max(0, math.floor(points + 0.5 + _ROUNDING_SLACK)))


def _minimum_experience(request: RequestNeeds, rules: Rules) -> tuple[int, str]:
    own = request.min_experience_years
    if own is not None and own > rules.min_experience_years:
        return own, "требование запроса"
    return rules.min_experience_years, "требование района"


def score(request: RequestNeeds, mentor: MentorOffer, rules: Rules) -> Score:
    """The candidate's score for the request, every criterion explained, and the hard rules' verdict.

    The arithmetic is the same as in `score_matrix`, operation for operation, so both give the
    same totals (a test holds them to it).
    """
    w = rules.weights
    criteria: list[Criterion] = []

    asked = request.subjects
    common = asked & mentor.subjects
    if not asked:
        subjects_points = float(w.subjects)
        reason = "Предметы не указаны — полный балл"
    else:
        subjects_points = w.subjects * len(common) / len(asked)
        if common:
            reason = f"Преподаёт {len(common)} из {len(asked)} запрошенных предметов: {_listed(common)}"
        else:
            reason = f"Не преподаёт ни одного из {len(asked)} запрошенных предметов ({_listed(asked)})"
    criteria.append(Criterion(SUBJECTS, round(subjects_points, 2), w.subjects, reason))

    wanted = request.directions
    covered = wanted & mentor.directions
    if not wanted:
        directions_points = float(w.directions)
        reason = "Направления не указаны — полный балл"
    else:
        directions_points = w.directions * len(covered) / len(wanted)
        if covered:
            reason = f"Покрывает {len(covered)} из {len(wanted)} запрошенных направлений: {_listed(covered)}"
        else:
            reason = f"Не покрывает ни одного из {len(wanted)} запрошенных направлений ({_listed(wanted)})"
    criteria.append(Criterion(DIRECTIONS, round(directions_points, 2), w.directions, reason))

    years = mentor.experience_years
    experience_points = w.experience * min(1.0, years / FULL_EXPERIENCE_YEARS)
    reason = f"Стаж {years_ru(years)} (полный балл от {years_ru(FULL_EXPERIENCE_YEARS)})"
    criteria.append(Criterion(EXPERIENCE, round(experience_points, 2), w.experience, reason))

    mode = request.preferred_mode
    if not mode:
        mode_points = float(w.mode)
        reason = "Формат не указан — полный балл"
    elif mode in mentor.modes:
        mode_points = float(w.mode)
        reason = f"Работает в запрошенном формате: {mode}"
    else:
        mode_points = 0.0
        reason = f"Не работает в формате {mode} (доступно: {_listed(mentor.modes) or 'не указано'})"
    criteria.append(Criterion(MODE, round(mode_points, 2), w.mode, reason))

    free = mentor.free_capacity
    if free >= FULL_AVAILABILITY:
        availability_points = float(w.availability)
        reason = f"Свободных мест: {free} (полный балл от {FULL_AVAILABILITY})"
    elif free == 1:
        availability_points = w.availability / 2
        reason = f"Свободных мест: 1 (половина балла; полный балл от {FULL_AVAILABILITY})"
    else:
        availability_points = 0.0
        reason = "Свободных мест нет"
    criteria.append(Criterion(AVAILABILITY, round(availability_points, 2), w.availability, reason))

    refusals: list[str] = []
    if free <= 0:
        refusals.append("Нет свободных мест у наставника")
    if str(mentor.id) in request.excluded_mentors:
        refusals.append("Исключён куратором из кандидатов по этому запросу")
    if rules.exclude_same_school and str(mentor.school_id) == str(request.school_id):
        refusals.append("Наставник из той же школы, что и запрос: обмен — для наставников других школ")
    if rules.require_subject_match and asked and not common:
        refusals.append(f"Не преподаёт ни одного из запрошенных предметов: {_listed(asked)}")
    minimum, source = _minimum_experience(request, rules)
    if years < minimum:
        refusals.append(f"Стаж {years_ru(years)} — меньше минимума {years_ru(minimum)} ({source})")

    total = _total(subjects_points + directions_points + experience_points + mode_points + availability_points)
    return Score(mentor_id=mentor.id, request_id=request.id, total=total, criteria=tuple(criteria),
                 eligible=not refusals, refusals=tuple(refusals))


def _incidence(sets: Sequence[frozenset[str]], vocabulary: dict[str, int]) -> NDArray[np.int32]:
    """Row i has a 1 in the column of every word of sets[i] that the vocabulary knows."""
    matrix = np.zeros((len(sets), len(vocabulary)), dtype=np.int32)
    for row, values in enumerate(sets):
        columns = [vocabulary[v] for v in values if v in vocabulary]
        matrix[row, columns] = 1
    return matrix


def _share_points(
    weight: int, requested: Sequence[frozenset[str]], offered: Sequence[frozenset[str]],
) -> tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.bool_]]:
    """Points of a share criterion for every (request, mentor), the overlaps, and which requests ask nothing."""
    vocabulary = {v: i for i, v in enumerate(sorted(set().union(*requested)))} if requested else {}
    asked = np.array([len(s) for s in requested], dtype=np.int64)
    common = (_incidence(requested, vocabulary) @ _incidence(offered, vocabulary).T).astype(np.int64)
    none_asked = asked == 0
    # Same operations as score(): (weight * common) / asked, in float64.
    points = np.where(none_asked[:, None], float(weight), weight * common / np.maximum(asked, 1)[:, None])
    return points, common, none_asked


def score_matrix(requests: Sequence[RequestNeeds], mentors: Sequence[MentorOffer],
                 rules: Rules) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """Totals and eligibility of every (request, mentor) at once, rows and columns in the given order.

    The same numbers as `score()` without the explanations, computed with numpy: scoring
    2,000 requests against 1,000 mentors one `score()` at a time would take about a minute.
    """
    w = rules.weights
    n_requests, n_mentors = len(requests), len(mentors)
    if not n_requests or not n_mentors:
        return np.zeros((n_requests, n_mentors), dtype=np.int64), np.zeros((n_requests, n_mentors), dtype=bool)

    subjects_points, common_subjects, no_subjects = _share_points(
        w.subjects, [r.subjects for r in requests], [m.subjects for m in mentors])
    directions_points, _, _ = _share_points(w.directions, [r.directions for r in requests],
                                            [m.directions for m in mentors])

    years = np.array([m.experience_years for m in mentors], dtype=np.int64)
    experience_points = w.experience * np.minimum(1.0, years / FULL_EXPERIENCE_YEARS)

    modes = {mode: i for i, mode in enumerate(sorted({r.preferred_mode for r in requests if r.preferred_mode}))}
    offered_modes = _incidence([m.modes for m in mentors], modes).astype(bool)
    mode_ok = np.ones((n_requests, n_mentors), dtype=bool)
    for row, request in enumerate(requests):
        if request.preferred_mode:
            mode_ok[row] = offered_modes[:, modes[request.preferred_mode]]
    mode_points = np.where(mode_ok, float(w.mode), 0.0)

    free = np.array([m.free_capacity for m in mentors], dtype=np.int64)
    availability_points = np.where(free >= FULL_AVAILABILITY, float(w.availability),
                                   np.where(free == 1, w.availability / 2, 0.0))

    points = (subjects_points + directions_points + experience_points[None, :] + mode_points
              + availability_points[None, :])
    totals = np.clip(np.floor(points + 0.5 + _ROUNDING_SLACK), 0, 100).astype(np.int64)

    eligible = np.broadcast_to(free > 0, (n_requests, n_mentors)).copy()
    if rules.exclude_same_school:
        schools: dict[str, int] = {}
        request_school = np.array([schools.setdefault(str(r.school_id), len(schools)) for r in requests])
        mentor_school = np.array([schools.setdefault(str(m.school_id), len(schools)) for m in mentors])
        eligible &= request_school[:, None] != mentor_school[None, :]
    if rules.require_subject_match:
        eligible &= no_subjects[:, None] | (common_subjects > 0)
    minimum = np.array([_minimum_experience(r, rules)[0] for r in requests], dtype=np.int64)
    eligible &= years[None, :] >= minimum[:, None]
    column = {str(m.id): j for j, m in enumerate(mentors)}
    for row, request in enumerate(requests):
        for mentor_id in map(str, request.excluded_mentors):
            if mentor_id in column:
                eligible[row, column[mentor_id]] = False
    return totals, eligible


def _unique_ids(kind: str, items: Sequence[MentorOffer] | Sequence[RequestNeeds]) -> None:
    repeated = [key for key, n in Counter(str(item.id) for item in items).items() if n > 1]
    if repeated:
        raise ValueError(f"{kind} ids must be unique; repeated: {', '.join(sorted(repeated)[:5])}")


def _rank_key(s: Score) -> tuple[bool, int, str]:
    return (not s.eligible, -s.total, str(s.mentor_id))


def rank(request: RequestNeeds, mentors: Sequence[MentorOffer], rules: Rules, *,
         limit: int | None = None) -> list[Score]:
    """Candidates for one request: the eligible by total, best first, then the excluded ones.

    Equal totals are ordered by mentor id, so the list is the same on every call. Without a
    `limit`, plain `score()` per mentor explains every candidate (1,000 mentors take a few
    tens of milliseconds, bench/matching.py). With a `limit`, the order is found with
    `score_matrix` — the same totals and eligibility — and only the first `limit` candidates
    are explained, so a page showing the best few does not build a thousand explanations.
    """
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be 0 or more, not {limit}")
    _unique_ids("Mentor", mentors)
    if limit is None or limit >= len(mentors):
        ranked = sorted((score(request, mentor, rules) for mentor in mentors), key=_rank_key)
        return ranked if limit is None else ranked[:limit]
    totals, eligible = score_matrix([request], mentors, rules)
    order = sorted(range(len(mentors)),
                   key=lambda i: (not bool(eligible[0, i]), -int(totals[0, i]), str(mentors[i].id)))
    return [score(request, mentors[i], rules) for i in order[:limit]]


# --- Assignment -------------------------------------------------------------------------


class AssignedPair(NamedTuple):
    request_id: Id
    mentor_id: Id
    score: Score


@dataclass(frozen=True, slots=True)
class Assignment:
    """A district-wide proposal: which mentor for which request."""

    pairs: tuple[AssignedPair, ...]  # in the order of the requests given
    total_score: int  # sum of the pairs' totals
    matched: int
    unmatched: tuple[Id, ...]  # requests left without a mentor, in the order given
    method: str  # METHOD_OPTIMAL or METHOD_GREEDY
    seconds: float


def _assignment(requests: Sequence[RequestNeeds], chosen: dict[str, MentorOffer], rules: Rules,
                method: str, started: float) -> Assignment:
    pairs: list[AssignedPair] = []
    unmatched: list[Id] = []
    for request in requests:
        mentor = chosen.get(str(request.id))
        if mentor is None:
            unmatched.append(request.id)
        else:
            pairs.append(AssignedPair(request.id, mentor.id, score(request, mentor, rules)))
    return Assignment(pairs=tuple(pairs), total_score=sum(p.score.total for p in pairs), matched=len(pairs),
                      unmatched=tuple(unmatched), method=method, seconds=time.perf_counter() - started)


def assign_optimal(requests: Sequence[RequestNeeds], mentors: Sequence[MentorOffer], rules: Rules) -> Assignment:
    """The assignment with the greatest total score within every mentor's free capacity.

    Method: an exact assignment problem solved by `scipy.optimize.linear_sum_assignment`
    (shortest augmenting paths, Crouse 2016) — optimal, not a heuristic, and fast enough on
    a dense matrix of this size (2,000 × ~2,000 in well under a second, bench/matching.py),
    so no candidate is pruned and no sparse structure is needed.

    - Rows are the requests that have at least one eligible mentor (the others stay
      unmatched). Each mentor becomes as many identical columns as places it can really
      fill: `min(free capacity, requests for which it is eligible)`.
    - A cell is worth `total × (R + 1) + 1` for an eligible pair (R = rows) and 0 for an
      ineligible one. The `+ 1` makes more matches win among assignments of equal total
      score (it adds at most R < R + 1, so it never outweighs a single point of score).
    - No "unassigned" dummy column is needed: staying unmatched is worth 0, exactly what
      an ineligible cell is worth, so a row put on an ineligible cell is read as unmatched
      and the column it took had no better use (the solver would have taken it). With
      fewer columns than rows the solver leaves rows out by itself. So the optimum over
      full row (or column) assignments is the optimum over matchings of eligible pairs;
      tests hold it equal to brute force on small instances.
    - Deterministic: requests and mentors are put in id order before building the matrix,
      so the result does not depend on the order they are given in or on the run.
    """
    started = time.perf_counter()
    _unique_ids("Request", requests)
    _unique_ids("Mentor", mentors)
    by_id_requests = sorted(requests, key=lambda r: str(r.id))
    by_id_mentors = sorted(mentors, key=lambda m: str(m.id))
    totals, eligible = score_matrix(by_id_requests, by_id_mentors, rules)
    chosen: dict[str, MentorOffer] = {}
    rows = np.flatnonzero(eligible.any(axis=1))
    if rows.size:
        eligible = eligible[rows]
        free = np.array([m.free_capacity for m in by_id_mentors], dtype=np.int64)
        places = np.minimum(free, eligible.sum(axis=0))
        slot_mentor = np.repeat(np.arange(len(by_id_mentors)), places)
        worth = np.where(eligible, totals[rows] * (rows.size + 1) + 1, 0)[:, slot_mentor].astype(np.float64)
        solved_rows, solved_slots = linear_sum_assignment(worth, maximize=True)
        for row, slot in zip(solved_rows, solved_slots, strict=True):
            mentor_index = slot_mentor[slot]
            if eligible[row, mentor_index]:
                chosen[str(by_id_requests[rows[row]].id)] = by_id_mentors[mentor_index]
    return _assignment(requests, chosen, rules, METHOD_OPTIMAL, started)


def assign_greedy(requests: Sequence[RequestNeeds], mentors: Sequence[MentorOffer], rules: Rules) -> Assignment:
    """First come, first served: each request in the given order takes its best eligible mentor with a place left.

    Best = highest total, then the lowest mentor id (the first of `rank`). For comparison
    with `assign_optimal`: an early request can take the one mentor a later one needed.
    """
    started = time.perf_counter()
    _unique_ids("Request", requests)
    _unique_ids("Mentor", mentors)
    by_id_mentors = sorted(mentors, key=lambda m: str(m.id))
    totals, eligible = score_matrix(requests, by_id_mentors, rules)
    left = np.array([m.free_capacity for m in by_id_mentors], dtype=np.int64)
    chosen: dict[str, MentorOffer] = {}
    for row, request in enumerate(requests):
        open_ = eligible[row] & (left > 0)
        if open_.any():
            best = int(np.argmax(np.where(open_, totals[row], -1)))  # the first maximum: the lowest id
            left[best] -= 1
            chosen[str(request.id)] = by_id_mentors[best]
    return _assignment(requests, chosen, rules, METHOD_GREEDY, started)


def check_assignment(assignment: Assignment, requests: Sequence[RequestNeeds], mentors: Sequence[MentorOffer],
                     rules: Rules) -> None:
    """Raise ValueError if the assignment breaks a capacity, a hard rule or its own bookkeeping.

    Checked against the requests and mentors as they are now: a proposal made before a
    mentor's capacity or consent changed fails here instead of being approved.
    """
    request_by_id = {str(r.id): r for r in requests}
    mentor_by_id = {str(m.id): m for m in mentors}
    assigned: set[str] = set()
    used: Counter[str] = Counter()
    for pair in assignment.pairs:
        request_key, mentor_key = str(pair.request_id), str(pair.mentor_id)
        request = request_by_id.get(request_key)
        mentor = mentor_by_id.get(mentor_key)
        if request is None:
            raise ValueError(f"Unknown request {request_key} in the assignment")
        if mentor is None:
            raise ValueError(f"Unknown mentor {mentor_key} in the assignment")
        if request_key in assigned:
            raise ValueError(f"Request {request_key} is assigned more than once")
        assigned.add(request_key)
        used[mentor_key] += 1
        if used[mentor_key] > mentor.free_capacity:
            raise ValueError(f"Mentor {mentor_key} is given {used[mentor_key]} requests "
                             f"but has {mentor.free_capacity} free places")
        now = score(request, mentor, rules)
        if not now.eligible:
            raise ValueError(f"Mentor {mentor_key} is not eligible for request {request_key}: "
                             f"{'; '.join(now.refusals)}")
        if pair.score.total != now.total:
            raise ValueError(f"The score of mentor {mentor_key} for request {request_key} is "
                             f"{pair.score.total} in the assignment but {now.total} now")
    if assignment.matched != len(assignment.pairs):
        raise ValueError(f"matched is {assignment.matched} but there are {len(assignment.pairs)} pairs")
    if assignment.total_score != sum(p.score.total for p in assignment.pairs):
        raise ValueError("total_score is not the sum of the pairs' scores")
    unmatched = [str(r) for r in assignment.unmatched]
    if set(unmatched) & assigned or len(set(unmatched)) != len(unmatched):
        raise ValueError("A request is both assigned and unmatched, or unmatched twice")
    if set(unmatched) | assigned != set(request_by_id):
        raise ValueError("The assignment does not account for every request exactly once")
