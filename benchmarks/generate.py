#!/usr/bin/env python3
"""A deterministic corpus of meeting files for the benchmark: series x years of monthly
meetings in the real format (see meetings/ and README.md), at the real files' size and shape.

Each series meets monthly on its own weekday. A meeting has attendees and apologies drawn
from the force's chief officer team as it stood that day (people retire and are promoted,
so the DCC of 2016 is not the DCC of 2022), nested agenda items with questions and
findings, about ten actions, and Outstanding Matters reviewing every action still open
after the previous meeting of the series: updates, discharges, slipped due dates and
reassignments. Now and then a meeting is cancelled or an item deferred to the next one.
The force's people and their roles over the years go into roster.yaml.

`--shape heavy` writes a heavier corpus of the same format: 40 series of 500 monthly
meetings each (20,000 files, from 1983), long multi-paragraph text in folded (`>`) and
literal (`|`) block scalars in findings, discussion and updates, actions that stay open
for years (every open action is reviewed at every later meeting of its series, so an old
one gathers hundreds of updates), and owners written every way officers write them:
initials, roles, full names, surnames, "ACC Evans", "AC/AB" pairs, lists, ALL, and people
found only in roster.yaml.

Usage: python benchmarks/generate.py --series 50 --years 10 [--out DIR] [--seed N]
       python benchmarks/generate.py --shape heavy [--series 40 --months 500]
"""

from __future__ import annotations

import argparse
import calendar
import json
import os
import random
import re
import shutil
import sys
import textwrap
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent

FIRST = ["John", "Andy", "David", "Anthony", "Martin", "Tracey", "Amanda", "Jane", "Sarah",
         "Richard", "Helen", "Mark", "Claire", "Paul", "Rachel", "Simon", "Karen", "Neil",
         "Louise", "Gareth", "Fiona", "Stuart", "Joanne", "Kevin", "Emma", "Philip", "Ruth",
         "Matthew", "Nicola", "Graham", "Alison", "Steven", "Hannah", "Ian", "Julie", "Owen"]
LAST = ["Campion", "Champness", "Shaw", "Bangham", "Evans", "Onslow", "Blakeman", "Robson",
        "Irvin", "Morgan", "Hughes", "Price", "Walker", "Turner", "Pritchard", "Lloyd",
        "Jenkins", "Powell", "Foster", "Harding", "Whitehouse", "Marsh", "Reeves", "Bishop",
        "Lowe", "Parry", "Holloway", "Stokes", "Gibbons", "Rowley", "Fletcher", "Dyer",
        "Baxter", "Pearce", "Hadley", "Morris", "Yates", "Kendrick", "Barton", "Thorne"]
ROLES = {"PCC": "Police and Crime Commissioner", "CEx": "Chief Executive, OPCC",
         "CFO": "Chief Finance Officer, OPCC", "CC": "Chief Constable",
         "DCC": "Deputy Chief Constable", "ACC": "Assistant Chief Constable",
         "DoF": "Director of Finance", "Head of Crime": "Head of Crime",
         "Head of ICT": "Head of ICT"}
# roles that never attend: owners written this way are found in roster.yaml
ROSTER_ONLY = ("Head of Crime", "Head of ICT")
RESERVED_IDS = {r.upper() for r in ROLES} | {"ALL", "AC", "ABL"}

AREAS = ["telford", "shropshire", "herefordshire", "worcestershire", "warwickshire",
         "wyre-forest", "south-worcs", "north-worcs", "redditch", "bromsgrove"]
BODIES = [("assurance", "Assurance Meeting"), ("audit", "Joint Audit Committee"),
          ("ethics", "Ethics Committee"), ("victims", "Victims Board"),
          ("estates", "Estates Board")]
VENUES = ["PCC Conference Room, Hindlip", "Conference Room 2, Hindlip Park",
          "Council Chamber, Shirehall", "Committee Room 1, County Hall",
          "Training Suite, Leamington Spa", "Boardroom, Malvern Police Station"]
TIMES = ["09:30", "10:00", "10:30", "13:30", "14:00"]

