"""The hostile corpus: bad input never gives a traceback, always a located message and exit
status 1, and never changes a file (hledger's test/errors idea).

Each tests/hostile/<case>.yaml (its first line says what is wrong with it) is dropped into
a copy of the real workspace as meetings/2016-09-15.yaml, and `actionlog validate` runs
over the lot; tests/hostile/<case>.expected is its exact output. Inputs that need raw bytes
or megabytes are built by the GENERATED table below rather than committed. After changing
a message, refresh the expected files with `pytest tests/test_hostile.py --update-golden`
and review the diff.
"""

from __future__ import annotations

import re
import traceback
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

from actionlog.store import schema
from actionlog.store import yamlio
from actionlog.cli import cli

from tests.conftest import HOSTILE
CASES = sorted(p.stem for p in HOSTILE.glob("*.yaml"))
TARGET = "meetings/2016-09-15.yaml"
TARGETS = {"dates-filename-mismatch": "meetings/2016-09-14.yaml"}
LOCATED = re.compile(r"^(?P<path>\S+?):(?P<line>[1-9]\d*):(?P<column>[1-9]\d*): "
                     r"(error|warning): .* \[\w+\]$")
MB = 1024 * 1024
# a small bad file must not cost more than this much Python memory to reject
MEMORY_LIMIT = 64 * MB


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file's bytes and every folder, except the cache the tool may keep."""
    out: dict[str, bytes | None] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if ".actionlog-cache" in rel.parts:
            continue
        out[rel.as_posix()] = path.read_bytes() if path.is_file() else None
    return out


def validate(root: Path, *args: str):
    result = CliRunner().invoke(cli, ["--root", str(root), "validate", *args], env={})
    # a traceback is always a bug: the only exception allowed is the exit itself
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        "".join(traceback.format_exception(result.exception))
    return result


def headlines(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line and not line.startswith(" ")]


def check_rejected(root: Path, target: str, result) -> None:
    assert result.exit_code == 1, result.stdout
    lines = headlines(result.stdout)
    assert lines, "no problem reported"
    for line in lines:
        assert LOCATED.match(line), f"not located: {line}"
    assert any(line.startswith(f"{target}:") for line in lines)


@pytest.mark.parametrize("case", CASES)
def test_hostile_file_is_rejected_with_located_messages(workspace, request, case):
    target = TARGETS.get(case, TARGET)
    (workspace / target).write_bytes((HOSTILE / f"{case}.yaml").read_bytes())
    before = snapshot(workspace)
    result = validate(workspace)
    assert snapshot(workspace) == before, "validate changed or created a file"
    check_rejected(workspace, target, result)
    errors = sum(" error: " in line for line in headlines(result.stdout))
    assert result.stderr.endswith(f"checked: {errors} error{'s' if errors > 1 else ''}, "
                                  f"0 warnings\n"), result.stderr
    expected = HOSTILE / f"{case}.expected"
    if request.config.getoption("--update-golden"):
        expected.write_text(result.stdout, encoding="utf-8", newline="\n")
        return
    assert expected.exists(), f"no {expected.name}; create it with --update-golden"
    assert result.stdout == expected.read_text(encoding="utf-8")


def test_every_case_has_its_expected_output_and_says_what_it_is():
    assert len(CASES) >= 60
    assert sorted(p.stem for p in HOSTILE.glob("*.expected")) == CASES
    for case in CASES:
        first = (HOSTILE / f"{case}.yaml").read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# "), case


def test_the_corpus_exercises_every_check_that_reports_errors():
    from actionlog.core.checks import CHECKS

    found = set()
    for expected in HOSTILE.glob("*.expected"):
        for line in headlines(expected.read_text(encoding="utf-8")):
            found.add(line.rsplit("[", 1)[1].rstrip("]"))
    # carried and schedule only warn (carried is an error with --strict): the tests of
    # validate and tests/cli/test_nothing_silent.py cover them; files is about folders and
    # names, not a file's content: tests/store/test_reading_edges.py
    assert found == set(CHECKS) - {"carried", "schedule", "files"}


# ---------------------------------------------------------------- generated inputs

VALID = """title: Audit Committee
series: audit-committee
date: 2016-09-15
status: draft
attendees:
  - {id: JC, name: John Campion, role: PCC}
  - {id: AB, name: Anthony Bangham, role: DCC}
items:
  - number: "2"
    title: Risk register
    actions:
      - id: 1
        owner: AB
        text: Circulate the risk register.
        due: 2016-10-13
"""


def deep_items(levels: int) -> str:
    """A valid-looking meeting whose items nest `levels` deep."""
    out, indent = "items:\n", "  "
    for level in range(levels):
        out += f"{indent}- title: level {level}\n{indent}  items:\n"
        indent += "    "
    return VALID.split("items:\n")[0] + out + f"{indent}- title: bottom\n"


