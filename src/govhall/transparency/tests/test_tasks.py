import pytest
from django.conf import settings

from govhall.transparency import services, tasks

pytestmark = pytest.mark.django_db


def test_periodic_task_signs_when_the_log_grew():
    assert "govhall.transparency.tasks.sign_tree_head" in settings.PERIODIC_TASKS
    assert tasks.sign_tree_head.call() == {"signed": True, "tree_size": 0}
    assert tasks.sign_tree_head.call() == {"signed": False, "tree_size": 0}
    services.append(b"one")
    assert tasks.sign_tree_head.call() == {"signed": True, "tree_size": 1}
