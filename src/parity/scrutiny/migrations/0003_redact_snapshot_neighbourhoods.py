"""Case packs made before neighbourhoods were redacted: redact the neighbourhood they kept.

An officer's neighbourhood text ("outside 14 Gloucester Road, BS7 8AE, home of Mr Ahmed
Khan") reached case packs verbatim. Each kept snapshot gets the same pattern redaction as
grounds, and the count of what was removed, so the case pack's note is true for it too.
"""

from django.db import migrations


def redact_neighbourhoods(apps, schema_editor):  # type: ignore[no-untyped-def]
    from parity.scrutiny.redaction import redact_text

    cases = apps.get_model("scrutiny", "Case")
    for case in cases.objects.order_by("pk").iterator():
        snapshot = dict(case.snapshot)
        if "neighbourhood_removed" in snapshot:
            continue
        text, removed = redact_text((snapshot.get("neighbourhood") or "").strip())
        snapshot["neighbourhood"] = text
        snapshot["neighbourhood_removed"] = removed
        snapshot["version"] = max(int(snapshot.get("version") or 1), 2)
        case.snapshot = snapshot
        case.save(update_fields=["snapshot"])


class Migration(migrations.Migration):
    dependencies = [("scrutiny", "0002_members_meetings_cases_findings_reports")]

    operations = [migrations.RunPython(redact_neighbourhoods, migrations.RunPython.noop)]
