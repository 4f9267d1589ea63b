"""The benchmarks run as documented (bench/README.md), so they cannot rot: each in a fresh process,
against the test session's server, in a throwaway database of its own."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.processes import ROOT, process_env


def _bench(*args: str, timeout: int) -> dict:  # type: ignore[type-arg]
    env = process_env(DJANGO_SETTINGS_MODULE="config.settings.dev")
    env.pop("PYTHONPATH")  # the scripts find their own paths
    done = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def test_import_staff_bench_runs_from_the_repository_root():
    """It used to fail: bench/ first on the path hid the platform's `district` app behind bench/district.py."""
    result = _bench("bench/import_staff.py", "--rows", "60", "--json", timeout=300)
    assert result["rows"] == 60 and result["bad_rows_reported"] == [43]


def test_region_bench_figures_only_quick():
    result = _bench("bench/region.py", "--figures-only", "--quick", timeout=300)
    assert result["schools"] == 20 and result["figures_only"]
    for key in ("dashboard_p95_ms", "dashboard_cpu_p95_ms", "dashboard_after_refresh_ms", "dashboard_page_kb",
                "district_pdf_s", "district_pdf_cpu_s", "district_xlsx_s", "district_xlsx_cpu_s"):
        assert result[key] > 0, key


def test_region_bench_quick():
    result = _bench("bench/region.py", "--quick", timeout=600)
    assert result["schools"] == 20
    assert [block["schools"] for block in result["register_blocks"]] == ["1-5", "6-10", "11-15", "16-20"]
    for key in ("dashboard_p50_ms", "dashboard_p95_ms", "dashboard_page_kb", "district_pdf_s", "district_xlsx_s",
                "refresh_all_s", "migrate_noop_standard_s", "migrate_noop_multiprocessing_s", "migrate_noop_region_s",
                "database_mb",
                "pg_class_rows_per_school", "load_before", "load_after"):
        assert result[key] is not None, key
    assert result["pg_class_rows_per_school"] > 200  # every school really has its tables
    assert result["migrate_one_new_schemas"] == 21  # the new migration reached every school and the template
