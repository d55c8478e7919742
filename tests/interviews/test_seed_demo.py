from django.contrib.auth.models import User
from django.core.management import call_command

from config.roles import CURATOR, HIRING_MANAGER, INTERVIEWER
from interviews.management.commands.seed_demo import DEMO_KIT, DEMO_PASSWORD


def test_it_creates_one_user_per_role_and_a_second_interviewer(db, capsys):
    call_command("seed_demo")
    roles = {user.username: user.groups.get().name for user in User.objects.all()}
    assert roles == {
        "curator": CURATOR,
        "ada": INTERVIEWER,
        "grace": INTERVIEWER,
        "manager": HIRING_MANAGER,
    }
    assert User.objects.get(username="ada").check_password(DEMO_PASSWORD)
    printed = capsys.readouterr().out
    assert "manager" in printed and DEMO_PASSWORD in printed


def test_it_is_safe_to_run_twice(db):
    call_command("seed_demo")
    User.objects.filter(username="ada").update(first_name="Ada Lovelace")
    call_command("seed_demo")
    assert User.objects.count() == 4
    assert User.objects.get(username="ada").groups.count() == 1
    assert User.objects.get(username="ada").first_name == "Ada Lovelace"


def test_only_the_curator_reaches_the_admin(db):
    call_command("seed_demo")
    staff = set(User.objects.filter(is_staff=True).values_list("username", flat=True))
    assert staff == {"curator"}


def test_it_schedules_a_demo_interview_once_the_kit_exists(db):
    from interviews.models import Interview
    from tests.interviews.builders import make_kit

    make_kit(2, slug=DEMO_KIT)
    call_command("seed_demo")
    call_command("seed_demo")
    interview = Interview.objects.get()
    assert interview.state == "scheduled"
    assert {p.user.username for p in interview.panelists.all()} == {"ada", "grace"}
    assert interview.panelists.get(is_lead=True).user.username == "ada"
