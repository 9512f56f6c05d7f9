"""Campaign letters across writers, delivered over real SMTP: clustered as they arrive, shown in
``inbox letters``; quoting and shared quotations are not campaigns."""
from __future__ import annotations

from sqlalchemy import select

from inbox.desk.reading import letter_to_dict, list_letters
from inbox.models import Campaign, Letter, LshKey
from inbox.pipeline import campaign_signature, campaigns
from tests.conftest import make_letter
from tests.pipeline.test_house_rules import wait_processed

TEMPLATE = [
    "The proposed closure of the Riverside maternity unit would force expectant mothers to travel "
    "more than forty miles in labour, on roads that are regularly closed by flooding each winter.",
    "The consultation was announced in August, when families were away, and closes before most "
    "people in the valley have even heard of it. That is not how a public service should treat the "
    "people who pay for it and depend on it.",
    "I urge the health board to withdraw the plan, publish the safety review it commissioned last "
    "year, and meet the midwives who have run the unit without a single serious incident for a decade.",
]
QUOTE = ("\u201cThe only thing necessary for the triumph of evil is for good men to do nothing,\u201d "
         "as Burke is supposed to have said, though nobody has ever found it in his writings.")


def campaign_letter(n: int, *, greeting="Sir,", order=(0, 1, 2), extra: str = "") -> str:
    paragraphs = [TEMPLATE[i] for i in order] + ([extra] if extra else [])
    return greeting + "\n\n" + "\n\n".join(paragraphs) + f"\n\nWriter Number{n}\nRiverside"


def _letters(db) -> dict[str, dict]:
    with db.factory() as s:
        return {d["author_email"]: d for d in map(letter_to_dict, list_letters(s, kind="all"))}


def test_near_identical_letters_from_different_writers_form_one_campaign(send, db, settings):
    send(make_letter(sender="A One <a1@example.org>", body=campaign_letter(1)))
    send(make_letter(sender="B Two <b2@example.org>", body=campaign_letter(2, greeting="Dear Editor,")))
    send(make_letter(sender="C Three <c3@example.org>", body=campaign_letter(3, order=(1, 0, 2),
                     extra="My own daughter was born there.")))
    send(make_letter(sender="Dee Other <d4@example.org>",
                     body="Sir, the bypass has been promised for twenty years and the traffic in the "
                          "high street is now worse than it has ever been; lorries mount the pavement "
                          "outside the primary school twice an hour. The council should stop "
                          "commissioning studies and build the road it has already designed, costed "
                          "and consulted on three times.\n\nDee Other\nRiverside"))
    wait_processed(db, settings)
    letters = _letters(db)
    ids = {letters[e]["campaign"]["id"] for e in ("a1@example.org", "b2@example.org", "c3@example.org")}
    assert len(ids) == 1
    assert letters["a1@example.org"]["campaign"] == {"id": ids.pop(), "size": 3}
    assert letters["d4@example.org"]["campaign"] is None
    assert "campaign" in letters["c3@example.org"]["flags"]
    assert "campaign" not in letters["d4@example.org"]["flags"]
    with db.factory() as s:   # the index is in the database: every letter long enough has its keys
        assert s.scalar(select(LshKey.letter_id).distinct().limit(1)) is not None
        assert len(set(s.scalars(select(LshKey.letter_id)))) == 4


def test_the_same_writer_twice_is_not_a_campaign(send, db, settings):
    send(make_letter(body=campaign_letter(1)))
    send(make_letter(body=campaign_letter(1, greeting="Madam,")))
    wait_processed(db, settings)
    assert all(l["campaign"] is None for l in _letters(db).values())


