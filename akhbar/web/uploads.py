"""The web app's only write path: uploaded files ingested into the store.

Uploads are bounded (:class:`UploadLimits`), their names checked (:func:`safe_name`: no
folders, no ``..``, no hidden or control characters), written into a fresh temporary folder under
names the server makes, read by the same pipeline as ``akhbar ingest``, and deleted afterwards.
One ingest runs at a time per process (the store queues writers of other processes anyway).

>>> safe_name("نیوز 2024.csv", 0)
'00-نیوز_2024.csv'
>>> safe_name("../../x.txt", 1)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
akhbar.web.service.BadRequest: file 2: the name '../../x.txt' must be a plain file name ...
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from akhbar.ingest.settings import IngestSettings, settings_for_zone
from akhbar.pipeline import IngestOptions, ingest
from akhbar.store import Store
from akhbar.web.service import MAX_FILTER_CHARS, BadRequest, ServiceError

__all__ = ["Busy", "Upload", "UploadLimits", "ingest_uploads", "safe_name"]

_UNSAFE = re.compile(r"[^\w.\-]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True, kw_only=True)
class UploadLimits:
    """Bounds of one ``POST /api/ingest`` request."""

    #: The whole request body, in bytes.
    max_bytes: int = 20 * 1024 * 1024
    #: Files in one request.
    max_files: int = 20
    #: Length of an uploaded file's name.
    max_name_chars: int = 200


@dataclass(frozen=True, slots=True)
class Upload:
    """One uploaded file: its name as the client sent it and its bytes."""

    name: str
    data: bytes


class Busy(ServiceError):
    """Another ingest is running in this process (HTTP 503; try again)."""

    status = 503
    title = "Service unavailable"
    slug = "unavailable"


def safe_name(name: str, index: int, limit: int = 200) -> str:
    """The name a client's file is written under: ``NN-`` plus its letters, digits, ``.``,
    ``-`` and ``_`` (others become ``_``).  A name with a folder, ``..``, a leading dot or a
    control character is refused (:class:`BadRequest`), not silently rewritten.
    """
    label = f"file {index + 1}"
    if not name:
        raise BadRequest(f"{label}: the file has no name", parameter="file")
    if len(name) > limit:
        raise BadRequest(f"{label}: the name is longer than {limit} characters", parameter="file")
    if _CONTROL.search(name):
        raise BadRequest(f"{label}: the name holds control characters", parameter="file")
    if "/" in name or "\\" in name or ".." in name or name.startswith(".") or ":" in name:
        raise BadRequest(
            f"{label}: the name {name!r} must be a plain file name (no folders, no '..')",
            parameter="file",
        )
    cleaned = _UNSAFE.sub("_", name).strip("_") or "upload"
    return f"{index:02d}-{cleaned}"


def _settings(zone: str | None) -> IngestSettings:
    """The readers' settings for a ``timezone`` field (blank: the default, UTC); a value that
    is no zone is a :class:`BadRequest` naming the field."""
    try:
        return settings_for_zone(zone.strip() or None if zone is not None else None)
    except ValueError as exc:
        raise BadRequest(f"timezone {exc}", parameter="timezone") from None


def ingest_uploads(
    db: str | os.PathLike[str],
    uploads: Sequence[Upload],
    *,
    source: str | None = None,
    timezone: str | None = None,
    limits: UploadLimits | None = None,
) -> dict[str, Any]:
    """Ingest ``uploads`` into the store at ``db``; the run's summary (as ``akhbar ingest
    --json``) plus ``files``: each ``name`` (as sent), ``bytes``.  ``timezone``: the zone of
    dates written without one, as ``akhbar ingest --timezone`` (an IANA name or a UTC
    offset; default UTC).

    Raises :class:`BadRequest` for no files, too many, a bad name or a bad ``timezone``
    (before anything is read or stored); :class:`Busy` when another ingest of this process
    is running.
    """
    lim = limits or UploadLimits()
    if not uploads:
        raise BadRequest(
            "no file uploaded (send multipart/form-data with file parts)", parameter="file"
        )
    if len(uploads) > lim.max_files:
        raise BadRequest(f"at most {lim.max_files} files at once", parameter="file")
    if source is not None:
        source = source.strip() or None
        if source is not None and (len(source) > MAX_FILTER_CHARS or _CONTROL.search(source)):
            raise BadRequest(
                f"source: at most {MAX_FILTER_CHARS} characters, no control characters",
                parameter="source",
            )
    settings = _settings(timezone)
    names = [safe_name(u.name, i, lim.max_name_chars) for i, u in enumerate(uploads)]
    if not _LOCK.acquire(blocking=False):
        raise Busy("another upload is being ingested; try again when it is done")
    try:
        with tempfile.TemporaryDirectory(prefix="akhbar-upload-") as tmp:
            folder = Path(tmp)
            paths = []
            for name, upload in zip(names, uploads, strict=True):
                path = folder / name
                # O_EXCL: never follow or overwrite anything already there.
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "wb") as fh:
                    fh.write(upload.data)
                paths.append(path)
            with Store.open(db, create=False) as store:
                options = IngestOptions(source=source, workers=1, settings=settings)
                summary = ingest(paths, store, options)
    finally:
        _LOCK.release()
    out = summary.to_dict()
    out["files"] = [{"name": u.name, "bytes": len(u.data)} for u in uploads]
    return out
