"""Partial indexes over open cases for the staff inbox (cases.inbox): the page in deadline order per department, per
department and state (also the counts by state), and per handler (我经办的)."""

from django.db import migrations, models

OPEN = models.Q(
    (
        "state__in",
        (
            "draft",
            "submitted",
            "correction",
            "accepted",
            "under_review",
            "suspended",
            "approved",
            "denied",
            "concluded",
        ),
    )
)


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_documents_post_checks_delivery")]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=OPEN, fields=["department", "promised_deadline", "submitted_at"], name="case_open_dept_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=OPEN,
                fields=["department", "state", "promised_deadline", "submitted_at"],
                name="case_open_state_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=OPEN, fields=["handler", "promised_deadline", "submitted_at"], name="case_open_handler_idx"
            ),
        ),
    ]
