"""Attendance and apologies: names, capacities, roles and initials, from a Word table (one
row a person) or from text that lists the names and then the capacities. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from actionlog.core.model import Person

# roles of this kind of meeting, with the capacity each stands for
ROLES = {"PCC": "Police and Crime Commissioner",
         "DPCC": "Deputy Police and Crime Commissioner",
         "CC": "Chief Constable", "DCC": "Deputy Chief Constable",
         "ACC": "Assistant Chief Constable", "CEx": "Chief Executive",
         "CFO": "Chief Finance Officer", "T/ACC": "Temporary Assistant Chief Constable"}
_SKIP = {"and", "of", "for", "the", "to", "local", "policing", "opcc", "officer"}
_BRACKET = re.compile(r"\s*\(([A-Za-z/&]{1,8})\)\s*$")
_NONE = re.compile(r"^(?:none|nil|n/a|no apologies)\.?$", re.I)


@dataclass
class Attendance:
    attendees: list[Person] = field(default_factory=list)
    apologies: list[Person] = field(default_factory=list)
    guesses: list[tuple[Person, str]] = field(default_factory=list)  # (person, what)


def initials(words: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w'-]*", words)
                   if w.lower() not in _SKIP).upper()


def _spelled(capacity: str) -> str:
    """Chief Executive Officer -> CEO (every word but the small ones)."""
    return "".join(w[0] for w in capacity.split()
                   if w.lower() not in ("and", "of", "for", "the", "to")).upper()


def known_role(text: str, roles: list[str]) -> str:
    """A role as the workspace spells it (CEX -> CEx)."""
    return next((r for r in roles if r.casefold() == text.casefold()), text)


def split_row(cells: tuple[str, ...]) -> tuple[str | None, list[str]]:
    """(section label or None, the remaining non-empty cells) of an attendance row."""
    rest = [c for c in cells if c]
    label = None
    if rest and re.match(r"^(attendance|present|apologies)\s*:?$", rest[0], re.I):
        label = rest.pop(0).rstrip(":").strip().lower()
    return label, rest


def parse(blocks: list, known: list[Person]) -> Attendance:
    """Attendance from the blocks between the header and the first item."""
    rows: list[tuple[str, str, str]] = []  # (section, name, capacity)
    section = "attendance"
    names: list[str] = []
    flat: list[str] = []
    for block in blocks:
        if block.cells:
            label, rest = split_row(block.cells)
            section = _section(label, section)
            if rest and not re.match(r"^name\s*:?$", rest[0], re.I):
                if not (len(rest) == 1 and _NONE.match(rest[0])):
                    rows.append((section, rest[0], " ".join(rest[1:])))
            continue
        text = block.text
        head = re.match(r"^(attendance|present|apologies)\s*:?\s*(.*)$", text, re.I)
        if head:
            section = _section(head.group(1).lower(), section)
            text = head.group(2).strip()
            if section == "apologies" and text and not _NONE.match(text):
                name, capacity = _name_capacity(text, known)
                rows.append((section, name, capacity))
            continue
        if not text or re.match(r"^name\s*:?\s*capacity\s*:?$", text, re.I):
            continue
        if section == "attendance":
            (flat if names and (flat or not _looks_like_name(text)) else names).append(text)
    rows = [("attendance", n, c) for n, c in _pair(names, flat)] + rows
    return _people(rows, known)


def _section(label: str | None, current: str) -> str:
    if label is None:
        return current
    return "apologies" if label.startswith("apolog") else "attendance"


def _looks_like_name(text: str) -> bool:
    """'John Campion', 'Anthony Bangham (AB)': a capacity has more words or none capitalised."""
    name, said = _name_and_id(text)
    words = name.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() and not w.isupper() for w in words) \
        and (said is None or said[:1] == words[0][:1]) and not any(
            w.lower() in ("chief", "commissioner", "constable", "deputy", "officer")
            for w in words)


def _pair(names: list[str], capacities: list[str]) -> list[tuple[str, str]]:
    if len(capacities) == len(names):
        return list(zip(names, capacities))
    return [(n, capacities[i] if i < len(capacities) else "") for i, n in enumerate(names)]


def _name_capacity(text: str, known: list[Person]) -> tuple[str, str]:
    """'David Shaw  CC' -> ('David Shaw', 'CC')."""
    for person in known:
        if text.lower().startswith(person.name.lower()):
            return person.name, text[len(person.name):].strip(" ,-–")
    words = text.split()
    cut = next((i for i, w in enumerate(words) if i >= 2 and (w.isupper() or w.lower()
                in ("chief", "deputy", "assistant", "police"))), len(words))
    return " ".join(words[:cut]), " ".join(words[cut:])


def _people(rows: list[tuple[str, str, str]], known: list[Person]) -> Attendance:
    out = Attendance()
    roles_known = [p.role for p in known if p.role] + list(ROLES)
    taken: set[str] = set()
    roles_taken: set[str] = set()
    for section, written_name, written_capacity in rows:
        name, said_id = _name_and_id(written_name)
        capacity, role, why = _capacity_role(written_capacity, name, known, roles_known,
                                             roles_taken)
        person = Person(id="", name=name, role=role, capacity=capacity)
        person.id = _person_id(person, said_id, known, taken)
        taken.add(person.id.casefold())
        if role:
            roles_taken.add(role.casefold())
        (out.attendees if section == "attendance" else out.apologies).append(person)
        if why:
            out.guesses.append((person, why))
    return out


def _name_and_id(text: str) -> tuple[str, str | None]:
    found = _BRACKET.search(text)
    if found:
        return text[:found.start()].strip(), found.group(1)
    return " ".join(text.split()), None


def _capacity_role(written: str, name: str, known: list[Person], roles_known: list[str],
                   roles_taken: set[str]) -> tuple[str | None, str | None, str]:
    written = " ".join(written.split()).strip(" ,")
    if not written:
        same = _known_person(name, known, None)
        if same:
            return same.capacity, same.role, f"capacity not written: taken from {same.name}'s " \
                                             f"last known ({same.role})"
        return None, None, "no capacity written"
    found = _BRACKET.search(written)
    if found:
        capacity, role = written[:found.start()].strip(" ,"), found.group(1)
        spelled = initials(capacity)
        if role.casefold() in roles_taken and spelled.casefold() != role.casefold() \
                and spelled.endswith(role.upper()):
            return written, known_role(spelled, roles_known), \
                f"the notes write ({role}), which another person here holds; role " \
                f"{spelled} from the capacity"
        # the capacity as the notes write it, brackets and all (issue 15: as written)
        return written, known_role(role, roles_known), ""
    if " " not in written and len(written) <= 6:  # only the role: PCC, CEO
        same = _known_person(name, known, written)
        if same:
            return same.capacity, same.role, f"the notes write only '{written}': capacity " \
                                             f"as {same.name} was last recorded"
        role = known_role(written, roles_known)
        return ROLES.get(role), role, f"the notes write only '{written}'" if role in ROLES \
            else ""
    spelled = known_role(initials(written), roles_known)
    return written, spelled if spelled in roles_known else None, ""


def _known_person(name: str, known: list[Person], abbreviation: str | None) -> Person | None:
    """The latest record of this person, where it agrees with the abbreviation written
    (the same role, or the initials of the same capacity: CEO for Chief Executive Officer)."""
    for person in reversed(known):
        if person.name.casefold() != name.casefold():
            continue
        if abbreviation is None or (person.role or "").casefold() == abbreviation.casefold() \
                or _spelled((person.capacity or "").split(",")[0]) == abbreviation.upper():
            return person
    return None


def _person_id(person: Person, said: str | None, known: list[Person], taken: set[str]) -> str:
    if said and said.casefold() not in taken:
        return said
    same = next((p for p in reversed(known) if p.name.casefold() == person.name.casefold()),
                None)
    if same and same.id.casefold() not in taken:
        return same.id
    parts = person.name.split()
    base = "".join(p[0] for p in parts if p[:1].isalpha()).upper() or "X"
    if base.casefold() not in taken:
        return base
    longer = base[:-1] + parts[-1][:2] if len(parts) > 1 else base
    if longer.casefold() not in taken:
        return longer
    number = 2
    while f"{base}{number}".casefold() in taken:
        number += 1
    return f"{base}{number}"
