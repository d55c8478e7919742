from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from config.roles import CURATOR, HIRING_MANAGER, INTERVIEWER, ensure_roles

DEMO_KIT = "senior-go-concurrency"  # a 60-minute interview kit of the shipped file
DEMO_CANDIDATE = ("Sam Candidate", "sam.candidate@example.com")
DEMO_PASSWORD = "loupe-demo"  # noqa: S105  (printed on purpose: these are local demo logins)

# username, first name, last name, role
DEMO_USERS = [
    ("curator", "Carla", "Curator", CURATOR),
    ("ada", "Ada", "Interviewer", INTERVIEWER),
    ("grace", "Grace", "Interviewer", INTERVIEWER),
    ("manager", "Mira", "Manager", HIRING_MANAGER),
]


class Command(BaseCommand):
    help = "Create one demo user per role (and a second interviewer). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though the settings look like production.",
        )

    def handle(self, *args, force: bool = False, **options):
        if settings.SECRET_KEY_FROM_ENV and not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to create demo users with production settings (DEBUG off and a real "
                "SECRET_KEY). Pass --force if this really is a demo instance."
            )
        with transaction.atomic():
            ensure_roles()
            users = [self.ensure_user(*row) for row in DEMO_USERS]
            self.seed_more(users)
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for (username, _first, _last, role), _user in zip(DEMO_USERS, users, strict=True):
            self.stdout.write(f"  {username:<10} {role}")

    def ensure_user(self, username: str, first: str, last: str, role: str) -> User:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@example.com"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
        # Curators work in the admin, which needs is_staff; nobody else gets it.
        user.is_staff = role == CURATOR
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        return user

    def seed_more(self, users: list[User]) -> None:
        """A scheduled interview on the 60-minute concurrency kit, Ada leading, Grace; once."""
        from interviews.models import Interview
        from interviews.services import interview_schedule
        from questionbank.models import Kit

        kit = Kit.objects.filter(slug=DEMO_KIT).first()
        if kit is None:
            self.stdout.write(f"No kit {DEMO_KIT!r} yet: import it to get a demo interview.")
            return
        ada, grace = users[1], users[2]
        if Interview.objects.filter(candidate__email=DEMO_CANDIDATE[1], kit=kit).exists():
            return
        interview = interview_schedule(
            candidate_name=DEMO_CANDIDATE[0],
            candidate_email=DEMO_CANDIDATE[1],
            kit=kit,
            scheduled_at=timezone.now() + timedelta(minutes=30),
            panel=[ada, grace],
            lead=ada,
            created_by=users[3],
        )
        self.stdout.write(f"Demo interview: /i/{interview.pk}/ (Ada leads, Grace is on the panel)")
