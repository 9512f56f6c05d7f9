"""Letters' texts as campaign detection compares them: the MinHash signature of each one's word
3-grams (datasketch's ``affine32`` scheme and permutations) and the locality-sensitive band keys
stored in ``lsh_keys``. Pure CPU work, no database: made in the build stage, outside the write
lock, for a whole batch of letters at once.

Done in numpy from the bytes up, with no Python loop over the words or the shingles, and for
the batch's texts together so numpy's cost per call is paid once a batch, not once a letter:
the words are the runs of ``\\w`` characters of the lower-cased text (the same words as
``re.findall(r"\\w+")``, tested), each hashed by a polynomial over its UTF-8 bytes, each 3-gram's
hash mixed from its three word hashes, the signature one matrix, the band keys hashed in one
pass. datasketch's permutations and scheme are used as they are; not its ``update_batch``,
which calls a hash function for each 3-gram in Python: that, with the 3-grams' strings, was
most of the cost. The scheme this replaced (a CRC-32 of each 3-gram's string, 125 permutations,
25 blake2b calls) cost about 0.18 ms a letter of 350 words measured alone and 0.27-0.44 ms in
the worker; this one about 0.03 ms alone (bench/RESULTS.md has the worker's figures).

Every stored key depends on the constants below: change one and the index must be rebuilt
(``lsh_keys`` of every letter, as migration 0016 did), or old letters stop matching new ones
(tests/pipeline/test_campaigns.py holds one text's keys to catch that).
"""
from __future__ import annotations

import re

import numpy as np
from datasketch import MinHash

# P(two letters become candidates) = 1 - (1 - J^4)^16 for Jaccard similarity J of their 3-grams:
# 0.99 at J=0.7, 0.89 at J=0.6, 0.025 at J=0.2. Against the 25 bands of 5 (125 permutations)
# used before, about the same recall on the benchmark's campaign pairs (J 0.42-0.95), more weak
# candidates (which the fuzzy confirmation turns away), half the permutations, 16 keys a letter.
BANDS, ROWS = 16, 4
NUM_PERM = BANDS * ROWS
MIN_WORDS = 40                   # shorter letters ("I agree with Mr Smith") say too little to compare
SEED = 16
_WORD = re.compile(r"\w+")

# One permutation family for every process: signatures are comparable only so.
_A, _B = (p.astype(np.uint32) for p in MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32").permutations)

_U64 = np.uint64
# Word hashes are polynomials over the word's UTF-8 bytes (base: FNV's 64-bit prime), computed for
# all words at once from one prefix sum over the text: a word at byte ``s`` is the difference of
# two prefix sums times the inverse of P^s, whatever its position. Texts are hashed up to
# MAX_BYTES (about 20,000 words): a letter that long is compared on its beginning.
MAX_BYTES = 1 << 17
CHUNK_BYTES = 1 << 18
_P = 0x100000001B3
_POWERS = np.cumprod(np.concatenate(([_U64(1)], np.full(MAX_BYTES - 1, _P, dtype=_U64))), dtype=_U64)
_INVERSES = np.cumprod(np.concatenate(([_U64(1)], np.full(MAX_BYTES - 1, pow(_P, -1, 1 << 64), dtype=_U64))),
                       dtype=_U64)
_SHINGLE_MIX = (_U64(0x9E3779B97F4A7C15), _U64(0xC2B2AE3D27D4EB4F))
_ROW_MIX = np.array([0x165667B19E3779F9, 0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53],
                    dtype=_U64)[:ROWS]
_BAND_SALT = np.arange(1, BANDS + 1, dtype=_U64) * _U64(0x27D4EB2F165667C5)   # bands never mix
# Byte -> 1 for a word character: ASCII letters, digits and "_", and every byte of a multi-byte
# character (the characters beyond ASCII that are not word characters are made spaces first).
_WORD_BYTES = bytes(1 if c >= 128 or chr(c).isalnum() or c == 95 else 0 for c in range(256))
_NON_ASCII_SEPARATOR = re.compile(r"[^\x00-\x7f\w]")


def words(text: str | None) -> list[str]:
    """The words as the fuzzy confirmation compares them (the signature hashes the same)."""
    return _WORD.findall((text or "").lower())


def _text_bytes(text: str | None) -> bytes:
    """The lower-cased text as UTF-8, every character beyond ASCII that is not a word character
    a space: then a word character is a word byte, whatever the script."""
    low = (text or "").lower()
    if not low.isascii():
        low = _NON_ASCII_SEPARATOR.sub(" ", low)
    return low.encode("utf-8", "surrogatepass")[:MAX_BYTES]


def _words_of(texts: list[str | None]) -> tuple[np.ndarray, np.ndarray]:
    """(one 64-bit hash per word, in order, of all the texts; the text each word is in)."""
    parts = [_text_bytes(t) for t in texts]
    data = b" ".join(parts)               # a space: no word runs from one text into the next
    lengths = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts)) + 1
    begins = np.cumsum(lengths) - lengths                  # where each text's bytes begin
    # Each byte's position in its own text: a word's hash must not depend on where it is.
    position = np.arange(len(data)) - np.repeat(begins, lengths)[:len(data)]
    # Word starts and ends alternate where the word-byte mask changes (padded with a 0 each side).
    mask = np.frombuffer(b"\0" + data.translate(_WORD_BYTES) + b"\0", dtype=np.int8)
    edges = np.flatnonzero(mask[1:] != mask[:-1])
    starts, ends = edges[::2], edges[1::2]
    prefix = np.empty(len(data) + 1, dtype=_U64)
    prefix[0] = 0
    np.cumsum(np.frombuffer(data, dtype=np.uint8) * _POWERS[position], out=prefix[1:])
    hashes = _fmix64((prefix[ends] - prefix[starts]) * _INVERSES[position[starts]])
    return hashes, np.searchsorted(begins, starts, side="right") - 1


