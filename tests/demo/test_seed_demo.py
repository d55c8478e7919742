"""`manage.py seed_demo` (make run) seeds a demo that looks lived in, once: a login per role,
three months of past interviews so calibration has real figures, a candidate mid-loop and a
decided loop, and it says where to click."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db.models import Count

from config.roles import CURATOR, HIRING_MANAGER, INTERVIEWER
from interviews.calibration.models import CalibrationRun
from interviews.demo.seeding import DECIDED, DEMO_PASSWORD, MID_LOOP
from interviews.models import Interview, Loop, Rating
from interviews.reports.models import ReportRequest
from questionbank.importer import import_sources
from questionbank.models import Question

SHIPPED = Path(__file__).resolve().parents[2] / "questionbank" / "kits" / "senior-go.yaml"

pytestmark = pytest.mark.usefixtures("pdf_stand_in")


@pytest.fixture
def shipped_bank(db):
    import_sources([(SHIPPED.name, SHIPPED.read_bytes())])


def test_it_creates_a_login_per_role(db, capsys):
    call_command("seed_demo")
    roles = {
        user.username: user.groups.get().name for user in User.objects.exclude(username="admin")
    }
    assert roles == {
        "curator": CURATOR,
        "ada": INTERVIEWER,
        "grace": INTERVIEWER,
        "linus": INTERVIEWER,
        "barbara": INTERVIEWER,
        "manager": HIRING_MANAGER,
    }
    assert User.objects.get(username="ada").check_password(DEMO_PASSWORD)
    staff = set(User.objects.filter(is_staff=True).values_list("username", flat=True))
    assert staff == {"curator", "admin"}
    # The one superuser, for API keys and webhook endpoints; in no role.
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and not admin.groups.exists()
    assert admin.check_password(DEMO_PASSWORD)
    printed = capsys.readouterr().out
    assert "manager" in printed and DEMO_PASSWORD in printed
    assert "Import the shipped kits first" in printed  # no bank yet: it says so


def test_it_seeds_a_loop_mid_way_and_a_decided_one(
    shipped_bank, capsys, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the reports build on commit
        call_command("seed_demo")
    mid = Loop.objects.get(candidate__email=MID_LOOP[1])
    states = list(mid.interviews.order_by("scheduled_at").values_list("state", flat=True))
    assert states == ["completed", "live"]
    done = mid.interviews.get(state="completed")
    assert ReportRequest.objects.get(interview=done).status == "ready"
    decided = Loop.objects.get(candidate__email=DECIDED[1])
    assert decided.interviews.filter(state="completed").count() == 2
    assert decided.decisions.get().outcome == "hire"
    printed = capsys.readouterr().out
    live = mid.interviews.get(state="live")
    assert f"/i/{live.pk}/" in printed
    assert f"/candidates/{mid.candidate_id}/" in printed
    room_link = re.search(r"http://127.0.0.1:8000(/room/[A-Za-z0-9_-]{43}/)", printed)
    assert room_link, printed
    from django.test import Client

    page = Client().get(room_link[1])
    assert page.status_code == 200
    assert "Interview room" in page.content.decode()


def test_calibration_has_twenty_ratings_of_every_question_and_interviewer(shipped_bank):
    call_command("seed_demo", verbosity=0)
    rated = Rating.objects.filter(scorecard__submitted_at__isnull=False, level__isnull=False)
    per_question = dict(
        rated.values_list("interview_question__revision__question__slug")
        .annotate(n=Count("id"))
        .values_list("interview_question__revision__question__slug", "n")
    )
    assert {
        slug: per_question.get(slug, 0) >= 20
        for slug in Question.objects.values_list("slug", flat=True)
    } == dict.fromkeys(Question.objects.values_list("slug", flat=True), True)
    per_person = dict(
        rated.values_list("scorecard__interviewer__username")
        .annotate(n=Count("id"))
        .values_list("scorecard__interviewer__username", "n")
    )
    assert all(per_person[name] >= 20 for name in ("ada", "grace", "linus", "barbara"))
    assert CalibrationRun.objects.exists()
    first = min(Interview.objects.values_list("scheduled_at", flat=True))
    last = max(Interview.objects.values_list("scheduled_at", flat=True))
    assert (last - first).days >= 80  # three months


def test_a_second_run_seeds_nothing_more(shipped_bank, capsys):
    call_command("seed_demo", verbosity=0)
    counts = (Interview.objects.count(), Rating.objects.count(), Loop.objects.count())
    User.objects.filter(username="ada").update(first_name="Ada Lovelace")
    call_command("seed_demo")
    assert (Interview.objects.count(), Rating.objects.count(), Loop.objects.count()) == counts
    assert User.objects.get(username="ada").first_name == "Ada Lovelace"
    assert "The demo was seeded before" in capsys.readouterr().out


def test_the_room_link_it_prints_is_on_the_port_the_app_is_served_on(shipped_bank, capsys):
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", site="http://127.0.0.1:8123/")
    room_lines = [line for line in capsys.readouterr().out.splitlines() if "Sam's room" in line]
    assert len(room_lines) == 1
    assert "http://127.0.0.1:8123/room/" in room_lines[0]
