"""``shared-contact`` and writers recognised by name plus contact, on letters delivered over real
SMTP and processed by the real pipeline; the letter view's explanation and links over HTTP."""
from __future__ import annotations

import hashlib
import re

from sqlalchemy import select

from inbox.db import transaction
from inbox.models import ContactKey, Letter, LetterFlag, Message, Writer, WriterEmail, utcnow
from inbox.pipeline.batch import BATCH, process_pending
from inbox.pipeline.contact_keys import address_key, contact_keys, name_key, phone_key
from inbox.readers import privacy
from tests.conftest import make_letter
from tests.pipeline.test_house_rules import wait_processed
from tests.web.conftest import app, client, editor_client, users  # noqa: F401  (the web fixtures)

POINT = "Sir, the Strait matters to everyone."


def _signed(name: str, *contact: str) -> str:
    return f"{POINT}\n\n{name}\n" + "\n".join(contact)


def _deliver(send, db, settings, *letters: tuple[str, str, str]) -> dict[str, Letter]:
    """(subject, sender, body) each, delivered and processed; the letters by subject."""
    for subject, sender, body in letters:
        assert send(make_letter(subject=subject, sender=sender, body=body)) == {}
    wait_processed(db, settings)
    with db.factory() as s:
        return {l.subject: l for l in s.scalars(select(Letter))}


def _flags(db) -> dict[int, LetterFlag]:
    with db.factory() as s:
        return {f.letter_id: f for f in s.scalars(select(LetterFlag).where(LetterFlag.code == "shared-contact"))}


def test_phones_addresses_and_names_are_normalised():
    assert phone_key("01722 123456", "GB") == phone_key("+44 (0)1722 123-456", "GB") == "+441722123456"
    assert phone_key("0044 1722 123456", "GB") == "+441722123456"
    assert phone_key("(617) 555-0100", "US") == phone_key("+1 617 555 0100", "GB") == "+16175550100"
    assert phone_key("12", "GB") is None
    assert (address_key("12 The Close, Salisbury, Wiltshire SP1 2EF") == address_key("12 the close salisbury sp12ef")
            == address_key("12 The Cl., Salisbury SP1 2EF") == "12 the close|sp12ef")
    assert address_key("Flat 3, 14 High St, Oxford OX1 4AB") == address_key("flat 3 14 High Street OX14AB")
    assert address_key("14 High Street, Oxford OX1 4AB") != address_key("16 High Street, Oxford OX1 4AB")
    assert address_key("Salisbury SP1 2EF") is None           # a town and postcode are not a house
    assert name_key("Mr. Joe  BLOGGS") == name_key("joe bloggs")
    assert contact_keys({"phone": "01722 123456", "address": None}, "GB") == {"phone": "phone:+441722123456"}


def test_one_phone_behind_different_names_flags_every_letter_with_links(send, db, settings, editor_client):
    letters = _deliver(send, db, settings,
                       ("One", "Ann Baker <ann@example.org>", _signed("Ann Baker", "Salisbury", "Tel: 01722 123456")),
                       ("Two", "Joe Bloggs <joe@example.net>", _signed("Joe Bloggs", "Salisbury", "+44 1722 123456")))
    flags = _flags(db)
    assert flags[letters["One"].id].detail == "Same phone as 1 other letter signed Joe Bloggs"
    assert flags[letters["Two"].id].detail == "Same phone as 1 other letter signed Ann Baker"
    # A third name later: the earlier letters' explanations are recomputed, not left stale.
    letters = _deliver(send, db, settings, ("Three", "Mary Major <mm@example.com>",
                                            _signed("Mary Major", "Salisbury", "Phone 01722 123 456")))
    flags = _flags(db)
    assert flags[letters["One"].id].detail == "Same phone as 2 other letters signed Joe Bloggs, Mary Major"
    assert flags[letters["Three"].id].detail == "Same phone as 2 other letters signed Ann Baker, Joe Bloggs"
    page = editor_client.get(f"/letters/{letters['Three'].id}").get_data(as_text=True)
    item = re.search(r'<li data-flag="shared-contact">(.*?)</li>', page, re.S).group(1)
    assert "Same phone as 2 other letters signed Ann Baker, Joe Bloggs" in item
    linked = set(re.findall(r'href="/letters/(\d+)"', item))
    assert linked == {str(letters["One"].id), str(letters["Two"].id)}


