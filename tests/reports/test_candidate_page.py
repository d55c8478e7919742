"""The candidate page shows a hiring manager the loop: each interview's state and report, a
combined per-topic view naming the interview each piece of evidence came from, and the decision.
Blind scoring holds across the loop: a panelist with a scorecard still to submit in it reads none of
its other interviews."""

from django.urls import reverse

from interviews.models import Loop, LoopDecision
from interviews.reports.services import report_build
from interviews.services import loop_decide
from tests.factories import hiring_manager_who_interviews
from tests.reports.builders import (
    enqueue_disabled,
    make_interview,
    make_kit,
    open_request,
    rate,
    submit,
)


def completed_in(loop, kit, panel, levels):
    interview = make_interview(kit=kit, panel=panel, loop=loop)
    for person in panel:
        rate(interview, person, levels)
    with enqueue_disabled():
        for person in panel:
            submit(interview, person)
    report_build(request_id=open_request(interview).pk)
    return interview


def two_interview_loop(cast):
    """Ada's interview completed with its report; Grace's live, her scorecard open."""
    first = completed_in(None, make_kit(questions=2, slug="day-one"), [cast.ada], [4, 3])
    second = make_interview(
        kit=make_kit(questions=1, slug="day-two"), panel=[cast.grace], loop=first.loop
    )
    return first.loop, first, second


def test_it_shows_each_interview_and_the_combined_view_with_its_sources(client, cast):
    loop, first, second = two_interview_loop(cast)
    client.force_login(cast.manager)
    body = client.get(reverse("reports:candidate", args=[loop.candidate_id])).content.decode()
    assert first.kit.name in body and second.kit.name in body
    assert "Live" in body and "Completed" in body
    assert "Across the loop, by topic" in body
    # the evidence names the interview it came from, and links its report
    assert reverse("reports:report", args=[first.pk]) in body
    assert f"{first.kit.name}, {first.scheduled_at:%-d %b}" in body


def test_the_candidate_list_leads_to_the_page(client, cast):
    loop, _, _ = two_interview_loop(cast)
    client.force_login(cast.manager)
    body = client.get(reverse("reports:candidates")).content.decode()
    assert reverse("reports:candidate", args=[loop.candidate_id]) in body
    assert "1 of 2" in body


def test_a_hiring_manager_records_and_changes_the_decision_with_reasons(client, cast):
    loop, _, _ = two_interview_loop(cast)
    client.force_login(cast.manager)
    url = reverse("reports:loop_decision", args=[loop.pk])
    still_open = {"decide_with_open_interviews": "on"}  # Grace's interview is live
    response = client.post(
        url, {"outcome": "hire", "level": "senior", "reason": "Clear senior."} | still_open
    )
    assert response.status_code == 302
    client.post(
        url, {"outcome": "no_hire", "level": "", "reason": "Team changed its plan."} | still_open
    )
    body = client.get(reverse("reports:candidate", args=[loop.candidate_id])).content.decode()
    assert "Team changed its plan." in body and "Clear senior." in body  # the history
    assert LoopDecision.objects.filter(loop=loop).count() == 2


def test_a_decision_without_a_reason_is_refused_and_named(client, cast):
    loop, _, _ = two_interview_loop(cast)
    client.force_login(cast.manager)
    url = reverse("reports:loop_decision", args=[loop.pk])
    response = client.post(url, {"outcome": "hire", "level": "senior", "reason": ""})
    assert response.status_code == 422
    assert "reason: This field is required." in response.content.decode()
    assert not LoopDecision.objects.exists()


def test_interviewers_cannot_see_or_decide(client, cast):
    loop, _, _ = two_interview_loop(cast)
    client.force_login(cast.ada)
    assert client.get(reverse("reports:candidate", args=[loop.candidate_id])).status_code == 404
    url = reverse("reports:loop_decision", args=[loop.pk])
    assert client.post(url, {"outcome": "hire", "reason": "x"}).status_code == 404


def test_a_panelist_still_scoring_in_the_loop_reads_none_of_its_other_reports(client, cast):
    """Grace submitted day one, and still has day two to score: day one's report stays hidden."""
    kit = make_kit(questions=1, slug="one")
    first = completed_in(None, kit, [cast.ada, cast.grace], [3])
    make_interview(kit=make_kit(questions=1, slug="two"), panel=[cast.grace], loop=first.loop)
    client.force_login(cast.grace)
    response = client.get(reverse("reports:report", args=[first.pk]))
    assert response.status_code == 403
    assert "Submit your own scorecard first" in response.content.decode()
    client.force_login(cast.ada)  # Ada has nothing open in the loop
    assert client.get(reverse("reports:report", args=[first.pk])).status_code == 200


