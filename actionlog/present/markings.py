"""Protective markings for the documents, from `[documents]` in `actionlog.toml`:

    [documents]
    marking = "OFFICIAL"                          # every document
    confidential_marking = "OFFICIAL-SENSITIVE"   # one holding Part 2 (confidential) matter
    public_marking = "OFFICIAL"                   # the --public versions

An empty string turns a marking off. The defaults are the ones above (public: as `marking`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from actionlog.core.ledger import Ledger
from actionlog.core.model import Meeting
from actionlog.store.settings import SETTINGS, SettingsError, section

SECTION = "documents"


@dataclass(frozen=True)
class Markings:
    marking: str = "OFFICIAL"
    confidential: str = "OFFICIAL-SENSITIVE"
    public: str = "OFFICIAL"

    def of(self, confidential: bool, public: bool = False) -> str:
        """The marking of a document that holds Part 2 matter (or not), or is public."""
        if public:
            return self.public
        return self.confidential if confidential else self.marking


def from_settings(settings: dict[str, Any]) -> Markings:
    values = section(settings, SECTION)
    known = {"marking", "confidential_marking", "public_marking"}
    for key, value in values.items():
        if key not in known:
            raise SettingsError(f"{SETTINGS}: [{SECTION}] has no setting '{key}' "
                                f"(settings: {', '.join(sorted(known))})")
        if not isinstance(value, str):
            raise SettingsError(f"{SETTINGS}: [{SECTION}] {key} must be text, in quotes")
    marking = values.get("marking", Markings.marking)
    return Markings(marking, values.get("confidential_marking", Markings.confidential),
                    values.get("public_marking", marking))


def holds_part2(meeting: Meeting, before: Ledger) -> bool:
    """Whether a meeting's papers hold confidential matter: a Part 2 item or action, or a
    review of a confidential action."""
    if any(item.confidential for item, _parents in meeting.walk_items()):
        return True
    if any(action.confidential for action, _item, _review in meeting.raised_actions()):
        return True
    for review, _item in meeting.reviews():
        entry = before.get(review.ref) if review.ref else None
        if entry is not None and entry.confidential:
            return True
    return False
