"""python manage.py export_questions [--kit SLUG] [-o FILE]: the bank as YAML."""

from django.core.management.base import BaseCommand, CommandError

from questionbank.importer import UnknownKit, export_bank


class Command(BaseCommand):
    help = (
        "Export the question bank (or one kit with its questions and their topics) as YAML that "
        "import_questions reads back to the same bank."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kit", metavar="SLUG", help="export only this kit")
        parser.add_argument(
            "-o", "--output", metavar="FILE", help="write to FILE instead of standard output"
        )

    def handle(self, *args, kit: str | None = None, output: str | None = None, **options):
        try:
            text = export_bank(kit_slug=kit)
        except UnknownKit as error:
            raise CommandError(str(error)) from error
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            with open(output, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except OSError as error:
            raise CommandError(f"{output}: can't be written: {error.strerror}") from error
        self.stdout.write(f"Wrote {output}")
