#!/usr/bin/env python
"""Benchmark: matching for the mentor exchange — ranking one request, the district-wide proposal.

    python bench/matching.py [--requests 2000] [--mentors 1000] [--seed 2024] [--repeat 3] [--json]

Pure computation on generated data: no database and no Django, only `exchange.matching`
(numpy and scipy). The district is generated with a fixed seed: 100 schools, 15 subjects
(weighted as a district's staff is: more mathematics, Russian and primary classes than
music), the 6 directions of difficulties, the modes «traditional» and «virtual», mentors
with 0–35 years of experience and 1–3 free places, requests naming mostly one subject,
sometimes a mode, a curator's exclusion or a stricter minimum of experience. Rules: a
subject match required, at least 3 years of experience, no mentor from the request's own
school.

Measured:

1. `rank`: one request against every mentor, for 50 requests; p50 and p95 (target under
   200 ms);
2. `assign_optimal` over all requests, `--repeat` times (target under 5 s, on the slowest
   run); every run must give the same assignment;
3. `assign_greedy` once;
4. total score and matched requests of both, and their ratios.

Both assignments are verified with `check_assignment` (no capacity exceeded, no request
twice, no ineligible pair), the optimal must not score below the greedy one, and each
ranking is checked for its order, so a no-op cannot pass as fast. Exit status 1 if a check
fails.

With `--database`, it also measures ranking as the request page does it —
`exchange.ranking.request_rank`, which reads the directory from PostgreSQL (the entries and
the places they hold) and ranks — in a throwaway database like bench/provision.py's, with the
mentors written as directory entries of another school: p50 and p95 over 50 requests
(`rank_db_*`, same 200 ms target), in a process set up as a gunicorn worker is (what is
loaded frozen out of the garbage collector's sight, deploy/gunicorn.conf.py).

stdout holds only the table, or with --json exactly one JSON object; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
for _path in (ROOT, ROOT / "platform"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

import numpy  # noqa: E402
import scipy  # noqa: E402

from exchange.matching import (  # noqa: E402
    Id,
    MentorOffer,
    RequestNeeds,
    Rules,
    assign_greedy,
    assign_optimal,
    check_assignment,
    rank,
)

OPTIMAL_TARGET_S = 5.0
RANK_TARGET_MS = 200.0
RANK_SAMPLE = 50
SCHOOLS = 100

# Subject and how many teachers of it a district has, relatively.
SUBJECTS = (
    ("математика", 14), ("русский язык", 13), ("начальные классы", 14), ("литература", 8),
    ("английский язык", 8), ("чеченский язык", 8), ("история", 6), ("обществознание", 4),
    ("физика", 5), ("химия", 4), ("биология", 5), ("география", 4), ("информатика", 4),
    ("физическая культура", 5), ("музыка", 2),
)
DIRECTIONS = ("subject_content", "teaching_methods", "upbringing", "lesson_organisation",
              "psychological_support", "digital_environment")
RULES = Rules(require_subject_match=True, min_experience_years=3, exclude_same_school=True)


class BenchError(RuntimeError):
    pass


def _subjects(rng: random.Random, count: int) -> frozenset[str]:
    names = [name for name, _ in SUBJECTS]
    weights = [weight for _, weight in SUBJECTS]
    chosen: set[str] = set()
    while len(chosen) < count:
        chosen.add(rng.choices(names, weights)[0])
    return frozenset(chosen)


def district(requests: int, mentors: int, seed: int) -> tuple[list[RequestNeeds], list[MentorOffer]]:
    rng = random.Random(seed)
    schools = [uuid.UUID(int=rng.getrandbits(128), version=4) for _ in range(SCHOOLS)]
    offers = [
        MentorOffer(
            id=uuid.UUID(int=rng.getrandbits(128), version=4),
            school_id=rng.choice(schools),
            subjects=_subjects(rng, rng.choices((1, 2, 3), (65, 30, 5))[0]),
            directions=frozenset(rng.sample(DIRECTIONS, rng.randint(1, 4))),
            experience_years=rng.randint(0, 35),
            free_capacity=rng.randint(1, 3),
            modes=rng.choices((frozenset({"traditional", "virtual"}), frozenset({"traditional"}),
                               frozenset({"virtual"})), (55, 30, 15))[0],
        )
        for _ in range(mentors)
    ]
    needs = []
    for _ in range(requests):
        excluded: frozenset[Id] = frozenset()
        if rng.random() < 0.05:  # the curator ruled out one or two mentors
            excluded = frozenset(o.id for o in rng.sample(offers, rng.randint(1, 2)))
        needs.append(RequestNeeds(
            id=uuid.UUID(int=rng.getrandbits(128), version=4),
            school_id=rng.choice(schools),
            subjects=_subjects(rng, rng.choices((0, 1, 2), (5, 85, 10))[0]),
            directions=frozenset(rng.sample(DIRECTIONS, rng.randint(1, 3))) if rng.random() < 0.9 else frozenset(),
            preferred_mode=rng.choices(("", "traditional", "virtual"), (50, 30, 20))[0],
            excluded_mentors=excluded,
            min_experience_years=rng.choice((5, 10)) if rng.random() < 0.15 else None,
        ))
    return needs, offers


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]


def run(n_requests: int, n_mentors: int, seed: int, repeat: int) -> dict[str, Any]:
    started = time.perf_counter()
    requests, mentors = district(n_requests, n_mentors, seed)
    generate_s = time.perf_counter() - started
    print(f"generated {n_requests} requests, {n_mentors} mentors in {generate_s:.2f} s", file=sys.stderr)

    rank_ms = []
    eligible_counts = []
    for request in requests[:RANK_SAMPLE]:
        t = time.perf_counter()
        ranked = rank(request, mentors, RULES)
        rank_ms.append((time.perf_counter() - t) * 1000)
        keys = [(not s.eligible, -s.total, str(s.mentor_id)) for s in ranked]
        if len(ranked) != n_mentors or keys != sorted(keys):
            raise BenchError(f"rank of request {request.id} is not every mentor in order")
        eligible_counts.append(sum(s.eligible for s in ranked))
    print(f"rank: p50 {statistics.median(rank_ms):.1f} ms, p95 {_p95(rank_ms):.1f} ms", file=sys.stderr)

    runs = []
    for attempt in range(repeat):
        optimal = assign_optimal(requests, mentors, RULES)
        runs.append(optimal)
        print(f"optimal run {attempt + 1}: {optimal.seconds:.3f} s, total {optimal.total_score}, "
              f"matched {optimal.matched}", file=sys.stderr)
    if any(r.pairs != runs[0].pairs for r in runs[1:]):
        raise BenchError("assign_optimal gave different assignments for the same input")
    optimal = runs[0]
    greedy = assign_greedy(requests, mentors, RULES)
    print(f"greedy: {greedy.seconds:.3f} s, total {greedy.total_score}, matched {greedy.matched}", file=sys.stderr)
    for assignment in (optimal, greedy):
        try:
            check_assignment(assignment, requests, mentors, RULES)
        except ValueError as error:
            raise BenchError(f"{assignment.method} assignment is invalid: {error}") from error
    if optimal.total_score < greedy.total_score:
        raise BenchError(f"optimal total {optimal.total_score} is below greedy {greedy.total_score}")

    optimal_s = [r.seconds for r in runs]
    places = sum(m.free_capacity for m in mentors)
    return {
        "requests": n_requests,
        "mentors": n_mentors,
        "free_places": places,
        "schools": SCHOOLS,
        "seed": seed,
        "database": None,
        "eligible_per_request_mean": round(statistics.mean(eligible_counts), 1),
        "rank_sample": len(rank_ms),
        "rank_p50_ms": round(statistics.median(rank_ms), 2),
        "rank_p95_ms": round(_p95(rank_ms), 2),
        "rank_max_ms": round(max(rank_ms), 2),
        "optimal_runs": repeat,
        "optimal_median_s": round(statistics.median(optimal_s), 4),
        "optimal_max_s": round(max(optimal_s), 4),
        "greedy_s": round(greedy.seconds, 4),
        "optimal_total_score": optimal.total_score,
        "optimal_matched": optimal.matched,
        "greedy_total_score": greedy.total_score,
        "greedy_matched": greedy.matched,
        "score_ratio_optimal_over_greedy": round(optimal.total_score / greedy.total_score, 4)
        if greedy.total_score else None,
        "matched_ratio_optimal_over_greedy": round(optimal.matched / greedy.matched, 4) if greedy.matched else None,
        "optimal_mean_score_per_pair": round(optimal.total_score / optimal.matched, 2) if optimal.matched else None,
        "greedy_mean_score_per_pair": round(greedy.total_score / greedy.matched, 2) if greedy.matched else None,
        "optimal_target_s": OPTIMAL_TARGET_S,
        "optimal_target_met": max(optimal_s) < OPTIMAL_TARGET_S,
        "rank_target_ms": RANK_TARGET_MS,
        "rank_target_met": _p95(rank_ms) < RANK_TARGET_MS,
        "numpy_version": numpy.__version__,
        "scipy_version": scipy.__version__,
        "cpus": os.cpu_count(),
        "load_1m": round(os.getloadavg()[0], 2),
    }


def table(result: dict[str, Any]) -> str:
    def met(key: str) -> str:
        return "MET" if result[key] else "NOT MET"

    score_ratio = result["score_ratio_optimal_over_greedy"]
    matched_ratio = result["matched_ratio_optimal_over_greedy"]
    lines = [
        f"Exchange matching: {result['requests']} requests × {result['mentors']} mentors "
        f"({result['free_places']} free places, {result['schools']} schools, seed {result['seed']}); "
        f"{result['cpus']} CPUs, load {result['load_1m']}",
        f"numpy {result['numpy_version']}, scipy {result['scipy_version']}; "
        f"eligible mentors per request: {result['eligible_per_request_mean']} on average",
        "",
        f"{'rank one request over all mentors':44}p50 {result['rank_p50_ms']:7.1f} ms  "
        f"p95 {result['rank_p95_ms']:7.1f} ms  ({result['rank_sample']} requests)",
        f"{'optimal proposal (linear_sum_assignment)':44}median {result['optimal_median_s']:6.3f} s  "
        f"max {result['optimal_max_s']:6.3f} s  ({result['optimal_runs']} runs, identical)",
        f"{'greedy proposal (first come)':44}{result['greedy_s']:6.3f} s",
        *([f"{'rank through the service (PostgreSQL)':44}p50 {result['rank_db_p50_ms']:7.1f} ms  "
           f"p95 {result['rank_db_p95_ms']:7.1f} ms  ({result['rank_db_sample']} requests)"]
          if "rank_db_p50_ms" in result else []),
        "",
        f"{'':44}{'total score':>12} {'matched':>8} {'per pair':>9}",
        f"{'optimal':44}{result['optimal_total_score']:12d} {result['optimal_matched']:8d} "
        f"{result['optimal_mean_score_per_pair']!s:>9}",
        f"{'greedy':44}{result['greedy_total_score']:12d} {result['greedy_matched']:8d} "
        f"{result['greedy_mean_score_per_pair']!s:>9}",
        f"{'optimal / greedy':44}{score_ratio!s:>12} {matched_ratio!s:>8}",
        "",
        f"{'target: rank p95 under ' + format(result['rank_target_ms'], 'g') + ' ms':44}{met('rank_target_met')}",
        f"{'target: optimal under ' + format(result['optimal_target_s'], 'g') + ' s (slowest run)':44}"
        f"{met('optimal_target_met')}",
    ]
    return "\n".join(lines)


def run_with_database(n_mentors: int, seed: int) -> dict[str, Any]:
    """Rank through exchange.ranking.request_rank with the directory in a throwaway PostgreSQL database."""
    import datetime as dt
    import importlib.util

    bench_dir = Path(__file__).resolve().parent
    # bench/district.py must not shadow the platform's `district` app.
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != bench_dir]
    spec = importlib.util.spec_from_file_location("bench_provision", bench_dir / "provision.py")
    assert spec is not None and spec.loader is not None
    provision = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = provision
    spec.loader.exec_module(provision)
    provision._paths_setup()
    server_url, _source = provision._server_url()
    os.environ["STATS_REFRESH_ON_CHANGE"] = "false"
    with provision.throwaway_database(server_url) as bench_url:
        os.environ["DATABASE_URL"] = bench_url
        import django

        django.setup()
        from django.core.management import call_command

        from exchange.models import DirectoryEntry, MentorRequest
        from exchange.ranking import RANKING_SHOWN, request_rank
        from people.services import person_create
        from tenants.services import FirstAdministrator, school_register, school_template_ensure

        call_command("migrate_schemas", "--shared", verbosity=0)
        school_template_ensure()
        # As a gunicorn worker is set up (deploy/gunicorn.conf.py, post_worker_init): what is loaded is
        # frozen out of the garbage collector's sight.
        import gc

        from django.urls import get_resolver

        get_resolver("config.urls_school").url_patterns  # noqa: B018
        gc.freeze()
        admin = person_create(acting_user=None, username="bench-curator", last_name="Бенчева", first_name="Кура",
                              password="bench-pass-123")  # noqa: S106
        requesting, lending = (school_register(
            acting_user=None, slug=slug, full_name=slug, short_name=slug,
            administrator=FirstAdministrator(username=admin.username, last_name="", first_name="")).school
            for slug in ("school-a", "school-b"))
        _requests, offers = district(RANK_SAMPLE, n_mentors, seed)
        DirectoryEntry.objects.bulk_create([DirectoryEntry(
            school=lending, staff_uuid=uuid.uuid4(), last_name=f"Наставник{i}", first_name="Имя",
            subjects=sorted(o.subjects), directions=sorted(o.directions), modes=sorted(o.modes),
            experience_years=o.experience_years, capacity=max(1, o.free_capacity)) for i, o in enumerate(offers)])
        requests = [MentorRequest.objects.create(
            school=requesting, subjects=sorted(r.subjects), directions=sorted(r.directions),
            preferred_mode=r.preferred_mode, starts_on=dt.date.today(), months=6, created_by=admin)
            for r in _requests]
        for request in requests[:3]:  # warm-up, as a running server is
            request_rank(request=request)
        timings = []
        for request in requests:
            started = time.perf_counter()
            ranked = request_rank(request=request, limit=RANKING_SHOWN)
            timings.append((time.perf_counter() - started) * 1000)
            if len(ranked) != min(RANKING_SHOWN, n_mentors):
                raise BenchError(f"the ranking through the service has {len(ranked)} mentors")
        return {"rank_db_sample": len(timings), "rank_db_p50_ms": round(statistics.median(timings), 2),
                "rank_db_p95_ms": round(_p95(timings), 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests (default 2000)")
    parser.add_argument("--mentors", type=int, default=1000, help="mentors (default 1000)")
    parser.add_argument("--seed", type=int, default=2024, help="seed of the generated district (default 2024)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the optimal proposal (default 3)")
    parser.add_argument("--json", action="store_true", help="print one JSON object and nothing else")
    parser.add_argument("--database", action="store_true",
                        help="also rank through the service against PostgreSQL (a throwaway database)")
    args = parser.parse_args(argv)
    if args.requests < RANK_SAMPLE or args.mentors < 1 or args.repeat < 1:
        parser.error(f"--requests must be at least {RANK_SAMPLE}, --mentors and --repeat at least 1")
    try:
        result = run(args.requests, args.mentors, args.seed, args.repeat)
        if args.database:
            result.update(run_with_database(args.mentors, args.seed))
    except BenchError as error:
        print(f"matching benchmark failed: {error}", file=sys.stderr)
        return 1
    print(json.dumps(result, ensure_ascii=False) if args.json else table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