def laughs(levels: int) -> str:
    """Billion laughs: each level lists the one before ten times."""
    out = "title: lol\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for n in range(1, levels):
        out += f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 10) + "]\n"
    return out


P = TARGET + ":"
# name: (the file's bytes, the exact `validate --format parsable` output)
GENERATED: dict[str, tuple[bytes, list[str]]] = {
    "empty-file": (b"", [
        f"{P}1:1: error: the file holds no meeting: it is empty, or only comments [schema]"]),
    "whitespace-only": (b"  \n\n   \n", [
        f"{P}1:1: error: the file holds no meeting: it is empty, or only comments [schema]"]),
    "crlf-with-an-error": (VALID.replace("owner: AB", "owner: ABB").replace("\n", "\r\n")
                           .encode(), [
        f"{P}13:16: error: unknown owner 'ABB' (did you mean 'AB'?) "
        f"(items[0].actions[0].owner) [owners]"]),
    "bom-with-an-error": (b"\xef\xbb\xbf" + VALID.replace("status: draft", "status: drafted")
                          .encode(), [
        f"{P}4:9: error: 'drafted' is not a valid status (did you mean 'draft'?) (status) "
        f"[schema]"]),
    "latin-1-pound-sign": (VALID.replace("Risk register", "Risk register £")
                           .encode("latin-1"), [
        f"{P}10:26: error: byte 0xa3 is not valid UTF-8 [syntax]"]),
    "windows-1252-quote": (VALID.replace("Circulate the", "Circulate the ’")
                           .encode("cp1252"), [
        f"{P}14:29: error: byte 0x92 is not valid UTF-8 [syntax]"]),
    "bad-byte-after-accents": (VALID.replace("Risk register", "Risqué – reg\udcffister")
                               .encode("utf-8", "surrogateescape"), [
        f"{P}10:24: error: byte 0xff is not valid UTF-8 [syntax]"]),
    "utf-16-with-bom": (VALID.encode("utf-16"), [
        f"{P}1:1: error: the file is saved as UTF-16; meeting files are UTF-8 [syntax]"]),
    "utf-16-without-bom": (VALID.encode("utf-16-le"), [
        f"{P}1:2: error: the file contains a NUL character: is it saved as UTF-16, or not a "
        f"text file at all? [syntax]"]),
    "nul-byte": (VALID.replace("Circulate", "Circ\x00ulate").encode(), [
        f"{P}14:19: error: the file contains a NUL character: is it saved as UTF-16, or not a "
        f"text file at all? [syntax]"]),
    "control-character": (VALID.replace("Circulate", "Circ\x07ulate").encode(), [
        f"{P}14:19: error: the control character U+0007 is not allowed in YAML [syntax]"]),
    "line-separator-pasted-from-the-web": (VALID.replace("Circulate the", "Circulate\u2028the")
                                           .encode(), [
        f"{P}14:24: error: the invisible character U+2028 (line separator) is not allowed: "
        f"YAML reads it as a line break [syntax]"]),
    "form-feed": (VALID.replace("items:", "\x0citems:").encode(), [
        f"{P}8:1: error: the control character U+000C is not allowed in YAML [syntax]"]),
    "megabyte-status": (VALID.replace("status: draft", "status: " + "x" * MB).encode(), [
        f"{P}4:9: error: '{'x' * 59}…' is not a valid status (status) [schema]"]),
    "megabyte-owner": (VALID.replace("owner: AB", "owner: " + "AB" * (MB // 2)).encode(), [
        f"{P}13:16: error: owner: an owner of {MB} characters is too long for initials, a "
        f"role or a name (items[0].actions[0].owner) [schema]"]),
    "megabyte-key": (VALID.replace("status: draft", "status: draft\n" + "k" * MB + ": v")
                     .encode(), [
        f"{P}5:1: error: this field name is longer than the 1024 characters YAML allows "
        f"[syntax]"]),
    "megabyte-line-of-text": (b"a" * MB, [
        f"{P}1:1: error: a meeting file is a mapping of fields, not the text "
        f"'{'a' * 59}…' [schema]"]),
    "over-five-megabytes": (VALID.encode() + b"# " + b"x" * (5 * MB) + b"\n", [
        f"{P}1:1: error: file is too large ({len(VALID) + 5 * MB + 3} bytes; the limit is "
        f"{yamlio.MAX_FILE_BYTES}) [syntax]"]),
    "hundred-thousand-brackets": (b"[" * 100_000 + b"]" * 100_000, [
        f"{P}1:65: error: nesting is deeper than 64 levels [syntax]"]),
    "hundred-thousand-unclosed-brackets": (b"title: " + b"[" * 100_000, [
        f"{P}1:71: error: nesting is deeper than 64 levels [syntax]"]),
    "fifty-thousand-braces": (b"{a: " * 50_000 + b"1" + b"}" * 50_000, [
        f"{P}1:257: error: nesting is deeper than 64 levels [syntax]"]),
    "fifty-thousand-dashes": (b"- " * 50_000 + b"x\n", [
        f"{P}1:129: error: nesting is deeper than 64 levels [syntax]"]),
    "items-three-hundred-deep": (deep_items(300).encode(), [
        f"{P}71:129: error: nesting is deeper than 64 levels [syntax]"]),
    "billion-laughs-thirty-levels": (laughs(30).encode(), [
        f"{P}3:10: error: anchors and aliases (&name, *name) are not allowed in meeting "
        f"files [syntax]"]),
    "hundred-thousand-aliases": (b"a: &a [x]\nb: [" + b"*a, " * 100_000 + b"*a]\n", [
        f"{P}2:5: error: anchors and aliases (&name, *name) are not allowed in meeting "
        f"files [syntax]"]),
}


@pytest.mark.parametrize("case", sorted(GENERATED))
def test_generated_hostile_input_is_rejected_in_bounded_memory(workspace, case):
    data, expected = GENERATED[case]
    (workspace / TARGET).write_bytes(data)
    before = snapshot(workspace)
    # the bombs are small files; tracing every allocation of a megabyte's parse is slow
    measure = len(data) < MB
    if measure:
        tracemalloc.start()
    try:
        result = validate(workspace, "--format", "parsable")
        _size, peak = tracemalloc.get_traced_memory() if measure else (0, 0)
    finally:
        tracemalloc.stop()
    assert snapshot(workspace) == before, "validate changed or created a file"
    check_rejected(workspace, TARGET, result)
    assert result.stdout.splitlines() == expected
    assert peak < MEMORY_LIMIT, f"{peak // MB} MB to reject {case}"


# ---------------------------------------------------------------- inputs read correctly

READABLE: dict[str, bytes] = {
    "byte-order-mark": b"\xef\xbb\xbf" + VALID.encode(),
    "crlf-line-endings": VALID.replace("\n", "\r\n").encode(),
    "byte-order-mark-and-crlf": b"\xef\xbb\xbf" + VALID.replace("\n", "\r\n").encode(),
    "old-mac-cr-line-endings": VALID.replace("\n", "\r").encode(),
    "megabyte-title": VALID.replace("title: Audit Committee",
                                    "title: " + "Audit " * (MB // 6)).encode(),
    "unquoted-time": VALID.replace("status: draft", "status: draft\ntime: 10:30").encode(),
    "unquoted-item-number": VALID.replace('number: "2"', "number: 4a").encode(),
    "explicit-str-tag": VALID.replace("title: Audit Committee", "title: !!str 42").encode(),
    "tab-between-key-and-value": VALID.replace("status: draft", "status:\tdraft").encode(),
    "accents-and-dashes": VALID.replace("Risk register", "Risqué register – 2016 ‘review’")
                          .encode(),
}


@pytest.mark.parametrize("case", sorted(READABLE))
def test_awkward_but_valid_input_is_read_correctly(workspace, case):
    (workspace / TARGET).write_bytes(READABLE[case])
    before = snapshot(workspace)
    result = validate(workspace, "--format", "parsable")
    assert snapshot(workspace) == before
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""


def test_crlf_and_bom_give_the_same_data_as_lf():
    plain, _ = yamlio.decode(VALID.encode(), "m.yaml")
    for raw in (READABLE["byte-order-mark"], READABLE["crlf-line-endings"],
                READABLE["byte-order-mark-and-crlf"]):
        text, problems = yamlio.decode(raw, "m.yaml")
        assert problems == [] and text == plain


def test_unquoted_time_and_item_number_are_kept_as_written():
    data, problems = yamlio.parse("time: 10:30\nnumber: 4a\nother: 1030\n", "m.yaml")
    assert problems == []
    assert data == {"time": "10:30", "number": "4a", "other": 1030}


def test_unquoted_decimal_item_number_is_refused_not_rounded():
    # 2.10 would silently become "2.1"
    meeting = {"title": "T", "series": "s", "date": "2016-07-26", "status": "draft",
               "items": [{"number": 2.10, "title": "x"}]}
    _m, [problem] = schema.check(meeting, "m.yaml")
    assert problem.message == 'number: an item number is text such as "4a", got the number 2.1'
    assert problem.hint == 'put it in quotes: "2.1"'


def test_date_hint_never_guesses_a_missing_year_from_the_clock():
    meeting = {"title": "T", "series": "s", "date": "26 July", "status": "draft"}
    _m, [problem] = schema.check(meeting, "m.yaml")
    assert problem.hint == "write dates as YYYY-MM-DD, for example 2016-07-26"
    meeting["date"] = "26/07/2016"
    _m, [problem] = schema.check(meeting, "m.yaml")
    assert problem.hint == "write dates as YYYY-MM-DD; did you mean 2016-07-26?"