TOPICS = [
    "call handling in the Operational Control Centre", "rural and business crime",
    "domestic abuse arrest rates", "stop and search disproportionality",
    "the estates strategy", "the fleet replacement programme",
    "detention times for young people in custody", "victim satisfaction with follow up",
    "hate crime reporting", "the cyber crime strategy", "the 101 non-emergency service",
    "police officer recruitment", "sickness absence among police staff",
    "overtime spending", "body-worn video use", "the Athena system", "Track My Crime",
    "the firearms licensing backlog", "missing persons investigations",
    "child sexual exploitation", "road safety and speeding on rural roads",
    "anti-social behaviour in town centres", "the Alliance collaboration agreement",
    "workspace modernisation", "county lines drug supply", "the serious violence duty",
    "crime data integrity", "the force management statement",
    "the medium-term financial plan", "capital programme slippage",
    "wellbeing support for officers", "Safer Neighbourhood Team abstractions",
    "the use of force recommendations", "mental health street triage",
    "the special constabulary", "fraud against older people",
    "the victims' code of practice", "out of court disposals",
    "the emergency services network", "response times in rural areas"]
VERBS = [
    "Provide the PCC with a written update on {t}",
    "Circulate the options paper on {t} before the next meeting",
    "Confirm the date by which improvements to {t} will be delivered",
    "Report back on the outcome of the review of {t}",
    "Share the performance data for {t}, broken down by policing area",
    "Arrange a briefing for the PCC on {t}",
    "Clarify the governance arrangements for {t} within the Alliance",
    "Write to partners about {t} and copy the response to the OPCC",
    "Bring a paper on {t} to the {m} meeting, to include cost and timescales",
    "Establish whether the recommendations on {t} have been implemented",
    "Set out the resourcing model for {t} and the demand it is designed to meet",
    "Provide assurance that the backlog in {t} will be cleared"]
UPDATES = [
    "A report had previously circulated outlining the options available.",
    "Work is ongoing; a further update will be provided at the next meeting.",
    "The briefing took place on {d}; the PCC was satisfied with the assurance given.",
    "Delayed pending the outcome of the Alliance review of {t}; a new date was agreed.",
    "The data was shared by email on {d}. The PCC asked for the trend over two years.",
    "A paper was presented. The PCC challenged the timescales and asked for a revised plan.",
    "Partners have been written to; responses are awaited from two local authorities.",
    "The Executive Board considered this on {d} and agreed the recommended option.",
    "Verbal update given. Recruitment to the lead post is under way.",
    "No update was available as the lead officer was on leave.",
    "Complete.", "Ongoing.", "Paper circulated.", "Briefing held on {d}.", "Done.",
    "Update given.", "Awaiting data.", "See item 4a."]
QUESTIONS = [
    "What assurance can the {r} give that {t} is being managed effectively?",
    "Does the Force understand the drivers behind the recent change in {t}?",
    "Is the {r} confident that the current resourcing model meets the demand from {t}?",
    "Can the {r} provide reassurance that partners are sufficiently engaged on {t}?",
    "What progress has been made against the HMICFRS recommendations on {t}?"]
FINDINGS = [
    "Recorded volumes for {t} rose by {n}% between {y0}/{y1} and {y1}/{y2}, partly from "
    "better recording practice following the crime data integrity audit.",
    "Performance on {t} in {a} has improved over the last quarter; the improvement needs to "
    "be sustained regardless of demand.",
    "A working group on {t} meets monthly and reports to the Service Improvement Board, with "
    "an action plan covering supervision, training and performance management.",
    "Against its most similar group of forces the Alliance sits {k} of 8 for {t}; the "
    "differences between the two force areas need to be understood.",
    "A survey of {n} victims found most satisfied with the initial contact but fewer with "
    "being kept informed about {t}."]
DISCUSSION = [
    "A brief update was provided on current issues.",
    "The PCC asked that {t} is kept under review and brought back if the trend continues.",
    "The {r} outlined the communications plan for {t}, which will be shared with the OPCC.",
    "It was acknowledged that the process to date had not been as streamlined as desired.",
    "A high value burglary had occurred in {a}; the {r} was to receive a full briefing."]
ASSURANCE = [
    "The PCC was assured that {t} is being actively managed and that the risks are "
    "understood, subject to the actions agreed.",
    "The PCC received partial assurance on {t}; a fuller picture is expected once the "
    "review reports."]
STATUSES = (["discharged"] * 73 + ["in-progress"] * 12 + ["open"] * 8
            + ["proposed-closure"] * 5 + ["withdrawn"] * 2)
