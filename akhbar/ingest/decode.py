"""Turn the bytes of an input file into text, or say exactly why not.

Rules, in order:

1. A byte-order mark decides: UTF-32 LE/BE, UTF-8, UTF-16 LE/BE.  The BOM is stripped.
2. An explicit ``encoding`` (``--encoding`` on the CLI) overrides detection; errors still name
   the byte position.
3. NUL bytes without a BOM: UTF-16 without a BOM when the NULs sit on one byte parity and the
   result is text; otherwise the input is binary and rejected, unless the NULs are a few strays
   (one, or at most one per 1000 bytes) in text that the next rules read: those are kept, and the
   readers reject only the articles (rows) whose text holds one.
4. Valid UTF-8 wins.
5. Otherwise a charset the input declares (``declared``: an HTTP ``Content-Type`` charset; else
   an HTML ``<meta charset>`` / ``http-equiv`` or an XML ``encoding=`` in the first bytes), unless
   the bytes are UTF-8 with a few bad bytes (a declared cp1256 would turn them into mojibake).
   HTML pages are mostly ASCII markup, so rule 6's letter count cannot see their Urdu.
6. Otherwise Windows-1256 (the old Urdu/Arabic Windows code page) when the result looks like
   Arabic-script text: most letters Arabic-script, and not the ط ظ ع غ storm that UTF-8 bytes read
   as cp1256 produce.
7. Otherwise the input is rejected with the UTF-8 error: file, byte offset, line, offending byte;
   unless the caller reads rows (``stray_bytes=True``: CSV, JSON Lines) and the bad bytes are a few
   strays (at most one per 1000 bytes, a truncated last character too, or all on at most one line
   in 20: a row pasted from a Windows-1256 file) in UTF-8 text: those are kept as lone
   surrogates (U+DC80-U+DCFF, Python's ``surrogateescape``), and the readers reject only the
   rows that hold one.

Text that decodes but is junk is rejected too: a high share of control characters ("binary"), or
UTF-8 Urdu that was once decoded as cp1252/Latin-1 and saved again ("Ø§Ù„" mojibake).

The text is returned as decoded: line endings and everything else are left as they are
(the original text is never lost); only the BOM goes.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import NamedTuple

import regex

__all__ = [
    "STRAY_BYTE",
    "DecodeError",
    "Decoded",
    "declared_charset",
    "decode",
    "decode_bytes",
    "read_text",
]

_BOMS: tuple[tuple[bytes, str], ...] = (  # longest first: the UTF-32 LE BOM starts like UTF-16 LE
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# C0 controls other than tab, newline, vertical tab, form feed, carriage return; DEL; C1 controls.
# Plain character classes use the stdlib ``re`` (same matches, several times faster); the
# Unicode-property classes below need ``regex``.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_LETTER = regex.compile(r"\p{L}")
_ARABIC_LETTER = regex.compile(r"(?V1)[\p{Arabic}&&\p{L}]")
# UTF-8 lead bytes D8-DB read as cp1256 are ط ظ ع غ: real Urdu/Arabic has few of them.
_CP1256_MISREAD_LEAD = regex.compile(r"[طظعغ]")
# UTF-8 Arabic-block bytes (D8-DB then 80-BF) read as cp1252/Latin-1: Ø Ù Ú Û then a byte of
# 80-BF shown as its cp1252 or Latin-1 character.
_MOJIBAKE = re.compile(
    "[ØÙÚÛ][\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)

#: The first characters of a :data:`_MOJIBAKE` pair.
_MOJIBAKE_LEADS = "ØÙÚÛ"
#: A byte that is not UTF-8, kept by ``surrogateescape`` (rule 7).
STRAY_BYTE = re.compile("[\udc80-\udcff]")
_CONTROL_SHARE = 0.05  # more than this share of control characters: binary, not text
_ARABIC_SHARE = 0.6  # cp1256 is accepted only if this share of the letters is Arabic-script
_MISREAD_SHARE = 0.25  # … and fewer than this share of those letters are ط ظ ع غ
_MOJIBAKE_SHARE = 0.2  # share of non-space characters in Ø§-like pairs that marks mojibake
_NUL_PARITY = 0.9  # share of NULs on one byte parity for BOM-less UTF-16
_STRAY_NUL_BYTES = 1000  # at most one NUL per this many bytes is stray junk, not binary
_STRAY_LINES = 20  # or bad bytes on at most one line in this many: those lines' rows are lost
_HINT = "pass --encoding to override"


class DecodeError(ValueError):
    """Input bytes that are not text we can read.

    ``name`` is the file (or ``<stdin>``), ``position`` the byte offset of the problem (``None``
    when the problem is the whole input), ``line`` its 1-based line when known, ``reason`` what is
    wrong.  ``str(error)`` is one line for a person:
    ``notes.txt: not valid UTF-8 at byte 1234 (line 17): invalid start byte 0xe9; pass --encoding
    to override``.
    """

    def __init__(
        self,
        name: str,
        position: int | None,
        reason: str,
        *,
        line: int | None = None,
        hint: str = _HINT,
    ) -> None:
        self.name = name
        self.position = position
        self.line = line
        self.reason = reason
        self.hint = hint
        super().__init__(f"{name}: {reason}" + (f"; {hint}" if hint else ""))


class Decoded(NamedTuple):
    """Decoded text and the encoding it was read with (a Python codec name, e.g. ``utf-8``)."""

    text: str
    encoding: str


def _line_of(data: bytes, position: int, encoding: str) -> int:
    """1-based line number of byte ``position`` (decoding the prefix leniently)."""
    return data[:position].decode(encoding, errors="replace").count("\n") + 1


def _where(data: bytes, position: int, encoding: str) -> str:
    return f"at byte {position} (line {_line_of(data, position, encoding)})"


def _strict(data: bytes, encoding: str, name: str, *, skip: int = 0, label: str = "") -> str:
    """Decode ``data[skip:]``; on error raise DecodeError with the absolute byte position."""
    try:
        return data[skip:].decode(encoding)
    except UnicodeDecodeError as err:
        position = skip + err.start
        bad = data[position : position + 1].hex()
        what = label or codecs.lookup(encoding).name
        raise DecodeError(
            name,
            position,
            f"not valid {what} {_where(data, position, encoding)}: {err.reason}"
            + (f" 0x{bad}" if bad and "end of data" not in err.reason else ""),
            line=_line_of(data, position, encoding),
        ) from None


def _check_text(text: str, data: bytes, name: str, encoding: str, skip: int) -> None:
    """Reject decoded text that is binary junk or mojibake."""
    if not text:
        return
    controls = _CONTROL.findall(text)
    if len(controls) > _CONTROL_SHARE * len(text):
        first = _CONTROL.search(text)
        assert first is not None
        position = skip + len(text[: first.start()].encode(encoding, "surrogateescape"))
        raise DecodeError(
            name,
            position,
            f"looks binary, not text: {len(controls)} control characters in {len(text)} "
            f"(first {_where(data, position, encoding)}: U+{ord(first.group()):04X})",
            line=_line_of(data, position, encoding),
        )
    # (each pair starts with one of four letters: a text without them, i.e. nearly every one,
    # is not scanned by the regex: four `in` tests are ~60x faster than the findall)
    pairs = _MOJIBAKE.findall(text) if any(c in text for c in _MOJIBAKE_LEADS) else []
    if len(pairs) >= 3 and 2 * len(pairs) > _MOJIBAKE_SHARE * (len(text) - text.count(" ")):
        first = _MOJIBAKE.search(text)
        assert first is not None
        position = skip + len(text[: first.start()].encode(encoding, "surrogateescape"))
        raise DecodeError(
            name,
            position,
            "looks like mojibake: UTF-8 text decoded as cp1252 (or Latin-1) and saved again, "
            f"e.g. {first.group()!r} {_where(data, position, encoding)}",
            line=_line_of(data, position, encoding),
            hint="re-export the source as UTF-8, or repair it with text.encode('cp1252')"
            ".decode('utf-8')",
        )


# Addresses and markup are Latin whatever the text's language: left out of the letter count, so
# that a table of Urdu titles with their (transliterated) links or an HTML page still counts as
# Urdu.
_NOT_PROSE = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)[^\s\"',<>]+|<[^<>]{0,2000}>")


def _looks_arabic_script(text: str) -> bool:
    text = _NOT_PROSE.sub(" ", text)
    letters = len(_LETTER.findall(text))
    arabic = _ARABIC_LETTER.findall(text)
    if not arabic or len(arabic) < _ARABIC_SHARE * letters:
        return False
    return len(_CP1256_MISREAD_LEAD.findall(text)) < _MISREAD_SHARE * len(arabic)


def _bomless_utf16(data: bytes) -> str | None:
    """Return the codec of BOM-less UTF-16 when the NULs sit on one byte parity, else None."""
    if len(data) % 2:
        return None
    nuls = data.count(0)
    odd = data[1::2].count(0)
    if odd >= _NUL_PARITY * nuls:
        return "utf-16-le"
    if nuls - odd >= _NUL_PARITY * nuls:
        return "utf-16-be"
    return None


# <meta charset="x">, <meta http-equiv="Content-Type" content="text/html; charset=x">, and
# <?xml version="1.0" encoding="x"?>, looked for in the first bytes only.
_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})"""
    rb"""|<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""",
    re.IGNORECASE,
)
_DECLARED_HEAD = 4096
_UTF8_SHARE = 0.9  # non-ASCII bytes that form valid UTF-8: more than this share is broken UTF-8


