"""Football gazetteer: exact, case-sensitive name lookup of KB teams and persons in raw text.

An Aho-Corasick automaton (pyahocorasick, C) over all KB surface forms finds every name in
one pass over the article; matches must start and end at word boundaries (a hyphen counts
as a boundary, so "Gladbach-Trainer" yields "Gladbach"). Building the automaton for ~75k
names takes about 0.2 s, far less than tokenising the same names for a spaCy
PhraseMatcher (about 3 s), and matching runs at millions of words per second.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

_SKIP_CHARS = set("()[]{}|;/\\")


@dataclass(frozen=True)
class GazetteerEntry:
    label: str  # "TEAM" or "PER"
    kb_id: str
    canonical: str


@dataclass(frozen=True)
class GazetteerMatch:
    start: int
    end: int
    entry: GazetteerEntry


class Gazetteer:
    def __init__(self, patterns: Iterable[tuple[str, str, str, str]]) -> None:
        """``patterns``: (label, surface form, kb id, canonical name)."""
        import ahocorasick

        self._automaton = ahocorasick.Automaton()
        seen: dict[str, GazetteerEntry] = {}
        for label, surface, kb_id, canonical in patterns:
            surface = surface.strip()
            if len(surface) < 2 or _SKIP_CHARS & set(surface) or surface in seen:
                continue  # the first (highest-ranked) entry for a surface form wins
            entry = GazetteerEntry(label, kb_id, canonical)
            seen[surface] = entry
            self._automaton.add_word(surface, (len(surface), entry))
        self.size = len(seen)
        if self.size:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[GazetteerMatch]:
        """Longest non-overlapping matches at word boundaries, in text order."""
        if not self.size:
            return []
        found = []
        n = len(text)
        for end_idx, (length, entry) in self._automaton.iter(text):
            start, end = end_idx - length + 1, end_idx + 1
            if start > 0 and text[start - 1].isalnum():
                continue
            if end < n and text[end].isalnum():
                # a club's genitive "Leverkusens", "Eintrachts" (the match keeps the bare name)
                if not (entry.label == "TEAM" and text[end] == "s" and length >= 4
                        and text[end - 1] not in "sxzß" and (end + 1 == n or not text[end + 1].isalnum())):
                    continue
            found.append(GazetteerMatch(start, end, entry))
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        out: list[GazetteerMatch] = []
        taken = bytearray(n)  # characters covered by a kept match: linear, not quadratic, in the matches
        for m in sorted(found, key=lambda m: (-(m.end - m.start), m.start)):
            if taken.find(1, m.start, m.end) < 0:
                out.append(m)
                taken[m.start:m.end] = b"\x01" * (m.end - m.start)
        return sorted(out, key=lambda m: m.start)
