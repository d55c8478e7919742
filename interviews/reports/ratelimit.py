"""The candidate feedback links' limits: config/ratelimit.py's capability-link limiter.

An unknown, revoked or malformed token spends the client's guessing budget (shared with every
other kind of capability link); a token that opens a link spends that link's read budget,
FEEDBACK_LINK_READS_PER_MINUTE, whoever asks. A PDF is rendered anew on each request (WeasyPrint,
hundreds of milliseconds of CPU), so it costs PDF_COST reads.
"""

from config.ratelimit import CapabilityLinks

FEEDBACK_LINKS = CapabilityLinks(kind="feedback", reads_per_minute="FEEDBACK_LINK_READS_PER_MINUTE")
PDF_COST = 5
