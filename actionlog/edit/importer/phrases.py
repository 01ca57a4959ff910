"""Words in notes read as values: dates, times, due dates, owners at the start of an action,
the casing of a heading. Pure: each function takes text and returns what it found."""

from __future__ import annotations

import calendar
import re
from datetime import date

from actionlog.core.model import NEXT_MEETING

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr)
               if name})
MONTHS["sept"] = 9
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" \
         r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})\s*(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH +
                            r"\.?(?:,?\s+(\d{4}))?\b", re.I)
NUMERIC = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})\b")
MONTH_YEAR = re.compile(r"\b" + _MONTH + r"\.?\s+(\d{4})\b", re.I)
MONTH_WORD = re.compile(r"\b" + _MONTH + r"\b", re.I)
TIME = re.compile(r"(?:@\s*|\bat\s+)?\b([01]?\d|2[0-3])[.:]([0-5]\d)\s*(am|pm)?\b", re.I)


def month_number(word: str) -> int:
    word = word.lower().rstrip(".")
    return MONTHS.get(word) or MONTHS[word[:3]]


def day_in(text: str, near: date | None = None) -> tuple[date | None, re.Match | None]:
    """The first day named in `text` ("26th July 2016", "11 th September", "11/08/2016");
    a day without a year takes the year of `near` (the meeting's)."""
    for found in DAY_MONTH_YEAR.finditer(text):
        year = int(found.group(3)) if found.group(3) else (near.year if near else None)
        if year is None:
            continue
        try:
            return date(year, month_number(found.group(2)), int(found.group(1))), found
        except ValueError:
            continue
    found = NUMERIC.search(text)
    if found:
        year = int(found.group(3))
        year += 2000 if year < 100 else 0
        try:
            return date(year, int(found.group(2)), int(found.group(1))), found
        except ValueError:
            pass
    return None, None


def time_in(text: str) -> str | None:
    found = TIME.search(text)
    if not found or ("@" not in found.group(0) and ":" not in found.group(0)
                     and not found.group(3)):
        return None
    hour = int(found.group(1)) + (12 if (found.group(3) or "").lower() == "pm"
                                  and int(found.group(1)) < 12 else 0)
    return f"{hour:02d}:{found.group(2)}"


# ---------------------------------------------------------------- due dates

_NEXT = re.compile(r"\b(?:at|by|for|to|before|until)?\s*the\s+next\s+(?:[a-z ]{0,30}?)?meeting\b"
                   r"(?:\s*\((?:[a-z]+\.?)\))?", re.I)
_BY_DAY_END = re.compile(r"\s*\b(?:by|on|before)\s+(?:the\s+)?$", re.I)
_FOR_MONTH = re.compile(r"\b(?:at|by|for|to|in)\s+(?:the\s+)?" + _MONTH +
                        r"(?:\s+[a-z]+){0,4}?\s+meeting\b", re.I)
_IN_SPAN = re.compile(r"\bin\s+(\d+|one|two|three|six|twelve)\s+(week|month)s?\b", re.I)
_WORDS = {"one": 1, "two": 2, "three": 3, "six": 6, "twelve": 12}


def due_in(text: str, held: date, next_date: date | None) -> tuple[object, str, str]:
    """(due, the phrase to drop from the text or "", why when it is a guess) for an action's
    text: a day named after 'by', the next meeting, a month's meeting, 'in 6 months'."""
    day, found = day_in(text, held)
    if day is not None and found is not None and day > held:
        lead = _BY_DAY_END.search(text[:found.start()])
        return day, text[lead.start():found.end()] if lead else "", ""
    if _NEXT.search(text):
        return NEXT_MEETING, "", ""
    month = _FOR_MONTH.search(text)
    if month:
        number = month_number(month.group(1))
        if next_date is not None and next_date.month == number and next_date > held:
            return NEXT_MEETING, "", ""
        return None, "", f"names the {month.group(1)} meeting, which the notes do not date"
    span = _IN_SPAN.search(text)
    if span:
        from dateutil.relativedelta import relativedelta

        count = int(span.group(1)) if span.group(1).isdigit() else _WORDS[span.group(1).lower()]
        step = relativedelta(weeks=count) if span.group(2).lower() == "week" \
            else relativedelta(months=count)
        return held + step, "", f"'{span.group(0)}' counted from the meeting's date"
    return None, "", ""


# ---------------------------------------------------------------- owners in text

_JOIN = r"\s*(?:/|&|,|\band\b)\s*"


def owner_pattern(tokens: list[str]) -> str:
    """A regular expression for one owner or several joined (AC/AB, CC & DCC)."""
    names = sorted({t for t in tokens if t}, key=len, reverse=True)
    one = "(?:" + "|".join(re.escape(t) for t in names) + ")"
    return rf"{one}(?:{_JOIN}{one})*"


def split_owners(text: str) -> list[str]:
    return [p.strip() for p in re.split(_JOIN, text) if p.strip()]


