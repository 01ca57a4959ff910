"""What reading one document gives: the meeting as records, and beside it everything the
importer guessed, dropped or could not place, each tied to the record it is about. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from actionlog.core.model import Meeting, Person


@dataclass
class Context:
    """What the notes are read against: the series' standing agenda, and the people and
    roles the workspace already knows (so AB is the same AB, CEX is spelled CEx)."""

    series: str
    title: str = ""
    agenda: dict[str, str] = field(default_factory=dict)  # item number -> title
    known: list[Person] = field(default_factory=list)
    time: str | None = None
    venue: str | None = None


@dataclass
class Draft:
    meeting: Meeting
    source: str = ""
    # (id of a record, field or "") -> what was guessed about it, written as YAML comments
    guesses: dict[tuple[int, str], list[str]] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)  # debris left out, with where
    cancelled: list[date] = field(default_factory=list)  # later meetings named cancelled
    raised_in: dict[int, tuple[int, int]] = field(default_factory=dict)  # review -> (y, m)
    deferred_in: dict[int, tuple[int, int]] = field(default_factory=dict)  # item -> (y, m)
    counts: dict[str, int] = field(default_factory=dict)

    def guess(self, record: object, text: str, name: str = "") -> None:
        self.guesses.setdefault((id(record), name), []).append(text)
        self.count("guesses")

    def forget(self, record: object, name: str = "") -> None:
        """A guess taken back (decided otherwise later), and out of the count."""
        said = self.guesses.pop((id(record), name), [])
        self.count("guesses", -len(said))

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n

    def about(self, record: object, name: str = "") -> list[str]:
        return self.guesses.get((id(record), name), [])
