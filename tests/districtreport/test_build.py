"""The build task: PDF and XLSX from the kept figures — the fixed statistical table, the chosen schools only,
the small-numbers rule — progress, idempotence, failure."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context
from openpyxl import load_workbook
from pypdf import PdfReader

from audit.models import AuditEvent
from district.selectors import district_settings
from districtreport import build, services
from districtreport.content import OBSERVATION
from districtreport.models import DistrictReport, ReportStatus
from districtreport.tasks import build_district_report
from tests.districtreport.conftest import FIGURES_A, FIGURES_B, YEAR, keep, pdf_text

SHEETS = ["Отчёт", "Статнаблюдение", "По ОО", "Формы и виды", "Охват", "Анкетирование", "Согласия"]


def _request(world, schools: list[Any] | None = None) -> DistrictReport:  # type: ignore[no-untyped-def]
    return services.district_report_request(acting_user=world.people["district_analyst"], year_text=str(YEAR),
                                            school_ids=schools)


def _build(report: DistrictReport) -> DistrictReport:
    assert build_district_report(str(report.pk)) == ReportStatus.READY
    report.refresh_from_db()
    return report


def _book(report: DistrictReport) -> Any:
    return load_workbook(io.BytesIO(report.xlsx.open("rb").read()))


def _observation(book: Any) -> dict[str, Any]:
    """Row number → value of the statistical observation's table."""
    return {row[1]: row[2] for row in book["Статнаблюдение"].iter_rows(values_only=True)
            if row and isinstance(row[1], str) and row[1].isdigit()}


def _built_events(report: DistrictReport) -> int:
    with schema_context(get_public_schema_name()):
        return AuditEvent.objects.filter(action="districtreport.built", target_id=str(report.pk)).count()


def _sum(name: str) -> int:
    return int(FIGURES_A[name]) + int(FIGURES_B[name])


@pytest.fixture
def everything(world, kept, media):  # type: ignore[no-untyped-def]
    return _build(_request(world))


def test_the_task_builds_both_files_in_the_districts_folder(world, everything, media):  # type: ignore[no-untyped-def]
    report = everything
    assert report.status == ReportStatus.READY and report.progress == 100 and report.is_ready
    assert report.started_at and report.finished_at and report.error == ""
    for file in (report.pdf, report.xlsx):
        assert file.name.startswith(f"district/reports/{report.pk}/")
        assert (media / file.name).is_file()
    assert report.pdf.open("rb").read(4) == b"%PDF"
    # All schools: the names of those covered, in alphabetical order («ООШ …» before «СОШ …»).
    assert report.school_names == [world.school_b.short_name, world.school_a.short_name]
    assert _built_events(report) == 1


def test_the_pdf_is_typeset_in_cyrillic_with_the_fixed_table(world, everything):  # type: ignore[no-untyped-def]
    data = everything.pdf.open("rb").read()
    text = pdf_text(data)
    assert district_settings().name in text
    assert ("ОТЧЁТ о реализации целевой модели наставничества педагогических работников в общеобразовательных "
            "организациях района за 2024/2025 учебный год") in text
    assert "Охвачены все общеобразовательные организации района: 2." in text
    for title in ("1. Статистическое наблюдение", "2. Показатели по общеобразовательным организациям",
                  "3. Формы и виды наставничества", "4. Охват молодых специалистов наставничеством",
                  "5. Результаты анкетирования", "6. Согласия работников"):
        assert title in text
    # Every row of the fixed table, with its number and the district's total.
    assert "Число общеобразовательных организаций (ОО), единиц 01 2" in text
    assert f"Численность педагогических работников в ОО, человек 02 {_sum('staff')}" in text
    assert f"из них охвачены наставничеством, человек 04 {_sum('young_covered')}" in text
    assert "Доля молодых специалистов, охваченных наставничеством, % 05 77,8" in text
    assert f"Количество наставнических групп, единиц 09 {_sum('groups_total')}" in text
    for number, _wording, _value in OBSERVATION:
        assert f" {number} " in text
    assert world.school_a.short_name in text and world.school_b.short_name in text
    assert "Рисунок 1. Пары и группы по видам наставничества" in text and "Реверсивное" in text
    assert "Рисунок 2. Доля молодых специалистов, охваченных наставничеством, по ОО, %" in text
    reader = PdfReader(io.BytesIO(data))
    fonts = {str(font.get_object()["/BaseFont"]) for page in reader.pages
             for font in page["/Resources"].get("/Font", {}).values()}
    assert fonts and all("LiberationSerif" in name for name in fonts)


def test_the_xlsx_has_a_sheet_per_section_with_numbers_as_numbers(world, everything):  # type: ignore[no-untyped-def]
    book = _book(everything)
    assert book.sheetnames == SHEETS
    values = _observation(book)
    assert list(values) == [number for number, _wording, _value in OBSERVATION]  # all 16 rows, in order
    assert values == {
        "01": 2, "02": _sum("staff"), "03": _sum("young_specialists"), "04": _sum("young_covered"),
        "05": round(100 * _sum("young_covered") / _sum("young_specialists"), 1),
        "06": _sum("mentors") + _sum("guest_mentors"), "07": _sum("mentees"),
        "08": _sum("pairs_total") - _sum("groups_total"), "09": _sum("groups_total"),
        "10": _sum("pairs_completed"), "11": _sum("pairs_ended_early"), "12": 2, "13": 2, "14": 1,
        "15": _sum("overdue_activities"), "16": _sum("cross_school_pairs"),
    }
    assert all(isinstance(value, int | float) and not isinstance(value, bool) for value in values.values())
    by_school = {row[1]: row[:10] for row in book["По ОО"].iter_rows(values_only=True) if isinstance(row[2], int)}
    assert by_school[world.school_a.short_name][2:] == (40, 6, 7, 5, 1, 2, 1, 3)
    assert by_school["Итого"][2] == _sum("staff")
    modes = {row[0]: row[3] for row in book["Формы и виды"].iter_rows(values_only=True)
             if row and len(row) >= 4 and isinstance(row[3], int)}
    assert modes["Традиционное (один на один)"] == 5 and modes["Реверсивное"] == 3 and modes["Групповое"] == 1
    assert book["Формы и виды"]._charts and book["Охват"]._charts
    consents = {row[0]: row[1] for row in book["Согласия"].iter_rows(values_only=True) if row and len(row) >= 2}
    assert consents["Обработка персональных данных для программы наставничества школы"] == 50
    assert consents["Публикация на сайте школы"] == 12


