"""The reports admin shows operators the outbox and the links, and lets nobody change them."""

from django.urls import reverse

from tests.reports.builders import built_interview


def test_a_superuser_reads_report_requests_and_links_but_cannot_change_them(
    client, cast, django_user_model
):
    built_interview([cast.ada], [3])
    admin_user = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(admin_user)
    requests_page = client.get(reverse("admin:reports_reportrequest_changelist"))
    assert requests_page.status_code == 200
    assert "ready" in requests_page.content.decode().lower()
    assert client.get(reverse("admin:reports_reportrequest_add")).status_code == 403
    assert client.get(reverse("admin:reports_feedbacklink_changelist")).status_code == 200


def test_a_curator_does_not_see_them(client, cast):
    client.force_login(cast.curator)
    assert client.get(reverse("admin:reports_reportrequest_changelist")).status_code == 403