def declared_charset(data: bytes) -> str | None:
    """The codec an HTML/XML document declares in its first bytes, if Python knows it.

    >>> declared_charset(b'<html><head><meta charset="Windows-1256">')
    'cp1256'
    >>> declared_charset(b"<meta http-equiv=Content-Type content='text/html; charset=x-bogus'>")
    """
    m = _DECLARED_CHARSET.search(data[:_DECLARED_HEAD])
    if m is None:
        return None
    label = (m.group(1) or m.group(2)).decode("ascii")
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _mostly_utf8(data: bytes) -> bool:
    """True when nearly all non-ASCII bytes form valid UTF-8 sequences (UTF-8 with some damage).

    Legacy code-page text almost never forms valid UTF-8 sequences by chance.
    """
    high = sum(1 for b in data if b >= 0x80)
    if not high:
        return False
    text = data.decode("utf-8", errors="replace")
    good = sum(len(c.encode("utf-8")) for c in text if ord(c) >= 0x80 and c != "\ufffd")
    return good >= _UTF8_SHARE * high


def _try_declared(data: bytes, name: str, declared: str | None) -> Decoded | None:
    """Rule 5: the declared charset, when it reads the bytes and the text is not junk."""
    if declared is None:
        return None
    try:
        codec = codecs.lookup(declared).name
    except LookupError:
        return None
    if codec == "utf-8" or _mostly_utf8(data):
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    _check_text(text, data, name, codec, 0)
    return Decoded(text, codec)


