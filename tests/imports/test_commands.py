import pytest
from django.core.management import CommandError, call_command
from django.utils.translation import gettext as _

from tests import factories
from tests.imports.conftest import ORG_HEADERS, WORKER_HEADERS, worker_row, xlsx_bytes
from zhichuang.accounts.models import Worker
from zhichuang.imports.models import ImportJob
from zhichuang.manage import main
from zhichuang.orgs.models import Organization

pytestmark = pytest.mark.django_db


def test_import_workers_command_imports_and_draws_progress(city_tree, district_admin, tmp_path, capsys):
    path = tmp_path / "workers.xlsx"
    path.write_bytes(xlsx_bytes(WORKER_HEADERS, [worker_row(city_tree["steel"], name="冯十二")]))
    call_command("import_workers", str(path), "--as", district_admin.username, "--password", "Import-pass-2026")
    out, err = capsys.readouterr()
    assert "\r[" in err and "100%" in err
    assert _("Imported: %s") % "" in out
    worker = Worker.objects.get(name="冯十二")
    assert worker.user.check_password("Import-pass-2026") and worker.user.must_change_password
    assert ImportJob.objects.get().created_by == district_admin


def test_import_workers_command_prints_generated_password(city_tree, district_admin, tmp_path, capsys):
    path = tmp_path / "workers.csv"
    path.write_text(",".join(WORKER_HEADERS) + "\n" + ",".join(worker_row(city_tree["steel"], name="陈十三")), "utf-8")
    call_command("import_workers", str(path), "--as", district_admin.username)
    out, _err = capsys.readouterr()
    password = out.strip().rsplit(" ", 1)[-1]
    assert Worker.objects.get(name="陈十三").user.check_password(password)


def test_import_workers_command_fails_with_report_path(city_tree, district_admin, tmp_path):
    id_number = factories.new_id_number()
    rows = [worker_row(city_tree["steel"], id_number=id_number), worker_row(city_tree["steel"], id_number=id_number)]
    path = tmp_path / "workers.xlsx"
    path.write_bytes(xlsx_bytes(WORKER_HEADERS, rows))
    before = Worker.objects.count()
    with pytest.raises(CommandError) as caught:
        call_command("import_workers", str(path), "--as", district_admin.username, "--password", "Import-pass-2026")
    job = ImportJob.objects.get()
    assert job.error_report.path in str(caught.value)
    assert _("The same ID number is in row %(row)d.") % {"row": 2} in str(caught.value)
    assert Worker.objects.count() == before


def test_console_script_exits_non_zero_with_report_path(city_tree, district_admin, tmp_path, monkeypatch, capsys):
    id_number = factories.new_id_number()
    rows = [worker_row(city_tree["steel"], id_number=id_number), worker_row(city_tree["steel"], id_number=id_number)]
    path = tmp_path / "workers.xlsx"
    path.write_bytes(xlsx_bytes(WORKER_HEADERS, rows))
    argv = ["zhichuang", "import-workers", str(path), "--as", district_admin.username, "--password", "Import-pass-2026"]
    monkeypatch.setattr("sys.argv", argv)
    # run_from_argv closes the connections when it ends, which would end the test's transaction.
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)
    with pytest.raises(SystemExit) as caught:
        main()
    assert caught.value.code == 1
    assert ImportJob.objects.get().error_report.path in capsys.readouterr().err


def test_import_orgs_command(city_tree, city_admin, tmp_path):
    path = tmp_path / "orgs.xlsx"
    path.write_bytes(xlsx_bytes(ORG_HEADERS, [["区县总工会", "东区总工会", "", "", "", "", "", "", "", "", "", ""]]))
    call_command("import_orgs", str(path), "--as", city_admin.username)
    assert Organization.objects.get(name="东区总工会").parent == city_tree["city"]


def test_import_command_unknown_user(tmp_path):
    path = tmp_path / "orgs.xlsx"
    path.write_bytes(b"x")
    with pytest.raises(CommandError):
        call_command("import_orgs", str(path), "--as", "nobody")
