"""Scale-out: the batch pipeline on Ray Data, Parquet shards, and the bulk load into the store.

The same stage functions the local engine runs (:func:`akhbar.ingest.read_any`,
:func:`akhbar.pipeline.prepare_batch`) run here on Ray workers; the result is a directory of
Parquet files (:mod:`akhbar.scale.schema` documents their columns), one per chunk of input
records.  :func:`akhbar.scale.bulk.bulk_load` then replays the rows in input order through the
local engine's near-duplicate and store code, so the store equals the one ``akhbar ingest``
builds from the same input.

* :mod:`akhbar.scale.shards` — plan the input (files, folders, fsspec URLs) into shards and read
  one shard in chunks;
* :mod:`akhbar.scale.chunks` — analyze one chunk and write its Parquet file (atomically);
* :mod:`akhbar.scale.pipeline` — the executors: :func:`~akhbar.scale.pipeline.run_ray` (Ray
  Data) and :func:`~akhbar.scale.pipeline.run_serial` (this process, for small inputs and tests);
* :mod:`akhbar.scale.bulk` — Parquet → store.

Ray, pyarrow and fsspec come with the ``ray`` extra (``pip install 'akhbar[ray]'``);
:func:`require` checks for them and names the extra when one is missing.

>>> require("pyarrow") is None
True
"""

from __future__ import annotations

from importlib import import_module

__all__ = ["EXTRA", "MissingExtraError", "require"]

#: The extra that brings every dependency of this package.
EXTRA = "ray"


class MissingExtraError(ImportError):
    """An optional dependency of the scale-out pipeline is not installed."""


def require(*modules: str) -> None:
    """Import ``modules`` or raise :class:`MissingExtraError` naming the extra to install.

    >>> try:
    ...     require("no_such_module_akhbar")
    ... except MissingExtraError as e:
    ...     print(e)
    the Ray engine needs no_such_module_akhbar, which is not installed: pip install 'akhbar[ray]'
    """
    for name in modules:
        try:
            import_module(name)
        except ImportError as e:
            raise MissingExtraError(
                f"the Ray engine needs {name}, which is not installed: "
                f"pip install 'akhbar[{EXTRA}]'"
            ) from e