_AGREED = re.compile(r"^(?:it\s+was\s+agreed\s+(?:that\s+)?(?:to\s+)?|agreed:?\s*(?:to\s+)?)",
                     re.I)


def owner_and_text(text: str, tokens: list[str]) -> tuple[list[str], str]:
    """'AB to clarify X' -> (['AB'], 'Clarify X'); 'At the September meeting the CC is to
    provide X' -> (['CC'], 'At the September meeting, provide X'); no owner -> ([], text)."""
    text = _AGREED.sub("", text).strip()
    if not tokens:
        return [], _capital(text)
    owners = owner_pattern(tokens)
    start = re.match(rf"^(?:[Tt]he\s+)?(?P<o>{owners})\s+(?:is\s+|are\s+|agreed\s+|will\s+)?to\s+"
                     rf"(?!be\b)(?P<rest>\w.*)$", text)
    if start:
        return split_owners(start.group("o")), _capital(start.group("rest"))
    inner = re.search(rf"\s+(?:the\s+)?(?P<o>{owners})\s+(?:is|are|will|agreed)\s+to\s+"
                      rf"(?!be\b)(?P<rest>\w.*)$", text)
    if inner:
        return split_owners(inner.group("o")), f"{_capital(text[:inner.start()])}, " \
                                               f"{inner.group('rest')}"
    return [], _capital(text)


_QUALIFIER = r"(?:\s+(?:for|of)\s+(?:the\s+)?[A-Za-z][A-Za-z&' ]{0,40}?|\s*\([^)]{1,40}\))?"


def owner_named(text: str, tokens: list[str]) -> tuple[list[str], str] | None:
    """The owner a sentence names in prose, a role with what qualifies it: 'If available the
    ACC for local policing is to attend ...' -> (['ACC'], 'the ACC for local policing is
    to'), 'The CC & DCC will review it' -> (['CC', 'DCC'], ...); None where no one is
    named as the doer."""
    named = [t for t in tokens if t not in ("ALL", "All")]
    if not named:
        return None
    found = re.search(rf"(?<![\w/])(?:[Tt]he\s+)?(?P<o>{owner_pattern(named)}){_QUALIFIER}"
                      rf"\s+(?:(?:is|are|agreed|undertook)\s+to|will)\s+(?!be\b)(?=\w)", text)
    if not found:
        return None
    return split_owners(found.group("o")), found.group(0).strip()


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


# ---------------------------------------------------------------- headings

_SMALL = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or",
          "the", "to", "up", "with", "via", "over", "under", "item", "items", "date", "post"}


def heading_case(text: str, vocabulary: dict[str, str]) -> str:
    """A heading in capitals in sentence case: acronyms (HMIC, SIB) and the words the
    document capitalises in its sentences (Brexit, Alliance) kept; words that spell out a
    bracketed acronym (Service Improvement Board (SIB)) capitalised."""
    text = text.strip().rstrip("*").strip()
    if not _mostly_caps(text):
        return text
    words = text.split(" ")
    out = []
    for index, word in enumerate(words):
        core = re.sub(r"^\W+|\W+$", "", word)
        low = core.lower()
        if core and core in vocabulary.get("#acronyms", ()):  # type: ignore[operator]
            new = core
        elif low in vocabulary:
            new = vocabulary[low]
        else:
            new = low
        if index == 0:
            new = new[:1].upper() + new[1:]
        out.append(word.replace(core, new, 1) if core else word)
    for found in re.finditer(r"\(([A-Z]{2,6})\)", text):
        letters = found.group(1)
        before = " ".join(out[:len(text[:found.start()].split(" ")) - 1]).split(" ")
        pick = [i for i, w in enumerate(before) if w and w.lower() not in _SMALL][-len(letters):]
        if len(pick) == len(letters) and all(
                before[i][:1].upper() == c for i, c in zip(pick, letters)):
            for i in pick:
                out[i] = out[i][:1].upper() + out[i][1:]
    return " ".join(out)


def _mostly_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def vocabulary(sentences: list[str]) -> dict:
    """How the document writes words mid-sentence: capitalised words never written in
    lower case (proper nouns), and acronyms."""
    seen_lower: set[str] = set()
    capital: dict[str, str] = {}
    acronyms: set[str] = set()
    for sentence in sentences:
        words = re.findall(r"[A-Za-z][A-Za-z']*", sentence)
        if _mostly_caps(sentence) or len(words) < 8 or sum(
                w.isupper() and len(w) > 1 for w in words) > 0.2 * len(words):
            continue  # a heading: its capitals say nothing about the words
        for position, word in enumerate(words):
            if word.isupper() and 2 <= len(word) <= 5:
                acronyms.add(word)
            elif word[0].isupper() and not word.isupper() and position > 0:
                capital.setdefault(word.lower(), word)
            elif word.islower():
                seen_lower.add(word)
    out: dict = {k: v for k, v in capital.items() if k not in seen_lower and k not in _SMALL}
    out["#acronyms"] = acronyms
    return out
