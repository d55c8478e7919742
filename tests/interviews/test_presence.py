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
