"""The one error type ingestion raises: it always names the file and says what is wrong with it."""

from __future__ import annotations

from pathlib import Path


class IngestError(Exception):
    """A file could not be ingested. `str(error)` reads '<path>: <reason>'."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")
