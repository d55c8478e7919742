"""The leak test: nothing the candidate's browser receives (every HTTP response body and every
socket frame, through the whole interview on the shipped kit) holds the kit's answer key:
guidance, crib, anchors, signals, red flags, follow-ups; nor a question before the lead opens it."""

import contextlib
from datetime import timedelta

import pytest
from django.utils import timezone

from interviews.models import InterviewQuestion, Panelist
from interviews.rooms import broadcast, services
from interviews.services import interview_schedule, interview_start, panelist_focus
from questionbank.importer import import_sources
from questionbank.models import Kit
from tests.conftest import ROOT, wait_for

pytestmark = pytest.mark.browser
SHIPPED = ROOT / "questionbank" / "kits" / "senior-go.yaml"


def answer_key(revision) -> list[str]:
    texts = [revision.guidance, *revision.crib.splitlines()]
    for related in ("anchors", "signals", "red_flags", "follow_ups"):
        texts += [part.text for part in getattr(revision, related).all()]
    # Long enough to be the rubric's own words, and not words the prompt itself says.
    return [t.strip() for t in texts if len(t.strip()) >= 24 and t.strip() not in revision.prompt]


@pytest.fixture
def shipped_interview(transactional_db, cast):
    import_sources([(SHIPPED.name, SHIPPED.read_bytes())])
    interview = interview_schedule(
        candidate_name="Sam Candidate",
        candidate_email="sam@example.com",
        kit=Kit.objects.get(slug="senior-go-concurrency"),
        scheduled_at=timezone.now() + timedelta(minutes=5),
        panel=[cast.ada, cast.grace],
        lead=cast.ada,
    )
    return interview_start(interview=interview)


def test_the_candidate_never_receives_the_answer_key(chromium, asgi_server, shipped_interview):
    interview = shipped_interview
    room, token = services.room_for_interview(interview=interview)
    received: list[str] = []
    context = chromium.new_context(base_url=asgi_server.url)
    page = context.new_page()

    def on_response(response):
        with contextlib.suppress(Exception):  # a redirect or aborted request has no body
            received.append(response.body().decode("utf-8", "replace"))

    def on_socket(socket):
        def frame(payload):
            if isinstance(payload, bytes):
                received.append(payload.decode("utf-8", "replace"))
            else:
                received.append(payload)

        socket.on("framereceived", frame)

    page.on("response", on_response)
    page.on("websocket", on_socket)
    page.goto(f"/room/{token}/")
    page.locator("[data-pad] .cm-content").wait_for()

    questions = list(
        InterviewQuestion.objects.filter(interview=interview)
        .select_related("revision")
        .order_by("position")
    )
    later_titles = [q.revision.title for q in questions[1:]]
    seen_first = "\n".join(received)
    assert questions[0].revision.title in page.content()
    assert not [title for title in later_titles if title in seen_first]

    lead = Panelist.objects.get(interview=interview, is_lead=True)
    for question in questions[1:]:
        panelist_focus(panelist=lead, position=question.position)
        wait_for(
            lambda q=question: page.locator("#question-title").inner_text() == q.revision.title
        )
    services.room_end(room=room, by=lead.user)
    broadcast.send_now(room.pk, "room.ended")
    page.get_by_text("The interview is over").wait_for()
    page.reload()
    context.close()

    everything = "\n".join(received)
    assert len(received) > 10
    assert sum(len(answer_key(q.revision)) for q in questions) > 5 * len(questions)
    leaked = [
        (question.position, text)
        for question in questions
        for text in answer_key(question.revision)
        if text in everything
    ]
    assert leaked == []
    # What the candidate is given did arrive: each prompt, and the starter code in the pad.
    for question in questions:
        assert question.revision.title in everything
        if question.revision.starter_code:
            assert question.revision.starter_code.splitlines()[0] in everything
