from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from interviews.demo.seeding import DEMO_ADMIN, DEMO_PASSWORD, DEMO_USERS, demo_seed
from interviews.rooms.services import room_for_interview


class Command(BaseCommand):
    help = (
        "Seed the demo once: a login per role, three months of past interviews, a candidate "
        "mid-loop and a decided loop. Later runs only say where to click."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though the settings look like production.",
        )
        parser.add_argument(
            "--site",
            default="",
            help="Where the app is served, for the links it prints (make run passes its PORT).",
        )

    def handle(self, *args, force: bool = False, site: str = "", **options):
        if settings.SECRET_KEY_FROM_ENV and not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to create demo users with production settings (DEBUG off and a real "
                "SECRET_KEY). Pass --force if this really is a demo instance."
            )
        summary = demo_seed()
        if not options["verbosity"]:
            return
        say = self.stdout.write
        if summary.missing_kits:
            say(
                "Import the shipped kits first (manage.py import_questions "
                f"questionbank/kits/senior-go.yaml): missing {', '.join(summary.missing_kits)}."
            )
        say(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, first, last, role in DEMO_USERS:
            say(f"  {username:<10} {first} {last}, {role}")
        say(f"  {DEMO_ADMIN:<10} a superuser: API keys and webhook endpoints in /admin/")
        if summary.mid_loop is None:
            return
        say("" if summary.seeded_now else "The demo was seeded before; where to click:")
        say(
            "  manager  → Candidates → Sam Candidate: a loop mid-way, yesterday's report and the "
            f"combined view ({reverse('reports:candidate', args=[summary.mid_loop.candidate_id])})"
        )
        if summary.decided_loop is not None:
            page = reverse("reports:candidate", args=[summary.decided_loop.candidate_id])
            say(f"  manager  → Priya Raman: a decided loop, a hire at senior level ({page})")
        if summary.live_interview is not None:
            console = reverse("interviews:console", args=[summary.live_interview.pk])
            say(f"  ada      → the live interview with Sam, Ada leading: {console}")
            _, token = room_for_interview(interview=summary.live_interview)
            site = (site or getattr(settings, "SITE_URL", "") or "http://127.0.0.1:8000").rstrip(
                "/"
            )
            room = reverse("rooms:room", args=[token])
            say(f"  candidate → Sam's room (open it in a private window): {site}{room}")
        say("  manager or curator → Calibration: three months of ratings on the shipped questions")
