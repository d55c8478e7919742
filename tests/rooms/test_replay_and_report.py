"""The pad's final code in the report's inputs (HTML, PDF text, JSON and CSV export) and the
replay player's page: always as text, never as HTML."""

import csv
import io
import json

import pytest

from interviews.reports import services as report_services
from interviews.rooms import pads, services
from interviews.rooms.models import Pad, PadUpdate
from tests.reports.builders import (
    enqueue_disabled,
    make_interview,
    make_kit,
    open_request,
    rate_and_submit,
)

pytestmark = pytest.mark.usefixtures("pdf_stand_in")
CODE = '<script>alert("pad")</script>\nfunc main() { println("<b>hi</b>") }'


def typed(interview, text: str, *, position: int = 1, pasted: bool = False) -> None:
    room, _ = services.room_for_interview(interview=interview)
    pad, _ = Pad.objects.get_or_create(room=room, position=position)
    doc = pads.doc_from(bytes(u) for u in pad.updates.values_list("update", flat=True))
    services.pad_append(
        pad_id=pad.pk,
        update=pads.insertion(doc, text),
        author_kind=PadUpdate.Author.CANDIDATE,
        author_id=None,
        label="Candidate",
        pasted=pasted,
    )


@pytest.fixture
def reported(cast):
    """Ada and Grace's interview: the candidate typed CODE in question 1, the lead ended it, both
    submitted and the report is built."""
    interview = make_interview(kit=make_kit(questions=2), panel=[cast.ada, cast.grace])
    typed(interview, CODE)
    room, _ = services.room_for_interview(interview=interview)
    services.room_end(room=room, by=cast.ada)
    with enqueue_disabled():
        rate_and_submit(interview, {cast.ada: [3, 2], cast.grace: [3, 3]})
    report = report_services.report_build(request_id=open_request(interview).pk)
    return interview, report


def test_the_report_shows_the_final_code_escaped(client, cast, reported):
    interview, report = reported
    assert report.content["questions"][0]["final_code"] == CODE
    assert report.content["questions"][1]["final_code"] == ""
    client.force_login(cast.manager)
    page = client.get(f"/interviews/{interview.pk}/report").content.decode()
    assert "&lt;script&gt;alert(&quot;pad&quot;)&lt;/script&gt;" in page
    assert '<script>alert("pad")' not in page
    assert "&lt;b&gt;hi&lt;/b&gt;" in report.html and "&lt;b&gt;hi&lt;/b&gt;" in report.panel_html


def test_the_audit_export_carries_the_final_code(client, cast, reported):
    interview, _ = reported
    client.force_login(cast.manager)
    document = json.loads(
        client.get(f"/candidates/{interview.candidate_id}/scorecards.json").content
    )
    ratings = [r for row in document["scorecards"] for r in row["ratings"]]
    assert {r["position"]: r["final_code"] for r in ratings} == {1: CODE, 2: ""}
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get(f"/candidates/{interview.candidate_id}/scorecards.csv").content.decode()
            )
        )
    )
    assert {row["position"]: row["final_code"] for row in rows} == {"1": CODE, "2": ""}


def test_ending_freezes_the_pads(cast, reported):
    interview, _ = reported
    with pytest.raises(pads.PadRefused):
        typed(interview, "more")
    assert Pad.objects.get(room__interview=interview, position=1).final_text == CODE


def test_the_replay_is_for_managers_and_panelists_who_submitted(client, cast, interview):
    typed(interview, "x := 1", pasted=True)
    client.force_login(cast.ada)  # on the panel, not submitted yet
    assert client.get(f"/i/{interview.pk}/replay").status_code == 404
    client.force_login(cast.curator)
    assert client.get(f"/i/{interview.pk}/replay").status_code == 404
    client.force_login(cast.manager)
    page = client.get(f"/i/{interview.pk}/replay")
    assert page.status_code == 200
    data = page.context["pads"][0]
    assert data["updates"][0]["pasted"] is True
    assert data["updates"][0]["label"] == "Candidate"
    assert "rooms/replay.js" in page.content.decode()


def test_a_submitted_panelist_gets_the_replay_from_the_console(client, cast, reported):
    interview, _ = reported
    client.force_login(cast.grace)
    console = client.get(f"/i/{interview.pk}/").content.decode()
    assert f"/i/{interview.pk}/replay" in console
    page = client.get(f"/i/{interview.pk}/replay")
    assert page.status_code == 200
    body = page.content.decode()
    assert '<script>alert("pad")' not in body  # updates travel base64 in a JSON block


def inserted_and_deleted(interview, text: str) -> None:
    """Two updates, as a hostile client would send them: insert `text`, then delete it."""
    room, _ = services.room_for_interview(interview=interview)
    pad, _ = Pad.objects.get_or_create(room=room, position=1)
    doc = pads.doc_from(bytes(u) for u in pad.updates.values_list("update", flat=True))
    ytext = doc[pads.TEXT]
    start = len(ytext)
    before = doc.get_state()
    ytext.insert(start, text)
    updates = [doc.get_update(before)]
    before = doc.get_state()
    del ytext[start : start + len(text)]
    updates.append(doc.get_update(before))
    for update in updates:
        services.pad_append(
            pad_id=pad.pk,
            update=update,
            author_kind=PadUpdate.Author.CANDIDATE,
            author_id=None,
            label="Candidate",
        )


def test_a_pads_stored_history_is_capped_and_what_was_typed_stays(cast, monkeypatch):
    """Inserting and deleting 60 KB at a time keeps the text small but the history growing: past
    the cap, edits are refused (close code 4413) and nothing stored is lost."""
    monkeypatch.setattr(pads, "MAX_STORED_BYTES", 200_000)
    interview = make_interview(kit=make_kit(questions=1), panel=[cast.ada])
    typed(interview, "func main() {}\n")
    with pytest.raises(pads.PadRefused) as refused:
        for _ in range(10):
            inserted_and_deleted(interview, "x" * 60_000)
    assert refused.value.code == 4413
    assert "history is full" in str(refused.value)
    pad = Pad.objects.get(room__interview=interview)
    stored = sum(len(bytes(u)) for u in pad.updates.values_list("update", flat=True))
    assert pad.stored_bytes == stored <= 200_000
    text = pads.text_of(pads.doc_from(pad.updates.values_list("update", flat=True)))
    assert text == "func main() {}\n"


def test_the_replay_is_hidden_from_a_reader_still_scoring_in_the_loop(client, cast, reported):
    interview, _ = reported
    second = make_interview(kit=make_kit(questions=1), panel=[cast.grace], loop=interview.loop)
    client.force_login(cast.grace)  # submitted the first, still scores the second
    assert client.get(f"/i/{interview.pk}/replay").status_code == 403
    assert second.pk
