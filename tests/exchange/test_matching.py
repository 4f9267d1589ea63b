"""Matching for the mentor exchange (exchange.matching): scores, hard rules, ranking, assignments.

Pure computation, no database. Random instances come from fixed seeds, so every run checks
the same cases.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import replace
from typing import Any

import pytest

from exchange.matching import (
    AVAILABILITY,
    CRITERIA,
    DIRECTIONS,
    EXPERIENCE,
    METHOD_GREEDY,
    METHOD_OPTIMAL,
    MODE,
    SUBJECTS,
    AssignedPair,
    Assignment,
    MentorOffer,
    RequestNeeds,
    Rules,
    Score,
    Weights,
    assign_greedy,
    assign_optimal,
    check_assignment,
    rank,
    score,
    score_matrix,
    years_ru,
)

RULES = Rules()


def mentor(id: Any = "m1", **changes: Any) -> MentorOffer:
    fields: dict[str, Any] = {"school_id": "school-m", "subjects": frozenset({"физика", "математика"}),
                              "directions": frozenset({"digital", "upbringing"}), "experience_years": 12,
                              "free_capacity": 2, "modes": frozenset({"virtual", "traditional"})}
    fields.update(changes)
    return MentorOffer(id=id, **fields)


def request(id: Any = "r1", **changes: Any) -> RequestNeeds:
    fields: dict[str, Any] = {"school_id": "school-r", "subjects": frozenset({"физика"}),
                              "directions": frozenset({"digital"}), "preferred_mode": "",
                              "excluded_mentors": frozenset(), "min_experience_years": None}
    fields.update(changes)
    return RequestNeeds(id=id, **fields)


def points(s: Score) -> dict[str, float]:
    return {c.name: c.points for c in s.criteria}


def reasons(s: Score) -> dict[str, str]:
    return {c.name: c.reason for c in s.criteria}


# --- Settings ---------------------------------------------------------------------------------------


def test_default_weights_are_the_districts_and_add_up_to_100() -> None:
    assert Weights().as_dict() == {SUBJECTS: 35, DIRECTIONS: 25, EXPERIENCE: 15, MODE: 15, AVAILABILITY: 10}
    assert Rules().require_subject_match and Rules().exclude_same_school and Rules().min_experience_years == 0


@pytest.mark.parametrize(("weights", "message"), [
    ({"subjects": 36}, "add up to 100 points, not 101"),
    ({"subjects": 0}, "add up to 100 points, not 65"),
    ({"subjects": -5, "directions": 65}, "0 or more; wrong: subjects=-5"),
    ({"subjects": 35.0}, "whole numbers"),
    ({"mode": True, "availability": 24}, "wrong: mode=True"),
    ({"experience": "15"}, "whole numbers"),
])
def test_weights_must_be_whole_non_negative_points_adding_up_to_100(weights: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Weights(**weights)


def test_other_weights_that_add_up_to_100_are_accepted_and_used() -> None:
    only_subjects = Rules(weights=Weights(subjects=100, directions=0, experience=0, mode=0, availability=0))
    assert score(request(), mentor(), only_subjects).total == 100
    assert score(request(subjects=frozenset({"физика", "химия"})), mentor(), only_subjects).total == 50


def test_rules_refuse_a_negative_minimum_of_experience() -> None:
    with pytest.raises(ValueError, match="min_experience_years"):
        Rules(min_experience_years=-1)
    with pytest.raises(ValueError, match="min_experience_years"):
        request(min_experience_years=-2)
    with pytest.raises(ValueError, match="free_capacity"):
        mentor(free_capacity=-1)


# --- Scores ---------------------------------------------------------------------------------------


def test_score_of_a_good_candidate_with_every_criterion_explained() -> None:
    s = score(request(directions=frozenset({"digital", "upbringing", "psych_support"}), preferred_mode="virtual"),
              mentor(), RULES)
    assert [c.name for c in s.criteria] == list(CRITERIA)
    assert points(s) == {SUBJECTS: 35.0, DIRECTIONS: 16.67, EXPERIENCE: 15.0, MODE: 15.0, AVAILABILITY: 10.0}
    assert [c.max_points for c in s.criteria] == [35, 25, 15, 15, 10]
    assert s.total == 92  # 35 + 50/3 + 15 + 15 + 10 = 91.67
    assert s.eligible and s.refusals == ()
    assert (s.mentor_id, s.request_id) == ("m1", "r1")
    assert reasons(s) == {
        SUBJECTS: "Преподаёт 1 из 1 запрошенных предметов: физика",
        DIRECTIONS: "Покрывает 2 из 3 запрошенных направлений: digital, upbringing",
        EXPERIENCE: "Стаж 12 лет (полный балл от 10 лет)",
        MODE: "Работает в запрошенном формате: virtual",
        AVAILABILITY: "Свободных мест: 2 (полный балл от 2)",
    }


def test_score_of_a_weaker_candidate_partial_points_and_their_reasons() -> None:
    s = score(request(subjects=frozenset({"физика", "химия"}), directions=frozenset({"digital", "upbringing"}),
                      preferred_mode="virtual"),
              mentor(directions=frozenset({"teaching_methods"}), experience_years=4, free_capacity=1,
                     modes=frozenset({"traditional"})), RULES)
    assert points(s) == {SUBJECTS: 17.5, DIRECTIONS: 0.0, EXPERIENCE: 6.0, MODE: 0.0, AVAILABILITY: 5.0}
    assert s.total == 29  # 28.5 rounds half up
    assert s.eligible
    assert reasons(s) == {
        SUBJECTS: "Преподаёт 1 из 2 запрошенных предметов: физика",
        DIRECTIONS: "Не покрывает ни одного из 2 запрошенных направлений (digital, upbringing)",
        EXPERIENCE: "Стаж 4 года (полный балл от 10 лет)",
        MODE: "Не работает в формате virtual (доступно: traditional)",
        AVAILABILITY: "Свободных мест: 1 (половина балла; полный балл от 2)",
    }


def test_nothing_asked_earns_full_points_and_says_so() -> None:
    s = score(request(subjects=frozenset(), directions=frozenset(), preferred_mode=""),
              mentor(experience_years=0, free_capacity=3), RULES)
    assert points(s) == {SUBJECTS: 35.0, DIRECTIONS: 25.0, EXPERIENCE: 0.0, MODE: 15.0, AVAILABILITY: 10.0}
    assert s.total == 85 and s.eligible
    assert "предметы не указаны" in reasons(s)[SUBJECTS].lower()
    assert "направления не указаны" in reasons(s)[DIRECTIONS].lower()
    assert "формат не указан" in reasons(s)[MODE].lower()
    assert reasons(s)[EXPERIENCE] == "Стаж 0 лет (полный балл от 10 лет)"


def test_experience_points_grow_to_full_at_ten_years() -> None:
    assert [points(score(request(), mentor(experience_years=y), RULES))[EXPERIENCE] for y in (0, 1, 5, 10, 35)] == [
        0.0, 1.5, 7.5, 15.0, 15.0]


def test_totals_round_half_up_even_where_floating_point_falls_just_short() -> None:
    # 45 × 7/10 is 31.499999999999996 in floating point; the score is 31.5 and shows as 32.
    rules = Rules(require_subject_match=False,
                  weights=Weights(subjects=55, directions=0, experience=45, mode=0, availability=0))
    r, m = request(subjects=frozenset({"химия"})), mentor(experience_years=7)
    assert score(r, m, rules).total == 32
    totals, _ = score_matrix([r], [m], rules)
    assert totals.tolist() == [[32]]


@pytest.mark.parametrize(("n", "text"), [(0, "0 лет"), (1, "1 год"), (2, "2 года"), (4, "4 года"), (5, "5 лет"),
                                         (11, "11 лет"), (12, "12 лет"), (21, "21 год"), (23, "23 года"),
                                         (111, "111 лет")])
def test_years_are_declined_in_russian(n: int, text: str) -> None:
    assert years_ru(n) == text


def test_subjects_compare_case_insensitively_with_spaces_trimmed_once() -> None:
    r = request(subjects=frozenset({"  Русский   язык ", "ФИЗИКА"}), preferred_mode=" Virtual ")
    m = mentor(subjects=["русский язык", "Физика "], modes=["VIRTUAL"])
    assert r.subjects == {"русский язык", "физика"} and r.preferred_mode == "virtual"
    assert m.subjects == {"русский язык", "физика"} and m.modes == {"virtual"}
    s = score(r, m, RULES)
    assert points(s)[SUBJECTS] == 35.0 and points(s)[MODE] == 15.0
    assert request(subjects="физика").subjects == {"физика"}  # a lone string is one subject, not its letters
    assert request(subjects=frozenset({" ", ""})).subjects == frozenset()


# --- Hard rules ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("request_changes", "mentor_changes", "rules", "refusal"), [
    ({}, {"free_capacity": 0}, RULES, "Нет свободных мест у наставника"),
    ({"excluded_mentors": frozenset({"m1"})}, {}, RULES, "Исключён куратором из кандидатов по этому запросу"),
    ({}, {"school_id": "school-r"}, RULES,
     "Наставник из той же школы, что и запрос: обмен — для наставников других школ"),
    ({"subjects": frozenset({"химия", "биология"})}, {}, RULES,
     "Не преподаёт ни одного из запрошенных предметов: биология, химия"),
    ({}, {"experience_years": 2}, Rules(min_experience_years=3),
     "Стаж 2 года — меньше минимума 3 года (требование района)"),
    ({"min_experience_years": 15}, {}, RULES, "Стаж 12 лет — меньше минимума 15 лет (требование запроса)"),
])
def test_each_hard_rule_excludes_the_candidate_with_its_reason(request_changes: dict, mentor_changes: dict,
                                                               rules: Rules, refusal: str) -> None:
    assert score(request(), mentor(), rules).eligible  # the baseline passes every rule
    s = score(request(**request_changes), mentor(**mentor_changes), rules)
    assert not s.eligible
    assert s.refusals == (refusal,)
    assert len(s.criteria) == 5 and 0 <= s.total <= 100  # still scored and explained


def test_hard_rules_the_district_turns_off_do_not_exclude() -> None:
    lax = Rules(require_subject_match=False, exclude_same_school=False)
    s = score(request(subjects=frozenset({"химия"})), mentor(school_id="school-r"), lax)
    assert s.eligible and points(s)[SUBJECTS] == 0.0
    # A request naming no subject excludes nobody on subjects, even when a match is required.
    assert score(request(subjects=frozenset()), mentor(subjects=frozenset()), RULES).eligible


def test_the_stricter_minimum_of_experience_applies() -> None:
    district_5 = Rules(min_experience_years=5)
    assert not score(request(min_experience_years=2), mentor(experience_years=4), district_5).eligible
    assert score(request(min_experience_years=2), mentor(experience_years=5), district_5).eligible
    assert score(request(min_experience_years=None), mentor(experience_years=5), district_5).eligible
    assert score(request(min_experience_years=12), mentor(experience_years=12), district_5).eligible


def test_every_broken_rule_is_listed() -> None:
    s = score(request(subjects=frozenset({"химия"}), excluded_mentors=frozenset({"m1"})),
              mentor(free_capacity=0, school_id="school-r", experience_years=1), Rules(min_experience_years=3))
    assert len(s.refusals) == 5 and not s.eligible
    assert points(s)[AVAILABILITY] == 0.0 and reasons(s)[AVAILABILITY] == "Свободных мест нет"


def test_curator_exclusion_matches_uuid_ids_given_as_uuid_or_text() -> None:
    mentor_id = uuid.uuid4()
    m = mentor(id=mentor_id)
    assert not score(request(excluded_mentors=frozenset({mentor_id})), m, RULES).eligible
    assert not score(request(excluded_mentors=frozenset({str(mentor_id)})), m, RULES).eligible
    assert score(request(excluded_mentors=frozenset({uuid.uuid4()})), m, RULES).eligible


def test_ids_may_be_uuids_or_integer_school_keys() -> None:
    mentors = [mentor(uuid.UUID(int=2), school_id=7), mentor(uuid.UUID(int=1), school_id=8)]
    requests = [request(uuid.UUID(int=3), school_id=7)]
    assert [s.mentor_id for s in rank(requests[0], mentors, RULES)] == [uuid.UUID(int=1), uuid.UUID(int=2)]
    assert score(requests[0], mentors[0], RULES).refusals[0].startswith("Наставник из той же школы")
    totals, eligible = score_matrix(requests, mentors, RULES)
    assert eligible.tolist() == [[False, True]]
    result = assign_optimal(requests, mentors, RULES)
    assert [(p.request_id, p.mentor_id) for p in result.pairs] == [(uuid.UUID(int=3), uuid.UUID(int=1))]


# --- Ranking ------------------------------------------------------------------------------------------


def test_rank_puts_eligible_first_by_total_then_ineligible_ties_by_mentor_id() -> None:
    mentors = [
        mentor("m-same-school-best", school_id="school-r"),  # best total, but excluded
        mentor("m-c", experience_years=4),
        mentor("m-b", experience_years=12),
        mentor("m-a", experience_years=12),  # ties with m-b: id decides
        mentor("m-no-subject", subjects=frozenset({"химия"})),
        mentor("m-full", free_capacity=0),
    ]
    ranked = rank(request(), mentors, RULES)
    assert [s.mentor_id for s in ranked] == ["m-a", "m-b", "m-c", "m-same-school-best", "m-full", "m-no-subject"]
    assert [s.eligible for s in ranked] == [True, True, True, False, False, False]
    assert ranked[0].total == ranked[1].total == 100 and ranked[2].total == 91
    assert ranked[3].total == 100 and ranked[4].total == 90 and ranked[5].total == 65
    assert [s.mentor_id for s in rank(request(), mentors, RULES, limit=2)] == ["m-a", "m-b"]
    assert rank(request(), mentors, RULES, limit=0) == []
    assert rank(request(), list(reversed(mentors)), RULES) == ranked


def test_rank_refuses_a_negative_limit_and_repeated_mentors() -> None:
    with pytest.raises(ValueError, match="limit"):
        rank(request(), [mentor()], RULES, limit=-1)
    with pytest.raises(ValueError, match="repeated: m1"):
        rank(request(), [mentor(), mentor()], RULES)


# --- Random instances -------------------------------------------------------------------------------


def random_weights(rng: random.Random) -> Weights:
    cuts = sorted(rng.randint(0, 100) for _ in range(4))
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    return Weights(*parts)


def random_instance(seed: int, n_requests: int, n_mentors: int, *,
                    max_capacity: int = 2) -> tuple[list[RequestNeeds], list[MentorOffer], Rules]:
    """Few subjects, directions and schools, so candidates compete and rules bite."""
    rng = random.Random(seed)
    subjects, directions, schools = ["физика", "химия", "математика", "история"], ["a", "b", "c"], ["s1", "s2", "s3"]
    mentors = [
        MentorOffer(id=f"m{j}", school_id=rng.choice(schools),
                    subjects=frozenset(rng.sample(subjects, rng.randint(0, 2))),
                    directions=frozenset(rng.sample(directions, rng.randint(0, 3))),
                    experience_years=rng.randint(0, 14), free_capacity=rng.randint(0, max_capacity),
                    modes=frozenset(rng.sample(["virtual", "traditional"], rng.randint(0, 2))))
        for j in range(n_mentors)
    ]
    requests = [
        RequestNeeds(id=f"r{i}", school_id=rng.choice(schools),
                     subjects=frozenset(rng.sample(subjects, rng.choice((0, 1, 1, 2, 3)))),
                     directions=frozenset(rng.sample(directions, rng.randint(0, 3))),
                     preferred_mode=rng.choice(("", "", "virtual", "traditional")),
                     excluded_mentors=frozenset(f"m{rng.randrange(n_mentors)}" for _ in range(rng.randint(0, 1)))
                     if n_mentors else frozenset(),
                     min_experience_years=rng.choice((None, None, None, 2, 6)))
        for i in range(n_requests)
    ]
    rules = Rules(require_subject_match=rng.random() < 0.6, min_experience_years=rng.choice((0, 0, 3)),
                  exclude_same_school=rng.random() < 0.8, weights=random_weights(rng) if rng.random() < 0.5
                  else Weights())
    return requests, mentors, rules


def brute_force(requests: list[RequestNeeds], mentors: list[MentorOffer], rules: Rules) -> tuple[int, int]:
    """The best (total score, matched) over every way to give each request one mentor or none."""
    scores = [[score(r, m, rules) for m in mentors] for r in requests]
    left = [m.free_capacity for m in mentors]
    best = (0, 0)

    def walk(i: int, total: int, matched: int) -> None:
        nonlocal best
        if i == len(requests):
            best = max(best, (total, matched))
            return
        walk(i + 1, total, matched)
        for j, s in enumerate(scores[i]):
            if s.eligible and left[j] > 0:
                left[j] -= 1
                walk(i + 1, total + s.total, matched + 1)
                left[j] += 1

    walk(0, 0, 0)
    return best


def test_score_matrix_gives_the_same_totals_and_eligibility_as_score() -> None:
    for seed in range(60):
        requests, mentors, rules = random_instance(seed, 25, 20, max_capacity=3)
        totals, eligible = score_matrix(requests, mentors, rules)
        assert totals.shape == eligible.shape == (25, 20)
        for i, r in enumerate(requests):
            for j, m in enumerate(mentors):
                s = score(r, m, rules)
                assert (int(totals[i, j]), bool(eligible[i, j])) == (s.total, s.eligible), (seed, r, m)


def test_optimal_equals_brute_force_on_small_instances() -> None:
    for seed in range(250):
        rng = random.Random(seed)
        requests, mentors, rules = random_instance(seed, rng.randint(1, 5), rng.randint(1, 4))
        optimal = assign_optimal(requests, mentors, rules)
        check_assignment(optimal, requests, mentors, rules)
        assert (optimal.total_score, optimal.matched) == brute_force(requests, mentors, rules), seed


def test_optimal_is_never_worse_than_greedy_and_no_capacity_is_exceeded() -> None:
    strictly_better = 0
    for seed in range(150):
        requests, mentors, rules = random_instance(seed, 30, 12, max_capacity=3)
        optimal = assign_optimal(requests, mentors, rules)
        greedy = assign_greedy(requests, mentors, rules)
        for assignment in (optimal, greedy):
            check_assignment(assignment, requests, mentors, rules)
            used: dict[str, int] = {}
            for pair in assignment.pairs:
                used[str(pair.mentor_id)] = used.get(str(pair.mentor_id), 0) + 1
                assert pair.score.eligible and pair.score.request_id == pair.request_id
            capacity = {str(m.id): m.free_capacity for m in mentors}
            assert all(n <= capacity[mentor_id] for mentor_id, n in used.items())
            assert assignment.matched + len(assignment.unmatched) == len(requests)
        assert optimal.total_score >= greedy.total_score, seed
        strictly_better += optimal.total_score > greedy.total_score
    assert strictly_better > 0  # the loop really does meet cases where first-come loses


def test_greedy_is_worse_than_optimal_in_the_classic_case() -> None:
    """Two requests, two mentors with one place each; the first request takes the mentor the second needed.

    Mentor A (10 years): 35 + 25 + 15 + 15 + 5 = 95 for either request.
    Mentor B (4 years, the second request's own school): 35 + 25 + 6 + 15 + 5 = 86 for the first only.
    Greedy: first → A (95), second → nobody: 95, one matched.
    Optimal: first → B (86), second → A (95): 181, both matched.
    """
    requests = [request("r1", school_id="s1", directions=frozenset()),
                request("r2", school_id="s2", directions=frozenset())]
    mentors = [mentor("A", school_id="s3", experience_years=10, free_capacity=1),
               mentor("B", school_id="s2", experience_years=4, free_capacity=1)]
    greedy = assign_greedy(requests, mentors, RULES)
    optimal = assign_optimal(requests, mentors, RULES)
    assert [(p.request_id, p.mentor_id, p.score.total) for p in greedy.pairs] == [("r1", "A", 95)]
    assert (greedy.total_score, greedy.matched, greedy.unmatched, greedy.method) == (95, 1, ("r2",), METHOD_GREEDY)
    assert [(p.request_id, p.mentor_id, p.score.total) for p in optimal.pairs] == [("r1", "B", 86), ("r2", "A", 95)]
    assert (optimal.total_score, optimal.matched, optimal.unmatched, optimal.method) == (181, 2, (), METHOD_OPTIMAL)
    assert optimal.seconds >= 0 and greedy.seconds >= 0


def test_a_request_stays_unmatched_rather_than_matched_ineligibly() -> None:
    requests = [request("r1"), request("r2", subjects=frozenset({"химия"}))]
    mentors = [mentor("m1", free_capacity=3), mentor("m2", school_id="school-r", subjects=frozenset({"химия"}))]
    for assign in (assign_optimal, assign_greedy):
        result = assign(requests, mentors, RULES)
        assert [(p.request_id, p.mentor_id) for p in result.pairs] == [("r1", "m1")]
        assert result.unmatched == ("r2",)


def test_more_matches_win_among_assignments_of_equal_total() -> None:
    # Only subjects count and no match is required: a mentor of another subject scores 0 but is eligible.
    rules = Rules(require_subject_match=False,
                  weights=Weights(subjects=100, directions=0, experience=0, mode=0, availability=0))
    requests = [request("r1", subjects=frozenset({"химия"}))]
    result = assign_optimal(requests, [mentor("m1")], rules)
    assert (result.total_score, result.matched) == (0, 1)


def test_more_matches_win_when_every_score_is_zero() -> None:
    # r1 can take only m2, r2 either; all scores are 0. Reading "0" as "as good as unmatched"
    # could leave r1 on its ineligible m1 and match one request; the optimum matches both.
    rules = Rules(require_subject_match=False,
                  weights=Weights(subjects=100, directions=0, experience=0, mode=0, availability=0))
    requests = [request("r1", subjects=frozenset({"химия"}), excluded_mentors=frozenset({"m1"})),
                request("r2", subjects=frozenset({"химия"}))]
    mentors = [mentor("m1", free_capacity=1), mentor("m2", free_capacity=1)]
    result = assign_optimal(requests, mentors, rules)
    assert [(p.request_id, p.mentor_id) for p in result.pairs] == [("r1", "m2"), ("r2", "m1")]
    assert (result.total_score, result.matched) == (0, 2)


def test_empty_inputs_and_repeated_ids() -> None:
    for assign in (assign_optimal, assign_greedy):
        none = assign([], [mentor()], RULES)
        assert (none.pairs, none.total_score, none.matched, none.unmatched) == ((), 0, 0, ())
        alone = assign([request("r1"), request("r2")], [], RULES)
        assert (alone.matched, alone.unmatched) == (0, ("r1", "r2"))
        with pytest.raises(ValueError, match="Request ids must be unique"):
            assign([request("r1"), request("r1")], [mentor()], RULES)
        with pytest.raises(ValueError, match="Mentor ids must be unique"):
            assign([request("r1")], [mentor("m1"), mentor("m1")], RULES)


def test_more_requests_than_places_fill_every_place_with_the_best() -> None:
    requests = [request(f"r{i}", directions=frozenset({"digital", "upbringing"}) if i % 2 else frozenset({"x"}))
                for i in range(6)]
    result = assign_optimal(requests, [mentor("m1", free_capacity=3)], RULES)
    assert result.matched == 3 and {p.request_id for p in result.pairs} == {"r1", "r3", "r5"}
    assert result.total_score == 3 * 100


# --- Determinism ---------------------------------------------------------------------------------------


def test_assignments_are_deterministic_and_optimal_ignores_input_order() -> None:
    for seed in range(40):
        requests, mentors, rules = random_instance(seed, 20, 10, max_capacity=3)
        first = assign_optimal(requests, mentors, rules)
        again = assign_optimal(requests, mentors, rules)
        assert first.pairs == again.pairs and first.unmatched == again.unmatched
        rng = random.Random(seed)
        shuffled_requests, shuffled_mentors = rng.sample(requests, len(requests)), rng.sample(mentors, len(mentors))
        shuffled = assign_optimal(shuffled_requests, shuffled_mentors, rules)
        assert sorted(shuffled.pairs) == sorted(first.pairs)  # by request id; Score compares by value
        assert shuffled.total_score == first.total_score
        greedy = assign_greedy(requests, mentors, rules)
        assert greedy.pairs == assign_greedy(requests, shuffled_mentors, rules).pairs  # mentors' order is irrelevant
        assert [p.request_id for p in first.pairs] == [r.id for r in requests if r.id not in first.unmatched]


# --- check_assignment -----------------------------------------------------------------------------------


def _assignment(pairs: list[tuple[RequestNeeds, MentorOffer]], requests: list[RequestNeeds]) -> Assignment:
    made = tuple(AssignedPair(r.id, m.id, score(r, m, RULES)) for r, m in pairs)
    assigned = {p.request_id for p in made}
    return Assignment(pairs=made, total_score=sum(p.score.total for p in made), matched=len(made),
                      unmatched=tuple(r.id for r in requests if r.id not in assigned), method="test", seconds=0.0)


def test_check_assignment_accepts_a_valid_one() -> None:
    requests = [request("r1"), request("r2")]
    m = mentor("m1", free_capacity=2)
    check_assignment(_assignment([(requests[0], m), (requests[1], m)], requests), requests, [m], RULES)


def test_check_assignment_refuses_an_exceeded_capacity() -> None:
    requests = [request("r1"), request("r2")]
    m = mentor("m1", free_capacity=1)
    with pytest.raises(ValueError, match="Mentor m1 is given 2 requests but has 1 free places"):
        check_assignment(_assignment([(requests[0], m), (requests[1], m)], requests), requests, [m], RULES)


def test_check_assignment_refuses_a_request_assigned_twice() -> None:
    r = request("r1")
    mentors = [mentor("m1"), mentor("m2")]
    with pytest.raises(ValueError, match="Request r1 is assigned more than once"):
        check_assignment(_assignment([(r, mentors[0]), (r, mentors[1])], [r]), [r], mentors, RULES)


def test_check_assignment_refuses_an_ineligible_pair() -> None:
    r = request("r1")
    m = mentor("m1", school_id="school-r")
    with pytest.raises(ValueError, match="Mentor m1 is not eligible for request r1: Наставник из той же школы"):
        check_assignment(_assignment([(r, m)], [r]), [r], [m], RULES)


def test_check_assignment_refuses_unknown_ids_stale_scores_and_wrong_bookkeeping() -> None:
    r, m = request("r1"), mentor("m1")
    good = _assignment([(r, m)], [r])
    with pytest.raises(ValueError, match="Unknown mentor m1"):
        check_assignment(good, [r], [mentor("m2")], RULES)
    with pytest.raises(ValueError, match="Unknown request r1"):
        check_assignment(good, [request("r9")], [m], RULES)
    with pytest.raises(ValueError, match="is 100 in the assignment but 91 now"):
        check_assignment(good, [r], [replace(m, experience_years=4)], RULES)
    with pytest.raises(ValueError, match="total_score"):
        check_assignment(replace(good, total_score=99), [r], [m], RULES)
    with pytest.raises(ValueError, match="matched"):
        check_assignment(replace(good, matched=2), [r], [m], RULES)
    with pytest.raises(ValueError, match="both assigned and unmatched"):
        check_assignment(replace(good, unmatched=("r1",)), [r], [m], RULES)
    with pytest.raises(ValueError, match="every request"):
        check_assignment(good, [r, request("r2")], [m], RULES)


def test_a_limited_ranking_is_the_head_of_the_full_one() -> None:
    import random as _random

    from exchange.matching import MentorOffer, RequestNeeds, Rules, rank

    rng = _random.Random(7)
    subjects = ["физика", "математика", "химия", "история"]
    for _round in range(20):
        mentors = [MentorOffer(id=f"m{i:03d}", school_id=f"s{rng.randint(0, 4)}",
                               subjects=frozenset(rng.sample(subjects, rng.randint(0, 2))),
                               directions=frozenset(rng.sample(["subject_content", "digital"], rng.randint(0, 2))),
                               experience_years=rng.randint(0, 20), free_capacity=rng.randint(0, 3),
                               modes=frozenset(rng.sample(["virtual", "traditional"], rng.randint(0, 2))))
                   for i in range(60)]
        request = RequestNeeds(id="r", school_id="s0", subjects=frozenset(rng.sample(subjects, 1)),
                               directions=frozenset(["digital"]), preferred_mode=rng.choice(["", "virtual"]))
        rules = Rules(min_experience_years=rng.randint(0, 5))
        for limit in (0, 1, 5, 17):
            assert rank(request, mentors, rules, limit=limit) == rank(request, mentors, rules)[:limit]
