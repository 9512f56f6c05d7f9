"""``shared-contact``: one phone number or street address behind letters signed by different names.

Each new letter's normalised phone and address (:mod:`inbox.pipeline.contact_keys`) are stored in
``contact_keys`` (indexed by key). The letters sharing a key are then found by index lookups, a
fixed handful of statements a batch, never by reading every letter. A letter is flagged when a
letter signed with another name (and not by the same recognised writer: one person writing from
two addresses is not astroturf) gave the same phone or address; the letters it already shared
with are recomputed, since their count has grown. The explanation names the other signatures,
and the flag links to their letters.
"""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from inbox.enums import Flag
from inbox.models import ContactKey, Letter
from inbox.pipeline.contact_keys import ADDRESS, PHONE, name_key
from inbox.pipeline.flag_store import store_flags
from inbox.pipeline.rules import Finding

SHOWN_NAMES = 3          # names spelt out in the explanation ("and 4 more")
LINKS = 8                # letters linked from the flag
RECOMPUTE = 200          # earlier letters whose flag one batch recomputes, at most (most recent)

_GROUPS = (select(ContactKey.key, Letter.id, Letter.author_name, Letter.writer_id, Letter.received_at)
           .join(Letter, Letter.id == ContactKey.letter_id)
           .where(ContactKey.key.in_(bindparam("keys", expanding=True))))
_KEYS_OF = (select(ContactKey.key, ContactKey.letter_id)
            .where(ContactKey.letter_id.in_(bindparam("ids", expanding=True))))
_ADD = ContactKey.__table__.insert()


def index(session: Session, keys: dict[int, dict[str, str]]) -> None:
    """Store these letters' contact keys ({letter id: {"phone": key, "address": key}})."""
    rows = [{"key": k, "letter_id": i} for i, found in keys.items() for k in sorted(set(found.values()))]
    if rows:
        session.connection().execute(_ADD, rows)


def check(session: Session, keys: dict[int, dict[str, str]]) -> dict[int, Finding | None]:
    """The ``shared-contact`` finding of each of these (indexed) letters, and of the earlier
    letters sharing a key with them whose flag they change."""
    batch_keys = sorted({k for found in keys.values() for k in found.values()})
    if not batch_keys:
        return {}
    conn = session.connection()
    groups = _groups(conn.execute(_GROUPS, {"keys": batch_keys}))
    earlier = sorted({i for k in batch_keys for i in groups[k]} - keys.keys(), reverse=True)[:RECOMPUTE]
    mine = {i: set(found.values()) for i, found in keys.items()}
    if earlier:
        # The earlier letters' other keys (a phone shared now, an address shared before).
        for key, letter_id in conn.execute(_KEYS_OF, {"ids": earlier}):
            mine.setdefault(letter_id, set()).add(key)
        more = sorted({k for i in earlier for k in mine[i]} - groups.keys())
        if more:
            groups.update(_groups(conn.execute(_GROUPS, {"keys": more})))
    out: dict[int, Finding | None] = {i: finding(i, mine[i], groups) for i in keys}
    for letter_id in earlier:
        if (found := finding(letter_id, mine[letter_id], groups)) is not None:
            out[letter_id] = found
    return out


def forget(session: Session, letter_ids: list[int]) -> None:
    """An erasure: these letters' contact keys go, and the letters that shared them have their
    flag recomputed (their explanations named the erased signatures)."""
    if not letter_ids:
        return
    conn = session.connection()
    keys = sorted({k for k, _ in conn.execute(_KEYS_OF, {"ids": letter_ids})})
    session.execute(delete(ContactKey).where(ContactKey.letter_id.in_(letter_ids)))
    if not keys:
        return
    others = sorted({i for group in _groups(conn.execute(_GROUPS, {"keys": keys})).values() for i in group},
                    reverse=True)[:RECOMPUTE]
    if not others:
        return
    mine: dict[int, set[str]] = defaultdict(set)
    for key, letter_id in conn.execute(_KEYS_OF, {"ids": others}):
        mine[letter_id].add(key)
    groups = _groups(conn.execute(_GROUPS, {"keys": sorted({k for ks in mine.values() for k in ks})}))
    store_flags(session, {i: [finding(i, mine[i], groups)] for i in others}, codes={Flag.SHARED_CONTACT})


def _groups(rows) -> dict[str, dict[int, tuple]]:
    """{key: {letter id: (name key, name as signed, writer id, received at)}}."""
    groups: dict[str, dict[int, tuple]] = defaultdict(dict)
    for key, letter_id, name, writer_id, at in rows:
        groups[key][letter_id] = (name_key(name), name, writer_id, at)
    return groups


def finding(letter_id: int, keys: set[str], groups: dict[str, dict[int, tuple]]) -> Finding | None:
    me = next((g[letter_id] for k in keys if letter_id in (g := groups.get(k, {}))), None)
    if me is None or me[0] is None:
        return None           # no name to differ from
    parts, linked = [], {}
    for kind in (PHONE, ADDRESS):
        others = {i: row for k in keys if k.startswith(kind + ":") for i, row in groups.get(k, {}).items()
                  if i != letter_id and _different(me, row)}
        if not others:
            continue
        names = list(dict.fromkeys(row[1] for _, row in sorted(others.items(), key=lambda kv: kv[1][3])))
        shown = ", ".join(names[:SHOWN_NAMES]) + (f" and {len(names) - SHOWN_NAMES} more"
                                                  if len(names) > SHOWN_NAMES else "")
        n = len(others)
        parts.append(f"Same {kind} as {n} other letter{'s' if n > 1 else ''} signed {shown}")
        for i, row in sorted(others.items(), key=lambda kv: kv[1][3], reverse=True):
            linked.setdefault(i, row)
    if not parts:
        return None
    related = tuple({"id": i, "label": f"{row[1]}, {row[3].day} {row[3]:%b}"}
                    for i, row in list(linked.items())[:LINKS])
    return Finding(Flag.SHARED_CONTACT, "; ".join(parts), related=related)


def _different(me: tuple, other: tuple) -> bool:
    """Signed with another name, by someone not recognised as the same writer."""
    if other[0] is None or other[0] == me[0]:
        return False
    return me[2] is None or other[2] is None or me[2] != other[2]
