"""Which earlier action each Outstanding Matters entry reviews: by the month the notes say
it was raised in, then by the likeness of its text (and owner) to the actions raised then,
measured with rapidfuzz. An entry matching none is brought forward with its own text."""

from __future__ import annotations

import re
from datetime import date

from rapidfuzz import fuzz

from actionlog.core.model import Meeting, Review
from actionlog.edit.importer.draft import Draft

THRESHOLD = 60  # below this, a match is a coincidence of common words
SURE = 85  # at or above, no comment is needed


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def link(draft: Draft, earlier: list[Meeting]) -> dict[int, str]:
    """id(review) -> reference, for the entries of `draft` that review an action of the
    `earlier` meetings (of its series, before it); guesses say how each was decided."""
    meeting = draft.meeting
    ours = [m for m in earlier if m.series == meeting.series and m.date < meeting.date
            and not m.cancelled]
    out: dict[int, str] = {}
    pairs: list[tuple[float, int, str, Review]] = []
    for review, _item in meeting.reviews():
        when = draft.raised_in.get(id(review))
        pool = [m for m in ours if when is None or (m.date.year, m.date.month) == when]
        if not pool:
            if when is not None:
                draft.guess(review, f"the {date(when[0], when[1], 1):%B %Y} meeting is not "
                                    f"in the workspace: brought forward", "link")
            continue
        for m in pool:
            for action, _i, _r in m.raised_actions():
                score = fuzz.token_set_ratio(_words(review.text or ""), _words(action.text))
                score = 0.8 * score + 0.2 * fuzz.partial_ratio(
                    _words(review.topic or ""), _words(action.text))
                pairs.append((score, id(review), f"{m.id}/{action.number}", review))
    taken: set[str] = set()
    best: dict[int, tuple[float, str]] = {}
    for score, key, ref, review in sorted(pairs, key=lambda p: -p[0]):
        best.setdefault(key, (score, ref))
        if key in out or ref in taken or score < THRESHOLD:
            continue
        out[key], _ = ref, taken.add(ref)
        draft.forget(review, "owner")  # the owner its text names is the linked action's
        if score < SURE:
            draft.guess(review, f"linked to {ref} by the likeness of its text "
                                f"(score {score:.0f} of 100)", "link")
    for review, _item in meeting.reviews():
        if id(review) not in out and id(review) in best:
            score, ref = best[id(review)]
            draft.guess(review, f"no earlier action matches it (closest {ref}, score "
                                f"{score:.0f}): brought forward", "link")
    draft.count("linked", len(out))
    return out
