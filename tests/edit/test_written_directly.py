"""A long carried list is written line by line (written.new_document), not through the
round trip's writer: the text must be the one that writer gives, byte for byte, whatever
the values and comments hold."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actionlog.edit import roundtrip, written

TEXT = st.one_of(st.text(max_size=30),
                 st.sampled_from(["Track My Crime (TMC)", "10:30", "1", "yes", "null", "~",
                                  "2016-06-28", "Topic 1: area", "a # b", "- x", "'q'", "é",
                                  " lead", "trail ", "x" * 120, "ACC (acting?)", ""]))
VALUE = st.one_of(st.none(), TEXT, st.integers(-5, 10**6), st.booleans(),
                  st.dates(date(1, 1, 1), date(9999, 12, 31)))
KEY = st.sampled_from(["action", "topic", "update", "status", "due", "owner", "Topic"])
COMMENT = st.one_of(st.none(), st.text(max_size=40),
                    st.sampled_from(["Owner: DCC Anthony Bangham. Due 11 August 2016.",
                                     "two\nlines", "ends\n", "\n", "a  b"]))


def by_round_trip(data: dict, header: list[str], comments: dict, flow: set) -> str:
    doc = roundtrip.node(data, 0, comments, flow)
    doc.yaml_set_start_comment("\n".join(header))
    return roundtrip.dump_house(doc)


@given(st.lists(st.tuples(st.dictionaries(KEY, VALUE, min_size=1, max_size=4), COMMENT),
                min_size=1, max_size=6), st.booleans())
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_a_list_written_directly_is_what_the_round_trip_writes(entries, nested):
    where = ("items", 0, "outstanding") if nested else ("outstanding",)
    listed = [e for e, _c in entries]
    data: dict = {"title": "T", "status": "draft"}
    if nested:
        data["items"] = [{"number": "1", "title": "Outstanding matters",
                          "outstanding": listed}, {"title": "AOB"}]
    else:
        data["outstanding"] = listed
    comments = {where + (i,): c for i, (_e, c) in enumerate(entries) if c is not None}
    header = ["yaml-language-server: $schema=../schema/meeting.schema.json"]
    text = written.new_document(data, header, comments, set())
    assert text == by_round_trip(data, header, comments, set())


def test_the_carried_list_is_written_directly():
    """The carried entries of new-meeting take the direct path (else a 5 MB log takes
    seconds to write): no value of theirs reaches the round trip's writer."""
    entries = [{"action": f"2016-06-28/{n}", "topic": f"Topic {n // 10}", "update": None,
                "status": "open"} for n in range(1, 200)]
    comments = {("outstanding", i): f"Action {i + 1}.\nOwner: AB. No due date set."
                for i in range(len(entries))}
    data = {"title": "T", "outstanding": entries}
    direct: dict = {}
    left = written._lists_written_directly(data, (), comments, set(), direct)
    assert isinstance(left["outstanding"], str) and len(direct) == 1
    assert written.new_document(data, ["h"], comments) == by_round_trip(data, ["h"],
                                                                          comments, set())


@given(st.from_regex(written._SURELY_QUOTED, fullmatch=True))
@settings(max_examples=300, deadline=None)
def test_a_text_with_a_colon_is_written_as_the_round_trip_writes_it(value):
    """"Topic 3: estates": written in double quotes without asking the round trip's writer."""
    assert written._written(value) == roundtrip.dump_house(
        roundtrip.node({"k": value}))[3:-1]