def test_surveys_follow_the_small_numbers_rule(world, everything):  # type: ignore[no-untyped-def]
    text = pdf_text(everything.pdf.open("rb").read())
    assert "не менее 5 человек" in text and "скрыто: менее 5 ответов" in text
    rows = {row[1]: row[:7] for row in _book(everything)["Анкетирование"].iter_rows(values_only=True)
            if len(row) >= 7}
    # A (3 answers) is hidden; B (10) is shown; the district's total would reveal A's, so it is hidden too.
    assert rows[world.school_a.short_name][2:] == ("скрыто: менее 5 ответов", "—", "—", "—", "—")
    assert rows[world.school_b.short_name][2:] == (10, 75.0, 50.0, "—", 60.0)
    assert rows["Итого по району"][2:] == (13, "скрыто", "скрыто", "скрыто", "скрыто")


def test_only_the_chosen_schools_are_in_the_report(world, kept, media):  # type: ignore[no-untyped-def]
    report = _build(_request(world, [str(world.school_a.uuid)]))
    text = pdf_text(report.pdf.open("rb").read())
    assert world.school_a.short_name in text and world.school_b.short_name not in text and "Бета" not in text
    assert f"Охвачены выбранные общеобразовательные организации (1): {world.school_a.short_name}." in text
    book = _book(report)
    values = _observation(book)
    assert values["01"] == 1 and values["02"] == FIGURES_A["staff"] and values["07"] == FIGURES_A["mentees"]
    for sheet in book.sheetnames:
        assert not any("Бета" in str(cell) for row in book[sheet].iter_rows(values_only=True) for cell in row if cell)
    assert report.school_names == [world.school_a.short_name]


def test_a_chosen_school_without_figures_is_named_and_the_table_keeps_every_row(world, media):  # type: ignore[no-untyped-def]
    keep(world.school_a, FIGURES_A)  # B has no figures for the year
    report = _build(_request(world, [str(world.school_b.uuid)]))
    assert f"Сведения за 2024/2025 учебный год отсутствуют: {world.school_b.short_name}." in pdf_text(
        report.pdf.open("rb").read())
    values = _observation(_book(report))
    assert list(values) == [number for number, _wording, _value in OBSERVATION]
    assert set(values.values()) == {0}  # zeros included, every row present


def test_progress_moves_to_100(world, kept, media, monkeypatch):  # type: ignore[no-untyped-def]
    report = _request(world)
    seen: list[int] = []
    original = build._set_progress

    def spy(report_id, progress):  # type: ignore[no-untyped-def]
        original(report_id, progress)
        seen.append(DistrictReport.objects.get(pk=report_id).progress)

    monkeypatch.setattr(build, "_set_progress", spy)
    build_district_report(str(report.pk))
    report.refresh_from_db()
    assert seen == sorted(seen) and len(seen) >= 3 and 0 < seen[0] and seen[-1] < 100
    assert report.progress == 100


def test_a_duplicate_message_does_not_rebuild_a_ready_report(world, everything):  # type: ignore[no-untyped-def]
    names = (everything.pdf.name, everything.xlsx.name)
    assert build_district_report(str(everything.pk)) == ReportStatus.READY
    everything.refresh_from_db()
    assert (everything.pdf.name, everything.xlsx.name) == names
    assert _built_events(everything) == 1


def test_a_failure_is_kept_with_its_error_and_leaves_no_files(world, kept, media, monkeypatch):  # type: ignore[no-untyped-def]
    report = _request(world)

    def boom(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("reportlab broke")

    monkeypatch.setattr(build, "district_pdf", boom)
    assert build_district_report(str(report.pk)) == ReportStatus.FAILED
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED and "reportlab broke" in report.error
    assert not report.pdf and not report.xlsx and not (media / "district").exists()
    assert build_district_report(str(report.pk)) == ReportStatus.FAILED  # a failed report is not retried


def test_a_stale_running_job_is_built_again_but_a_fresh_one_is_left_alone(world, kept, media):  # type: ignore[no-untyped-def]
    report = _request(world)
    DistrictReport.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING, started_at=timezone.now())
    assert build_district_report(str(report.pk)) == ReportStatus.RUNNING  # another worker builds it
    DistrictReport.objects.filter(pk=report.pk).update(started_at=timezone.now() - dt.timedelta(hours=1))
    assert build_district_report(str(report.pk)) == ReportStatus.READY


def test_a_missing_report_is_nothing_to_build(world):  # type: ignore[no-untyped-def]
    assert build_district_report("00000000-0000-0000-0000-000000000000") == "missing"
