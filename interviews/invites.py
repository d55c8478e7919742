"""Calendar invites for an interview's panel: one email per panelist carrying an iCalendar
object (RFC 5545, with the iTIP method of RFC 5546) built by the icalendar library; and one for
the candidate, an entry of their own with the room link (asked of the rooms app by a signal).

The UID is the interview's, so every invite for it updates the same calendar entry; SEQUENCE is
Interview.calendar_sequence, raised by each reschedule and by the cancellation, so a calendar
applies the newest and ignores an older one that arrives late. What is sent is always built from
the interview as it is now (REQUEST while it is on, CANCEL once cancelled): sending twice is
harmless. An interview already over gets no invite (the demo seeds months of past ones).
"""

import logging
from datetime import timedelta
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, vCalAddress, vText
from icalendar import Event as CalendarEvent

from config.text import one_line
from interviews.models import Interview, Panelist
from interviews.signals import candidate_link_wanted

logger = logging.getLogger(__name__)

PRODID = "-//Loupe//Interview invites//EN"


def invite_uid(interview: Interview, *, candidate: bool = False) -> str:
    """The panel's entry and the candidate's are two calendar entries, each with its own UID."""
    domain = urlsplit(settings.SITE_URL).hostname or "loupe.invalid"
    return f"interview-{interview.pk}{'-candidate' if candidate else ''}@{domain}"


def candidate_link(interview: Interview) -> str:
    """The absolute URL of the candidate's way in (the room link), or "" without one."""
    paths = [path for _, path in candidate_link_wanted.send(sender=Interview, interview=interview)]
    path = next((path for path in paths if path), "")
    return f"{settings.SITE_URL.rstrip('/')}{path}" if path and settings.SITE_URL else ""


def console_url(interview: Interview) -> str:
    path = reverse("interviews:console", kwargs={"pk": interview.pk})
    return f"{settings.SITE_URL.rstrip('/')}{path}" if settings.SITE_URL else ""


def method_for(interview: Interview) -> str:
    return "CANCEL" if interview.state == Interview.State.CANCELLED else "REQUEST"


def ends_at(interview: Interview):
    return interview.scheduled_at + timedelta(minutes=interview.kit.slot_minutes or 60)