def test_quoting_another_letter_or_a_famous_quotation_is_not_a_campaign(send, db, settings):
    original = campaign_letter(1)
    reply = ("Sir, your correspondent wrote: " + " ".join(TEMPLATE[:2]) + "\n\n"
             "I could not disagree more. The unit has been losing midwives for years because the "
             "board starved it of money, and families in the valley already choose the city hospital "
             "because its neonatal ward is open through the night. Keeping a unit open that nobody "
             "trusts is not a public service; building a proper one on the new site is. The flooding "
             "argument works both ways: the new site is on the hill, the old one in the floodplain.\n\n"
             "Bea Reply\nRiverside")
    own1 = ("Sir, " + QUOTE + " The council's silence on the refugee hostel is exactly that: good "
            "people doing nothing while a handful of agitators frighten families out of the town. I "
            "expect better from the councillors who asked for our votes in May.\n\nCee Quote\nRiverside")
    own2 = ("Madam, " + QUOTE + " I thought of it when reading about the river pollution figures, which "
            "the water company has published in a format nobody can read. The regulator must make the "
            "data plain and fine the company for every spill, or nothing will change.\n\nDee Quote\nLeeds")
    send(make_letter(sender="A One <a1@example.org>", body=original))
    send(make_letter(sender="Bea Reply <b@example.org>", body=reply))
    send(make_letter(sender="Cee Quote <c@example.org>", body=own1))
    send(make_letter(sender="Dee Quote <d@example.org>", body=own2))
    wait_processed(db, settings)
    assert [l["campaign"] for l in _letters(db).values()] == [None] * 4


def test_campaigns_merge_when_a_letter_bridges_two(session, db, settings):
    """Direct use of the check, across sessions: the LSH index is read back from the database."""
    from inbox.db import transaction
    from tests.web.conftest import store_letter
    a = store_letter(db, text=campaign_letter(1), author_email="a@example.org")
    with transaction(db.factory) as s:
        campaigns.check(s, [s.get(Letter, a)])
    b = store_letter(db, text=campaign_letter(2, greeting="Dear Sir,"), author_email="b@example.org")
    with transaction(db.factory) as s:     # a new session: a restart would see the same
        found = campaigns.check(s, [s.get(Letter, b)])
    with db.factory() as s:
        [campaign] = s.scalars(select(Campaign))
        assert campaign.size == 2 and set(found) == {a, b}
        assert {s.get(Letter, a).campaign_id, s.get(Letter, b).campaign_id} == {campaign.id}


def test_letters_of_one_batch_cluster_with_each_other(db, settings):
    from inbox.db import transaction
    from tests.web.conftest import store_letter
    ids = [store_letter(db, text=campaign_letter(n, greeting=g), author_email=f"w{n}@example.org")
           for n, g in ((1, "Sir,"), (2, "Madam,"), (3, "Dear Editor,"))]
    other = store_letter(db, text=" ".join(["unrelated"] + TEMPLATE[2].split()[::-1] * 2), author_email="x@example.org")
    with transaction(db.factory) as s:
        found = campaigns.check(s, [s.get(Letter, i) for i in ids + [other]])
    with db.factory() as s:
        [campaign] = s.scalars(select(Campaign))
        assert campaign.size == 3 and set(found) == set(ids)
        assert s.get(Letter, other).campaign_id is None


def test_the_numpy_signature_is_datasketchs_minhash():
    """Computed in numpy for speed, the signature must stay datasketch's ``affine32`` MinHash of
    the text's word 3-grams: each 3-gram hashed as a reference written word by word in plain
    Python, fed to datasketch's own ``update_batch``."""
    from datasketch import MinHash

    text = campaign_letter(1) + " " + QUOTE
    tokens = campaign_signature.words(text)

    def shingle_hash(shingle: bytes) -> int:
        return _reference_shingle_hash(*shingle.decode().split(" "))

    mh = MinHash(num_perm=campaign_signature.NUM_PERM, seed=campaign_signature.SEED, hashfunc=shingle_hash,
                 scheme="affine32")
    mh.update_batch([" ".join(tokens[i:i + 3]).encode() for i in range(len(tokens) - 2)])
    hashes = campaign_signature.word_hashes(text)
    assert (campaign_signature.signature(campaign_signature.shingle_hashes(hashes)) == mh.hashvalues).all()
    assert campaigns.prepare(text).keys == campaign_signature.band_keys(mh.hashvalues)
    assert len(campaigns.prepare(text).keys) == campaign_signature.BANDS
    assert campaigns.prepare("Sir, I agree.") is None


