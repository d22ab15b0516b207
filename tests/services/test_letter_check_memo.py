"""The letter check's detector over the whole register is made once per open database and made
again whenever what it is made from changes: a save after a new child, a renamed child, a new
hidden name or a new allowed name sees the change at once."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from expertteam.domain import identifying
from expertteam.services import cases, letters, privacy
from expertteam.services.letter_texts import IdentifyingDataError
from expertteam.services.store import Store
from tests.escalation_helpers import case_ids, letter_world
from tests.privacy_helpers import Child, create_child


class Built:
    def __init__(self) -> None:
        self.count = 0


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> Built:
    """Counts the detectors made (the costly step)."""
    counter = Built()
    real = identifying.Detector.__init__

    def counted(self: identifying.Detector, *args: object, **kwargs: object) -> None:
        counter.count += 1
        real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(identifying.Detector, "__init__", counted)
    return counter


@pytest.fixture
def letter(demo_store: Store) -> int:
    _case_escalation, continuity = letter_world(demo_store)
    return letters.open_letter(demo_store, continuity).id


def _save(store: Store, letter_id: int, text: str) -> None:
    letters.save_texts(store, letter_id, {"problem": text})


def test_saves_share_one_detector(demo_store: Store, letter: int, built: Built) -> None:
    _save(demo_store, letter, "Een wachtlijst bij de aanbieder.")
    first = built.count
    assert first >= 1
    for n in range(3):
        _save(demo_store, letter, f"Een wachtlijst bij de aanbieder, week {n}.")
    assert built.count == first
    detector = privacy.detector_for_letters(demo_store)
    assert privacy.detector_for_letters(demo_store) is detector


def test_a_new_child_is_refused_in_the_next_save(demo_store: Store, letter: int,
                                                 built: Built) -> None:
    _save(demo_store, letter, "Een wachtlijst.")
    create_child(demo_store, Child("Wubbo", "Zijlstra", date(2013, 4, 5), "123456782",
                                   ("Jildou",)))
    with pytest.raises(IdentifyingDataError):
        _save(demo_store, letter, "Het gaat om Wubbo Zijlstra.")
    with pytest.raises(IdentifyingDataError):
        _save(demo_store, letter, "Zijn zus Jildou wacht ook.")


def test_a_renamed_child_and_a_new_hidden_name_are_refused(demo_store: Store,
                                                           letter: int) -> None:
    _save(demo_store, letter, "Een wachtlijst.")
    detail = cases.get_case(demo_store, case_ids(demo_store)["ET-2026-0001"])
    cases.update_case(demo_store, detail.id, replace(
        detail.to_input(), given_names="Tjitske", hidden_names=[*detail.hidden_names,
                                                                "Oom Hessel"]))
    with pytest.raises(IdentifyingDataError):
        _save(demo_store, letter, f"Het gaat om Tjitske {detail.surname}.")
    with pytest.raises(IdentifyingDataError):
        _save(demo_store, letter, "Oom Hessel belde.")


def test_another_origin_on_the_same_database_shares_it(demo_store: Store, letter: int) -> None:
    detector = privacy.detector_for_letters(demo_store)
    other = privacy.detector_for_letters(demo_store.with_origin("cli"))
    assert other is detector  # the same open database, another origin
