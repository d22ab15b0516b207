"""Where a person lives or can be reached: postcode, street and house number, e-mail address.

* postcode: four digits and two letters in any case and spacing (``1621 AB``, ``1621ab``,
  ``1621-ab``); spaced and in lower case only when the letters are not a common two-letter
  word (``in 2026 en 2027`` is no postcode);
* street and house number: a word with a common street ending (``Dorpsstraat 5``,
  ``kerkpad 3a``) or a street word after the word that names it (``grote markt 12``,
  ``NIEUWE GRACHT 3b``) in any case, or capitalised words without one (``Lange Voorhout 7``,
  ``Zeeweg 12-II``, ``Voorhout 7``), with the usual additions (``12a``, ``12 hs``, ``12-II``,
  ``12 bis``). Not a street: a number followed by what it counts (``Groep 3 kinderen``), a
  word that usually precedes a number (``Artikel 4``, ``Actie 12``, a month) or a
  capitalised single word that starts a sentence (``Morgen 3 gesprekken``);
* e-mail: ``naam@domein.nl``, also written with ``(at)`` or ``[at]``.
"""

from __future__ import annotations

import re

from expertteam.domain.identifying.dates import MONTHS
from expertteam.domain.identifying.names import PARTICLES, tokens
from expertteam.domain.identifying.normalise import Folded

_POSTCODE = re.compile(r"(?<![\w])([1-9]\d{3})([ \-]{0,2})([a-z]{2})(?![\w])")
_NOT_POSTCODE_LETTERS = frozenset({"sa", "sd", "ss"})
# Said to be a postcode ("postcode 1621 en"): then the letters are no word.
_NAMED_POSTCODE = re.compile(r"(?<![\w])(?:postcode|pc)[ \t]*:?[ \t]*$")
# Two-letter words that follow a number in ordinary text ("2026 en 2027", "100 km").
_TWO_LETTER_WORDS = frozenset({
    "af", "al", "an", "as", "at", "be", "by", "ca", "cm", "da", "de", "do", "dr", "du", "el",
    "en", "er", "et", "ex", "hé", "he", "ik", "in", "is", "it", "ja", "je", "jr", "kg", "km",
    "la", "le", "me", "mg", "ml", "mm", "mn", "na", "no", "nr", "nu", "of", "oh", "ok", "om",
    "on", "op", "or", "pa", "pm", "pp", "so", "st", "te", "to", "tv", "uw", "we", "wk", "ze",
    "zo", "am", "ma", "di", "wo", "vr", "za"})
STREET_SUFFIXES = (
    "straat", "weg", "laan", "plein", "gracht", "kade", "dijk", "singel", "hof", "pad",
    "dreef", "steeg", "park", "markt", "wal", "haven", "plantsoen", "akker", "boulevard",
    "allee", "vaart", "sloot", "wetering", "dam", "erf", "straatje", "kamp", "burgwal",
    "laantje", "poort", "werf",
)
# Words that are followed by a number without being a street ("Artikel 4", "Groep 8").
_NOT_A_STREET = frozenset({
    *MONTHS, "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag",
    "artikel", "art", "lid", "hoofdstuk", "paragraaf", "bijlage", "pagina", "blz", "versie",
    "actie", "acties", "afspraak", "besluit", "agendapunt", "punt", "casus", "stap", "fase",
    "groep", "klas", "week", "dag", "jaar", "maand", "kamer", "nummer", "nr", "niveau",
    "regio", "kwartaal", "periode", "ronde", "sessie", "module", "team", "plek", "plaats",
    "bed", "kind", "kinderen", "uur", "om", "over", "na", "voor", "binnen", "nog", "sinds",
    "vanaf", "tot", "per", "uiterlijk", "ongeveer", "ruim", "bijna", "minstens", "maximaal",
    "totaal", "aantal", "morgen", "vandaag", "gisteren", "ons", "onze", "mijn", "zijn", "haar",
    "hun", "deze", "die", "dat", "het", "een", "de", "en", "of", "met", "bij", "in", "op",
    "aan", "van", "ook", "dan", "wel", "niet", "geen", "alle", "elke", "iedere", "slechts",
    "zo'n", "circa", "ca", "rond", "boven", "onder", "tussen", "eind", "begin", "half",
    "medio", "vorige", "volgende", "komende", "laatste", "eerste", "tweede", "derde",
    "situatie", "optie", "scenario", "variant", "bijeenkomst", "overleg", "jeugdwet", "wet",
    "tabel", "figuur", "vraag", "antwoord", "doel", "prioriteit", "categorie",
    "stapel", "plan", "gesprek", "gesprekken", "locatie", "gebouw", "vestiging",
    "afdeling", "unit", "woning", "nummers", "dossier", "zaak", "editie", "top", "plus",
    "score", "klasse", "leeftijd", "ouder", "broer", "zus", "meisje", "jongen", "zitting",
    "rolnummer", "kenmerk", "ref", "referentie", "brief", "mail", "bericht", "code", "jaren",
})
_COUNTED = ("kind", "kinderen", "jongere", "jongeren", "jeugdige", "jeugdigen", "casus",
            "casussen", "cas", "plaats", "plaatsen", "plek", "plekken", "bed", "bedden",
            "maand", "maanden", "week", "weken", "dag", "dagen", "werkdag", "werkdagen", "jaar",
            "jaren", "uur", "uren", "minuten", "keer", "procent", "euro", "personen",
            "gezin", "gezinnen", "gemeente", "gemeenten", "regio", "aanbieder", "aanbieders",
            "actie", "acties", "afspraak", "afspraken", "besluit", "besluiten", "punt",
            "punten", "gesprek", "gesprekken", "mensen", "medewerkers", "fte", "km", "x",
            "van de", "van het", "stuks", "pagina", *MONTHS)