# the heavy shape: an action's life is drawn when it is raised (reviews before it closes)
STAYS_OPEN = ["in-progress"] * 6 + ["open"] * 3 + ["proposed-closure"]
CLOSES = ["discharged"] * 9 + ["withdrawn"]
NEVER = 10 ** 9
# the heavy shape's longer prose: sentences joined into paragraphs
MORE = [
    "The {r} explained that the position had been reviewed at the Service Improvement Board "
    "and that a revised delivery plan for {t} would be taken to the Executive Board.",
    "Members noted that the figures for {a} were provisional and subject to the usual "
    "quality assurance before publication; the final position would be in the annual "
    "report.",
    "The PCC asked how the Force would know whether the changes to {t} had made a difference "
    "to victims, and the {r} undertook to include outcome measures in the next report.",
    "It was agreed that the OPCC and the Force would jointly commission an independent "
    "review of {t}, with terms of reference to be shared within {n} days.",
    "Concerns were raised about the pace of progress, given that the matter had first been "
    "raised in {y0}; the {r} acknowledged this and apologised for the delay.",
    "Partners in {a} had been consulted and were broadly supportive, although the local "
    "authority had asked for further detail on the funding arrangements.",
    "The {r} reported that {n} officers had completed the refreshed training and that the "
    "remainder would do so by the end of the quarter.",
    "An audit of {n} cases had found that supervision was recorded in most of them, but that "
    "the rationale for decisions on {t} was not always clear."]


@dataclass
class Person:
    id: str
    name: str


@dataclass
class Tenure:
    person: Person
    role: str
    start: date
    end: date | None = None


@dataclass
class Force:
    """Who held which role when, over the whole span."""

    tenures: list[Tenure] = field(default_factory=list)

    def holder(self, role: str, on: date, nth: int = 0) -> Person | None:
        found = [t.person for t in self.tenures
                 if t.role == role and t.start <= on and (t.end is None or on <= t.end)]
        return found[nth] if len(found) > nth else None


@dataclass
class Open:
    ref: str
    owner: str | list[str]
    due: date | None
    topic: str
    life: int = 0  # the heavy shape: reviews left before it closes
    reviews: int = 0


