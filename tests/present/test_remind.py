"""`actionlog remind`: one message per owner, overdue first; .eml files; sending through a
real SMTP server (aiosmtpd) on the loopback interface."""

from __future__ import annotations

import email
import email.policy
import socket
import textwrap
from pathlib import Path

import pytest

SEPTEMBER_2017 = "2017-09-20"

SETTINGS = """\
[smtp]
host = "127.0.0.1"
port = {port}
from = "Office of the PCC <opcc@example.org>"

[addresses]
AB = "anthony.bangham@example.org"
"Martin Evans" = "martin.evans@example.org"
CEx = "ceo@example.org"
"""


def read_eml(path: Path) -> email.message.EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


def refs_in(text: str) -> list[str]:
    return [line.split()[0] for line in text.splitlines()
            if line[:4].isdigit() and "/" in line.split()[0]]


def test_eml_files_one_per_person_overdue_first(workspace, run, tmp_path):
    (workspace / "actionlog.toml").write_text(SETTINGS.format(port=25), encoding="utf-8")
    out = tmp_path / "reminders"
    result = run(workspace, "remind", "--today", SEPTEMBER_2017, "--out", str(out))
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in out.iterdir())
    # one per person: Anthony Bangham's DCC and CC actions go in one message
    assert names == ["acc-martin-evans.eml", "cc-anthony-bangham.eml", "cex-andy-champness.eml"]
    ab = read_eml(out / "cc-anthony-bangham.eml")
    assert ab["To"] == "Anthony Bangham <anthony.bangham@example.org>"
    assert ab["From"] == "Office of the PCC <opcc@example.org>"
    assert ab["X-Unsent"] == "1"
    assert ab["Subject"] == "Actions outstanding: 4 open, 3 overdue (20 September 2017)"
    body = ab.get_content()
    assert body.startswith("Dear Anthony Bangham,")
    # overdue first, most overdue first; the action not yet due last
    assert refs_in(body) == ["2016-07-26/1", "2016-07-26/2", "2016-07-26/3", "2017-08-22/3"]
    assert body.index("Overdue\n") < body.index("2016-07-26/1") < body.index("Open\n")
    assert "(due 11 August 2016, 405 days overdue)" in body
    assert "Clarify the date Athena are committed to deliver within the Alliance" in body
    # the series' title comes from its template
    assert "Raised at the Monthly Assurance Meeting of 26 July 2016, item 1." in body
    evans = read_eml(out / "acc-martin-evans.eml")
    assert evans["To"] == "Martin Evans <martin.evans@example.org>"
    assert refs_in(evans.get_content()) == ["2017-08-22/1", "2017-08-22/2"]
    assert "(no due date)" in evans.get_content()


def test_owner_filter_keeps_only_that_persons_message(workspace, run, tmp_path):
    out = tmp_path / "dcc"
    result = run(workspace, "remind", "--today", SEPTEMBER_2017, "--owner", "DCC",
                 "--out", str(out))
    assert result.exit_code == 0
    assert [p.name for p in out.iterdir()] == ["dcc-anthony-bangham.eml"]
    msg = read_eml(out / "dcc-anthony-bangham.eml")
    # only the actions raised while he was DCC, as `outstanding --owner DCC` finds them
    assert refs_in(msg.get_content()) == ["2016-07-26/1", "2016-07-26/2", "2016-07-26/3"]
    assert msg["To"] is None  # no [addresses] in this workspace: a draft to address by hand


def test_preview_without_out_or_send_prints_readable_text(workspace, run):
    result = run(workspace, "remind", "--today", SEPTEMBER_2017, "--owner", "ACC")
    assert result.exit_code == 0
    assert result.stdout.startswith("Subject: Actions outstanding: 2 open (20 September 2017)")
    assert "Dear Martin Evans," in result.stdout
    assert "=\n" not in result.stdout  # not quoted-printable
    assert "--out DIR" in result.stderr


