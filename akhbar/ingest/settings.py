"""Limits and defaults shared by every reader, in one keyword-only settings object.

Readers never take a dozen knobs; they take one :class:`IngestSettings` (or the defaults).

>>> s = IngestSettings(max_depth=1)
>>> s.max_depth, s.max_member_bytes == DEFAULT_SETTINGS.max_member_bytes
(1, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, tzinfo

__all__ = ["DEFAULT_SETTINGS", "IngestSettings", "settings_for_zone"]

_MB = 1024 * 1024


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestSettings:
    """Bounds that keep a hostile or broken input from exhausting memory, and a few defaults.

    * ``max_file_bytes``: a plain file (not WARC, which is streamed) larger than this is rejected.
    * ``max_member_bytes``: an archive member whose uncompressed size exceeds this is rejected.
    * ``max_total_bytes``: uncompressed bytes read from one top-level archive, nested ones included.
    * ``max_ratio``: uncompressed/compressed ratio above which a member is treated as a bomb
      (only checked for members bigger than ``ratio_min_bytes``: tiny files compress oddly).
    * ``max_depth``: how many archives deep nesting may go (a zip inside a zip is depth 2).
    * ``max_members``: members read from one archive before the rest is rejected.
    * ``max_article_chars``: an article body longer than this is rejected (not truncated).
    * ``max_meta_chars``: an article whose id, title, URL, source, category or author is longer
      than this is rejected (a misread table, a hostile page); a longer tag is dropped.
    * ``max_tags``: tags kept per article (a keyword-stuffed page); the rest are dropped.
    * ``max_field_chars``: the CSV field size limit (``csv.field_size_limit``).
    * ``max_warc_record_bytes``: a WARC response larger than this is rejected.
    * ``min_html_chars``: an HTML page whose extracted body is shorter is "no article text found"
      (trafilatura falls back to any text, e.g. a lone nav link).
    * ``max_html_elements``: an HTML page with more elements (start tags) is rejected, not
      extracted: trafilatura's time grows faster than the element count (30,000 short
      paragraphs take 6-8 s, 200,000 a minute and a half), and a heavy news page has a few
      thousand.
    * ``default_tz``: zone given to dates that come without one (``2023-03-02``).
    """

    max_file_bytes: int = 512 * _MB
    max_member_bytes: int = 64 * _MB
    max_total_bytes: int = 1024 * _MB
    max_ratio: float = 200.0
    ratio_min_bytes: int = 1 * _MB
    max_depth: int = 3
    max_members: int = 1_000_000
    max_article_chars: int = 2_000_000
    max_meta_chars: int = 4096
    max_tags: int = 200
    max_field_chars: int = 16 * _MB
    max_warc_record_bytes: int = 32 * _MB
    min_html_chars: int = 40
    max_html_elements: int = 30_000
    default_tz: tzinfo = UTC


DEFAULT_SETTINGS = IngestSettings()

#: A zone name longer than this is no zone (IANA names are at most 32 characters).
_MAX_ZONE_CHARS = 64


def settings_for_zone(zone: str | None) -> IngestSettings:
    """The settings whose ``default_tz`` is ``zone`` (an IANA name or a UTC offset, as
    :func:`akhbar.text.dates.parse_zone` reads it); the defaults (UTC) for None.  A value
    that is no zone raises ``ValueError`` saying so, for the caller to name its field
    (``akhbar ingest --timezone``, the ``timezone`` field of ``POST /api/ingest``).

    >>> str(settings_for_zone("Asia/Karachi").default_tz), settings_for_zone(None).default_tz
    ('Asia/Karachi', datetime.timezone.utc)
    >>> settings_for_zone("Mars/Olympus")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: 'Mars/Olympus': not a time zone (an IANA name such as Asia/Karachi, or ...)
    """
    from akhbar.text.dates import parse_zone  # (its tables compile at import)

    if zone is None:
        return DEFAULT_SETTINGS
    tz = parse_zone(zone) if len(zone) <= _MAX_ZONE_CHARS else None
    if tz is None:
        shown = zone if len(zone) <= _MAX_ZONE_CHARS else zone[:_MAX_ZONE_CHARS] + "..."
        raise ValueError(
            f"{shown!r}: not a time zone (an IANA name such as Asia/Karachi, "
            "or a UTC offset such as +05:00)"
        )
    return IngestSettings(default_tz=tz)