class Names:
    """People with unique initials across the force (a clash gets a lower-case letter)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng, self.taken, self.used = rng, set(), set()

    def new(self) -> Person:
        while True:
            first, last = self.rng.choice(FIRST), self.rng.choice(LAST)
            if (first, last) not in self.used:
                break
        self.used.add((first, last))
        base = first[0] + last[0]
        ident = base
        for letter in "abcdefghijklmnopqrstuvwxyz":
            if ident.upper() not in self.taken and ident.upper() not in RESERVED_IDS:
                break
            ident = base + letter
        self.taken.add(ident.upper())
        return Person(ident, f"{first} {last}")


def build_force(rng: random.Random, names: Names, start: date, end: date) -> Force:
    """A chief officer team with retirements and promotions (ACC -> DCC -> CC)."""
    force = Force()
    current = {role: names.new() for role in ("PCC", "CEx", "CFO", "CC", "DCC", "DoF",
                                               "Head of Crime", "Head of ICT")}
    accs = [names.new(), names.new()]
    since = {role: start for role in current}
    acc_since = [start, start]

    def close(role: str, day: date) -> None:
        force.tenures.append(Tenure(current[role], role, since[role], day - timedelta(days=1)))
        since[role] = day

    day = start
    while day < end:
        day += timedelta(days=rng.randint(300, 700))
        if day >= end:
            break
        event = rng.choice(["cc", "dcc", "pcc", "staff", "acc"])
        if event == "cc":  # the CC retires: the DCC is promoted, an ACC becomes DCC
            close("CC", day)
            close("DCC", day)
            current["CC"], current["DCC"] = current["DCC"], accs[0]
            force.tenures.append(Tenure(accs[0], "ACC", acc_since[0], day - timedelta(days=1)))
            accs[0], acc_since[0] = names.new(), day
        elif event == "dcc":
            close("DCC", day)
            force.tenures.append(Tenure(accs[1], "ACC", acc_since[1], day - timedelta(days=1)))
            current["DCC"], accs[1], acc_since[1] = accs[1], names.new(), day
        elif event == "pcc":
            close("PCC", day)
            current["PCC"] = names.new()
        elif event == "acc":
            i = rng.randrange(2)
            force.tenures.append(Tenure(accs[i], "ACC", acc_since[i], day - timedelta(days=1)))
            accs[i], acc_since[i] = names.new(), day
        else:
            role = rng.choice(["CEx", "CFO", "DoF", "Head of Crime", "Head of ICT"])
            close(role, day)
            current[role] = names.new()
    for role, person in current.items():
        force.tenures.append(Tenure(person, role, since[role]))
    for i, person in enumerate(accs):
        force.tenures.append(Tenure(person, "ACC", acc_since[i]))
    return force


def _long(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def meeting_day(year: int, month: int, weekday: int, nth: int) -> date:
    """The nth (or last, nth=-1) given weekday of a month."""
    days = [d for d in range(1, calendar.monthrange(year, month)[1] + 1)
            if date(year, month, d).weekday() == weekday]
    return date(year, month, days[nth])


# ---------------------------------------------------------------- YAML text

_PLAIN = re.compile(r"[A-Za-z0-9(][A-Za-z0-9 .,'()%/&;?£-]*")
_FLOW_PLAIN = re.compile(r"[A-Za-z0-9(][A-Za-z0-9 .'()/&-]*")


def scalar(text: str, flow: bool = False) -> str:
    """Plain where YAML reads it back as the same text, else double-quoted."""
    if (_FLOW_PLAIN if flow else _PLAIN).fullmatch(text) and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)


def text_lines(prefix: str, text: str, indent: int, width: int = 92) -> list[str]:
    """`prefix text` on one line when it fits, else a folded block as the real files have."""
    if len(prefix) + 1 + len(text) <= width and _PLAIN.fullmatch(text):
        return [f"{prefix} {text}"]
    wrapped = textwrap.wrap(text, width=width - indent - 2, break_on_hyphens=False)
    return [f"{prefix} >-"] + [" " * (indent + 2) + line for line in wrapped]


def owner_value(owner: str | list[str]) -> str:
    """An owner as YAML: text, or a flow list of them."""
    if isinstance(owner, list):
        return "[" + ", ".join(scalar(o, True) for o in owner) + "]"
    return scalar(owner)


def block_lines(prefix: str, paragraphs: list[str], indent: int, style: str,
                width: int = 92) -> list[str]:
    """Paragraphs as a folded (`>`, `>-`) or literal (`|`, `|-`) block scalar, wrapped by
    hand as an officer types them, a blank line between paragraphs."""
    out = [f"{prefix} {style}"]
    pad = " " * (indent + 2)
    for k, para in enumerate(paragraphs):
        if k:
            out.append("")
        out += [pad + line for line in textwrap.wrap(para, width=width - indent - 2,
                                                      break_on_hyphens=False)]
    return out


def person_line(p: Person, role: str) -> str:
    capacity = ROLES.get(role, "Independent Chair")
    return (f"  - {{id: {p.id}, name: {scalar(p.name, True)}, role: {scalar(role, True)}, "
            f"capacity: {scalar(capacity, True)}}}")


# ---------------------------------------------------------------- one series


@dataclass
class Series:
    name: str
    title: str
    folder: str  # "" for a single series kept flat, as the bundled meetings are
    weekday: int
    nth: int
    venue: str
    time: str
    chair_role: str
    acc: int
    initials_until: int  # owners written as initials before this year, roles after
    heavy: bool = False  # the heavy shape (see the module's docstring)


def generate_series(s: Series, force: Force, names: Names, seed: int, months: int,
                    start_year: int, out: Path) -> tuple[int, int, int, int]:
    rng = random.Random(f"{seed}:{s.name}")
    folder = out / "meetings" / s.folder if s.folder else out / "meetings"
    folder.mkdir(parents=True, exist_ok=True)
    days = [meeting_day(start_year + k // 12, k % 12 + 1, s.weekday, s.nth)
            for k in range(months)]
    cancelled = {i for i in range(2, len(days) - 1) if rng.random() < 0.025}
    chair_person, chair_since = names.new(), days[0]
    minute_taker = f"{names.new().name}, Policy Officer, OPCC"
    open_actions: list[Open] = []
    deferred: tuple[str, date] | None = None
    prev_held: date | None = None
    files = actions = size = most = 0
    for i, day in enumerate(days):
        stem = f"{s.folder}/{day.isoformat()}" if s.folder else day.isoformat()
        path = folder / f"{day.isoformat()}.yaml"
        if i in cancelled:
            text = cancelled_text(s, day, days[i + 1])
        else:
            if s.chair_role == "Chair" and day >= chair_since + timedelta(days=3 * 365):
                chair_person, chair_since = names.new(), day
            nxt = next((d for j, d in enumerate(days[i + 1:], i + 1) if j not in cancelled),
                       None)
            skipped = days[i + 1] if i + 1 in cancelled else None
            if nxt is None:  # the next meeting after the span, as planned
                y, m = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
                nxt = meeting_day(y, m, s.weekday, s.nth)
            lines, raised, deferred = meeting_text(
                s, rng, force, day, stem, chair_person, minute_taker, open_actions, deferred,
                prev_held, nxt, skipped, draft=i == len(days) - 1)
            text = "\n".join(lines) + "\n"
            actions += raised
            prev_held = day
            most = max([most] + [a.reviews for a in open_actions])
        path.write_text(text, encoding="utf-8")
        files += 1
        size += len(text.encode("utf-8"))
    return files, actions, size, most


def cancelled_text(s: Series, day: date, nxt: date) -> str:
    return (f"# Generated by benchmarks/generate.py: a synthetic meeting for timing.\n"
            f"title: {s.title}\nseries: {s.name}\ndate: {day.isoformat()}\n"
            f"time: \"{s.time}\"\nvenue: {s.venue}\nstatus: cancelled\n"
            f"note: Cancelled; the next meeting is {nxt.day} {nxt:%B %Y}.\n")


def meeting_text(s: Series, rng: random.Random, force: Force, day: date, stem: str,
                 chair_person: Person, minute_taker: str, open_actions: list[Open],
                 deferred: tuple[str, date] | None, prev_held: date | None, nxt: date,
                 skipped: date | None, draft: bool):
    """One meeting's lines; reviews every open action, raises new ones, updates the state."""
    # who is there: the chair, then the chief officer team as it stands today
    cast: list[tuple[Person, str]] = []
    chair = force.holder("PCC", day) if s.chair_role == "PCC" else chair_person
    cast.append((chair, s.chair_role if s.chair_role == "PCC" else "Chair"))
    for role in ("PCC", "CEx", "CC", "DCC", "ACC", "CFO"):
        if role == s.chair_role:
            continue
        person = force.holder(role, day, s.acc if role == "ACC" else 0)
        if person is not None and (role != "CFO" or rng.random() < 0.5):
            cast.append((person, role))
    attendees, apologies = [cast[0]], []
    for entry in cast[1:]:
        (apologies if rng.random() < 0.12 else attendees).append(entry)
    here = {role: p for p, role in cast}
    by_initials = day.year < s.initials_until

    def plain_owner(role: str | None = None) -> str:
        roll = rng.random()
        if roll < 0.04:
            return "ALL"
        if roll < 0.08:
            return rng.choice(ROSTER_ONLY)
        if role is None or role not in here:
            role = rng.choice([r for r in here if r not in ("Chair",)])
        if roll < 0.14:
            other = rng.choice([r for r in here if r not in ("Chair", role)])
            return f"{here[role].id if by_initials else role}/" \
                   f"{here[other].id if by_initials else other}"
        use_id = by_initials if rng.random() < 0.9 else not by_initials
        return here[role].id if use_id else role

    people = [p for p, _role in cast]

    def written(role: str) -> str:
        """One person at the meeting, written any of the ways officers write them."""
        person = here[role]
        surname = person.name.split()[-1]
        forms = [person.id, role, person.name]
        if sum(p.name.split()[-1] == surname for p in people) == 1:
            forms += [surname, f"{role} {surname}"]
        return rng.choice(forms)

    def heavy_owner(role: str | None = None) -> str | list[str]:
        roll = rng.random()
        if roll < 0.04:
            return "ALL"
        if roll < 0.09:  # not at the meeting: found in roster.yaml, by role or by name
            role_held = rng.choice(ROSTER_ONLY)
            holder = force.holder(role_held, day)
            return holder.name if holder is not None and roll < 0.065 else role_held
        roles = [r for r in here if r != "Chair"]
        if role is None or role not in here:
            role = rng.choice(roles)
        if roll < 0.2 and len(roles) > 1:
            other = written(rng.choice([r for r in roles if r != role]))
            first = written(role)
            if roll < 0.15:
                return f"{first}/{other}"
            return [first, other]
        return written(role)

    owner_for = heavy_owner if s.heavy else plain_owner

    def due_for() -> tuple[str, date | None]:
        roll = rng.random()
        if roll < 0.12:
            return "next meeting", nxt
        if roll < 0.22:
            return "", None
        when = nxt if roll < 0.6 else day + timedelta(days=rng.choice([14, 21, 45, 60, 90]))
        return when.isoformat(), when

    number = 0
    raised: list[Open] = []

    def action_lines(indent: int, topic: str, lead: str | None) -> list[str]:
        nonlocal number
        number += 1
        pad = " " * indent
        owner = owner_for(lead)
        due_text, due = due_for()
        text = rng.choice(VERBS).format(t=topic, m=f"{nxt:%B}") + "."
        out = [f"{pad}- id: {number}", f"{pad}  owner: {owner_value(owner)}"]
        out += text_lines(f"{pad}  text:", text, indent + 2)
        if due_text:
            out.append(f"{pad}  due: {due_text}")
        if rng.random() < 0.03:
            out.append(f"{pad}  status: discharged")
        else:
            raised.append(Open(f"{stem}/{number}", owner, due, topic,
                               life_for() if s.heavy else 0))
        return out

    def life_for() -> int:
        """How many reviews a heavy-shape action stays open for."""
        roll = rng.random()
        if roll < 0.004:
            return NEVER
        if roll < 0.012:
            return rng.randint(100, 400)
        if roll < 0.112:
            return rng.randint(3, 18)
        return rng.randint(0, 2)

    def paragraphs(first: str, topic: str, most: int) -> list[str]:
        """The heavy shape's long text: two to `most` paragraphs of two to `most` sentences."""
        out = []
        for k in range(rng.randint(2, most)):
            sentences = [prose(first, topic)] if k == 0 else []
            sentences += [prose(more, topic)
                          for more in rng.sample(MORE, rng.randint(2, most) - len(sentences))]
            out.append(" ".join(sentences))
        return out

    def long_text(prefix: str, first: str, topic: str, indent: int, chance: float,
                  most: int = 4) -> list[str]:
        """`prefix text`, or in the heavy shape now and then paragraphs in a block."""
        if s.heavy and rng.random() < chance:
            return block_lines(prefix, paragraphs(first, topic, most), indent,
                               rng.choice([">", ">-", "|", "|-"]))
        return text_lines(prefix, prose(first, topic), indent)

    def prose(template: str, topic: str) -> str:
        y = day.year - 1
        return template.format(t=topic, r=rng.choice(["CC", "DCC", "ACC"]), n=rng.randint(4, 60),
                               y0=f"{y - 1}", y1=f"{y % 100:02d}", y2=f"{(y + 1) % 100:02d}",
                               a=rng.choice(AREAS).replace("-", " ").title(),
                               k=rng.choice(["3rd", "5th", "7th"]),
                               d=_long(day - timedelta(days=rng.randint(3, 20))))

    lines = ["# Generated by benchmarks/generate.py: a synthetic meeting for timing.",
             f"title: {s.title}", f"series: {s.name}", f"date: {day.isoformat()}",
             f"time: \"{s.time}\"", f"venue: {s.venue}",
             f"status: {'draft' if draft else 'approved'}", f"chair: {chair.id}",
             f"minutes: {minute_taker}", "attendees:"]
    lines += [person_line(p, r) for p, r in attendees]
    lines += ["apologies:"] + [person_line(p, r) for p, r in apologies] if apologies \
        else ["apologies: []"]
    lines += ["items:", '  - number: "1"', "    title: Outstanding matters"]
    # Outstanding Matters: every action still open after the previous meeting
    still_open: list[Open] = []
    if open_actions:
        lines.append("    outstanding:")
        for act in open_actions:
            if s.heavy:
                status = rng.choice(STAYS_OPEN if act.life > 0 else CLOSES)
                act.life -= 1
            else:
                status = rng.choice(STATUSES)
            act.reviews += 1
            lines.append(f"      - action: {act.ref}")
            if rng.random() < 0.15:
                lines.append(f"        topic: {scalar(act.topic[0].upper() + act.topic[1:])}")
            lines += long_text("        update:", rng.choice(UPDATES), act.topic, 8, 0.08, 3)
            lines.append(f"        status: {status}")
            if status not in ("discharged", "withdrawn"):
                if rng.random() < 0.18:  # the due date slips
                    act.due = max(act.due or day, day) + timedelta(days=rng.choice([28, 35, 56]))
                    lines.append(f"        due: {act.due.isoformat()}")
                if rng.random() < 0.05:  # handed to someone else
                    act.owner = owner_for()
                    lines.append(f"        owner: {owner_value(act.owner)}")
                still_open.append(act)
            if rng.random() < 0.08:
                lines.append("        actions:")
                lines += action_lines(10, act.topic, None)
    else:
        lines.append("    note: No actions were outstanding.")
    lines += ['  - number: "2"', "    title: Operational and reputational opportunities and risks",
              "    discussion:"]
    lines += long_text("      -", rng.choice(DISCUSSION), rng.choice(TOPICS), 6, 0.5)
    lines += ['  - number: "3"', "    title: Chief officer meeting update / Executive Board",
              "    discussion:", "      - Chief officer meeting – no items to update."]
    lines += ['  - number: "4"', "    title: Holding to account", "    items:"]
    subs = [("4a", "Performance against the Police and Crime Plan"),
            ("4b", "Delivery of strategic initiatives"),
            ("4c", "HMICFRS inspection programme and the Service Improvement Board")]
    topics = [rng.sample(TOPICS, 2 if rng.random() < 0.25 else 1),
              rng.sample(TOPICS, 1 if rng.random() < 0.6 else 0), rng.sample(TOPICS, 1)]
    if deferred is not None:
        topics[0][0] = deferred[0]
    defer_now = (topics[2][0], day) if rng.random() < 0.08 and not draft else None
    slots = sum(len(t) for t in topics) - (1 if defer_now else 0)
    remaining = max(rng.randint(9, 12) - number, 0)
    for k, (num, title) in enumerate(subs):
        lines += [f"      - number: {num}", f"        title: {title}"]
        if k == 2 and defer_now is not None:
            lines += ["        questions:"]
            lines += text_lines("          -", prose(rng.choice(QUESTIONS), defer_now[0]), 10)
            lines += ["        outcome: deferred",
                      "        note: Not covered due to time constraints; carried to the next "
                      "meeting."]
            continue
        if not topics[k]:
            lines += ["        discussion:", "          - No update this month."]
            continue
        lines.append("        items:")
        for j, topic in enumerate(topics[k]):
            lead = rng.choice([r for r in ("CC", "DCC", "ACC") if r in here] or [None])
            lines.append(f"          - title: {scalar(topic[0].upper() + topic[1:])}")
            if k == 0 and j == 0 and deferred is not None and prev_held is not None:
                lines.append(f"            deferred_from: {prev_held.isoformat()}")
            if lead:
                lines.append(f"            lead: {lead}")
            if rng.random() < 0.5:
                lines.append("            questions:")
                lines += text_lines("              -", prose(rng.choice(QUESTIONS), topic), 14)
            lines.append("            findings:")
            for finding in rng.sample(FINDINGS, 2 if rng.random() < 0.15 else 1):
                lines += long_text("              -", finding, topic, 14, 0.5)
            if rng.random() < 0.15:
                lines += text_lines("            assurance:",
                                    prose(rng.choice(ASSURANCE), topic), 12)
            share = remaining // slots
            remaining, slots = remaining - share, slots - 1
            if share:
                lines.append("            actions:")
                for _ in range(share):
                    lines += action_lines(14, topic, lead)
    lines += ['  - number: "5"', "    title: AOB"]
    lines += ["    discussion:", "      - None."]
    lines += ["next_meeting:", f"  date: {nxt.isoformat()}", f"  time: \"{s.time}\""]
    if skipped:
        lines.append(f"  note: The meeting of {skipped.day} {skipped:%B %Y} was cancelled.")
    open_actions[:] = still_open + raised
    return lines, number, defer_now