def test_actions_owned_by_all_go_to_everyone(workspace, run, tmp_path):
    (workspace / "meetings" / "2017-09-26.yaml").write_text(textwrap.dedent("""\
        title: Monthly Assurance Meeting
        series: monthly-assurance
        date: 2017-09-26
        status: held
        attendees:
          - {id: JC, name: John Campion, role: PCC}
          - {id: AB, name: Anthony Bangham, role: CC}
          - {id: ME, name: Martin Evans, role: ACC}
        items:
          - number: "5"
            title: AOB
            actions:
              - id: 1
                owner: ALL
                text: Read the HMIC report before the next meeting.
                due: 2017-09-01
        """), encoding="utf-8")
    out = tmp_path / "all"
    result = run(workspace, "remind", "--today", "2017-10-02", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    for name in ("cc-anthony-bangham.eml", "acc-martin-evans.eml", "cex-andy-champness.eml"):
        body = read_eml(out / name).get_content()
        assert "For everyone (owner ALL)\n" in body
        assert "Read the HMIC report" in body
    assert not (out / "all.eml").exists()


def test_nobody_owes_anything(workspace, run):
    result = run(workspace, "remind", "--today", SEPTEMBER_2017, "--owner", "PCC")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "No one owes an open action that matches." in result.stderr


def test_out_and_send_together_is_a_usage_error(workspace, run):
    result = run(workspace, "remind", "--out", "x", "--send")
    assert result.exit_code == 2


def test_send_without_smtp_settings_names_the_file(workspace, run):
    result = run(workspace, "remind", "--today", SEPTEMBER_2017, "--send")
    assert result.exit_code == 1
    assert "error: sending needs an SMTP server: add [smtp]" in result.stderr
    assert "actionlog.toml" in result.stderr


def test_broken_settings_file_is_reported_with_its_line(workspace, run):
    (workspace / "actionlog.toml").write_text("[smtp]\nhost = smtp.example.org\n",
                                              encoding="utf-8")
    result = run(workspace, "remind", "--today", SEPTEMBER_2017, "--send")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: actionlog.toml: ")
    assert "line 2" in result.stderr


def test_unreachable_server_is_one_line(workspace, run):
    (workspace / "actionlog.toml").write_text(SETTINGS.format(port=free_port()),
                                              encoding="utf-8")
    result = run(workspace, "remind", "--today", SEPTEMBER_2017, "--send")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: could not send through 127.0.0.1:")
    assert "Traceback" not in result.stderr


# ---------------------------------------------------------------- a real SMTP server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), msg))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    inbox = Inbox()
    logins: list[tuple[str, str]] = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        user, password = auth_data.login.decode(), auth_data.password.decode()
        logins.append((user, password))
        return AuthResult(success=password == "s3cret", handled=False)

    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(),
                            authenticator=authenticator, auth_require_tls=False)
    controller.start()
    inbox.port = controller.port
    inbox.logins = logins
    try:
        yield inbox
    finally:
        controller.stop()


def test_send_delivers_one_message_per_owner_to_a_real_server(workspace, run, smtp_server):
    (workspace / "actionlog.toml").write_text(SETTINGS.format(port=smtp_server.port),
                                              encoding="utf-8")
    result = run(workspace, "remind", "--today", SEPTEMBER_2017, "--send")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "sent to CEx Andy Champness <ceo@example.org>",
        "sent to CC Anthony Bangham <anthony.bangham@example.org>",
        "sent to ACC Martin Evans <martin.evans@example.org>",
    ]
    by_rcpt = {tuple(rcpts): (sender, msg) for sender, rcpts, msg in smtp_server.received}
    assert set(by_rcpt) == {("martin.evans@example.org",), ("anthony.bangham@example.org",),
                            ("ceo@example.org",)}
    sender, msg = by_rcpt[("anthony.bangham@example.org",)]
    assert sender == "opcc@example.org"
    assert msg["Subject"] == "Actions outstanding: 4 open, 3 overdue (20 September 2017)"
    assert msg["Date"] and msg["Message-ID"]
    assert msg["X-Unsent"] is None
    assert refs_in(msg.get_content()) == ["2016-07-26/1", "2016-07-26/2", "2016-07-26/3",
                                          "2017-08-22/3"]


def test_send_logs_in_with_the_password_from_the_environment(workspace, run, smtp_server):
    settings = SETTINGS.format(port=smtp_server.port).replace(
        'from = ', 'username = "opcc"\nfrom = ')
    (workspace / "actionlog.toml").write_text(settings, encoding="utf-8")
    result = run(workspace, "remind", "--today", SEPTEMBER_2017, "--owner", "ACC", "--send",
                 env={"ACTIONLOG_SMTP_PASSWORD": "s3cret"})
    assert result.exit_code == 0, result.stderr
    assert smtp_server.logins == [("opcc", "s3cret")]
    assert len(smtp_server.received) == 1

    wrong = run(workspace, "remind", "--today", SEPTEMBER_2017, "--send",
                env={"ACTIONLOG_SMTP_PASSWORD": "guess"})
    assert wrong.exit_code == 1
    assert "refused the login of opcc" in wrong.stderr
    assert len(smtp_server.received) == 1

    missing = run(workspace, "remind", "--today", SEPTEMBER_2017, "--send")
    assert missing.exit_code == 1
    assert "ACTIONLOG_SMTP_PASSWORD is not" in missing.stderr


def test_owner_without_an_address_is_reported_and_the_rest_are_sent(workspace, run,
                                                                    smtp_server):
    settings = SETTINGS.format(port=smtp_server.port).replace('CEx = "ceo@example.org"\n', "")
    (workspace / "actionlog.toml").write_text(settings, encoding="utf-8")
    result = run(workspace, "remind", "--today", SEPTEMBER_2017, "--send")
    assert result.exit_code == 1
    assert "not sent to CEx Andy Champness: no address (add it under [addresses]" \
        in result.stderr
    assert len(smtp_server.received) == 2


def test_settings_of_the_wrong_shape_are_one_line(workspace, run):
    (workspace / "actionlog.toml").write_text('smtp = "smtp.example.org"\n', encoding="utf-8")
    result = run(workspace, "remind", "--today", SEPTEMBER_2017)
    assert result.exit_code == 1
    assert result.stderr == "error: actionlog.toml: [smtp] must be a table of settings\n"


def test_without_a_series_template_the_series_name_is_used(workspace, run):
    import shutil

    shutil.rmtree(workspace / "templates")
    result = run(workspace, "remind", "--today", SEPTEMBER_2017, "--owner", "ACC")
    assert "Raised at the monthly-assurance meeting of 22 August 2017, item 4a" in result.stdout
