"""Input that once gave a Python traceback now gives a located problem or one line of error
and a non-zero exit: a series name too long to be a file name, a line break in a person's
name or in an address, escapes that would reach the terminal."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.edit.test_new_meeting import make_workspace

LONG = "a" * 300


def test_a_series_name_too_long_for_a_file_name_is_a_problem_not_an_oserror(tmp_path, run):
    root = make_workspace(tmp_path, "2016-06-28")
    june = root / "meetings" / "2016-06-28.yaml"
    june.write_text(june.read_text().replace("series: monthly-assurance", f"series: {LONG}"))
    found = json.loads(run(root, "validate", "--format", "json").stdout)
    assert [(p["yaml_path"], p["line"]) for p in found] == [("series", 4)]
    assert "longer than the 64 characters allowed" in found[0]["message"]
    for args in (["new-meeting", "--series", LONG], ["cancel", "2016-07-26", "--series", LONG],
                 ["new-meeting", "--dry-run"], ["remind", "--today", "2016-08-01"],
                 ["calendar", "--today", "2016-07-01"]):
        result = run(root, *args)  # run() lets a traceback through: none comes
        assert result.exit_code in (0, 1), args


@pytest.mark.parametrize("name, message", [
    ('"Anthony\\nBangham"', "name: must be one line, without a line break"),
    ('"Anthony\\r\\nBcc: x@evil.org"', "name: the control character U+000D is not allowed in text"),
])
def test_a_line_break_in_a_persons_name_is_a_located_problem(tmp_path, run, name, message):
    root = make_workspace(tmp_path, "2016-06-28")
    june = root / "meetings" / "2016-06-28.yaml"
    june.write_text(june.read_text().replace("name: Anthony Bangham", f"name: {name}", 1))
    found = json.loads(run(root, "validate", "--format", "json").stdout)
    assert [p["message"] for p in found] == [message]
    # no traceback: the broken file is named and the exit status is 1
    reminded = run(root, "remind", "--today", "2016-08-01")
    assert reminded.exit_code == 1
    assert "error: 1 problem in meetings/2016-06-28.yaml" in reminded.stderr


def test_a_line_break_in_an_address_is_one_line_of_error(tmp_path, run):
    root = make_workspace(tmp_path, "2016-06-28")
    (root / "actionlog.toml").write_text('[addresses]\nAB = "ab@example.org\\r\\nBcc: x@evil.org"\n')
    result = run(root, "remind", "--today", "2016-08-01")
    assert result.exit_code == 1
    assert result.stderr == ("error: actionlog.toml: [addresses] AB is not one address: "
                             "ab@example.org\\r\\nBcc: x@evil.org\n")


@pytest.mark.parametrize("escape", ["\\e]0;pwned\\a", "\\x1b[2J", "\\x9b2J", "\\x07"])
def test_a_terminal_escape_written_as_a_yaml_escape_is_refused_and_never_printed(
        tmp_path, run, escape):
    root = make_workspace(tmp_path, "2016-06-28")
    june = root / "meetings" / "2016-06-28.yaml"
    text = june.read_text()
    assert "venue: " in text
    june.write_text(text.replace("venue: ", f'venue: "{escape}" # was: ', 1))
    result = run(root, "validate")
    assert result.exit_code == 1
    assert "the control character U+" in result.stdout
    assert "\x1b" not in result.stdout + result.stderr and "\x07" not in result.stdout
    assert "\x9b" not in result.stdout


@pytest.mark.parametrize("escape, said", [
    ("\\uFFFE", "the character U+FFFE is not allowed in text"),
    ("\\uFFFF", "the character U+FFFF is not allowed in text"),
    ("\\uD800", "found invalid Unicode character escape code")])  # the YAML reader's
def test_a_character_no_document_can_hold_is_refused_where_it_is_written(
        tmp_path, run, escape, said):
    """A noncharacter or half a UTF-16 pair, written as a YAML escape, once reached the
    Excel and Word writers (lxml: a ValueError traceback)."""
    root = make_workspace(tmp_path, "2016-06-28")
    june = root / "meetings" / "2016-06-28.yaml"
    june.write_text(june.read_text().replace("venue: ", f'venue: "x{escape}" # was: ', 1))
    result = run(root, "validate")
    assert result.exit_code == 1
    assert "2016-06-28.yaml:7:" in result.stdout and said in result.stdout
    for args in (["log", "--today", "2016-07-01", "-o", str(tmp_path / "log.xlsx")],
                 ["notes", "2016-06-28", "-o", str(tmp_path / "notes.docx")]):
        made = run(root, *args)  # run() lets a traceback through: none comes
        assert made.exit_code == 1, args


def test_a_number_without_a_dot_is_one_located_line_not_ruamels_advice(tmp_path):
    """`venue: 1e3` once printed ruamel's dozen lines of advice on YAML 1.1 floats (and a
    hint to quote "1000.0", which is not what was written)."""
    root = make_workspace(tmp_path, "2016-06-28")
    june = root / "meetings" / "2016-06-28.yaml"
    text = june.read_text()
    june.write_text(text[:text.index("venue: ")] + "venue: 1e3\n"
                    + text[text.index("\n", text.index("venue: ")) + 1:])
    # a process of its own: pytest would catch the warning before the terminal saw it
    result = subprocess.run([sys.executable, "-m", "actionlog", "--root", str(root),
                             "validate"], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 1
    assert "venue: expected text, got the number 1000.0" in result.stdout
    assert "put the value in quotes, just as it is written" in result.stdout
    assert "YAML 1.1" not in result.stdout + result.stderr