# ---------------------------------------------------------------- the whole corpus


def roster_text(force: Force) -> str:
    people: dict[str, tuple[Person, list[Tenure]]] = {}
    for t in sorted(force.tenures, key=lambda t: (t.person.id, t.start)):
        people.setdefault(t.person.id, (t.person, []))[1].append(t)
    lines = ["# Generated by benchmarks/generate.py: the force's people and their roles.",
             "people:"]
    for ident, (person, tenures) in sorted(people.items()):
        lines += [f"  - id: {ident}", f"    name: {person.name}", "    roles:"]
        for t in tenures:
            end = f", to: {t.end.isoformat()}" if t.end else ""
            lines.append(f"      - {{role: {t.role}, from: {t.start.isoformat()}{end}}}")
    return "\n".join(lines) + "\n"


def series_list(count: int, heavy: bool = False) -> list[Series]:
    rng = random.Random(f"series:{count}")
    out = []
    for i in range(count):
        if i == 0:
            name, title, chair_role = "monthly-assurance", "Monthly Assurance Meeting", "PCC"
        else:
            area = AREAS[(i - 1) % len(AREAS)]
            body, body_title = BODIES[((i - 1) // len(AREAS)) % len(BODIES)]
            name = f"{area}-{body}"
            if (i - 1) >= len(AREAS) * len(BODIES):
                name += f"-{i}"
            title = f"{body_title} ({area.replace('-', ' ').title()})"
            chair_role = "Chair"
        out.append(Series(name, title, "" if count == 1 else name,
                          weekday=1 if i == 0 else rng.randrange(5),
                          nth=-1 if i == 0 else rng.choice([0, 1, 2, 3, -1]),
                          venue=VENUES[0] if i == 0 else rng.choice(VENUES),
                          time="10:30" if i == 0 else rng.choice(TIMES),
                          chair_role=chair_role, acc=i % 2,
                          initials_until=2017 + rng.randrange(4), heavy=heavy))
    return out


def template_text(s: Series) -> str:
    """templates/<series>.yaml, so that `actionlog new-meeting` can plan the next one."""
    day = ["MO", "TU", "WE", "TH", "FR"][s.weekday]
    nth = -1 if s.nth == -1 else s.nth + 1
    return "\n".join([
        "# Generated by benchmarks/generate.py: the series template.",
        f"title: {s.title}", f"schedule: RRULE:FREQ=MONTHLY;BYDAY={nth}{day}",
        f"time: \"{s.time}\"", f"venue: {s.venue}", "agenda:",
        '  - number: "1"', "    title: Outstanding matters", "    outstanding: true",
        '  - number: "2"', "    title: Operational and reputational opportunities and risks",
        '  - number: "3"', "    title: Chief officer meeting update / Executive Board",
        '  - number: "4"', "    title: Holding to account", "    items:",
        "      - number: 4a", "        title: Performance against the Police and Crime Plan",
        "      - number: 4b", "        title: Delivery of strategic initiatives",
        "      - number: 4c",
        "        title: HMICFRS inspection programme and the Service Improvement Board",
        '  - number: "5"', "    title: AOB"]) + "\n"


SHAPES = {  # the defaults of each shape: series, months of meetings each, first year
    "normal": (50, 120, 2015),
    "heavy": (40, 500, 1983),
}


def generate(out: Path, series: int, years: int | None, seed: int = 1,
             start_year: int | None = None, shape: str = "normal",
             months: int | None = None) -> dict:
    """Write the corpus into `out` (emptied first); returns counts. `months` (meetings a
    series) overrides `years`; the first year is the shape's unless given."""
    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape!r} (known: {', '.join(SHAPES)})")
    months = months if months is not None else 12 * years
    start_year = start_year if start_year is not None else SHAPES[shape][2]
    if out.exists():
        shutil.rmtree(out)
    (out / "meetings").mkdir(parents=True)
    rng = random.Random(f"{seed}:force")
    names = Names(rng)
    force = build_force(rng, names, date(start_year, 1, 1),
                        date(start_year + (months + 11) // 12, 1, 1))
    files = actions = size = most = 0
    (out / "templates").mkdir()
    for s in series_list(series, heavy=shape == "heavy"):
        (out / "templates" / f"{s.name}.yaml").write_text(template_text(s), encoding="utf-8")
        f, a, b, m = generate_series(s, force, names, seed, months, start_year, out)
        files, actions, size, most = files + f, actions + a, size + b, max(most, m)
    (out / "roster.yaml").write_text(roster_text(force), encoding="utf-8")
    return {"files": files, "actions": actions, "bytes": size,
            "mean_kb": round(size / files / 1024, 2) if files else 0,
            "most_reviews": most}  # the most times one action was reviewed


def default_out(shape: str, series: int, months: int) -> Path:
    """benchmarks/corpus/50x10 (series x years), or heavy-40x500m (series x months)."""
    if shape == "normal" and months % 12 == 0:
        return HERE / "corpus" / f"{series}x{months // 12}"
    return HERE / "corpus" / f"{shape}-{series}x{months}m"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shape", choices=sorted(SHAPES), default="normal",
                        help="normal (the default) or heavy (see above)")
    parser.add_argument("--series", type=int, default=None,
                        help="default: 50, or 40 for the heavy shape")
    parser.add_argument("--years", type=int, default=None, help="default: 10")
    parser.add_argument("--months", type=int, default=None,
                        help="meetings a series, instead of --years (default: 500 for the "
                             "heavy shape)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start-year", type=int, default=None,
                        help="default: 2015, or 1983 for the heavy shape")
    parser.add_argument("--out", type=Path, default=None,
                        help="default: benchmarks/corpus/<series>x<years>, or "
                             "benchmarks/corpus/heavy-<series>x<months>m")
    args = parser.parse_args(argv)
    series, months, start_year = SHAPES[args.shape]
    series = args.series if args.series is not None else series
    months = args.months if args.months is not None else \
        12 * args.years if args.years is not None else months
    start_year = args.start_year if args.start_year is not None else start_year
    out = args.out or default_out(args.shape, series, months)
    started = time.perf_counter()
    counts = generate(out, series, None, args.seed, start_year, args.shape, months)
    print(f"{out}: {counts['files']} meeting files, {counts['actions']} actions, "
          f"{counts['bytes'] / 1e6:.1f} MB ({counts['mean_kb']} KB a file; one action "
          f"reviewed {counts['most_reviews']} times), in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