def invite_calendar(interview: Interview, panelists: list[Panelist]) -> Calendar:
    method = method_for(interview)
    candidate = one_line(interview.candidate.name)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = CalendarEvent()
    event.add("uid", invite_uid(interview))
    event.add("sequence", interview.calendar_sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", interview.scheduled_at)
    event.add("dtend", ends_at(interview))
    event.add("summary", f"Interview: {candidate} ({one_line(interview.kit.name)})")
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    link = console_url(interview)
    if link:
        event.add("url", link)
        event.add("location", link)
    description = [f"Technical interview with {candidate}, kit {interview.kit.name}."]
    if link:
        description.append(f"Open the console: {link}")
    event.add("description", "\n".join(description))
    organizer = vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
    organizer.params["cn"] = vText("Loupe")
    event.add("organizer", organizer)
    for panelist in panelists:
        attendee = vCalAddress(f"mailto:{panelist.user.email}")
        attendee.params["cn"] = vText(
            one_line(panelist.user.get_full_name() or panelist.user.username)
        )
        attendee.params["role"] = vText("CHAIR" if panelist.is_lead else "REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("NEEDS-ACTION")
        attendee.params["rsvp"] = vText("FALSE")
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar


def candidate_calendar(interview: Interview, link: str) -> Calendar:
    """The candidate's entry: when, and the room link; no panel names, no console."""
    method = method_for(interview)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = CalendarEvent()
    event.add("uid", invite_uid(interview, candidate=True))
    event.add("sequence", interview.calendar_sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", interview.scheduled_at)
    event.add("dtend", ends_at(interview))
    event.add("summary", "Technical interview")
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    event.add("url", link)
    event.add("location", link)
    event.add("description", f"Join the interview room at the time of the interview: {link}")
    organizer = vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
    organizer.params["cn"] = vText("Loupe")
    event.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{interview.candidate.email}")
    attendee.params["cn"] = vText(one_line(interview.candidate.name))
    attendee.params["partstat"] = vText("NEEDS-ACTION")
    attendee.params["rsvp"] = vText("FALSE")
    event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar


def candidate_email(interview: Interview, link: str, method: str):
    when = timezone.localtime(interview.scheduled_at)
    if method == "CANCEL":
        subject = f"Cancelled: your interview on {when:%d %b %Y %H:%M}"
        text = f"Your interview on {when:%d %b %Y, %H:%M} is cancelled."
    else:
        subject = f"{'Moved' if interview.calendar_sequence else 'Your interview'}: "
        subject += f"{when:%d %b %Y %H:%M}"
        text = (
            f"Your technical interview is on {when:%d %b %Y, %H:%M} "
            f"({timezone.get_current_timezone_name()}). At that time, open your interview room: "
            f"{link}\n\nThe link is yours alone: please do not share it."
        )
    name = one_line(interview.candidate.name)
    body = f"Hello {name},\n\n{text}\n\n— Loupe"
    message = EmailMultiAlternatives(subject=subject, body=body, to=[interview.candidate.email])
    ics = candidate_calendar(interview, link).to_ical()
    message.attach_alternative(ics.decode(), f"text/calendar; method={method}")
    message.attach("invite.ics", ics, "application/ics")
    return message


def invite_email(interview: Interview, panelist: Panelist, ics: bytes, method: str):
    candidate = one_line(interview.candidate.name)
    when = timezone.localtime(interview.scheduled_at)
    verb = {"CANCEL": "Cancelled", "REQUEST": "Invitation"}[method]
    if method == "REQUEST" and interview.calendar_sequence:
        verb = "Moved"
    greeting = one_line(panelist.user.get_short_name() or panelist.user.username)
    lines = [f"Hello {greeting},", ""]
    if method == "CANCEL":
        lines.append(f"The interview with {candidate} on {when:%d %b %Y, %H:%M} is cancelled.")
    else:
        lines.append(
            f"You are on the panel for the interview with {candidate} on "
            f"{when:%d %b %Y, %H:%M} ({timezone.get_current_timezone_name()})"
            f"{', as its lead' if panelist.is_lead else ''}."
        )
        link = console_url(interview)
        if link:
            lines += ["", f"The console: {link}"]
    lines += ["", "— Loupe"]
    message = EmailMultiAlternatives(
        subject=f"{verb}: interview with {candidate}, {when:%d %b %Y %H:%M}",
        body="\n".join(lines),
        to=[panelist.user.email],
    )
    # Inline, as calendar clients expect an invitation (text/calendar with its method), and as a
    # file for the clients that only offer attachments.
    message.attach_alternative(ics.decode(), f"text/calendar; method={method}")
    message.attach("invite.ics", ics, "application/ics")
    return message


def invites_send(*, interview_id: int) -> int:
    """Email the panel the interview's invite as it stands now; returns how many were sent."""
    interview = Interview.objects.select_related("candidate", "kit").filter(pk=interview_id).first()
    if interview is None or ends_at(interview) <= timezone.now():
        return 0
    if interview.state not in (Interview.State.SCHEDULED, Interview.State.CANCELLED):
        return 0  # live or completed: the panel is in it already
    panelists = list(interview.panelists.select_related("user"))
    method = method_for(interview)
    ics = invite_calendar(interview, panelists).to_ical()
    sent = 0
    for panelist in panelists:
        if not panelist.user.email:
            logger.warning("no email address for %s; invite skipped", panelist.user)
            continue
        try:
            invite_email(interview, panelist, ics, method).send()
        except Exception:
            # One refusing address must not keep the others from their invite.
            logger.exception("invite for interview %s to %s not sent", interview.pk, panelist.user)
            continue
        sent += 1
    link = candidate_link(interview)
    if link and interview.candidate.email:
        try:
            candidate_email(interview, link, method).send()
            sent += 1
        except Exception:
            logger.exception("invite for interview %s to its candidate not sent", interview.pk)
    return sent
