from django.urls import reverse


def test_it_logs_a_user_in_and_out(client, cast):
    response = client.post(reverse("login"), {"username": "ada", "password": cast.password})
    assert response.status_code == 302
    assert response.url == reverse("interviews:home")
    assert "Welcome, Ada" in client.get(reverse("interviews:home")).content.decode()
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("interviews:home")).status_code == 302


def test_it_says_what_is_wrong_with_a_bad_password(client, cast):
    response = client.post(reverse("login"), {"username": "ada", "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_it_uses_the_apps_own_look_not_the_admins(client, db):
    body = client.get(reverse("login")).content.decode()
    assert "css/loupe.css" in body
    assert "admin/css" not in body