_AFTER_NUMBER = (r"(?:\s?[a-z](?![\w'])|[- ](?:iii|ii|iv|vi|v|i|hs|bis|huis|bg|boven|bov|zw|rd"
                 r"|\d{1,4})(?![\w])|\s?(?:hs|bis|huis)(?![\w]))?")
_NOT_COUNTED = r"(?![ \t]*(?:" + "|".join(re.escape(w) for w in _COUNTED) + r")(?![a-z]))"
_NUMBER_END = r"(?![-/.]\d{1,2}[-/.]\d)(?![.:,]\d)(?!\s?%)"
_SUFFIX_STREET = re.compile(
    r"(?<![\w'])((?:[a-z][a-z'\-]*)?(?:" + "|".join(STREET_SUFFIXES) + r"))[ \t]+"
    r"(?!(?:19|20)\d\d(?!\d))(\d{1,5})(?!\d)" + _NUMBER_END + _AFTER_NUMBER + _NOT_COUNTED)
_NUMBER_AFTER_WORD = re.compile(
    r"[ \t]+(?!(?:19|20)\d\d(?!\d))(\d{1,4})(?!\d)" + _NUMBER_END + _AFTER_NUMBER +
    _NOT_COUNTED)
_EMAIL = re.compile(r"(?<![\w.+-])[a-z0-9][a-z0-9._%+\-]*\s?(?:@|\(at\)|\[at\])\s?"
                    r"[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}(?![\w])")
_SENTENCE_END = ".!?:;\n•*"


def find_postcodes(text: Folded) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for match in _POSTCODE.finditer(text.text):
        letters = match[3]
        if letters in _NOT_POSTCODE_LETTERS:
            continue
        upper = all(text.original_char(i).isupper() for i in range(match.start(3), match.end(3)))
        if match[2] and not upper and letters in _TWO_LETTER_WORDS and \
                not _NAMED_POSTCODE.search(text.text, 0, match.start()):
            continue
        spans.append(text.span(match.start(), match.end()))
    return spans


def _capitalised(text: Folded, start: int, end: int) -> bool:
    """An original word that starts with a capital and is not written in capitals only."""
    word = text.original[text.origin[start]:text.span(start, end)[1]]
    return word[:1].isupper() and any(ch.islower() for ch in word)


def _sentence_start(text: Folded, start: int) -> bool:
    before = text.text[:start].rstrip(" \t")
    return not before or before[-1] in _SENTENCE_END


def _widen(text: Folded, words: list[tuple[str, int, int]], index: int) -> int:
    """The first word of a street name ending in ``words[index]``: capitalised words (and
    particles between them) before it, on the same line."""
    first = index
    probe = index - 1
    while probe >= 0:
        word, start, end = words[probe]
        gap = text.text[end:words[probe + 1][1]]
        if "\n" in gap or gap.strip(" -'") != "":
            break
        capital = _capitalised(text, start, end)
        if word in PARTICLES:
            if capital:
                first = probe  # "Van Goghlaan"
        elif capital and word not in _NOT_A_STREET:
            first = probe
        else:
            break
        probe -= 1
    return first


def _naming_word(text: Folded, words: list[tuple[str, int, int]],
                 index: int | None) -> int | None:
    """The index of the word right before ``words[index]`` on the same line that can name a
    street (``grote`` in ``grote markt``), or None."""
    if index is None or index == 0:
        return None
    word, _start, end = words[index - 1]
    gap = text.text[end:words[index][1]]
    if gap.strip(" \t") or "\n" in gap or len(word) < 3 or not word.isalpha() or \
            word in _NOT_A_STREET or word in PARTICLES:
        return None
    return index - 1


def find_streets(text: Folded) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    words = tokens(text)
    starts = {start: index for index, (_, start, _) in enumerate(words)}
    for match in _SUFFIX_STREET.finditer(text.text):
        word = match[1]
        suffix = next(s for s in STREET_SUFFIXES if word.endswith(s))
        index = starts.get(match.start(1))
        if word in _NOT_A_STREET:
            continue
        if len(word) - len(suffix) < 2:
            # A street word on its own ("grote markt 12", "NIEUWE GRACHT 3a") is a street after
            # a word that names it, in any case; after an article it is not ("De Dijk 3").
            named = _naming_word(text, words, index)
            if named is None:
                continue
            spans.append(text.span(words[named][1], match.end()))
            continue
        first = _widen(text, words, index) if index is not None else None
        begin = words[first][1] if first is not None else match.start()
        spans.append(text.span(begin, match.end()))
    for index, (word, start, end) in enumerate(words):
        if len(word) < 3 or not word.isalpha() or word in _NOT_A_STREET or \
                not _capitalised(text, start, end):
            continue
        number = _NUMBER_AFTER_WORD.match(text.text, end)
        if number is None:
            continue
        first = _widen(text, words, index)
        if first == index and _sentence_start(text, start):
            continue  # "Morgen 3 gesprekken": a capital that starts a sentence
        spans.append(text.span(words[first][1], number.end()))
    return spans


def find_emails(text: Folded) -> list[tuple[int, int]]:
    if "@" not in text.text and "at" not in text.text:
        return []
    return [text.span(m.start(), m.end()) for m in _EMAIL.finditer(text.text)]