def word_hashes(text: str | None) -> np.ndarray:
    """One 64-bit hash per word of ``words(text)``, in order."""
    return _words_of([text])[0]


def _shingle_hashes(hashes: np.ndarray) -> np.ndarray:
    """One 32-bit hash per run of 3 words (duplicates kept: a MinHash is a minimum)."""
    mixed = _fmix64(hashes[:-2] * _SHINGLE_MIX[0] + hashes[1:-1] * _SHINGLE_MIX[1] + hashes[2:])
    return (mixed >> _U64(32)).astype(np.uint32)


def shingle_hashes(hashes: np.ndarray) -> np.ndarray:
    """One 32-bit hash per word 3-gram of one text's word hashes."""
    return _shingle_hashes(hashes)


def _permuted(shingles: np.ndarray) -> np.ndarray:
    """datasketch's ``affine32`` permutations of each hash: one row per permutation, one column
    per hash. This way round the minimum per text (``reduceat`` along a row) runs over contiguous
    memory: six times faster for a batch than one row per hash."""
    permuted = np.multiply.outer(_A, _fmix32(shingles.copy()))
    permuted += _B[:, None]
    return permuted


def signature(shingles: np.ndarray) -> np.ndarray:
    """The MinHash values of one text's 3-gram hashes (the same values as datasketch's
    ``MinHash.update_batch`` with these hashes, tested)."""
    return _permuted(shingles).min(axis=1)


def _band_keys(hashvalues: np.ndarray) -> np.ndarray:
    """One signed 64-bit key per band of each signature (a row each): the band's number is
    mixed in, so bands never collide."""
    rows = hashvalues.reshape(-1, BANDS, ROWS).astype(_U64)
    return _fmix64((rows * _ROW_MIX).sum(axis=2, dtype=_U64) + _BAND_SALT).view(np.int64)


def band_keys(hashvalues: np.ndarray) -> list[int]:
    """The distinct band keys of one signature, sorted."""
    return sorted(set(_band_keys(hashvalues)[0].tolist()))


def letters_keys(texts: list[str | None]) -> list[list[int] | None]:
    """Each text's band keys (sorted, distinct), or None for a text too short to compare.
    Together in groups of about CHUNK_BYTES of text: a batch of long letters must not make
    arrays of hundreds of megabytes (the signature matrix is 256 bytes a 3-gram)."""
    out: list[list[int] | None] = []
    group: list[str | None] = []
    size = 0
    for text in texts:
        if group and size + len(text or "") > CHUNK_BYTES:
            out += _keys_together(group)
            group, size = [], 0
        group.append(text)
        size += len(text or "")
    return out + (_keys_together(group) if group else [])


def _keys_together(texts: list[str | None]) -> list[list[int] | None]:
    hashes, text_of = _words_of(texts)
    counts = np.bincount(text_of, minlength=len(texts))
    # A 3-gram is one text's when its first and last word are: none spans two texts.
    own = text_of[:-2] == text_of[2:]
    kept = own & (counts[text_of[:-2]] >= MIN_WORDS)
    shingles = _shingle_hashes(hashes)[kept]
    out: list[list[int] | None] = [None] * len(texts)
    if not len(shingles):
        return out
    owner = text_of[:-2][kept]
    group = np.flatnonzero(np.diff(owner, prepend=-1))          # each text's first 3-gram (sorted)
    keys = _band_keys(np.minimum.reduceat(_permuted(shingles), group, axis=1).T.copy()).tolist()
    for i, found in zip(owner[group].tolist(), keys):
        out[i] = sorted(set(found))
    return out


def letter_keys(text: str | None) -> list[int] | None:
    """The band keys of one letter's text, or None when it is too short to compare."""
    return letters_keys([text])[0]


_16, _13, _M3, _M4 = (np.uint32(v) for v in (16, 13, 0x85EBCA6B, 0xC2B2AE35))


def _fmix32(hv):
    """MurmurHash3's 32-bit finaliser, as datasketch pre-mixes each input hash; in place."""
    hv ^= hv >> _16
    hv *= _M3
    hv ^= hv >> _13
    hv *= _M4
    hv ^= hv >> _16
    return hv


_33, _M1, _M2 = _U64(33), _U64(0xFF51AFD7ED558CCD), _U64(0xC4CEB9FE1A85EC53)


def _fmix64(hv):
    """MurmurHash3's 64-bit finaliser (every input bit moves every output bit), in place."""
    hv ^= hv >> _33
    hv *= _M1
    hv ^= hv >> _33
    hv *= _M2
    hv ^= hv >> _33
    return hv
