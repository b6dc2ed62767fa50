"""The systemd units in deploy/systemd and what docs/deployment.md and README.md say about them agree."""

import re
import shlex

import pytest
from django.conf import settings
from django.core.management import get_commands
from django.db import connection

UNITS = settings.PROJECT_DIR / "deploy" / "systemd"
DOCS = [settings.PROJECT_DIR / "docs" / "deployment.md", settings.PROJECT_DIR / "README.md"]


def test_every_unit_the_docs_name_is_shipped():
    shipped = {path.name for path in UNITS.iterdir()}
    for doc in DOCS:
        named = set(re.findall(r"govhall-[a-z]+\.(?:service|timer)", doc.read_text()))
        assert named <= shipped, f"{doc.name} names units that deploy/systemd lacks: {named - shipped}"
        for short in re.findall(r"systemctl (?:stop|start|restart|is-active|enable --now) ([^`\n&]+)", doc.read_text()):
            for unit in short.split():
                name = unit if "." in unit else f"{unit}.service"
                assert name in shipped, f"{doc.name}: systemctl … {unit}"


def test_units_run_existing_management_commands():
    commands = get_commands()
    for unit in UNITS.glob("*.service"):
        exec_start = next(line for line in unit.read_text().splitlines() if line.startswith("ExecStart="))
        argv = shlex.split(exec_start.removeprefix("ExecStart="))
        if "manage.py" in argv:
            assert argv[argv.index("manage.py") + 1] in commands, unit.name


def test_documented_worker_command_is_the_units():
    worker = (UNITS / "govhall-worker.service").read_text()
    assert "manage.py run_worker" in worker
    assert (
        "db_worker"
        not in (settings.PROJECT_DIR / "docs" / "deployment.md").read_text().split("## 7.")[0].split("## 6.")[1]
    )


@pytest.mark.django_db
def test_tables_in_the_monitoring_queries_exist():
    text = (settings.PROJECT_DIR / "docs" / "deployment.md").read_text()
    named = set(re.findall(r"\b((?:django|cases|integrations|core)_[a-z_]+)\b", text)) - {"django_tasks_db"}
    assert named, "the monitoring section names tables"
    assert named <= set(connection.introspection.table_names()), named - set(connection.introspection.table_names())


def test_every_setting_read_from_the_environment_is_documented():
    source = (settings.PROJECT_DIR / "src" / "govhall" / "settings.py").read_text()
    names = set(re.findall(r'env_[a-z_]+\("([A-Z][A-Z0-9_]+)"', source)) - {"BLIND_INDEX_KEY"}  # the old name, refused
    example = (settings.PROJECT_DIR / ".env.example").read_text()
    guide = (settings.PROJECT_DIR / "docs" / "deployment.md").read_text()
    assert "TASK_LEASE_SECONDS" in names
    assert not {name for name in names if f"`{name}`" not in guide}, "docs/deployment.md lacks these"
    assert not {name for name in names if not re.search(rf"^#? ?{name}(_FILE)?=", example, re.M)}, ".env.example lacks"


def test_units_write_to_the_journal_unbuffered():
    """run_periodic --every never ends: with a buffered stdout its lines would never reach the journal."""
    for unit in UNITS.glob("*.service"):
        assert "Environment=PYTHONUNBUFFERED=1" in unit.read_text(), unit.name
