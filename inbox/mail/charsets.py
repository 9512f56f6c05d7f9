"""Bytes to text: declared charsets, the labels Python does not know, and mislabelled bodies.

The order of trust, cheapest first (``charset_normalizer`` costs milliseconds, so it only runs when
everything cheaper has failed):

1. pure ASCII in an ASCII-compatible charset decodes as ASCII;
2. a single-byte charset (windows-1252, latin-1, koi8-r, ...) whose bytes are valid UTF-8 is UTF-8:
   real windows-1252 text practically never forms valid multi-byte UTF-8 sequences, while UTF-8
   labelled windows-1252 is a common client bug (thunderbird__wronglyDeclaredUTF8);
3. the declared charset, strictly;
4. UTF-8, then the declared charset if only a stray byte or two is wrong, then western text
   (windows-1252 when the result reads like a Latin-script language), then
   ``charset_normalizer``, then UTF-8 with replacement characters.
"""
from __future__ import annotations

import codecs
import re
from functools import lru_cache

# Labels seen in the wild that Python does not know, or knows as a narrower charset than the
# mail clients that send them mean (Microsoft's supersets of the national standards).
_ALIASES = {
    "x-mac-cyrillic": "mac_cyrillic", "x-mac-ukrainian": "mac_cyrillic",
    "x-mac-roman": "mac_roman", "x-mac-ce": "mac_latin2", "x-mac-greek": "mac_greek",
    "x-mac-turkish": "mac_turkish", "x-mac-icelandic": "mac_iceland",
    "ks_c_5601-1987": "cp949", "ks_c_5601-1989": "cp949", "ks_c_5601": "cp949",
    "euc-kr": "cp949", "x-windows-949": "cp949", "uhc": "cp949", "korean": "cp949",
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
    "euc-cn": "gb18030", "gb_2312-80": "gb18030", "chinese": "gb18030",
    "big5": "cp950", "x-x-big5": "cp950",
    "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932",
    "ms_kanji": "cp932", "windows-31j": "cp932", "x-ms-cp932": "cp932",
    "x-euc-jp": "euc_jp", "iso-2022-jp": "iso2022_jp_2",
    "iso-8859-8-i": "iso8859_8", "iso-8859-8-e": "iso8859_8",
    "iso-8859-6-i": "iso8859_6", "iso-8859-6-e": "iso8859_6",
    "windows-874": "cp874", "x-windows-874": "cp874",
    # Mail clients mean windows-1252 when they say latin-1 (its C1 range holds the curly quotes).
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
    "ucs-2": "utf-16", "unicode": "utf-16", "utf8": "utf-8",
}
# Labels that mean "we do not know": treated like a missing charset.
_UNKNOWN = {"x-unknown", "unknown", "unknown-8bit", "x-user-defined", "none", "default",
            "charset", "8bit", "7bit", "binary", "us", "x-unknown-8bit"}
# Text codecs that are not character sets and would turn mail into something else.
_REFUSED = {"unicode-escape", "raw-unicode-escape", "punycode", "idna", "undefined", "mbcs", "oem"}
# Charsets whose ASCII-range bytes do not mean ASCII characters.
_NOT_ASCII_COMPATIBLE = ("utf-16", "utf-32", "utf-7", "iso2022", "hz", "cp037", "cp273", "cp424",
                         "cp500", "cp875", "cp1026", "cp1140")
_LABEL = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.+-]{0,39}")
_DETECT_LIMIT = 64 * 1024   # charset_normalizer only needs a sample, and its cost grows with size
_OTHER_SYMBOLS = set("¤¦§¨©¬®¯±²³´µ¶¸¹¼½¾×÷¢¥¡¿ˆ˜†‡‰‹›™")


@lru_cache(maxsize=256)
def codec_for(label: str | None) -> str | None:
    """The Python codec for a MIME charset label, or None when unknown, missing or refused."""
    if not label:
        return None
    match = _LABEL.search(label.strip().strip("\"'"))
    if not match:
        return None
    name = match.group(0).lower().split("*", 1)[0]   # RFC 2231 language suffix: utf-8*en
    if name in _UNKNOWN:
        return None
    candidates = [_ALIASES.get(name, name)]
    if name.startswith("x-"):
        candidates.append(name[2:])
    if name.startswith(("windows-", "win-", "cp-")):
        candidates.append("cp" + name.split("-", 1)[1])
    for candidate in candidates:
        try:
            info = codecs.lookup(candidate)
        except LookupError:
            continue
        if not getattr(info, "_is_text_encoding", True) or info.name in _REFUSED:
            return None
        return info.name
    return None


@lru_cache(maxsize=64)
def _is_single_byte(codec: str) -> bool:
    if codec.startswith("utf"):
        return False
    return len(bytes(range(0x80, 0x100)).decode(codec, "replace")) == 128


def _ascii_compatible(codec: str | None) -> bool:
    return codec is None or not codec.startswith(_NOT_ASCII_COMPATIBLE)


