import pytest
from django.core.management import CommandError, call_command

from govhall.transparency import services
from govhall.transparency.models import LogEntry

pytestmark = pytest.mark.django_db


def test_verify_log_passes_then_detects_a_changed_row(capsys):
    for i in range(5):
        services.append(services.encode_entry("test", n=i))
    services.sign_tree_head()
    call_command("verify_log")
    assert "log intact: 5 entries" in capsys.readouterr().out
    LogEntry.objects.filter(index=3).update(entry=b"changed")
    with pytest.raises(CommandError, match="does not verify"):
        call_command("verify_log")
    assert "entry 3" in capsys.readouterr().err
