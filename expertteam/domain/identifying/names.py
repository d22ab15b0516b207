"""Names: a child's given names and surname, and the other names a case hides.

A name is matched as a run of whole words that, folded and joined without separators, spells
the name: so ``Noël van der Berg``, ``NOEL VANDERBERG``, ``Noël Van-der-Berg``, ``N o ë l``,
``NoëlAnne`` and ``Noe\u0308l`` (decomposed) are all the same name, and ``Eva`` is not found in
``evaluatie``. A glued possessive or plural ``s`` (``Noëls``, ``de Jansens``) belongs to the
name; ``Eva's`` is ``Eva`` followed by ``'s``. Particles (tussenvoegsels) may be joined, apart,
hyphenated or abbreviated (``v.d. Berg``); the surname's core without its particles (``Berg``)
is an ordinary word too often to count on its own, except after a form of address
(``mevrouw Berg``, ``fam. Berg``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from expertteam.domain.identifying.normalise import Folded, compact, fold_char

PARTICLES = frozenset({"van", "de", "der", "den", "het", "ten", "ter", "te", "in", "t", "op",
                       "la", "le", "du", "da", "von", "zu", "el", "al", "di", "do", "dos",
                       "das", "d", "l", "vd", "v"})
# Forms of address after which a surname's core alone is a name ("mevrouw Berg").
TITLES = frozenset({"mevrouw", "mevr", "mw", "mej", "meneer", "mr", "dhr", "heer", "familie",
                    "fam", "gezin", "juf", "meester", "mrs", "mister", "miss", "ms"})
_ABBREVIATED: dict[tuple[str, ...], str] = {("van", "der"): "vd", ("van", "de"): "vd",
                                             ("van", "den"): "vd"}
_TOKEN = re.compile(r"[^\W_]+")
MIN_NAME_LENGTH = 2


@dataclass(frozen=True, slots=True)
class NameHit:
    """What a needle stands for: its kind (a code name, see ``IdentifyingKind``), what replaces
    it in a pseudonymised text, and how wide it is (the widest wins a shared needle)."""

    kind: str
    replacement: str
    rank: int


def initial(word: str) -> str:
    """The initial of one name, ``IJ`` as one letter: ``Ĳsbrand``/``IJsbrand``/``Ijsbrand`` →
    ``IJ``, ``Noël`` → ``N``."""
    letters: list[str] = []
    for ch in word:  # only the first two letters count: fold no further
        letters += [c for c in fold_char(ch) if c.isalpha()]
        if len(letters) >= 2:
            break
    if not letters:
        return ""
    if letters[:2] == ["i", "j"]:
        return "IJ"
    first = next((ch for ch in word if ch.isalpha()), letters[0])
    return first.upper() if fold_char(first) == letters[0] else letters[0].upper()


def is_particle(word: str) -> bool:
    return compact(word) in PARTICLES


def surname_words(surname: str) -> list[str]:
    """A surname as words; hyphens of a double surname separate words too."""
    return fold_separators(surname).split()


def fold_separators(text: str) -> str:
    return "".join(" " if fold_char(ch) in ("-", " ") else ch for ch in text)


def initials(given_names: str, surname: str) -> str:
    """``"Noël Anne", "van der Berg"`` → ``"N.A.B."``: particles are skipped, IJ is one
    letter."""
    letters = [initial(part) for part in given_names.split()]
    core = next((word for word in surname_words(surname) if not is_particle(word)), None)
    if core is not None:
        letters.append(initial(core))
    return "".join(f"{letter}." for letter in letters if letter)


class NameNeedles:
    """Every spelling of the names to find, folded and compacted, with what each stands for."""

    def __init__(self) -> None:
        self.plain: dict[str, NameHit] = {}
        self.titled: dict[str, NameHit] = {}

    def _put(self, table: dict[str, NameHit], needle: str, hit: NameHit) -> None:
        if len(needle) < MIN_NAME_LENGTH:
            return
        known = table.get(needle)
        if known is None or hit.rank > known.rank:
            table[needle] = hit

    def add_person(self, given_names: str, surname: str, *, child: bool) -> None:
        """A child (found as full name, given name or surname, replaced by initials) or another
        person the case hides (found the same way, replaced by ``[naam]``)."""
        given = [part for part in given_names.split() if compact(part)]
        given_parts = [p for g in given for p in fold_separators(g).split() if compact(p)]
        core: list[str] = []
        particles: list[str] = []
        for word in surname_words(surname):
            folded = compact(word)
            if folded in PARTICLES:
                particles.append(folded)
            else:
                core.append(word)
        core_initial = initial(core[0]) if core else ""
        surname_initial = f"{core_initial}." if core_initial else ""
        full_initials = "".join(f"{letter}." for letter in map(initial, given_names.split())
                                if letter) + surname_initial  # = initials(given, surname)
        core_text = compact(" ".join(core))
        short = _ABBREVIATED.get(tuple(particles[:2])) if core and particles else None

        def hit(kind: str, replacement: str, rank: int) -> NameHit:
            return NameHit(kind, replacement, rank) if child else NameHit("other_name", "", 0)

        full = hit("full_name", full_initials, 3)
        firsts = [first for first in dict.fromkeys([" ".join(given), *given, *given_parts])
                  if first]
        for first in firsts:
            self._put(self.plain, compact(first + surname), full)
            if core and particles:
                self._put(self.plain, compact(first) + core_text, full)
                if short:
                    self._put(self.plain, compact(first) + short + core_text, full)
        for name in firsts:
            letter = initial(name)
            self._put(self.plain, compact(name),
                      hit("given_name", f"{letter}." if letter else "", 2))
        last = hit("surname", surname_initial, 2)
        if surname.strip():
            self._put(self.plain, compact(surname), last)
        if core and particles:
            if short:
                self._put(self.plain, short + core_text, last)
            self._put(self.titled, core_text, last)
        if len(core) > 1:  # a double surname: each part, and the parts without particles
            for word in core:
                self._put(self.plain, compact(word), last)
            self._put(self.plain, core_text, last)

    def add_hidden(self, entry: str) -> None:
        """A name the case hides (a parent, a sibling, a nickname, a school): the whole entry,
        and for two or more words also its first word and the rest, as for a person."""
        words = entry.split()
        if not words:
            return
        self._put(self.plain, compact(entry), NameHit("other_name", "", 0))
        if len(words) == 1 or is_particle(words[0]):
            self.add_person("", entry, child=False)
        else:
            self.add_person(words[0], " ".join(words[1:]), child=False)


@dataclass(frozen=True, slots=True)
class NameSpan:
    start: int
    end: int
    hit: NameHit


def tokens(text: Folded) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text.text)]


def find_names(text: Folded, plain: Mapping[str, NameHit],
               titled: Mapping[str, NameHit] | None = None) -> list[NameSpan]:
    """Runs of whole words that spell one of the needles (spans in the original text)."""
    titled = titled or {}
    if not plain and not titled:
        return []
    words = tokens(text)
    longest = max(len(needle) for needle in (*plain, *titled))
    spans: list[NameSpan] = []
    for first in range(len(words)):
        after_title = first > 0 and words[first - 1][0] in TITLES
        joined = ""
        for last in range(first, len(words)):
            joined += words[last][0]
            if len(joined) > longest + 1:
                break
            glued_s = joined.endswith("s") and len(words[last][0]) > 1 and len(joined) > 3
            found = plain.get(joined) or (plain.get(joined[:-1]) if glued_s else None)
            if found is None and after_title:
                found = titled.get(joined) or (titled.get(joined[:-1]) if glued_s else None)
            if found is not None:
                begin = words[first][1]
                if len(words[first][0]) == 1 and text.text[begin - 1:begin] == "'":
                    begin -= 1  # "'t Hart"
                start, end = text.span(begin, words[last][2])
                spans.append(NameSpan(start, end, found))
    return spans


def allowed_spans(text: Folded, names: Iterable[str]) -> list[tuple[int, int]]:
    """Where the allowed names (organisations, contacts, users) occur in ``text``."""
    needles = {compact(name): NameHit("allowed", "", 0) for name in names if compact(name)}
    return [(s.start, s.end) for s in find_names(text, needles)]