def _utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _western(data: bytes) -> str | None:
    """windows-1252 when the text reads like a Latin-script language, else None.

    In Spanish, French or German only a minority of letters carry accents, and the non-ASCII
    characters are letters or common punctuation. Cyrillic or Greek in a single-byte charset, read
    as windows-1252, turns almost every letter into an accented one, which this refuses.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = accented = odd = 0
    for char in text[:_DETECT_LIMIT]:     # a sample is enough to judge, and keeps this linear
        if char.isalpha():
            letters += 1
            if ord(char) > 127:
                accented += 1
        elif char in _OTHER_SYMBOLS:
            odd += 1
    if letters and accented <= 0.25 * letters and odd <= max(1, accented // 10):
        return text
    return None


def _detected(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes   # imported lazily: rarely needed, slow to load
        best = from_bytes(data[:_DETECT_LIMIT]).best()
    except Exception:   # a detector bug must not cost us the letter
        return None
    if best is None or not best.encoding:
        return None
    return data.decode(best.encoding, "replace")


_ISO2022_ESCAPE = re.compile(rb"\x1b(\$[@B]|\$\(D|\([BJI])")


def _iso2022jp_as_cp932(data: bytes) -> str | None:
    """ISO-2022-JP as Microsoft writes it (CP50220): NEC and IBM extensions like "№" or "①",
    which Python's iso2022 codecs refuse. Each JIS X 0208 pair maps arithmetically to Shift_JIS,
    and cp932 knows the extensions."""
    out = bytearray()
    mode = b"(B"
    position = 0
    for match in _ISO2022_ESCAPE.finditer(data):
        out += _jis_chunk(data[position:match.start()], mode)
        mode, position = match.group(1), match.end()
    out += _jis_chunk(data[position:], mode)
    try:
        return bytes(out).decode("cp932")
    except UnicodeDecodeError:
        return None


def _jis_chunk(chunk: bytes, mode: bytes) -> bytes:
    if mode in (b"(B", b"(J"):
        return chunk
    if mode == b"(I":                                  # half-width katakana
        return bytes(byte + 0x80 if 0x21 <= byte <= 0x5F else byte for byte in chunk)
    out = bytearray()
    for index in range(0, len(chunk) - 1, 2):
        first, second = chunk[index], chunk[index + 1]
        lead = ((first - 0x21) >> 1) + 0x81
        lead += 0x40 if lead > 0x9F else 0
        if first & 1:
            trail = second + 0x1F + (1 if second >= 0x60 else 0)
        else:
            trail = second + 0x7E
        out += bytes((lead & 0xFF, trail & 0xFF))
    return bytes(out)


_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
# Older editions of a charset table, still used by some senders: Mac OS before 9 had ¢ ∂ ¤ where
# Python's mac-cyrillic (and later Mac OS) has Ґ ґ €.
_OLD_TABLES = {"mac-cyrillic": str.maketrans("¢∂¤", "Ґґ€")}


def _unmangle(text: str, codec: str) -> str:
    """Undo UTF-8 that was read as ``codec`` and written back as UTF-8 (php-mmp__issue230), one
    run of non-ASCII characters at a time. Genuine text does not survive the round trip (its
    bytes in ``codec`` are not valid UTF-8), so it is left as it is."""
    def repair(match: re.Match) -> str:
        run = match.group(0)
        try:
            return run.translate(_OLD_TABLES.get(codec, {})).encode(codec).decode("utf-8")
        except (UnicodeError, LookupError):
            return run
    return _NON_ASCII_RUN.sub(repair, text)


def decode_bytes(data: bytes, declared: str | None) -> tuple[str, str | None]:
    """Decode ``data`` labelled with ``declared``; returns the text and a defect, or None."""
    if not data:
        return "", None
    codec = codec_for(declared)
    defect = f"unknown charset {declared!r}" if declared and codec is None else None
    if data.isascii() and _ascii_compatible(codec):
        return data.decode("ascii"), defect
    if codec is not None and codec != "ascii" and not data.isascii() and _is_single_byte(codec):
        as_utf8 = _utf8(data)
        if as_utf8 is not None:
            return _unmangle(as_utf8, codec), f"declared {declared!r} but the text is UTF-8"
    if codec is not None:
        try:
            return data.decode(codec), defect
        except UnicodeDecodeError:
            if codec == "cp1252":   # five bytes are undefined in windows-1252, none in latin-1
                return data.decode("latin-1"), defect
            if codec.startswith("iso2022_jp"):
                text = _iso2022jp_as_cp932(data)
                if text is not None:
                    return text, defect
            defect = f"text is not valid {declared!r}"
    elif declared is None:
        defect = "8-bit text without a charset"
    text = _utf8(data)
    if text is None and codec is not None and codec != "utf-8":
        # A legacy charset (GB2312, Shift_JIS...) with a stray bad byte or two beats any guess;
        # bad bytes in UTF-8 are usually windows-1252 pasted in, which the guesses below handle.
        loose = data.decode(codec, "replace")
        text = loose if loose.count("\ufffd") <= len(loose) // 200 else None
    text = text or _western(data) or _detected(data)
    return (text if text is not None else data.decode(codec or "utf-8", "replace")), defect


def decode_header_bytes(data: bytes, hints: tuple[str, ...] = ()) -> str:
    """Raw 8-bit bytes found in a header (RFC 6532 UTF-8, or a client that ignored RFC 2047).

    Header values are too short for statistical detection, so the message's own charsets (the
    body's, the encoded words') are tried before guessing.
    """
    if data.isascii():
        return data.decode("ascii")
    text = _utf8(data)
    if text is not None:
        return text
    loose = data.decode("utf-8", "replace")
    broken = loose.count("\ufffd")
    if broken * 10 <= sum(1 for char in loose if ord(char) > 127 and char != "\ufffd"):
        return loose   # valid UTF-8 with a stray byte or two (flanker__mailformed-headers)
    for hint in hints:
        codec = codec_for(hint)
        if codec is None or codec == "ascii":
            continue
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    # Statistical detection needs some bytes to go on; a short value is better shown with "?".
    return _western(data) or (_detected(data) if len(data) >= 16 else None) or loose
