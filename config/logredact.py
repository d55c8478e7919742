"""Capability tokens never reach a log line.

A capability URL's token is its only credential (`/feedback/<token>/` today, `/room/<token>/`
next), so a log line carrying one hands the link to whoever reads the logs. `install()` (called
once the apps are ready, in every process that loads Django: web workers, Celery, commands) wraps
the log record factory, so every record any logger creates in the process, Django's
"Not Found: /feedback/…" as well as gunicorn's access log, has the token segment of such a path,
and any query string after it, replaced by [redacted] before any handler sees it.
"""

import logging
import re

# The path before the token of every capability URL (the break-glass link signs a superuser in).
CAPABILITY_PREFIXES = ("feedback", "room", "login/break-glass")
REDACTED = "[redacted]"

CAPABILITY_PATH = re.compile(
    r"(?P<prefix>/(?:" + "|".join(CAPABILITY_PREFIXES) + r")/)"
    r"(?P<token>[^/\s?#\"'<>]+)"
    r"(?P<rest>/[^\s?#\"'<>]*)?"
    r"(?P<query>\?[^\s#\"'<>]*)?",
    re.IGNORECASE,
)


def redact(text: str) -> str:
    """`text` with the token (and any query string) of every capability path replaced."""

    def replace(match: re.Match) -> str:
        query = f"?{REDACTED}" if match["query"] else ""
        return f"{match['prefix']}{REDACTED}{match['rest'] or ''}{query}"

    return CAPABILITY_PATH.sub(replace, text)


def _redacting(factory):
    def make_record(*args, **kwargs) -> logging.LogRecord:
        record = factory(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:
            return record
        redacted = redact(message)
        if redacted != message:
            # Keep the arguments' shape when redacting them one by one is enough: some
            # formatters (uvicorn's access log) unpack record.args.
            args = record.args
            safe = None
            if isinstance(args, tuple) and isinstance(record.msg, str):
                shaped = tuple(redact(a) if isinstance(a, str) else a for a in args)
                try:
                    if redact(redact(record.msg) % shaped) == redact(record.msg) % shaped:
                        safe = shaped
                except (TypeError, ValueError):
                    pass
            if safe is not None:
                record.msg, record.args = redact(record.msg), safe
            else:
                record.msg, record.args = redacted, ()
        if record.exc_info and record.exc_text is None:
            # A traceback's text can quote the path too: format it now, redacted.
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return record

    make_record.loupe_redacting = True
    return make_record


def install() -> None:
    factory = logging.getLogRecordFactory()
    if not getattr(factory, "loupe_redacting", False):
        logging.setLogRecordFactory(_redacting(factory))