MASK = (1 << 64) - 1


def _fmix64(h: int) -> int:
    h ^= h >> 33
    h = h * 0xFF51AFD7ED558CCD & MASK
    h ^= h >> 33
    h = h * 0xC4CEB9FE1A85EC53 & MASK
    return h ^ (h >> 33)


def _reference_word_hash(word: str) -> int:
    """Each word's hash, the slow way: a polynomial over its UTF-8 bytes, then mixed."""
    return _fmix64(sum(byte * pow(0x100000001B3, i, 1 << 64) for i, byte in enumerate(word.encode())) & MASK)


def _reference_shingle_hash(a: str, b: str, c: str) -> int:
    mixed = (_reference_word_hash(a) * 0x9E3779B97F4A7C15 + _reference_word_hash(b) * 0xC2B2AE3D27D4EB4F
             + _reference_word_hash(c)) & MASK
    return _fmix64(mixed) >> 32


def test_the_signatures_words_are_the_fuzzy_scores_words():
    """The vectorised word split must find the words ``\\w+`` finds, also beyond ASCII: accents,
    ligatures, curly quotes and dashes (separators), underscores and digits (word characters)."""
    text = ("Caf\u00e9 na\u00efve \u2014 \u201cquotes\u201d don\u2019t x_y 12,5 \ufb01ne stra\u00dfe "
            "\u0130stanbul \u4e2d\u6587, \u00bd   tabs\tand\nlines. \u00c9T\u00c9 \U0001F600 end")
    tokens = campaign_signature.words(text)
    assert tokens[:3] == ["caf\u00e9", "na\u00efve", "quotes"] and "x_y" in tokens and "\u00e9t\u00e9" in tokens
    assert campaign_signature.word_hashes(text).tolist() == [_reference_word_hash(w) for w in tokens]
    assert campaign_signature.word_hashes("  ,, ").tolist() == []


def test_a_batchs_keys_are_each_letters_own():
    """The worker makes a batch's signatures together: each letter's keys must be the ones it
    gets alone (no 3-gram across two letters, no word hashed by its place in the batch)."""
    texts = [campaign_letter(1), "Sir, I agree.", None, campaign_letter(2, greeting="Madam,"),
             "\u00c9t\u00e9 caf\u00e9 " * 30, QUOTE * 3, "", campaign_letter(3, order=(2, 1, 0))]
    together = campaign_signature.letters_keys(texts)
    assert together == [campaign_signature.letters_keys([t])[0] for t in texts]
    assert [k is None for k in together] == [False, True, True, False, False, False, True, False]
    assert together[0] == GOLDEN_KEYS
    tail = " ".join(campaign_signature.words(texts[3])[-2:])      # its last two words, then the next text
    assert campaign_signature.letters_keys([texts[3], tail + " " + texts[4]])[0] == together[3]
    many = [campaign_letter(n, extra=QUOTE * (n % 9)) for n in range(500)]       # several chunks
    assert sum(map(len, many)) > 2 * campaign_signature.CHUNK_BYTES
    assert campaign_signature.letters_keys(many) == [campaign_signature.letters_keys([t])[0] for t in many]


def test_the_stored_keys_of_a_text_do_not_change():
    """Every letter's keys are in the database: a new version computing other keys for the same
    text (a numpy or datasketch upgrade, a changed constant) would silently stop old letters from
    matching new ones. Such a change needs a migration that rebuilds ``lsh_keys`` (as 0016 did)."""
    assert campaigns.prepare(campaign_letter(1)).keys == GOLDEN_KEYS


GOLDEN_KEYS = [
    -7435356228295673900, -6355829463386200964, -5546878993111630097, -3817645571996845520,
    -3103793824583247702, -627830506487800227, -5958605893506116, 6173318343437636,
    1514239012269751831, 1829131996888123626, 2080914160770270999, 2647634373861986349,
    3079418718257517466, 7144077388162070744, 8641859880466972925, 9132719943901777556,
]
