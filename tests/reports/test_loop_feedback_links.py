"""A feedback link can cover a whole loop: one private page (and PDF) with every reported
interview of it, created, revoked and re-dated from the candidate page."""

from django.urls import reverse

from interviews.reports.models import FeedbackLink
from interviews.reports.services import feedback_link_create
from tests.reports.builders import make_kit
from tests.reports.pdftext import pdf_text, squashed
from tests.reports.test_candidate_page import completed_in, two_interview_loop


def created_link_url(client, cast, loop, **data) -> str:
    client.force_login(cast.manager)
    form = {"expires_on": "2099-01-01", "share_level": ""} | data
    response = client.post(reverse("reports:loop_link_create", args=[loop.pk]), form)
    assert response.status_code == 201, response.content.decode()[-2000:]
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    start = body.index("/feedback/")
    return body[start : body.index('"', start)]


def test_a_loop_link_shows_every_reported_interview_of_the_loop(client, cast, settings):
    settings.FEEDBACK_LINK_MAX_DAYS = 365 * 100
    loop, first, _ = two_interview_loop(cast)
    second = completed_in(loop, make_kit(questions=1, slug="day-three"), [cast.grace], [4])
    url = created_link_url(client, cast, loop)
    client.logout()
    page = client.get(url).content.decode()
    assert first.kit.name in page and second.kit.name in page
    assert "your 2 interviews" in page
    document = squashed(pdf_text(client.get(url + "pdf").content))
    assert squashed(first.kit.name) in document and squashed(second.kit.name) in document


def test_a_link_cannot_be_made_for_a_loop_with_no_report(client, cast, settings):
    settings.FEEDBACK_LINK_MAX_DAYS = 365 * 100
    from tests.reports.builders import make_interview

    loop = make_interview(kit=make_kit(questions=1), panel=[cast.ada]).loop
    client.force_login(cast.manager)
    response = client.post(
        reverse("reports:loop_link_create", args=[loop.pk]), {"expires_on": "2099-01-01"}
    )
    assert response.status_code == 422
    assert "No interview of this loop has a report yet" in response.content.decode()
    assert not FeedbackLink.objects.exists()


def test_a_loop_link_is_revoked_from_the_candidate_page(client, cast, settings):
    settings.FEEDBACK_LINK_MAX_DAYS = 365 * 100
    loop, _, _ = two_interview_loop(cast)
    url = created_link_url(client, cast, loop)
    link = FeedbackLink.objects.get(loop=loop)
    response = client.post(reverse("reports:link_revoke", args=[link.pk]))
    assert response.status_code == 302
    assert response["Location"].endswith(f"#loop-links-{loop.pk}")
    client.logout()
    assert client.get(url).status_code == 404


def test_a_link_covers_a_report_or_a_loop_never_both(cast):
    import pytest
    from django.core.exceptions import ValidationError

    loop, first, _ = two_interview_loop(cast)
    with pytest.raises(ValidationError, match="one report or one loop"):
        feedback_link_create(
            report=first.reports.get(),
            loop=loop,
            created_by=cast.manager,
            expires_at=first.scheduled_at.replace(year=2099),
            share_level=False,
        )


def test_interviewers_cannot_make_loop_links(client, cast):
    loop, _, _ = two_interview_loop(cast)
    client.force_login(cast.ada)
    response = client.post(
        reverse("reports:loop_link_create", args=[loop.pk]), {"expires_on": "2099-01-01"}
    )
    assert response.status_code == 404


def report_the_live_interview(loop, grace):
    """Grace's interview of two_interview_loop: scored, submitted and reported."""
    from interviews.reports.services import report_build
    from tests.reports.builders import enqueue_disabled, open_request, rate, submit

    second = loop.interviews.get(panelists__user=grace)
    rate(second, grace, [2])
    with enqueue_disabled():
        submit(second, grace)
    report_build(request_id=open_request(second).pk)
    return second


def test_a_loop_link_keeps_to_the_reports_that_existed_when_it_was_created(client, cast, settings):
    """Shared mid-loop, a link never shows the candidate an interview reported after it: not
    before any debrief, and not in its PDF. A new link covers the newer report too."""
    settings.FEEDBACK_LINK_MAX_DAYS = 365 * 100
    loop, first, _ = two_interview_loop(cast)
    early = created_link_url(client, cast, loop)
    second = report_the_live_interview(loop, cast.grace)
    client.logout()
    page = client.get(early).content.decode()
    assert first.kit.name in page and second.kit.name not in page
    document = squashed(pdf_text(client.get(early + "pdf").content))
    assert squashed(first.kit.name) in document and squashed(second.kit.name) not in document
    later = created_link_url(client, cast, loop)
    client.logout()
    page = client.get(later).content.decode()
    assert first.kit.name in page and second.kit.name in page
    assert "your 2 interviews" in page


def test_the_candidate_page_says_which_interviews_each_link_covers(client, cast, settings):
    settings.FEEDBACK_LINK_MAX_DAYS = 365 * 100
    loop, first, _ = two_interview_loop(cast)
    created_link_url(client, cast, loop)
    second = report_the_live_interview(loop, cast.grace)
    created_link_url(client, cast, loop)
    body = client.get(reverse("reports:candidate", args=[loop.candidate_id])).content.decode()
    table = body.split('aria-label="Feedback links for this loop"')[1].split("</table>")[0]
    newer, older = table.split("<tbody>")[1].split("</tr>")[:2]
    day = f"{first.scheduled_at.day} {first.scheduled_at:%b}"
    assert f"{first.kit.name}, {day}" in older and second.kit.name not in older
    assert first.kit.name in newer and second.kit.name in newer
    assert "An interview reported later is not added to it" in body


def test_the_page_reads_what_links_cover_in_one_query_however_many_links(
    client, cast, settings, django_assert_num_queries
):
    settings.FEEDBACK_LINK_MAX_DAYS = 365 * 100
    loop, _, _ = two_interview_loop(cast)
    page = reverse("reports:candidate", args=[loop.candidate_id])
    created_link_url(client, cast, loop)
    client.get(page)  # warm the caches
    with django_assert_num_queries(13):  # the 12 of a page without links, + what links cover
        client.get(page)
    created_link_url(client, cast, loop)
    created_link_url(client, cast, loop)
    with django_assert_num_queries(13):
        client.get(page)