def test_the_same_address_written_differently_is_shared(send, db, settings):
    letters = _deliver(send, db, settings,
                       ("One", "Ann Baker <ann@example.org>",
                        _signed("Ann Baker", "12 The Close", "Salisbury SP1 2EF")),
                       ("Two", "Joe Bloggs <joe@example.net>",
                        _signed("Joe Bloggs", "12 the Close, Salisbury, Wiltshire SP1 2EF")),
                       ("Three", "Mary Major <mm@example.com>",
                        _signed("Mary Major", "14 The Close", "Salisbury SP1 2EF")))
    flags = _flags(db)
    assert flags[letters["Two"].id].detail == "Same address as 1 other letter signed Ann Baker"
    assert letters["Three"].id not in flags       # the house next door


def test_the_same_writer_with_the_same_phone_is_no_flag(send, db, settings):
    letters = _deliver(send, db, settings,
                       ("One", "Ann Baker <ann@example.org>", _signed("Ann Baker", "Salisbury", "Tel: 01722 123456")),
                       ("Two", "Ann Baker <ann@example.org>", _signed("Ann Baker", "Salisbury", "Tel: 01722 123456")),
                       ("Three", "A. Baker <ann@example.org>", _signed("A. Baker", "Salisbury", "Tel: 01722 123456")))
    assert _flags(db) == {}
    assert len({l.writer_id for l in letters.values()}) == 1


def test_a_new_address_with_the_same_name_and_phone_joins_the_writer(send, db, settings):
    first = _deliver(send, db, settings, ("One", "Ann Baker <ann@example.org>",
                                          _signed("Ann Baker", "Salisbury", "Tel: 01722 123456")))["One"]
    letters = _deliver(send, db, settings,
                       ("Two", "Ann Baker <ann.baker@work.example>",
                        _signed("Mrs Ann Baker", "Salisbury", "01722 123456")),
                       ("Other", "Joe Bloggs <joe@work.example>", _signed("Joe Bloggs", "Salisbury", "01722 999999")))
    assert letters["Two"].writer_id == first.writer_id != letters["Other"].writer_id
    # The new address is now hers: a later letter from it without the contact block is too.
    later = _deliver(send, db, settings, ("Three", "Ann Baker <ann.baker@work.example>", POINT + "\n\nAnn Baker"))
    assert later["Three"].writer_id == first.writer_id
    with db.factory() as s:
        assert s.scalars(select(WriterEmail.email)).all() == ["ann.baker@work.example"]
    assert _flags(db) == {}                       # one writer, not two names behind one phone


def _one_batch(db, settings, *letters: tuple[str, str, str]) -> dict[str, Letter]:
    """(subject, sender, body) each, stored as received mail, then processed in one batch (no
    listener: its worker could take some of them first)."""
    with transaction(db.factory) as s:
        for subject, sender, body in letters:
            raw = make_letter(subject=subject, sender=sender, body=body)
            s.add(Message(fingerprint=hashlib.sha256(raw).hexdigest(), raw=raw, size=len(raw),
                          mail_from=sender.split("<")[1].rstrip(">"), rcpt_tos=["letters@reaction.life"],
                          received_at=utcnow()))
    assert process_pending(db.factory, settings, limit=BATCH) == len(letters)      # one batch
    with db.factory() as s:
        return {l.subject: l for l in s.scalars(select(Letter))}


def test_two_new_addresses_with_one_name_and_phone_in_one_batch_are_one_writer(db, settings):
    letters = _one_batch(db, settings,
                         ("One", "Ann Baker <ann@example.org>", _signed("Ann Baker", "Salisbury", "Tel: 01722 123456")),
                         ("Two", "Ann Baker <ann.baker@work.example>", _signed("Mrs Ann Baker", "Salisbury", "01722 123456")),
                         ("Three", "Ann Baker <ann.baker@work.example>", POINT + "\n\nAnn Baker"),
                         ("Other", "Joe Bloggs <joe@work.example>", _signed("Joe Bloggs", "Salisbury", "01722 123456")),
                         ("Namesake", "Ann Baker <ab@else.example>", _signed("Ann Baker", "Leeds", "0113 496 0000")))
    assert letters["One"].writer_id == letters["Two"].writer_id == letters["Three"].writer_id
    assert len({letters[k].writer_id for k in ("One", "Other", "Namesake")}) == 3
    with db.factory() as s:
        assert s.scalars(select(Writer.email).order_by(Writer.email)).all() == [
            "ab@else.example", "ann@example.org", "joe@work.example"]
        assert s.execute(select(WriterEmail.email, WriterEmail.writer_id)).all() == [
            ("ann.baker@work.example", letters["One"].writer_id)]
    # Her two addresses are one writer; the other name behind her phone is still flagged.
    assert _flags(db)[letters["Other"].id].detail == "Same phone as 2 other letters signed Ann Baker, Mrs Ann Baker"
    # And the next batch knows the new address as hers.
    later = _one_batch(db, settings, ("Four", "Ann Baker <ann.baker@work.example>", POINT + "\n\nAnn Baker"))
    assert later["Four"].writer_id == letters["One"].writer_id


