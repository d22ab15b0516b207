"""Passphrase strength: the ``zxcvbn`` estimator with Dutch words, place names and feedback.

``zxcvbn`` estimates how many guesses an attacker needs (dictionaries, names, keyboard patterns,
dates, l33t substitutions). It knows English; the Dutch a guesser would try first is given to it
as "user inputs": the Dutch municipalities and well-known places (``resources/plaatsnamen.txt``),
common Dutch passwords and the words of this field, and what the caller knows of the user (the
profile name). So a place name plus a digit ("Enkhuizen2026") is weak. A passphrase is
acceptable with zxcvbn's score 3 or 4 and at least ``MIN_LENGTH`` characters. zxcvbn's feedback
is English; each of its sentences is mapped to Dutch below (an unknown one falls back to a
general Dutch hint). One function, ``assess``, serves the GUI meter and the CLI alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from expertteam.domain.errors import ValidationError
from expertteam.i18n import N_, _

MIN_LENGTH = 12
PHRASE_MIN_WORDS = 4
MAX_LENGTH = 72  # zxcvbn's own limit; a longer passphrase is checked on its first 72 characters
ACCEPTABLE_SCORE = 3

# Passwords that top every leaked-password list in Dutch, plus the obvious words of this field.
DUTCH_WORDS = (
    "wachtwoord", "welkom", "welkom01", "geheim", "beheerder", "expertteam", "jeugdzorg",
    "jeugdbescherming", "jeugdreclassering", "voorzitter", "coordinator", "coördinator",
    "gemeente", "wachtwoord123", "welkomwelkom", "zomer", "winter", "lente", "herfst", "voetbal",
    "ajax", "feyenoord", "psv", "nederland", "holland", "veranderen", "azerty", "geheimpje",
    "liefde", "schatje", "prinses", "konijn", "hond", "poes", "kat", "maandag", "dinsdag",
    "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag", "januari", "februari", "maart",
    "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december",
    "overleg", "casus", "kinderen", "kind", "veilig", "thuis", "oranje", "koning", "koningin",
    "jeugdautoriteit", "ozj", "gecertificeerde", "instelling", "voogdij", "ondertoezichtstelling",
)

LEVELS = (N_("te zwak"), N_("matig"), N_("goed"), N_("sterk"))

# zxcvbn's feedback sentences (zxcvbn/feedback.py) in Dutch.
FEEDBACK_NL = {
    "Use a few words, avoid common phrases.":
        N_("Gebruik een paar woorden; vermijd bekende uitdrukkingen."),
    "No need for symbols, digits, or uppercase letters.":
        N_("Leestekens, cijfers of hoofdletters zijn niet nodig."),
    "Add another word or two. Uncommon words are better.":
        N_("Voeg nog een of twee woorden toe; ongewone woorden zijn beter."),
    "Straight rows of keys are easy to guess.":
        N_("Rijen toetsen naast elkaar zijn makkelijk te raden."),
    "Short keyboard patterns are easy to guess.":
        N_("Korte toetsenbordpatronen zijn makkelijk te raden."),
    "Use a longer keyboard pattern with more turns.":
        N_("Gebruik een langer toetsenbordpatroon met meer bochten."),
    'Repeats like "aaa" are easy to guess.':
        N_("Herhalingen zoals ‘aaa’ zijn makkelijk te raden."),
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".':
        N_("Herhalingen zoals ‘abcabcabc’ zijn nauwelijks moeilijker te raden dan ‘abc’."),
    "Avoid repeated words and characters.":
        N_("Vermijd herhaalde woorden en tekens."),
    'Sequences like "abc" or "6543" are easy to guess.':
        N_("Reeksen zoals ‘abc’ of ‘6543’ zijn makkelijk te raden."),
    "Avoid sequences.": N_("Vermijd reeksen."),
    "Recent years are easy to guess.": N_("Recente jaartallen zijn makkelijk te raden."),
    "Avoid recent years.": N_("Vermijd recente jaartallen."),
    "Avoid years that are associated with you.":
        N_("Vermijd jaartallen die met u te maken hebben."),
    "Dates are often easy to guess.": N_("Datums zijn vaak makkelijk te raden."),
    "Avoid dates and years that are associated with you.":
        N_("Vermijd datums en jaartallen die met u te maken hebben."),
    "This is a top-10 common password.":
        N_("Dit is een van de tien meest gebruikte wachtwoorden."),
    "This is a top-100 common password.":
        N_("Dit is een van de honderd meest gebruikte wachtwoorden."),
    "This is a very common password.": N_("Dit is een veelgebruikt wachtwoord."),
    "This is similar to a commonly used password.":
        N_("Dit lijkt op een veelgebruikt wachtwoord (of op een plaatsnaam of een bekend "
           "woord)."),
    "A word by itself is easy to guess.": N_("Eén woord alleen is makkelijk te raden."),
    "Names and surnames by themselves are easy to guess.":
        N_("Namen alleen zijn makkelijk te raden."),
    "Common names and surnames are easy to guess.":
        N_("Veelvoorkomende namen zijn makkelijk te raden."),
    "Capitalization doesn't help very much.":
        N_("Een hoofdletter aan het begin helpt weinig."),
    "All-uppercase is almost as easy to guess as all-lowercase.":
        N_("Alles in hoofdletters is bijna even makkelijk te raden als alles in kleine "
           "letters."),
    "Reversed words aren't much harder to guess.":
        N_("Woorden achterstevoren zijn nauwelijks moeilijker te raden."),
    "Predictable substitutions like '@' instead of 'a' don't help very much.":
        N_("Voorspelbare vervangingen zoals ‘@’ voor ‘a’ helpen weinig."),
}
GENERAL_HINT = N_("Kies een langere zin van vier of meer gewone woorden die niet bij elkaar "
                  "horen.")


@dataclass(frozen=True, slots=True)
class Strength:
    """Result of the check: ``score`` 0 (refused) to 3, and what to improve (Dutch)."""

    score: int
    acceptable: bool
    problems: tuple[str, ...]

    @property
    def label(self) -> str:
        return _(LEVELS[self.score])


@cache
def _place_names() -> tuple[str, ...]:
    from expertteam.paths import resource

    try:
        lines = resource("plaatsnamen.txt").read_text(encoding="utf-8").splitlines()
    except OSError:
        return ()
    names: list[str] = []
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        lowered = line.lower()
        names.append(lowered)
        squeezed = re.sub(r"[\s'\-]+", "", lowered)
        if squeezed != lowered:
            names.append(squeezed)
    return tuple(names)


def dutch_inputs(extra: Iterable[str] = ()) -> list[str]:
    """The words zxcvbn gets as user inputs: ``extra`` (the user's own name parts) first, then
    the Dutch words and the place names."""
    own: list[str] = []
    for text in extra:
        if isinstance(text, str) and text.strip():
            lowered = text.strip().lower()
            own += [lowered, re.sub(r"[\s'\-]+", "", lowered)]
            own += [part for part in re.split(r"[\s\-]+", lowered) if len(part) > 2]
    return [*own, *DUTCH_WORDS, *_place_names()]


_SEPARATORS = re.compile(r"[\s\-_.,;:/]+")


def _dutch(sentence: str) -> str:
    return _(FEEDBACK_NL.get(sentence, GENERAL_HINT))


def assess(passphrase: str, user_inputs: Iterable[str] = ()) -> Strength:
    """Judge ``passphrase`` (see the module); ``user_inputs`` are words tied to the user (the
    profile name). Never raises."""
    from zxcvbn import zxcvbn

    text = passphrase if isinstance(passphrase, str) else ""
    if not text.strip():
        return Strength(0, False, (_("Vul een wachtwoord in."),))
    inputs = dutch_inputs(user_inputs)
    result = zxcvbn(text[:MAX_LENGTH], user_inputs=inputs)
    # zxcvbn guesses " 2026" after a word by brute force and counts every capital; a person
    # guesses "<place> <year>" in any case first. The text without its separators (and that in
    # lower case) is judged too, and the weakest verdict counts.
    squeezed = _SEPARATORS.sub("", text)[:MAX_LENGTH]
    for variant in dict.fromkeys([squeezed, squeezed.lower()]):
        if variant and variant != text[:MAX_LENGTH]:
            other = zxcvbn(variant, user_inputs=inputs)
            if int(other["score"]) < int(result["score"]):
                result = other
    score = int(result["score"])
    feedback = result.get("feedback") or {}
    problems: list[str] = []
    if len(text) < MIN_LENGTH:
        problems.append(_("Gebruik minstens {n} tekens, of een zin van minstens {w} woorden.")
                        .format(n=MIN_LENGTH, w=PHRASE_MIN_WORDS))
    if score < ACCEPTABLE_SCORE:
        if any(match.get("pattern") == "dictionary" and
               match.get("dictionary_name") == "user_inputs" and len(match.get("token", "")) > 3
               for match in result.get("sequence") or []):
            problems.append(_("Het bevat een veelgebruikt woord, een naam of een plaatsnaam: "
                              "die worden als eerste geraden."))
        warning = feedback.get("warning") or ""
        if warning:
            problems.append(_dutch(warning))
        problems += [_dutch(s) for s in feedback.get("suggestions") or []]
        if not problems or (len(text) >= MIN_LENGTH and not warning):
            problems.insert(0, _("Dit wachtwoord is te makkelijk te raden."))
    if problems:
        return Strength(0, False, tuple(dict.fromkeys(problems)))
    return Strength(2 if score == ACCEPTABLE_SCORE else 3, True, ())


def require_acceptable(passphrase: str, field: str = "passphrase",
                       user_inputs: Iterable[str] = ()) -> None:
    """Raise ``ValidationError`` on ``field`` with the first problem when too weak."""
    strength = assess(passphrase, user_inputs)
    if not strength.acceptable:
        raise ValidationError(field, strength.problems[0])
