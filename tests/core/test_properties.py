"""Properties, checked on random input (hypothesis).

- The ledger (the fold of all meetings in date order) agrees with a plain reference model
  written here, for random series of meetings that raise actions and review earlier ones,
  and on any `as_of` date.
- Loading and checking never raise: not on random series written to files, not on those
  series with one field broken at random (every problem then has a line and a column), and
  not on random text or bytes fed to the reader and the schema.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actionlog import workspace
from actionlog.core import checks
from actionlog.core import ledger
from actionlog.core import model
from actionlog.store import schema
from actionlog.store import positions, yamlio
from actionlog.store.load import from_schema, locate
from actionlog.core.model import CLOSED_STATUSES, NEXT_MEETING, OPEN_STATUSES, REVIEW_STATUSES
from actionlog.core.problems import ERROR
from tests.conftest import REPO

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
SERIES = "monthly-assurance"
START = date(2016, 1, 1)
# (id, name, role): every role held by one person, so an owner written as a role is no guess
PEOPLE = [("JC", "John Campion", "PCC"), ("AB", "Anthony Bangham", "DCC"),
          ("AC", "Andy Champness", "CEx"), ("DS", "David Shaw", "CC"),
          ("ME", "Martin Evans", "ACC")]


# ---------------------------------------------------------------- random series of meetings


@st.composite
def owner_written(draw, people: list[tuple[str, str, str]]) -> str:
    """An owner as an officer writes it, resolvable at a meeting these people attend."""
    one = st.sampled_from([p[0] for p in people] + [p[2] for p in people] + ["ALL"])
    if len(people) > 1 and draw(st.integers(0, 4)) == 0:
        pair = draw(st.lists(st.sampled_from([p[0] for p in people]), min_size=2,
                             max_size=2, unique=True))
        return "/".join(pair)
    return draw(one)


@st.composite
def due_written(draw, after: date, next_meeting: bool = True) -> str | None:
    kind = draw(st.sampled_from(["none", "date", "next"] if next_meeting else ["none", "date"]))
    if kind == "date":
        return (after + timedelta(days=draw(st.integers(0, 120)))).isoformat()
    return NEXT_MEETING if kind == "next" else None


@st.composite
def meeting_series(draw) -> list[dict]:
    """One series, dates increasing; each meeting raises actions and reviews earlier ones.

    Each meeting is the data a meeting file holds (dates as text, as YAML gives them).
    """
    count = draw(st.integers(1, 6))
    days, day = [], START
    for _ in range(count):
        day += timedelta(days=draw(st.integers(1, 70)))
        days.append(day)
    raised: list[str] = []
    out = []
    # the meetings that took place come first; the rest are drafts (the rule of the record)
    drafts_from = draw(st.integers(0, count))
    for index, day in enumerate(days):
        data: dict = {"title": "Monthly Assurance Meeting", "series": SERIES,
                      "date": day.isoformat()}
        if index and draw(st.integers(0, 7)) == 0:
            data.update(status="cancelled", note="Cancelled.")
            out.append(data)
            continue
        people = draw(st.lists(st.sampled_from(PEOPLE), min_size=1, max_size=len(PEOPLE),
                               unique=True))
        data["status"] = "draft" if index >= drafts_from else \
            draw(st.sampled_from(["held", "approved"]))
        data["attendees"] = [{"id": i, "name": n, "role": r} for i, n, r in people]
        says_next = draw(st.booleans())
        reviews = []
        for ref in draw(st.lists(st.sampled_from(raised), unique=True)) if raised else []:
            review: dict = {"action": ref, "update": draw(st.sampled_from(
                ["Progressing.", "Done.", "Report to follow."])),
                "status": draw(st.sampled_from(REVIEW_STATUSES))}
            # see test_review_due_next_meeting_resolves_like_a_raised_action
            due = draw(due_written(day, next_meeting=says_next))
            if due is not None:
                review["due"] = due
            if draw(st.booleans()):
                review["owner"] = draw(owner_written(people))
            reviews.append(review)
        actions = []
        for number in range(1, draw(st.integers(0, 3)) + 1):
            action: dict = {"id": number, "owner": draw(owner_written(people)),
                            "text": f"Action {number} of {day.isoformat()}.",
                            "status": draw(st.sampled_from(["open", "open", "discharged"]))}
            due = draw(due_written(day))
            if due is not None:
                action["due"] = due
            actions.append(action)
            raised.append(f"{day.isoformat()}/{number}")
        items = []
        if reviews:
            # an action may arise from a matter reviewed, as in July 2016
            if actions and draw(st.booleans()):
                reviews[0]["actions"] = [actions.pop(0)]
            items.append({"number": "1", "title": "Outstanding matters", "outstanding": reviews})
        if actions:
            nested = draw(st.booleans())
            item = {"title": "Cyber crime", "actions": actions}
            items.append({"number": "4", "title": "Holding to account", "items": [item]}
                         if nested else {"number": "2", "title": "Risks", **item})
        data["items"] = items
        if says_next:
            later = days[index + 1] if index + 1 < len(days) else day + timedelta(days=28)
            data["next_meeting"] = {"date": later.isoformat()}
        out.append(data)
    return out


def records(series: list[dict]) -> list[model.Meeting]:
    out = []
    for data in series:
        checked, problems = schema.check(data, f"meetings/{data['date']}.yaml")
        assert problems == []
        out.append(from_schema(checked, data["date"], f"meetings/{data['date']}.yaml",
                                     data))
    return out


# ---------------------------------------------------------------- the reference model


@dataclass
class Expected:
    status: str
    due: date | None
    owners: list[str]
    reviews: int = 0
    closed_on: date | None = None


def reviews_and_actions(data: dict) -> tuple[list[dict], list[dict]]:
    reviews, actions, stack = [], [], list(reversed(data.get("items", [])))
    while stack:
        item = stack.pop()
        for review in item.get("outstanding") or []:
            reviews.append(review)
            actions.extend(review.get("actions", []))
        actions.extend(item.get("actions", []))
        stack.extend(reversed(item.get("items", [])))
    return reviews, actions


def reference(series: list[dict], as_of: date | None = None) -> dict[str, Expected]:
    """What each action's state should be: the plainest fold that could be right. Drafts
    raise actions that are only proposed (open or not as written, never closed on a day)
    and change nothing they review; "next meeting" is the next meeting not cancelled."""
    held = sorted((m for m in series if m["status"] != "cancelled"), key=lambda m: m["date"])
    called_off = {m["date"] for m in series if m["status"] == "cancelled"}
    state: dict[str, Expected] = {}
    for index, data in enumerate(held):
        day = date.fromisoformat(data["date"])
        took_place = data["status"] != "draft"
        if took_place and as_of is not None and day > as_of:
            continue
        stated = (data.get("next_meeting") or {}).get("date")
        if stated in called_off:
            stated = next((m["date"] for m in held if m["date"] > stated), None)
        following = held[index + 1]["date"] if index + 1 < len(held) else None
        next_day = stated or following

        def when(due: str | None, fallback: str | None) -> date | None:
            if due == NEXT_MEETING:
                return date.fromisoformat(fallback) if fallback else None
            return date.fromisoformat(due) if due else None

        reviews, actions = reviews_and_actions(data)
        for review in reviews if took_place else ():
            entry = state[review["action"]]
            entry.reviews += 1
            was_open = entry.status in OPEN_STATUSES
            entry.status = review["status"]
            if was_open and entry.status in CLOSED_STATUSES:
                entry.closed_on = day
            elif entry.status in OPEN_STATUSES:
                entry.closed_on = None
            if "due" in review:
                entry.due = when(review["due"], next_day)
            if "owner" in review:
                entry.owners = review["owner"].split("/")
        for action in actions:
            state[f"{data['date']}/{action['id']}"] = Expected(
                action["status"], when(action.get("due"), next_day), action["owner"].split("/"),
                closed_on=day if action["status"] in CLOSED_STATUSES and took_place else None)
    return state


def actual(book: ledger.Ledger) -> dict[str, Expected]:
    return {ref: Expected(e.status, e.due, [o.written for o in e.owners], len(e.history),
                          e.closed_on)
            for ref, e in book.entries.items()}


@SETTINGS
@given(meeting_series())
def test_ledger_agrees_with_the_reference_model(series):
    book, problems = ledger.fold(records(series))
    assert problems == []
    expected = reference(series)
    assert actual(book) == expected
    proposed = {f"{m['date']}/{a['id']}" for m in series if m["status"] == "draft"
                for a in reviews_and_actions(m)[1]}
    assert {e.ref for e in book.open()} == {r for r, e in expected.items()
                                            if e.status in OPEN_STATUSES and r not in proposed}


def test_review_due_next_meeting_resolves_like_a_raised_action():
    series = [{"title": "M", "series": SERIES, "date": "2016-01-05", "status": "approved",
               "attendees": [{"id": "AB", "name": "Anthony Bangham", "role": "DCC"}],
               "items": [{"title": "Risks", "actions": [
                   {"id": 1, "owner": "AB", "text": "Write it."}]}]},
              {"title": "M", "series": SERIES, "date": "2016-02-02", "status": "approved",
               "attendees": [{"id": "AB", "name": "Anthony Bangham", "role": "DCC"}],
               "items": [{"title": "Outstanding matters", "outstanding": [
                   {"action": "2016-01-05/1", "due": NEXT_MEETING}]}, {"title": "Risks",
                   "actions": [{"id": 1, "owner": "AB", "text": "Read it.",
                                "due": NEXT_MEETING}]}]},
              {"title": "M", "series": SERIES, "date": "2016-03-01", "status": "approved"}]
    book, _problems = ledger.fold(records(series))
    assert book.get("2016-02-02/1").due == date(2016, 3, 1)
    assert book.get("2016-01-05/1").due == date(2016, 3, 1)


@SETTINGS
@given(meeting_series(), st.integers(-10, 400))
def test_ledger_as_of_any_day_agrees_with_the_reference_model(series, offset):
    as_of = START + timedelta(days=offset)
    book, _problems = ledger.fold(records(series), as_of=as_of)
    assert actual(book) == reference(series, as_of)
    # the state as it stood then is the state of a workspace that stopped that day
    earlier = [m for m in series
               if date.fromisoformat(m["date"]) <= as_of or m["status"] == "draft"]
    assert set(book.entries) == set(reference(earlier))


@SETTINGS
@given(meeting_series(), st.integers(0, 500))
def test_days_overdue_counts_from_the_current_due_date(series, offset):
    today = START + timedelta(days=offset)
    book, _problems = ledger.fold(records(series))
    for entry in book.entries.values():
        late = entry.is_open and entry.due is not None and entry.due < today
        assert entry.days_overdue(today) == ((today - entry.due).days if late else 0)


# ---------------------------------------------------------------- checking never raises


def write_series(root: Path, files: list[tuple[str, object]]) -> None:
    folder = root / "meetings"
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files:
        # JSON is YAML: the files are read exactly as hand-written YAML would be
        (folder / f"{name}.yaml").write_text(json.dumps(data, indent=2), encoding="utf-8")


def named(series: list[dict]) -> list[tuple[str, object]]:
    return [(data["date"], data) for data in series]


@SETTINGS
@given(meeting_series())
def test_a_generated_series_loads_and_validates_without_errors(series):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_series(root, named(series))
        ws = workspace.load(root)
        assert ws.problems == []
        problems = ws.check()
        # an open action a later meeting does not review, a date named that was then
        # cancelled or a due date before its meeting are warnings, and may happen here
        assert [p for p in problems if p.severity == ERROR] == []
        assert {p.check for p in problems} <= {"carried", "schedule"}


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 10**6) | st.floats(allow_nan=False)
    | st.text(max_size=30) | st.sampled_from(["2016-02-30", "26/07/2016", NEXT_MEETING,
                                             "closed", "AB", "1/1", "../x/1"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["id", "title", "owner", "text", "due", "status", "x", "items"]),
        inner, max_size=3),
    max_leaves=8)


def slots(data: object) -> list[tuple[object, object]]:
    """(container, key) of every value in nested data, for a test to replace or drop one."""
    paths: list[tuple[object, object]] = []
    stack: list[object] = [data]
    while stack:
        node = stack.pop()
        pairs = node.items() if isinstance(node, dict) else enumerate(node) \
            if isinstance(node, list) else ()
        for key, value in pairs:
            paths.append((node, key))
            stack.append(value)
    return paths


@st.composite
def broken_series(draw) -> list[tuple[str, object]]:
    """A generated series with one value somewhere replaced, or one key dropped or added."""
    series = draw(meeting_series())
    files = named(series)
    container, key = draw(st.sampled_from(slots(draw(st.sampled_from(series)))))
    how = draw(st.sampled_from(["replace", "drop", "add"]))
    if how == "replace":
        container[key] = draw(JSONISH)
    elif how == "drop" and isinstance(container, dict):
        del container[key]
    elif isinstance(container, dict):
        container[draw(st.sampled_from(["titel", "ownr", "colour", "date"]))] = draw(JSONISH)
    return files


@SETTINGS
@given(broken_series())
def test_a_broken_series_never_raises_and_every_problem_is_located(files):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_series(root, files)
        ws = workspace.load(root)
        problems = locate(root, ws.check())
        for problem in problems:
            assert problem.line >= 1 and problem.column >= 1, problem
            assert problem.message and problem.check


# pieces of YAML, so random text reaches the parser's corners rather than one long scalar
YAMLISH = st.lists(st.sampled_from(list("[]{}:-?,&*!|>'\"%@`#~ \t\n\r\x85\ufeffab01.\\é\x00\x07")
                                   + ["title: ", "- ", "items:\n", "  ", "!!", "---\n",
                                      "&a ", "*a", "? ", "!!binary ", "!!int ", "<<: "]),
                   max_size=40).map("".join)


def read_never_raises(raw: bytes) -> None:
    text, problems = yamlio.decode(raw, "m.yaml")
    if text is None:
        assert problems and problems[0].line >= 1
        return
    data, problems = yamlio.parse(text, "m.yaml")
    if problems:
        assert all(p.line >= 1 and p.column >= 1 and p.message for p in problems)
        return
    _meeting, problems = schema.check(data, "m.yaml")
    found = positions.positions(text, [p.loc for p in problems if p.loc])
    for problem in problems:
        if problem.loc:
            line, column = (positions.key_position(text, problem.loc) if problem.at_key
                            else found.get(problem.loc, (1, 1)))
            assert line >= 1 and column >= 1


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_never_raise(raw):
    read_never_raises(raw)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_random_text_never_raises(text):
    read_never_raises(text.encode("utf-8", "surrogatepass"))


@settings(max_examples=100, deadline=None)
@given(YAMLISH)
def test_random_yaml_punctuation_never_raises(text):
    read_never_raises(text.encode("utf-8"))


@settings(max_examples=100, deadline=None)
@given(JSONISH)
def test_random_data_never_raises_in_the_schema(data):
    _meeting, problems = schema.check(data, "m.yaml")
    assert all(p.message for p in problems)


# ---------------------------------------------------------------- carry-forward and rendering


def cli_in(root: Path, *args: str):
    from click.testing import CliRunner

    from actionlog.cli import cli

    return CliRunner().invoke(cli, ["--root", str(root), *args], catch_exceptions=False)


def series_workspace(root: Path, series: list[dict]) -> None:
    import shutil

    write_series(root, named(series))
    shutil.copytree(REPO / "templates", root / "templates")
    for data in series:  # carry only edits drafts: make the last meeting held the approved one
        data["status"] = "approved" if data.get("status") == "draft" else data["status"]
    write_series(root, named(series))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(meeting_series())
def test_carry_forward_is_complete_and_idempotent(series):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        series_workspace(root, series)
        last = max(date.fromisoformat(m["date"]) for m in series)
        new = (last + timedelta(days=35)).isoformat()
        made = cli_in(root, "new-meeting", "--date", new, "--today", new)
        assert made.exit_code == 0, made.output
        path = root / "meetings" / f"{new}.yaml"
        first = path.read_bytes()
        again = cli_in(root, "carry", new)
        assert again.exit_code == 0, again.output
        assert path.read_bytes() == first
        # nothing silently dropped: every action open the day before is reviewed in the draft
        ws = workspace.load(root)
        book, _ = ledger.fold(ws.meetings, as_of=date.fromisoformat(new) - timedelta(days=1))
        draft = ws.by_id()[new]
        assert {e.ref for e in book.open()} <= {r.ref for r, _i in draft.reviews()}
        assert [p for p in ws.check() if p.severity == ERROR] == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(meeting_series())
def test_rendering_never_raises_on_a_generated_series(series):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_series(root, named(series))
        for data in series:
            result = cli_in(root, "notes", data["date"])
            assert result.exit_code == 0, result.output
            assert result.stdout.startswith("# ")
        drafts = [d for d in series if d["status"] == "draft"]
        if drafts:
            result = cli_in(root, "agenda", drafts[-1]["date"])
            assert result.exit_code == 0, result.output
        result = cli_in(root, "log", "--today", series[-1]["date"])
        assert result.exit_code == 0, result.output
