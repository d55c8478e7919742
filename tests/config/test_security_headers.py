from django.urls import reverse


def test_the_login_page_carries_an_enforced_csp_with_a_nonce(client, db):
    response = client.get(reverse("login"))
    policy = response.headers["Content-Security-Policy"]
    assert "Content-Security-Policy-Report-Only" not in response.headers
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()


def test_pages_send_referrer_policy_and_nosniff(client, db):
    response = client.get(reverse("login"))
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_htmx_sends_the_csrf_token_from_the_body(client, cast):
    client.force_login(cast.ada)
    body = client.get(reverse("interviews:home")).content.decode()
    assert 'hx-headers=\'{"X-CSRFToken": "' in body
    assert "django_htmx/htmx-2.min.js" in body


def test_every_response_carries_a_permissions_policy(client, cast):
    assert "camera=()" in client.get(reverse("login")).headers["Permissions-Policy"]
    client.force_login(cast.ada)
    policy = client.get(reverse("interviews:home")).headers["Permissions-Policy"]
    assert "microphone=()" in policy and "geolocation=()" in policy


def test_the_csrf_cookie_is_httponly_and_htmx_still_posts(client, cast):
    client.force_login(cast.ada)
    client.handler.enforce_csrf_checks = True
    page = client.get(reverse("interviews:home"))
    assert client.cookies["csrftoken"]["httponly"]
    token = page.content.decode().split('"X-CSRFToken": "')[1].split('"')[0]
    response = client.post(reverse("logout"), headers={"X-CSRFToken": token})
    assert response.status_code == 302