def test_in_one_batch_a_known_writers_letter_places_a_new_address_after_it(db, settings):
    first = _one_batch(db, settings, ("One", "Ann Baker <ann@example.org>", POINT + "\n\nAnn Baker"))["One"]
    letters = _one_batch(db, settings,
                         ("Two", "Ann Baker <ann@example.org>", _signed("Ann Baker", "Salisbury", "01722 123456")),
                         ("Three", "Ann Baker <ann.b@work.example>", _signed("Ann Baker", "Salisbury", "01722 123456")),
                         ("Four", "Ann Baker <ann.b@work.example>", POINT + "\n\nAnn Baker"))
    assert letters["Two"].writer_id == letters["Three"].writer_id == letters["Four"].writer_id == first.writer_id
    # A new address placed by an earlier batch's letter, then again without the contact block.
    more = _one_batch(db, settings,
                      ("Five", "Ann Baker <baker@home.example>", _signed("Ann Baker", "Salisbury", "01722 123456")),
                      ("Six", "Ann Baker <baker@home.example>", POINT + "\n\nAnn Baker"))
    assert more["Five"].writer_id == more["Six"].writer_id == first.writer_id


def test_an_address_match_needs_the_same_name_too(send, db, settings):
    first = _deliver(send, db, settings, ("One", "Ann Baker <ann@example.org>",
                                          _signed("Ann Baker", "12 The Close", "Salisbury SP1 2EF")))["One"]
    second = _deliver(send, db, settings, ("Two", "Tom Baker <tom@example.org>",
                                           _signed("Tom Baker", "12 The Close", "Salisbury SP1 2EF")))["Two"]
    assert second.writer_id != first.writer_id
    assert _flags(db)[second.id].detail == "Same address as 1 other letter signed Ann Baker"


def test_erasing_a_writer_removes_their_contact_and_the_flags_naming_them(send, db, settings):
    letters = _deliver(send, db, settings,
                       ("One", "Ann Baker <ann@example.org>", _signed("Ann Baker", "Salisbury", "Tel: 01722 123456")),
                       ("Two", "Joe Bloggs <joe@example.net>", _signed("Joe Bloggs", "Salisbury", "01722 123456")))
    with transaction(db.factory) as s:
        privacy.erase_writer(s, settings, "ann@example.org", actor="cli")
    assert _flags(db) == {}
    with db.factory() as s:
        assert s.scalars(select(ContactKey.letter_id)).all() == [letters["Two"].id]


def test_letters_stored_before_the_index_are_indexed_and_flagged_by_the_backfill(db, settings):
    from tests.web.conftest import store_letter
    from inbox.pipeline.backfill import Backfill
    ids = [store_letter(db, author_name=name, author_email=email) for name, email in
           (("Ann Baker", "ann@example.org"), ("Joe Bloggs", "joe@example.org"), ("Sue Park", "sue@example.org"))]
    with transaction(db.factory) as s:                  # as the parser stored them before 0013
        for letter_id, phone in zip(ids, ("01722 123456", "+44 1722 123456", "not a number")):
            s.get(Letter, letter_id).author_contact = {"address": None, "phone": phone}
    backfill = Backfill(db.factory, settings)
    while backfill():
        pass
    assert backfill.finished
    flags = _flags(db)
    assert set(flags) == {ids[0], ids[1]}
    assert "Joe Bloggs" in flags[ids[0]].detail and "Ann Baker" in flags[ids[1]].detail
    with db.factory() as s:
        assert s.scalars(select(ContactKey.letter_id).order_by(ContactKey.letter_id)).all() == ids[:2]
