"""The live write is one hand-written UPDATE and each request's user is loaded by fixed SQL
(config/auth.py); both must run on the embedded default (SQLite, what `make run` serves) as well
as on PostgreSQL, where the rest of the suite runs."""

from tests.sqlite import run_on_sqlite

SCRIPT = """
from interviews.models import Rating
from config.auth import ModelBackend

ada, grace = Client(), Client()
ada.force_login(User.objects.get(username="ada"))
grace.force_login(User.objects.get(username="grace"))
url = f"/i/{interview.pk}/q/1/level"
notes_url = f"/i/{interview.pk}/q/1/notes"
htmx = {"HX-Request": "true"}
statuses = [
    ada.post(url, {"level": 3, "version": 0}, headers=htmx).status_code,
    ada.post(url, {"level": 4, "version": 1}, headers=htmx).status_code,
    ada.post(url, {"level": 1, "version": 1}, headers=htmx).status_code,
    ada.post(notes_url, {"notes": "ok", "version": 0}, headers=htmx).status_code,
]
ratings = Rating.objects.filter(scorecard__interview=interview)
rating = ratings.get(scorecard__interviewer__username="ada", interview_question__position=1)
others = ratings.exclude(pk=rating.pk).exclude(level_version=0, notes_version=0).count()
# SQLite hands back text for datetimes: the loaded user must still carry an aware last_login.
last_login = ModelBackend().get_user(User.objects.get(username="ada").pk).last_login
found = {"aware_last_login": last_login.tzinfo is not None}
found |= {"statuses": statuses, "level": rating.level, "level_version": rating.level_version}
print(json.dumps(found | {"notes": rating.notes, "others_touched": others}))
"""


def test_the_live_write_runs_on_the_embedded_sqlite_default(tmp_path):
    found = run_on_sqlite(tmp_path, SCRIPT)
    # Saved, saved on the next version, a stale version refused, notes on their own version.
    assert found == {
        "aware_last_login": True,
        "statuses": [200, 200, 409, 200],
        "level": 4,
        "level_version": 2,
        "notes": "ok",
        "others_touched": 0,
    }
