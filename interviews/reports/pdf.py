"""PDFs with WeasyPrint, from the report body and the feedback page the app serves (their print
stylesheet applies). Only a report's build renders them (documents.py); downloads serve the stored
bytes.

WeasyPrint fetches nothing from the network: the only URLs it may load are the app's own static
files, read from disk. Anything else (a link to another host, a file: URL) is refused.
"""

import logging
import mimetypes
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# The base URL documents are rendered against; never fetched, only used to resolve "/static/..."
BASE_URL = "https://loupe.invalid/"


class StaticOnlyFetcher(URLFetcher):
    """Serve /static/... from the static files on disk; refuse every other URL."""

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        static_prefix = "/" + settings.STATIC_URL.lstrip("/")
        base = urlsplit(BASE_URL)
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or not parts.path.startswith(
            static_prefix
        ):
            raise ValueError(f"refusing to fetch {url!r}: only the app's static files are allowed")
        name = parts.path.removeprefix(static_prefix)
        found = finders.find(name)
        if found:
            body = Path(found).read_bytes()
        elif staticfiles_storage.exists(name):  # a hashed name from collectstatic
            with staticfiles_storage.open(name) as handle:
                body = handle.read()
        else:
            raise ValueError(f"no static file {name!r}")
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


def html_to_pdf(html: str) -> bytes:
    return HTML(
        string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher(), media_type="print"
    ).write_pdf()
