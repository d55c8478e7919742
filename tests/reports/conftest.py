import uuid

import pytest
import redis


@pytest.fixture(autouse=True)
def private_rate_limits(settings):
    """Each test counts in its own buckets on the shared Redis, and removes them afterwards."""
    prefix = f"loupe-test:{uuid.uuid4().hex[:12]}"
    settings.RATELIMIT_KEY_PREFIX = prefix
    yield prefix
    if settings.REDIS_URL:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1)
        try:
            keys = list(client.scan_iter(f"{prefix}:*"))
            if keys:
                client.delete(*keys)
        except redis.RedisError:
            pass


@pytest.fixture
def renders(monkeypatch):
    """Counts WeasyPrint renders (interviews.reports.pdf.html_to_pdf), each still made for real:
    `renders.count`, and the HTML of each in `renders.html`."""
    from types import SimpleNamespace

    from interviews.reports import pdf

    real = pdf.html_to_pdf
    spy = SimpleNamespace(count=0, html=[])

    def counted(html: str) -> bytes:
        spy.count += 1
        spy.html.append(html)
        return real(html)

    monkeypatch.setattr(pdf, "html_to_pdf", counted)
    return spy
