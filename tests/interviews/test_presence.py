from django.urls import reverse

from interviews.models import Panelist


def test_it_marks_the_panelist_seen_and_lists_where_everyone_is(ada_client, interview, cast):
    url = reverse("interviews:presence", kwargs={"pk": interview.pk})
    response = ada_client.post(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="presence"' in body
    assert "Ada" in body and "(you)" in body
    assert "Grace" in body and "away" in body
    assert Panelist.objects.get(user=cast.ada).last_seen_at is not None


def test_it_shows_which_question_a_colleague_is_on(client, interview, cast):
    client.force_login(cast.grace)
    client.post(reverse("interviews:go", kwargs={"pk": interview.pk}), {"position": 3})
    client.force_login(cast.ada)
    body = client.post(
        reverse("interviews:presence", kwargs={"pk": interview.pk}), headers={"HX-Request": "true"}
    ).content.decode()
    assert "Q3" in body


def test_the_page_pings_at_once_and_every_5s_but_a_swapped_in_list_only_every_5s(
    ada_client, interview
):
    """A list swapped in with `load` among its triggers would fire again at once, and again: one
    open console sent ~15 presence POSTs a second instead of one every 5 s."""
    page = ada_client.get(reverse("interviews:console", kwargs={"pk": interview.pk}))
    assert 'hx-trigger="load, every 5s"' in page.content.decode()
    url = reverse("interviews:presence", kwargs={"pk": interview.pk})
    fragment = ada_client.post(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 5s"' in fragment
