"""The reports' limits, on config/ratelimit.py's buckets.

- Candidate feedback links: an unknown, revoked or malformed token spends the client's guessing
  budget (shared with every other kind of capability link); a token that opens a link spends that
  link's read budget, FEEDBACK_LINK_READS_PER_MINUTE, whoever asks. The page and its PDF (stored
  at build time, so as cheap to serve as the page) cost one read each.
- Report PDFs, per signed-in user: REPORT_PDF_RATE_LIMIT (a burst, then so many a minute), so a
  loop of downloads cannot tie up the web workers. With Redis unreachable, downloads go ahead.
"""

from django.conf import settings

from config.ratelimit import CapabilityLinks, Decision, Rate, take

FEEDBACK_LINKS = CapabilityLinks(kind="feedback", reads_per_minute="FEEDBACK_LINK_READS_PER_MINUTE")


def report_pdf_download(user_id: int) -> Decision:
    burst, per_minute = settings.REPORT_PDF_RATE_LIMIT
    return take(f"report-pdf:user:{user_id}", Rate(burst, per_minute / 60))
