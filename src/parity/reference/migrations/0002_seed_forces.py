from django.db import migrations


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    from parity.reference.seed import sync_forces

    sync_forces(apps.get_model("reference", "Force"))


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
