"""Amendment keys in their canonical spelling, "question:<position>" in ASCII digits.

Before the amend form parsed targets strictly, a target such as "question:<full-width 3>",
"question:+3" or "question:03" was accepted (Python's int() read it as 3), the rating at position 3
was changed, and the key was stored as sent. Calibration's SQL reads the position back with CAST,
which PostgreSQL refuses for a full-width "3". Each such key is rewritten as the position it
changed; a key int() cannot read changed nothing and is left alone (the SQL ignores it). Nothing to
undo going back.
"""

from django.db import migrations

QUESTION = "question:"


def canonical(key: str) -> str:
    if not key.startswith(QUESTION):
        return key
    try:
        position = int(key.removeprefix(QUESTION))
    except ValueError:
        return key
    return f"{QUESTION}{position}"


def canonical_keys(apps, schema_editor):
    Amendment = apps.get_model("interviews", "Amendment")
    for amendment_id, changes in Amendment.objects.values_list("id", "changes").iterator():
        fixed = {canonical(key): change for key, change in changes.items()}
        if list(fixed) != list(changes):
            Amendment.objects.filter(id=amendment_id).update(changes=fixed)


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0012_api_updated_at"),
    ]

    operations = [
        migrations.RunPython(canonical_keys, migrations.RunPython.noop, elidable=True),
    ]
