"""Tests for akhbar.ingest.decode: every byte input here is built from real Urdu text."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from akhbar.ingest.decode import DecodeError, decode, decode_bytes, read_text

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data"
SEED = (ROOT / "akhbar" / "demo" / "news" / "seed.txt").read_text(encoding="utf-8")
# The seed has Persian digits, NBSP and '•'; cp1256 cannot encode all of that, so the cp1256
# cases use its body paragraphs (plain Urdu letters and punctuation).
BODY = "\n".join(SEED.splitlines()[3:8])
# Windows-1256 has no farsi yeh ی (U+06CC) nor the Urdu full stop ۔: Urdu saved in cp1256 uses the
# Arabic yeh ي and a period, as old Windows-1256 Urdu files do.
CP1256_BODY = BODY.translate(str.maketrans({"ی": "ي", "۔": "."}))


# ---------------------------------------------------------------------- encodings accepted --


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        # Plain UTF-8, the common case.
        pytest.param(SEED.encode("utf-8"), "utf-8", id="utf-8"),
        # UTF-8 with a BOM (Windows Notepad): BOM stripped.
        pytest.param(SEED.encode("utf-8-sig"), "utf-8", id="utf-8-bom"),
        # UTF-16 little endian with BOM (Python's "utf-16" on x86 writes LE + BOM).
        pytest.param(codecs.BOM_UTF16_LE + SEED.encode("utf-16-le"), "utf-16-le", id="utf-16-le"),
        # UTF-16 big endian with BOM.
        pytest.param(codecs.BOM_UTF16_BE + SEED.encode("utf-16-be"), "utf-16-be", id="utf-16-be"),
        # UTF-32 little endian with BOM (its BOM starts with the UTF-16 LE one).
        pytest.param(codecs.BOM_UTF32_LE + SEED.encode("utf-32-le"), "utf-32-le", id="utf-32-le"),
        # UTF-32 big endian with BOM.
        pytest.param(codecs.BOM_UTF32_BE + SEED.encode("utf-32-be"), "utf-32-be", id="utf-32-be"),
        # UTF-16 LE without a BOM: NULs on odd bytes (from spaces, newlines, digits).
        pytest.param(SEED.encode("utf-16-le"), "utf-16-le", id="utf-16-le-no-bom"),
    ],
)
def test_unicode_encodings_round_trip(data: bytes, encoding: str) -> None:
    assert decode(data, name="seed.txt") == (SEED, encoding)


def test_cp1256_urdu_is_detected() -> None:
    data = CP1256_BODY.encode("cp1256")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the case really needs detection
    assert decode(data) == (CP1256_BODY, "cp1256")


def test_cp1256_single_urdu_line_is_detected() -> None:
    line = "روس کے وزير خارجہ سرگئي لاوروف نے منگل کو ملاقات کي."
    assert decode_bytes(line.encode("cp1256")) == line


def test_utf8_wins_over_cp1256_when_valid() -> None:
    # Valid UTF-8 Urdu also decodes (to garbage) as cp1256; UTF-8 must win.
    assert decode(BODY.encode("utf-8")).encoding == "utf-8"


def test_line_endings_are_kept() -> None:
    text = "پہلی سطر\r\nدوسری سطر\r\n"
    assert decode_bytes(text.encode("utf-8")) == text


def test_empty_input_is_empty_text() -> None:
    assert decode(b"") == ("", "utf-8")


# ------------------------------------------------------------------------------- rejected --


def test_truncated_utf8_names_the_position() -> None:
    data = SEED.encode("utf-8")
    # Cut inside the last multi-byte character, finding its lead byte ourselves.
    end = len(data) - 1
    while data[end] & 0xC0 == 0x80:  # continuation byte: step back to the lead byte
        end -= 1
    cut = data[: end + 1]  # keep the lead byte only
    with pytest.raises(DecodeError) as info:
        decode_bytes(cut, name="seed.txt")
    err = info.value
    assert err.position == end
    assert err.name == "seed.txt"
    assert err.line == SEED.count("\n", 0, len(data[:end].decode("utf-8"))) + 1
    assert str(err).startswith(f"seed.txt: not valid UTF-8 at byte {end} (line {err.line}): ")
    assert "unexpected end of data" in str(err)
    assert str(err).endswith("pass --encoding to override")


def test_stray_latin1_byte_in_urdu_names_byte_and_line() -> None:
    lines = BODY.splitlines()
    prefix = ("\n".join(lines[:2]) + "\n").encode("utf-8")
    data = prefix + b"caf\xe9 " + "\n".join(lines[2:]).encode("utf-8")
    with pytest.raises(DecodeError) as info:
        decode_bytes(data, name="notes.txt")
    err = info.value
    assert err.position == len(prefix) + 3
    assert err.line == 3
    assert "0xe9" in err.reason


def test_binary_with_nul_bytes_is_rejected() -> None:
    rng = random.Random(7)
    data = SEED.encode("utf-8")[:40] + bytes(rng.randrange(256) for _ in range(400))
    with pytest.raises(DecodeError) as info:
        decode_bytes(data, name="photo.jpg")
    assert "binary" in info.value.reason or "not valid UTF-8" in info.value.reason


def test_nul_bytes_in_valid_utf8_are_binary() -> None:
    data = SEED.encode("utf-8")[:100] + b"\x00\x00\x01\x02" + SEED.encode("utf-8")[100:200]
    with pytest.raises(DecodeError) as info:
        decode_bytes(data)
    assert info.value.position == 100
    assert "NUL byte at byte 100" in info.value.reason


def test_control_characters_are_binary() -> None:
    data = "".join(chr(c) for c in range(1, 9)).encode() * 50 + BODY.encode("utf-8")[:200]
    with pytest.raises(DecodeError) as info:
        decode_bytes(data)
    assert "looks binary" in info.value.reason
    assert info.value.position == 0


def test_mojibake_is_rejected_with_reason() -> None:
    # UTF-8 Urdu read as cp1252 (undefined bytes as Latin-1) and saved again as UTF-8.
    garbled = "".join(
        bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in BODY.encode("utf-8")
    )
    assert "Ø" in garbled  # really the Ø§Ù„ kind of text
    with pytest.raises(DecodeError) as info:
        decode_bytes(garbled.encode("utf-8"), name="scraped.txt")
    assert "looks like mojibake: UTF-8 text decoded as cp1252" in str(info.value)
    assert info.value.position == 0


def test_a_few_latin_letters_with_accents_are_not_mojibake() -> None:
    text = "Ørsted, Ümit and Ú are names. " + BODY
    assert decode_bytes(text.encode("utf-8")) == text


def test_non_arabic_cp1252_is_rejected_not_misread_as_cp1256() -> None:
    data = "Le café est très bon à Genève.".encode("cp1252")
    with pytest.raises(DecodeError) as info:
        decode_bytes(data)
    assert "not valid UTF-8" in info.value.reason


def test_utf8_urdu_truncated_is_not_accepted_as_cp1256() -> None:
    # UTF-8 Urdu bytes read as cp1256 are mostly Arabic letters (ط ظ ع غ); must not pass.
    data = BODY.encode("utf-8")[:-1]
    with pytest.raises(DecodeError):
        decode_bytes(data)


def test_truncated_utf16_names_the_position() -> None:
    data = codecs.BOM_UTF16_LE + BODY.encode("utf-16-le")[:-1]
    with pytest.raises(DecodeError) as info:
        decode_bytes(data, name="x.txt")
    assert info.value.position == len(data) - 1
    assert "UTF-16-LE (BOM)" in info.value.reason


# ------------------------------------------------------------------------ explicit encoding --


def test_explicit_encoding_overrides_detection() -> None:
    data = CP1256_BODY.encode("cp1256")
    assert decode(data, encoding="windows-1256") == (CP1256_BODY, "cp1256")
    # Valid UTF-8 read as Latin-1 because the user said so: we obey.
    latin = decode_bytes(BODY.encode("utf-8"), encoding="latin-1")
    assert latin == BODY.encode("utf-8").decode("latin-1")


def test_explicit_utf8_strips_bom() -> None:
    assert decode_bytes(SEED.encode("utf-8-sig"), encoding="utf-8") == SEED


def test_explicit_encoding_errors_name_the_position() -> None:
    data = BODY.encode("utf-8")
    with pytest.raises(DecodeError) as info:
        decode_bytes(data, name="a.txt", encoding="ascii")
    assert info.value.position == 0
    assert str(info.value).startswith("a.txt: not valid ascii at byte 0 (line 1): ")


def test_unknown_encoding_is_a_decode_error() -> None:
    with pytest.raises(DecodeError, match="unknown encoding 'klingon'"):
        decode_bytes(b"abc", encoding="klingon")


def test_decode_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="not valid UTF-8"):
        decode_bytes(b"\xc3\x28 abc")


# ---------------------------------------------------------------------------- real files --


@pytest.mark.skipif(not DATA.is_dir(), reason="shared data not available")
def test_real_utf16_file_uner() -> None:
    path = DATA / "ner" / "uner" / "uner.txt"
    assert path.read_bytes()[:2] == codecs.BOM_UTF16_LE
    text = read_text(path)
    assert text == path.read_bytes()[2:].decode("utf-16-le")
    assert "<PERSON>" in text
    assert not text.startswith("\ufeff")


@pytest.mark.skipif(not DATA.is_dir(), reason="shared data not available")
def test_real_utf8_bom_file_ijcnlp() -> None:
    path = DATA / "ner" / "ijcnlp2008" / "ijnlp.txt"
    assert path.read_bytes()[:3] == codecs.BOM_UTF8
    text = read_text(path)
    assert text == path.read_bytes()[3:].decode("utf-8")


@pytest.mark.skipif(not DATA.is_dir(), reason="shared data not available")
def test_every_shared_news_file_decodes_as_utf8() -> None:
    paths = sorted(p for p in (DATA / "news").rglob("*") if p.is_file())
    assert len(paths) > 1300
    encodings = {decode(p.read_bytes(), name=str(p)).encoding for p in paths}
    assert encodings == {"utf-8"}


def test_read_text_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes("خبر".encode() + b"\xc0\x80")
    with pytest.raises(DecodeError) as info:
        read_text(path)
    assert info.value.name == str(path)
    assert str(info.value).startswith(f"{path}: not valid UTF-8 at byte 6 (line 1)")


# ------------------------------------------------------------------------------ properties --


def _decode_or_error(data: bytes) -> tuple[str | None, str | None, DecodeError | None]:
    try:
        result = decode(data)
    except DecodeError as err:
        return None, None, err
    return result.text, result.encoding, None


@given(st.text(max_size=200))
def test_any_text_round_trips_through_utf8_or_is_rejected_with_position(text: str) -> None:
    data = text.encode("utf-8")
    decoded, encoding, err = _decode_or_error(data)
    if err is not None:
        # Only junk-looking text may be refused, and the position points into the input.
        assert err.position is None or 0 <= err.position < len(data)
        assert "binary" in err.reason or "mojibake" in err.reason
    else:
        assert decoded == text.removeprefix("\ufeff") or encoding != "utf-8"


@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    decoded, _, err = _decode_or_error(data)
    if err is not None:
        assert err.position is None or 0 <= err.position <= len(data)
    else:
        assert isinstance(decoded, str)


def test_mojibake_leads_are_the_pattern_s_first_characters() -> None:
    """The fast path of the mojibake check (no lead letter: no pair) matches the pattern."""
    from akhbar.ingest.decode import _MOJIBAKE, _MOJIBAKE_LEADS

    for code in range(0x10000):
        c = chr(code)
        if 0xD800 <= code < 0xE000:
            continue
        starts = (
            _MOJIBAKE.match(c + "\x80") is not None or _MOJIBAKE.match(c + "\u20ac") is not None
        )
        assert starts == (c in _MOJIBAKE_LEADS), c
