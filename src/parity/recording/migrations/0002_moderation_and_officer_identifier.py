"""Receipt comments wait for a moderator; officers' warrant or collar numbers for receipts.

Comments left before moderation existed were shown unchecked (to the officer, to panels) and
copied, pattern-redacted only, into the force's community feedback. They become pending
again: pattern-checked afresh, and the unchecked copies in community feedback removed, to be
added back when a moderator approves them.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def hold_earlier_comments(apps, schema_editor):  # type: ignore[no-untyped-def]
    from parity.scrutiny.redaction import redact_text

    receipts = apps.get_model("recording", "Feedback")
    copies = apps.get_model("engagement", "Feedback")
    copies.objects.filter(receipt_feedback__isnull=False).delete()
    for receipt in receipts.objects.exclude(comments="").order_by("pk"):
        text, _ = redact_text(receipt.comments.strip())
        receipt.moderation = "pending" if text else "none"
        receipt.checked_comments = text
        receipt.save(update_fields=["moderation", "checked_comments"])


class Migration(migrations.Migration):

    dependencies = [
        ('recording', '0001_initial'),
        ('engagement', '0002_receipt_comments'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='feedback',
            name='checked_comments',
            field=models.TextField(blank=True, help_text='The comments with personal details removed: by pattern, then by the moderator'),
        ),
        migrations.AddField(
            model_name='feedback',
            name='moderated_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='feedback',
            name='moderated_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='feedback',
            name='moderation',
            field=models.CharField(choices=[('none', 'No comments'), ('pending', 'Waiting to be checked'), ('approved', 'Checked and approved'), ('rejected', 'Checked and not approved')], db_index=True, default='none', max_length=10),
        ),
        migrations.AddField(
            model_name='officerprofile',
            name='identifier',
            field=models.CharField(blank=True, help_text='Warrant or collar number: on the receipt (PACE), never shown to panels', max_length=20),
        ),
        migrations.AddField(
            model_name='stop',
            name='officer_identifier',
            field=models.CharField(blank=True, max_length=20),
        ),
        migrations.AlterField(
            model_name='feedback',
            name='comments',
            field=models.TextField(blank=True, help_text='As typed; blanked once a moderator has decided'),
        ),
        migrations.RunPython(hold_earlier_comments, migrations.RunPython.noop),
    ]
