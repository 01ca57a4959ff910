"""Reminders to owners: one email per person listing what they owe, overdue first, written
as .eml files (Outlook opens them as drafts) or sent through the workspace's SMTP server.

An action owned by several people goes to each of them; an action owned by ALL is listed,
under its own heading, in the reminder of everyone who gets one.
"""

from __future__ import annotations

import os
import re
import smtplib
import socket
import ssl
from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from pathlib import Path

from actionlog.core.dates import day_date, long_date
from actionlog.core.ledger import Entry
from actionlog.core.owners import Owner
from actionlog.store.settings import SETTINGS, SettingsError, section

ENV_PASSWORD = "ACTIONLOG_SMTP_PASSWORD"


class RemindError(Exception):
    """Settings missing or the SMTP server unreachable: a domain error, one line."""


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int = 25
    sender: str = ""
    starttls: bool = False
    username: str | None = None


@dataclass
class Reminder:
    """One owner's reminder: their own open actions and those owned by ALL."""

    name: str  # as the greeting writes it
    label: str  # role and name, from the latest action raised
    keys: tuple[str, ...]  # what [addresses] may be keyed by: id, name, role
    own: list[Entry] = field(default_factory=list)
    shared: list[Entry] = field(default_factory=list)
    address: str | None = None

    def overdue(self, today: date) -> int:
        return sum(1 for e in self.own + self.shared if e.days_overdue(today))


# ---------------------------------------------------------------- settings


def smtp_settings(settings: dict) -> Smtp:
    """The [smtp] table of actionlog.toml; RemindError naming what is missing."""
    try:
        table = section(settings, "smtp")
    except SettingsError as exc:
        raise RemindError(str(exc)) from None
    if not table.get("host"):
        raise RemindError(f"sending needs an SMTP server: add [smtp] with host, port and "
                          f"from to {SETTINGS} (see README, Reminders)")
    if not table.get("from"):
        raise RemindError(f"{SETTINGS}: [smtp] needs 'from', the address reminders come from")
    port = table.get("port", 25)
    if not isinstance(port, int) or isinstance(port, bool) or not 0 < port < 65536:
        raise RemindError(f"{SETTINGS}: [smtp] port must be a number such as 25 or 587, "
                          f"not {port!r}")
    starttls = table.get("starttls", False)
    if not isinstance(starttls, bool):
        raise RemindError(f"{SETTINGS}: [smtp] starttls must be true or false")
    return Smtp(str(table["host"]), port, str(table["from"]), starttls,
                str(table["username"]) if table.get("username") else None)


def sender(settings: dict) -> str:
    """[smtp] from, for the From of .eml drafts too (empty: the mail client fills it in)."""
    try:
        return str(section(settings, "smtp").get("from", ""))
    except SettingsError as exc:
        raise RemindError(str(exc)) from None


def addresses(settings: dict) -> dict[str, str]:
    """[addresses]: owner (initials, name or role) -> email address, keys case-folded."""
    try:
        table = section(settings, "addresses")
    except SettingsError as exc:
        raise RemindError(str(exc)) from None
    for key, value in table.items():
        # a line break in an address would end the To: header and start another one
        if any(c in str(value) for c in "\r\n\x00") or not str(value).strip():
            raise RemindError(f"{SETTINGS}: [addresses] {_printable(key)} is not one "
                              f"address: {_printable(value)}")
    return {str(k).casefold(): str(v) for k, v in table.items()}


def _printable(value: object) -> str:
    """A value as a message quotes it, line breaks and control characters escaped."""
    return repr(str(value))[1:-1][:80]


# ---------------------------------------------------------------- who owes what


def reminders(entries: list[Entry], today: date, owners: tuple[str, ...] = (),
              book: dict[str, str] | None = None) -> list[Reminder]:
    """Group open `entries` by person (ALL ones shared), each list overdue first.

    `owners` keeps only the people matching one of these (as `outstanding --owner` does);
    `book` maps owners to addresses.
    """
    people: dict[str, Reminder] = {}
    shared: list[Entry] = []
    # membership by reference in sets: a list's `in` compares whole entries, one by one
    listed: set[tuple[str, str]] = set()
    for entry in sorted(entries, key=lambda e: (e.meeting_date, e.ref)):
        for owner in entry.owners:
            if owner.everyone:
                if ("", entry.ref) not in listed:
                    listed.add(("", entry.ref))
                    shared.append(entry)
                continue
            if owners and not any(owner.matches(q) for q in owners):
                continue
            key = (owner.name or owner.written).casefold()
            reminder = people.get(key)
            if reminder is None:
                reminder = people[key] = Reminder(owner.name or owner.written, "", ())
            # the latest action raised names the role they hold now
            reminder.label, reminder.keys = owner.label(), _keys(owner, reminder.keys)
            if (key, entry.ref) not in listed:
                listed.add((key, entry.ref))
                reminder.own.append(entry)
    book = book or {}
    out = []
    for reminder in people.values():
        reminder.own.sort(key=_urgency(today))
        reminder.shared = sorted(shared, key=_urgency(today))
        reminder.address = next((book[k.casefold()] for k in reminder.keys
                                 if k.casefold() in book), None)
        out.append(reminder)
    return sorted(out, key=lambda r: r.name.casefold())


def _keys(owner: Owner, known: tuple[str, ...]) -> tuple[str, ...]:
    new = [k for k in (owner.id, owner.name, owner.role, owner.written) if k]
    return tuple(dict.fromkeys([*known, *new]))


def _urgency(today: date):
    return lambda e: (-e.days_overdue(today), e.due or date.max, e.meeting_date, e.ref)


