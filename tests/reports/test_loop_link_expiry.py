"""A loop link is re-dated from the candidate page (a plain form post, reports.views.
loop_link_expiry): a refusal answers the page again with its 4xx and the error beside that
link, and changes nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from interviews.reports.models import FeedbackLink
from interviews.reports.services import feedback_link_create, feedback_link_revoke
from tests.reports.test_candidate_page import two_interview_loop

pytestmark = pytest.mark.usefixtures("pdf_stand_in")


@pytest.fixture
def loop_link(cast):
    loop, _, _ = two_interview_loop(cast)
    link, _ = feedback_link_create(
        loop=loop,
        created_by=cast.manager,
        expires_at=timezone.now() + timedelta(days=14),
        share_level=False,
    )
    return link


def re_date(client, link, expires_on: str):
    return client.post(reverse("reports:link_expiry", args=[link.pk]), {"expires_on": expires_on})


def test_a_new_expiry_goes_back_to_the_loops_links(client, cast, loop_link):
    client.force_login(cast.manager)
    later = timezone.localdate() + timedelta(days=30)
    response = re_date(client, loop_link, later.isoformat())
    assert response.status_code == 302
    assert response["Location"].endswith(f"#loop-links-{loop_link.loop_id}")
    loop_link.refresh_from_db()
    assert timezone.localtime(loop_link.expires_at).date() == later


def test_an_expiry_in_the_past_is_a_422_page_naming_it_and_changes_nothing(client, cast, loop_link):
    before = loop_link.expires_at
    client.force_login(cast.manager)
    yesterday = timezone.localdate() - timedelta(days=1)
    response = re_date(client, loop_link, yesterday.isoformat())
    assert response.status_code == 422
    body = response.content.decode()
    assert "<h1" in body  # the candidate page, not a fragment
    assert f'id="expiry-error-{loop_link.pk}"' in body
    assert "Not saved: Choose today or a later day." in body
    assert f'aria-describedby="expiry-error-{loop_link.pk}"' in body
    assert FeedbackLink.objects.get(pk=loop_link.pk).expires_at == before


def test_a_date_that_does_not_parse_is_a_422(client, cast, loop_link):
    client.force_login(cast.manager)
    response = re_date(client, loop_link, "next tuesday")
    assert response.status_code == 422
    assert f'id="expiry-error-{loop_link.pk}"' in response.content.decode()


def test_a_revoked_link_is_a_409_and_stays_revoked(client, cast, loop_link):
    feedback_link_revoke(link=loop_link, revoked_by=cast.manager)
    before = FeedbackLink.objects.get(pk=loop_link.pk).expires_at
    client.force_login(cast.manager)
    later = timezone.localdate() + timedelta(days=30)
    response = re_date(client, loop_link, later.isoformat())
    assert response.status_code == 409
    assert "A revoked link stays revoked" in response.content.decode()
    assert FeedbackLink.objects.get(pk=loop_link.pk).expires_at == before