def _with_stray_bytes(data: bytes) -> str | None:
    """UTF-8 ``data`` with its few bad bytes as lone surrogates (rule 7); None if they are more
    than one per :data:`_STRAY_NUL_BYTES` bytes and lie on more than one line in
    :data:`_STRAY_LINES` (a row pasted from a Windows-1256 or Latin-1 file among UTF-8 rows
    costs that row, not the file).

    >>> _with_stray_bytes("خبر".encode()[:-1]), _with_stray_bytes(b"\\xff" * 10)
    ('خب\\udcd8', None)
    >>> rows = ["خبر".encode()] * 30 + ["خبر".encode("cp1256")]
    >>> STRAY_BYTE.sub("?", _with_stray_bytes(b"\\n".join(rows)) or "")[-7:]
    'خبر\\n???'
    """
    text = data.decode("utf-8", errors="surrogateescape")
    strays = len(STRAY_BYTE.findall(text))
    if strays <= max(1, len(data) // _STRAY_NUL_BYTES):
        return text
    lines = text.splitlines()
    bad = sum(1 for line in lines if STRAY_BYTE.search(line))
    return text if bad <= len(lines) // _STRAY_LINES else None


def decode(
    data: bytes,
    *,
    name: str = "<stdin>",
    encoding: str | None = None,
    declared: str | None = None,
    stray_bytes: bool = False,
) -> Decoded:
    """Decode ``data`` by the rules of this module; return the text and the encoding used.

    ``encoding`` overrides detection; ``declared`` is a charset the transport states (an HTTP
    header), used only when the bytes are not UTF-8 (rule 5); ``stray_bytes``: keep a few bad
    bytes in UTF-8 text as lone surrogates (rule 7).

    >>> decode("سلام".encode("utf-16"))
    Decoded(text='سلام', encoding='utf-16-le')
    >>> decode("سلام".encode("cp1256"))
    Decoded(text='سلام', encoding='cp1256')
    """
    if encoding is not None:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            raise DecodeError(name, None, f"unknown encoding {encoding!r}", hint="") from None
        text = _strict(data, codec, name)
        return Decoded(text.removeprefix("\ufeff"), codec)

    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = _strict(data, codec, name, skip=len(bom), label=f"{codec.upper()} (BOM)")
            except DecodeError:
                stray = _with_stray_bytes(data[len(bom) :]) if codec == "utf-8" else None
                if not stray_bytes or stray is None:
                    raise
                text = stray
            _check_text(text, data, name, codec, len(bom))
            return Decoded(text, codec)

    if b"\x00" in data:
        codec16 = _bomless_utf16(data)
        if codec16 is not None:
            try:
                text = data.decode(codec16)
            except UnicodeDecodeError:
                pass
            else:
                if not _CONTROL.search(text):
                    return Decoded(text, codec16)
        if data.count(0) > max(1, len(data) // _STRAY_NUL_BYTES):
            position = data.index(b"\x00")
            raise DecodeError(
                name,
                position,
                f"looks binary, not text: NUL byte {_where(data, position, 'latin-1')}",
                line=_line_of(data, position, "latin-1"),
            )
        # A few stray NULs in a big text file (a broken scraper, an editor): the text is kept,
        # NULs included, so that a CSV or JSONL loses only the rows that hold them (readers
        # reject an article whose text has a NUL).

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        found = _try_declared(data, name, declared) or _try_declared(
            data, name, declared_charset(data)
        )
        if found is not None:
            return found
        text = data.decode("cp1256", errors="replace")
        if "\ufffd" not in text and _looks_arabic_script(text):
            _check_text(text, data, name, "cp1256", 0)
            return Decoded(text, "cp1256")
        stray = _with_stray_bytes(data) if stray_bytes else None
        if stray is not None:
            _check_text(stray, data, name, "utf-8", 0)
            return Decoded(stray, "utf-8")
        position = utf8_error.start
        bad = data[position : position + 1].hex()
        raise DecodeError(
            name,
            position,
            f"not valid UTF-8 {_where(data, position, 'utf-8')}: {utf8_error.reason}"
            + (f" 0x{bad}" if "end of data" not in utf8_error.reason else "")
            + " (and not Windows-1256 Urdu/Arabic either)",
            line=_line_of(data, position, "utf-8"),
        ) from None
    _check_text(text, data, name, "utf-8", 0)
    return Decoded(text, "utf-8")


def decode_bytes(
    data: bytes,
    *,
    name: str = "<stdin>",
    encoding: str | None = None,
    declared: str | None = None,
    stray_bytes: bool = False,
) -> str:
    """Decode input bytes to text (see the module rules); raise DecodeError if they are not text.

    >>> decode_bytes(b"\\xef\\xbb\\xbf" + "اردو".encode())
    'اردو'
    >>> try:
    ...     decode_bytes(b"caf\\xe9 ok", name="notes.txt")
    ... except DecodeError as err:
    ...     print(err.position, err.line)
    ...     print(err)
    3 1
    notes.txt: not valid UTF-8 at byte 3 (line 1): invalid continuation byte 0xe9 (and not
    Windows-1256 Urdu/Arabic either); pass --encoding to override
    """
    return decode(
        data, name=name, encoding=encoding, declared=declared, stray_bytes=stray_bytes
    ).text


def read_text(path: Path | str, *, encoding: str | None = None) -> str:
    """Read a file and decode it with :func:`decode_bytes`; errors name the file.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile(suffix=".txt", delete=False) as f:
    ...     _ = f.write("خبر".encode("utf-8-sig"))
    >>> read_text(f.name)
    'خبر'
    >>> os.unlink(f.name)
    """
    path = Path(path)
    return decode_bytes(path.read_bytes(), name=str(path), encoding=encoding)
