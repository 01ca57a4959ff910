"""References: a meeting's id and file, and an action's reference (`2016-06-28/1`).

The one place that knows how ids, files and references are spelt: a meeting's id is its
file's path under `meetings/` without `.yaml`; an action's reference is the id of the
meeting that raised it, a slash, and its number there.
"""

from __future__ import annotations

from dataclasses import dataclass

MEETINGS = "meetings"
SUFFIX = ".yaml"


def meeting_path(meeting_id: str) -> str:
    """assurance/2016-06-28 -> meetings/assurance/2016-06-28.yaml."""
    return f"{MEETINGS}/{meeting_id}{SUFFIX}"


def meeting_id(relpath: str) -> str:
    """meetings/assurance/2016-06-28.yaml -> assurance/2016-06-28."""
    inner = relpath.replace("\\", "/").split("/", 1)[1]
    return inner[: -len(SUFFIX)] if inner.endswith(SUFFIX) else inner


def folder(relpath: str) -> str:
    """meetings/assurance/2016-06-28.yaml -> meetings/assurance."""
    return relpath.rpartition("/")[0]


def stem(meeting_id: str) -> str:
    """assurance/2016-06-28 -> 2016-06-28: the file's own name, usually its date."""
    return meeting_id.rpartition("/")[2]


@dataclass(frozen=True, slots=True, order=True)
class Ref:
    """An action's reference: the meeting that raised it, and its number there."""

    meeting: str
    number: int

    @classmethod
    def parse(cls, text: str) -> "Ref | None":
        """`2016-06-28/1` as a Ref; None when the text is not of that form."""
        meeting, sep, number = text.rpartition("/")
        if not sep or not meeting or not number.isascii() or not number.isdigit():
            return None
        return cls(meeting, int(number))

    @property
    def path(self) -> str:
        return meeting_path(self.meeting)

    @property
    def escapes(self) -> bool:
        """Whether it climbs out of the meetings folder (`../2016-06-28/1`)."""
        return ".." in self.meeting.split("/")

    def __str__(self) -> str:
        return f"{self.meeting}/{self.number}"


def meeting_of(ref: str) -> str:
    """The id of the meeting a reference names (the text before its last slash)."""
    return ref.rpartition("/")[0]


def sort_key(ref: str) -> tuple[str, int]:
    """A reference in its meeting's order: 2016-06-28/2 before 2016-06-28/10."""
    found = Ref.parse(ref)
    return (found.meeting, found.number) if found else (ref, 0)