def test_a_panelist_still_scoring_in_the_loop_reads_no_other_scorecard_in_the_console(client, cast):
    """Grace submitted day one and still scores day two: day one's console keeps Ada's card
    (ratings and notes) from her until she submits day two."""
    first = make_interview(kit=make_kit(questions=1, slug="one"), panel=[cast.ada, cast.grace])
    rate(first, cast.ada, [4], notes={1: "Ada private observation"})
    rate(first, cast.grace, [3])
    with enqueue_disabled():
        submit(first, cast.ada)
        submit(first, cast.grace)
    second = make_interview(
        kit=make_kit(questions=1, slug="two"), panel=[cast.grace], loop=first.loop
    )
    client.force_login(cast.grace)
    console = reverse("interviews:console", kwargs={"pk": first.pk})
    body = client.get(console).content.decode()
    assert "Ada private observation" not in body
    assert "Hidden while you still have a scorecard to submit" in body
    rate(second, cast.grace, [3])
    with enqueue_disabled():
        submit(second, cast.grace)
    body = client.get(console).content.decode()
    assert "Ada private observation" in body


def test_a_hiring_manager_on_the_panel_waits_for_their_own_submit(client, cast):
    loop, first, _ = two_interview_loop(cast)
    manager = hiring_manager_who_interviews("hm-panelist")
    third = make_interview(kit=make_kit(questions=1, slug="day-three"), panel=[manager], loop=loop)
    client.force_login(manager)
    page = reverse("reports:candidate", args=[loop.candidate_id])
    body = client.get(page).content.decode()
    assert "You still have a scorecard to submit in this loop" in body
    assert reverse("reports:report", args=[first.pk]) not in body
    assert "Across the loop, by topic" not in body
    decide = reverse("reports:loop_decision", args=[loop.pk])
    assert client.post(decide, {"outcome": "no_hire", "reason": "x"}).status_code == 403
    rate(third, manager, [3])
    with enqueue_disabled():
        submit(third, manager)
    body = client.get(page).content.decode()
    assert reverse("reports:report", args=[first.pk]) in body


def test_the_candidate_list_hides_a_decision_from_a_manager_still_scoring_in_the_loop(client, cast):
    loop, _, _ = two_interview_loop(cast)
    loop_decide(
        loop=loop,
        outcome="no_hire",
        level="",
        reason="Not this time.",
        decided_by=cast.manager,
        decide_with_open_interviews=True,
    )
    manager = hiring_manager_who_interviews("hm-panelist")
    make_interview(kit=make_kit(questions=1, slug="day-three"), panel=[manager], loop=loop)
    client.force_login(manager)
    body = client.get(reverse("reports:candidates")).content.decode()
    assert "hidden until you submit your scorecard" in body
    assert "no hire" not in body
    client.force_login(cast.manager)  # nothing open in the loop: the decision shows
    assert "no hire" in client.get(reverse("reports:candidates")).content.decode()


def test_the_page_runs_a_fixed_number_of_queries(client, cast, django_assert_num_queries):
    loop, _, _ = two_interview_loop(cast)
    for n in range(3):
        completed_in(loop, make_kit(questions=1, slug=f"more-{n}"), [cast.ada], [2])
    Loop.objects.create(candidate=loop.candidate)
    client.force_login(cast.manager)
    client.get(reverse("reports:candidate", args=[loop.candidate_id]))  # warm the caches
    with django_assert_num_queries(12):  # + the loops' feedback links
        client.get(reverse("reports:candidate", args=[loop.candidate_id]))


def test_the_candidate_list_runs_a_fixed_number_of_queries(client, cast, django_assert_num_queries):
    for n in range(3):
        completed_in(None, make_kit(questions=1, slug=f"list-{n}"), [cast.ada], [3])
    client.force_login(cast.manager)
    client.get(reverse("reports:candidates"))  # warm the session and permission caches
    with django_assert_num_queries(4):
        client.get(reverse("reports:candidates"))
