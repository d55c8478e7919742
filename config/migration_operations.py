"""Operations that more than one app's migrations share."""

from django.db import migrations


def move_content_types(*, models: tuple[str, ...], from_app: str, to_app: str):
    """A RunPython that moves models' content types to the app that took the models over, so their
    permissions and admin history stay attached (the ids do not change). Reversible."""

    def move(source: str, target: str):
        def run(apps, schema_editor):
            content_types = apps.get_model("contenttypes", "ContentType")
            content_types.objects.filter(app_label=source, model__in=models).update(
                app_label=target
            )

        return run

    return migrations.RunPython(move(from_app, to_app), move(to_app, from_app), elidable=False)
