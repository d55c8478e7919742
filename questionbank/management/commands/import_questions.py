"""python manage.py import_questions FILE...: load YAML question-bank files (all or nothing)."""

from django.core.management.base import BaseCommand, CommandError

from questionbank.importer import MAX_BYTES, MAX_PROBLEMS, ImportFailed, import_sources


class Command(BaseCommand):
    help = (
        "Import topics, questions and kits from YAML files (docs/question-format.md). Every file "
        "is checked before anything is written; on any error nothing changes and each error is "
        f"printed as file:line: field: message (the first {MAX_PROBLEMS}, then how many more)."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="YAML files to import")

    def handle(self, *args, files: list[str], **options):
        sources, unreadable = [], []
        for path in files:
            try:
                with open(path, "rb") as handle:
                    # One byte over the limit is enough for the importer to refuse the file.
                    sources.append((path, handle.read(MAX_BYTES + 1)))
            except OSError as error:
                unreadable.append(f"{path}:1: (file): can't be read: {error.strerror}")
        if unreadable:
            self.fail(unreadable)
        try:
            report = import_sources(sources)
        except ImportFailed as failure:
            self.fail(failure.errors, more=failure.more_text, total=failure.total)
        self.stdout.write(self.style.SUCCESS(report.summary()))

    def fail(self, errors: list[str], *, more: str = "", total: int | None = None):
        for error in errors:
            self.stderr.write(error)
        if more:
            self.stderr.write(f"... {more}")
        total = len(errors) if total is None else total
        count = f"{total:,} error{'' if total == 1 else 's'}"
        raise CommandError(f"import failed with {count}; nothing was changed")
