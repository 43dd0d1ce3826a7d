"""Receipt comments join the force's community feedback; comments left before this are added."""

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone


def add_earlier_comments(apps, schema_editor):  # type: ignore[no-untyped-def]
    from parity.scrutiny.redaction import redact_text

    receipts = apps.get_model("recording", "Feedback")
    comments = apps.get_model("engagement", "Feedback")
    for receipt in receipts.objects.exclude(comments="").select_related("stop").order_by("pk"):
        text, _ = redact_text(receipt.comments.strip())
        if text:
            comments.objects.create(
                force_id=receipt.stop.force_id,
                channel="receipt",
                text=text,
                received_on=timezone.localdate(receipt.submitted_at),
                receipt_feedback=receipt,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("engagement", "0001_initial"),
        ("recording", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="feedback",
            name="receipt_feedback",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="engagement_comment",
                to="recording.feedback",
            ),
        ),
        migrations.RunPython(add_earlier_comments, migrations.RunPython.noop),
    ]