# ---------------------------------------------------------------- the messages


def message(reminder: Reminder, today: date, sender: str = "",
            titles: dict[str, str] | None = None) -> EmailMessage:
    """The reminder as an email: plain text, readable in any client and by screen readers.

    `titles` names each series' meetings ("Monthly Assurance Meeting")."""
    msg = EmailMessage()
    n, late = len(reminder.own) + len(reminder.shared), reminder.overdue(today)
    msg["Subject"] = (f"Actions outstanding: {n} open" + (f", {late} overdue" if late else "")
                      + f" ({long_date(today)})")
    if sender:
        msg["From"] = sender
    if reminder.address:
        msg["To"] = formataddr((reminder.name, reminder.address))
    msg.set_content(body(reminder, today, titles or {}))
    return msg


def body(reminder: Reminder, today: date, titles: dict[str, str]) -> str:
    late = reminder.overdue(today)
    n = len(reminder.own)
    lines = [f"Dear {reminder.name},", "",
             f"The action log records {n} action{'s' if n != 1 else ''} open for you "
             f"({reminder.label}) as of {day_date(today)}"
             + (f", {late} of them overdue." if late else "."), ""]
    overdue = [e for e in reminder.own if e.days_overdue(today)]
    due = [e for e in reminder.own if not e.days_overdue(today)]
    for heading, group in (("Overdue", overdue), ("Open", due),
                           ("For everyone (owner ALL)", reminder.shared)):
        if not group:
            continue
        lines += [heading, "-" * len(heading)]
        for entry in group:
            lines += _entry_lines(entry, today, titles) + [""]
    lines += ["Please reply with an update on each, quoting its reference, before the "
              "next meeting.", ""]
    return "\n".join(lines)


def _entry_lines(entry: Entry, today: date, titles: dict[str, str]) -> list[str]:
    if entry.due:
        when = f"due {long_date(entry.due)}"
        days = entry.days_overdue(today)
        if days:
            when += f", {days} day{'s' if days != 1 else ''} overdue"
    else:
        when = f"due {entry.due_written}" if entry.due_written else "no due date"
    title = titles.get(entry.series, f"{entry.series} meeting")
    part2 = ["  Confidential (Part 2): not for publication or forwarding."] \
        if entry.confidential else []
    lines = [f"{entry.ref}  ({when})", *part2, f"  {entry.text}",
             f"  Raised at {entry.source(title)}."]
    if entry.latest_update:
        lines.append("  Latest update: " + entry.latest_update.replace("\n", "\n  ")
                     .replace("  \n", "\n"))
    return lines


def preview(msg: EmailMessage) -> str:
    """A message as a person reads it: its headers, then the text (not quoted-printable)."""
    head = [f"{key}: {msg[key]}" for key in ("From", "To", "Subject") if msg[key]]
    return "\n".join(head) + "\n\n" + msg.get_content()


def file_name(reminder: Reminder) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", reminder.label.casefold()).strip("-") or "owner"
    return f"{slug}.eml"


def write_eml(messages: list[tuple[Reminder, EmailMessage]], folder: Path,
              write=None) -> list[Path]:
    """Each message as `<role-name>.eml` in `folder`, marked unsent so Outlook opens a draft;
    `write(path, bytes)` writes each (the CLI passes an atomic one)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for reminder, msg in messages:
        draft = EmailMessage()
        for key, value in msg.items():
            draft[key] = value
        draft["X-Unsent"] = "1"
        draft.set_content(msg.get_content())
        path = folder / file_name(reminder)
        if write is None:
            path.write_bytes(draft.as_bytes())
        else:
            write(str(path), draft.as_bytes())
        written.append(path)
    return written


def send(messages: list[tuple[Reminder, EmailMessage]], smtp: Smtp,
         env: dict[str, str] | None = None) -> list[tuple[Reminder, str]]:
    """Send each message that has an address; the (reminder, reason) of each one not sent."""
    env = os.environ if env is None else env
    failed: list[tuple[Reminder, str]] = []
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=30) as server:
            if smtp.starttls:
                server.starttls(context=ssl.create_default_context())
            if smtp.username:
                password = env.get(ENV_PASSWORD)
                if password is None:
                    raise RemindError(f"[smtp] username is set but {ENV_PASSWORD} is not: "
                                      f"set it to the password")
                server.login(smtp.username, password)
            for reminder, msg in messages:
                if not reminder.address:
                    failed.append((reminder, "no address"))
                    continue
                # the moment of sending, not a business date: the real clock is right here
                msg["Date"] = formatdate(localtime=True)
                msg["Message-ID"] = make_msgid(domain=smtp.sender.rpartition("@")[2] or None)
                try:
                    server.send_message(msg)
                except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as exc:
                    failed.append((reminder, f"refused: {_smtp_reason(exc)}"))
    except smtplib.SMTPAuthenticationError as exc:
        raise RemindError(f"the SMTP server {smtp.host}:{smtp.port} refused the login of "
                          f"{smtp.username}: {_smtp_reason(exc)}") from None
    except (smtplib.SMTPException, OSError, socket.timeout) as exc:
        raise RemindError(f"could not send through {smtp.host}:{smtp.port}: "
                          f"{_smtp_reason(exc)}") from None
    return failed


def _smtp_reason(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{who}: {_smtp_reason_text(err[1])}"
                         for who, err in exc.recipients.items())
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{exc.smtp_code} {_smtp_reason_text(exc.smtp_error)}"
    return str(exc) or type(exc).__name__


def _smtp_reason_text(raw: bytes | str) -> str:
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
