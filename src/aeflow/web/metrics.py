"""The web app's handle on the metrics store (DuckDB in the data folder, or PostgreSQL).

DuckDB lets one process hold the file, and one connection is not for concurrent use, so the app
opens the store once, on first use, and serialises its use with a lock. While the app holds the file
no other process can write to it, so a counter of the imports made here tells exactly when views
computed from the store (the KPI dashboard) must be computed again. The store is optional:
when the metrics layer is not installed or cannot open, the pages that need it say so.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from aeflow.errors import Locked, Unavailable
from aeflow.i18n import _


class MetricsUnavailable(Unavailable):
    """The metrics store cannot be used (not installed, or its file is held by another process)."""

    http_status = 503


class MetricsAccess:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self._store: Any = None
        self._lock = threading.RLock()
        self.generation = 0  # bumped by every import through this process (the only writer while it is open)

    def changed(self) -> None:
        """Facts were stored: views computed from the store are out of date."""
        with self._lock:
            self.generation += 1

    @contextmanager
    def use(self) -> Iterator[Any]:
        with self._lock:
            if self._store is None:
                try:
                    from aeflow.metrics.store import MetricsStore

                    self._store = MetricsStore.for_data_dir(self.data_dir)
                except ImportError:
                    raise MetricsUnavailable(_("The data layer is not installed.")) from None
                except Locked as exc:
                    raise MetricsUnavailable(exc.message, hint=_(
                        "Another aeflow process (a command in a terminal, or a second server) holds the file; "
                        "reload the page when it has finished."), **exc.data) from None
                except Unavailable as exc:
                    raise MetricsUnavailable(exc.message, hint=exc.hint, **exc.data) from None
            yield self._store

    def document_series(self, project: Any) -> Any:
        """The project's imported data that documents judge KPIs and spend on (``None``: none), from
        this app's store — the direct download and the export job both read it here."""
        from aeflow.services.monitoring import document_series

        with self.use() as store:
            return document_series(store, project)

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None
