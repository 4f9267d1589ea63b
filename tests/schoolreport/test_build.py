"""The build task: both files, the school's own name in Cyrillic, the same figures in PDF and XLSX,
idempotence, failure, progress."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from audit.models import AuditEvent
from mentoring.models import Mode, ParticipantRole
from schoolreport import build, services
from schoolreport.models import ReportStatus, SchoolReport
from schoolreport.tasks import build_school_report
from tenants.models import School
from tests.schoolreport.conftest import pdf_text
from tests.schoolreport.scene import YEAR

CONCLUSIONS = "Система наставничества работает.\nМолодые специалисты закреплены за наставниками."
SECOND_FULL = "Муниципальни бюджетни юкъарадешаран учреждени «Альфа-юьртан ЮКЮШ»"


def _request(world, **kwargs):  # type: ignore[no-untyped-def]
    return services.report_request(school=world.school_a, acting_user=world.people["curator_a"], year=YEAR,
                                   conclusions=kwargs.pop("conclusions", CONCLUSIONS), **kwargs)


@pytest.fixture
def built(world, scene, media):  # type: ignore[no-untyped-def]
    School.objects.filter(pk=world.school_a.pk).update(full_name_second_language=SECOND_FULL,
                                                       short_name_second_language="МБЮУ «Альфа-юьртан ЮКЮШ»",
                                                       locality="с. Альфа")
    report = _request(world)
    assert build_school_report(str(report.pk)) == ReportStatus.READY
    report.refresh_from_db()
    return report


def test_the_task_builds_both_files_under_the_schools_folder(world, built, media):  # type: ignore[no-untyped-def]
    assert built.status == ReportStatus.READY and built.progress == 100 and built.is_ready
    assert built.started_at and built.finished_at and built.error == ""
    for file in (built.pdf, built.xlsx):
        assert file.name.startswith(f"schools/{world.school_a.schema_name}/reports/{built.pk}/")
        assert (media / file.name).is_file()
    assert built.pdf.read(4) == b"%PDF"
    assert AuditEvent.objects.filter(action="schoolreport.built", target_id=str(built.pk)).exists()


def test_the_pdf_carries_school_as_name_in_cyrillic_and_never_school_bs(world, built):  # type: ignore[no-untyped-def]
    data = built.pdf.open("rb").read()
    text = pdf_text(data)
    assert "МБОУ «СОШ с. Альфа»" in text
    assert SECOND_FULL in text  # the second-language name on the title page
    assert "ИТОГОВЫЙ АНАЛИТИЧЕСКИЙ ОТЧЁТ" in text and "за 2025/2026 учебный год" in text
    assert "УТВЕРЖДАЮ" in text
    assert "Участники системы наставничества" in text and "Выводы куратора" in text
    assert "Молодые специалисты закреплены за наставниками." in text
    assert "Рисунок 1. Пары и группы по видам наставничества" in text
    assert "Традиционное (один на один)" in text and "Реверсивное" in text
    assert "Посещение уроков наставника" in text  # the overdue activity is listed
    assert "Бета" not in text and world.school_b.full_name not in text
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 3
    fonts = {str(font.get_object()["/BaseFont"]) for page in reader.pages
             for font in page["/Resources"].get("/Font", {}).values()}
    assert fonts and all("LiberationSerif" in name for name in fonts)


def test_the_xlsx_has_a_sheet_per_section_with_the_same_numbers(world, built, scene):  # type: ignore[no-untyped-def]
    book = load_workbook(io.BytesIO(built.xlsx.open("rb").read()))
    assert book.sheetnames == ["Отчёт", "Участники", "Молодые специалисты", "Пары и группы", "Программы",
                               "Просроченные", "Анкетирование", "Дорожная карта", "Выводы"]
    rows = {sheet: [list(row) for row in book[sheet].iter_rows(values_only=True)] for sheet in book.sheetnames}

    def value(sheet: str, label: str) -> object:
        return next(row[1] for row in rows[sheet] if row and row[0] == label)

    mentors = scene.participants(ParticipantRole.MENTOR)
    assert value("Участники", "Наставники") == len(mentors) == built.figures["participants"]["mentors"]
    assert value("Участники", "Наставляемые") == len(scene.participants(ParticipantRole.MENTEE))
    assert value("Молодые специалисты", "из них охвачены наставничеством (наставляемые в парах и группах)") == 2
    modes = {row[0]: row[3] for row in rows["Пары и группы"] if row and len(row) >= 4 and isinstance(row[3], int)}
    assert modes["Традиционное (один на один)"] == 1 and modes["Групповое"] == 1
    assert modes["Итого"] == len(scene.counted_pairs)
    assert value("Программы", "Завершены досрочно (п. 7.1 Положения)") == 1
    assert value("Программы", "По взаимному решению (по уважительным причинам)") == 1
    assert any(row[0] == "Молодые специалисты закреплены за наставниками." for row in rows["Выводы"] if row)
    assert any("МБОУ «СОШ с. Альфа»" in str(row[0]) for row in rows["Отчёт"] if row)
    assert book["Пары и группы"]._charts  # the chart of pairs by mode
    for sheet in book.sheetnames:
        assert not any("Бета" in str(cell) for row in rows[sheet] for cell in row if cell)
    assert modes["Реверсивное"] == sum(1 for pair in scene.counted_pairs if pair.mode == Mode.REVERSE)


def test_a_duplicate_message_does_not_rebuild_a_ready_report(world, built):  # type: ignore[no-untyped-def]
    names = (built.pdf.name, built.xlsx.name)
    assert build_school_report(str(built.pk)) == ReportStatus.READY
    built.refresh_from_db()
    assert (built.pdf.name, built.xlsx.name) == names
    assert AuditEvent.objects.filter(action="schoolreport.built", target_id=str(built.pk)).count() == 1


def test_a_rebuild_replaces_the_files_and_the_conclusions(world, built, media,  # type: ignore[no-untyped-def]
                                                          django_capture_on_commit_callbacks):
    old = [built.pdf.name, built.xlsx.name]
    report = _request(world, conclusions="Новые выводы.")
    assert report.pk == built.pk and report.status == ReportStatus.QUEUED and report.progress == 0
    with django_capture_on_commit_callbacks(execute=True):
        build_school_report(str(report.pk))
    report.refresh_from_db()
    assert report.is_ready and "Новые выводы." in pdf_text(report.pdf.open("rb").read())
    assert report.pdf.name not in old and (media / report.pdf.name).is_file()
    assert not any((media / name).exists() for name in old)  # the old files are removed once the new are saved
    assert SchoolReport.objects.count() == 1


def test_progress_is_written_as_sections_are_built(world, scene, media, monkeypatch):  # type: ignore[no-untyped-def]
    report = _request(world)
    seen: list[int] = []
    original = build._set_progress

    def spy(report_id, progress, **fields):  # type: ignore[no-untyped-def]
        original(report_id, progress, **fields)
        seen.append(SchoolReport.objects.get(pk=report_id).progress)

    monkeypatch.setattr(build, "_set_progress", spy)
    build_school_report(str(report.pk))
    assert seen == sorted(seen) and len(seen) >= 8 and seen[-1] == 95 and 0 < seen[0] < 70


def test_a_failure_is_recorded_and_leaves_no_files(world, scene, media, monkeypatch):  # type: ignore[no-untyped-def]
    report = _request(world)

    def boom(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("reportlab broke")

    monkeypatch.setattr(build, "report_pdf", boom)
    assert build_school_report(str(report.pk)) == ReportStatus.FAILED
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED and "reportlab broke" in report.error
    assert not report.pdf and not report.xlsx
    assert not (media / "schools").exists()
    # A failed report is built again only on a new request.
    assert build_school_report(str(report.pk)) == ReportStatus.FAILED


def test_the_task_refuses_to_run_in_the_district_schema(world, scene):  # type: ignore[no-untyped-def]
    report = _request(world)
    from django_tenants.utils import schema_context

    with schema_context("public"), pytest.raises(RuntimeError, match="must be sent for a school"):
        build_school_report(str(report.pk))


def test_a_stale_running_job_is_built_again_but_a_fresh_one_is_left_alone(world, scene, media):  # type: ignore[no-untyped-def]
    report = _request(world)
    SchoolReport.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING, started_at=timezone.now())
    assert build_school_report(str(report.pk)) == ReportStatus.RUNNING  # another worker builds it
    SchoolReport.objects.filter(pk=report.pk).update(started_at=timezone.now() - dt.timedelta(hours=1))
    assert build_school_report(str(report.pk)) == ReportStatus.READY
