"""The one check on every way out of the app: what identifies a child leaves only when chosen.

Every output asks a ``Guard`` (built here from the register, inside the caller's transaction):

* pseudonymised documents (minutes, action lists, agreement sheets), the monitor report and
  workbook, the audit-log CSV and CLI output pass their free text through ``Guard.text``: a
  child's name becomes its initials, anything else the detector finds a placeholder
  (``[naam]``, ``[BSN]``, ``[datum]``, ``[adres]``, ``[e-mail]``, ``[telefoon]``);
* letters (to the Jeugdautoriteit, to an expertisenetwerk or the OZJ) ask ``Guard.refusal``
  and refuse to save or finalise a part that holds anything the detector finds;
* spreadsheet cells pass ``spreadsheet_text`` / ``Guard.cell`` so that text starting with
  ``=``, ``+``, ``-``, ``@``, a tab or a carriage return stays text (OWASP CSV injection).

Dates are scrubbed or refused only when they are a child's birth date, in any notation (see
``domain/identifying/dates.py``); other dates in free text are ordinary minutes.
"""

from __future__ import annotations

import dataclasses
import threading
import weakref
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from expertteam.domain.identifying import ChildIdentity, Detector, Finding
from expertteam.services.letterhead import read_letterhead
from expertteam.services.store import Store
from expertteam.storage.models.cases import Case, CaseHiddenName
from expertteam.storage.models.organisations import Contact, Organisation
from expertteam.storage.models.system import UserProfile

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_DetectorInputs = tuple[tuple[ChildIdentity, ...], tuple[str, ...], tuple[str, ...]]


def identities(session: Session, case_ids: Iterable[int] | None = None
               ) -> list[ChildIdentity]:
    """The children (not purged) of these cases, or of every case, with their hidden names."""
    query = select(Case.id, Case.given_names, Case.surname, Case.birth_date, Case.bsn).where(
        Case.purged_on.is_(None))
    hidden_query = select(CaseHiddenName.case_id, CaseHiddenName.name)
    if case_ids is not None:
        wanted = list(dict.fromkeys(case_ids))
        if not wanted:
            return []
        query = query.where(Case.id.in_(wanted))
        hidden_query = hidden_query.where(CaseHiddenName.case_id.in_(wanted))
    hidden: dict[int, list[str]] = defaultdict(list)
    for case_id, name in session.execute(hidden_query):
        hidden[case_id].append(name)
    return [ChildIdentity(given, surname, birth, bsn, tuple(hidden.get(case_id, ())))
            for case_id, given, surname, birth, bsn in session.execute(query)]


def allowed_texts(session: Session) -> tuple[list[str], list[str]]:
    """What is not about a child: the names of organisations, contacts, users, the region and
    the signatory; and the region's and the contacts' own contact data (letterhead address,
    e-mail addresses, telephone numbers)."""
    names = list(session.scalars(select(Organisation.name)))
    own: list[str] = []
    for name, email, phone in session.execute(select(Contact.name, Contact.email,
                                                     Contact.phone)):
        names.append(name)
        own += [email, phone]
    names += session.scalars(select(UserProfile.name))
    letterhead = read_letterhead(session)
    names += [letterhead.region_name, letterhead.signatory_name]
    own.append(letterhead.address)
    return ([n for n in names if n and n.strip()], [t for t in own if t and t.strip()])


def _detector(session: Session, case_ids: Iterable[int] | None) -> Detector:
    if "privacy.allowed" not in session.info:
        session.info["privacy.allowed"] = allowed_texts(session)
    names, own = session.info["privacy.allowed"]
    children = identities(session, case_ids)
    if case_ids is not None:
        return Detector(children, names, own=own)
    return _register_detector(session, children, names, own)


_memo_lock = threading.Lock()
_memo: weakref.WeakKeyDictionary[Engine, tuple[_DetectorInputs, Detector]] = \
    weakref.WeakKeyDictionary()


def _register_detector(session: Session, children: list[ChildIdentity], names: list[str],
                       own: list[str]) -> Detector:
    """The detector over every child of the register (a letter save asks for it each time):
    made once per open database, and again only when what it is made from changed. Its inputs
    are read on every call (a few milliseconds) and compared with those it was made from, so
    a child added, renamed or purged, a hidden name or an allowed name is never missed, however
    it was changed; folding every name again is what took the time (0.65 s at 5k children)."""
    inputs: _DetectorInputs = (tuple(children), tuple(names), tuple(own))
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    with _memo_lock:
        known = _memo.get(engine)
    if known is not None and known[0] == inputs:
        return known[1]
    made = Detector(children, names, own=own)
    with _memo_lock:
        _memo[engine] = (inputs, made)  # the previous one (and its names) is dropped
    return made


def spreadsheet_text(value: str) -> str:
    """A CSV field that a spreadsheet will not run as a formula (prefixed with ``'``)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


@dataclass(frozen=True)
class Guard:
    """The detector for one output. ``active=False`` (a document the user chose to print
    with names) leaves text as it is."""

    detector: Detector
    active: bool = True
    # A document repeats its texts (an action in its case's part and in the list of actions).
    _redacted: dict[str, str] = dataclasses.field(default_factory=dict, compare=False,
                                                  repr=False)

    def text(self, text: str) -> str:
        """Free text as it may leave the app: identifying items replaced."""
        if not self.active or not text:
            return text
        found = self._redacted.get(text)
        if found is None:
            found = self._redacted[text] = self.detector.redact(text)
        return found

    def findings(self, text: str) -> list[Finding]:
        return self.detector.find(text) if text else []

    def refusal(self, parts: Sequence[tuple[str, str, str]]
                ) -> tuple[str, str, list[Finding]] | None:
        """The first part ``(field, label, text)`` that holds an identifying item, with what
        was found, or None."""
        for field, label, text in parts:
            findings = self.findings(text)
            if findings:
                return field, label, findings
        return None


def guard(session: Session, case_ids: Iterable[int] | None = None, *,
          active: bool = True) -> Guard:
    """The guard for an output about these cases (every case when None); kept for the rest of
    the transaction, so an output asks for it as often as it likes."""
    if not active:
        return Guard(Detector([]), active=False)
    key = ("privacy.guard", None if case_ids is None else frozenset(case_ids))
    cached = session.info.get(key)
    if isinstance(cached, Guard):
        return cached
    made = Guard(_detector(session, case_ids))
    session.info[key] = made
    return made


def store_guard(store: Store, case_ids: Iterable[int] | None = None, *,
                active: bool = True) -> Guard:
    """``guard`` in a transaction of its own (for output that is not built in one: the CLI)."""
    with store.transaction() as session:
        return guard(session, case_ids, active=active)


def detector_for_cases(store: Store, case_ids: Iterable[int]) -> Detector:
    """The detector an editor uses to underline identifying items while the user types (these
    cases' children and hidden names, and every generic item)."""
    with store.transaction() as session:
        return _detector(session, list(case_ids))


def detector_for_letters(store: Store) -> Detector:
    """The detector behind the letter checks (every child in the register)."""
    with store.transaction() as session:
        return _detector(session, None)
