"""The charts of a build (matplotlib: a second to load, more to draw), drawn in another process
while the engine reads files and pages; each comes back as a new file spec."""

from __future__ import annotations

from collections.abc import Callable

from ..core.pages import FileSpec, drawn
from .background import Background


class Charts:
    """The charts the plan left to draw (:attr:`~gongkai.core.pages.FileSpec.draw`)."""

    def __init__(self) -> None:
        self.later: list[FileSpec] = []  # drawn beside the build, written when they come
        self._beside: Background[list[str | bytes]] | None = None

    def start(self, files: list[FileSpec], here: bool) -> list[FileSpec]:
        """Draw the charts among ``files`` — in this process when ``here`` — and return the files
        to write now (with the charts drawn here)."""
        later = [spec for spec in files if spec.draw is not None]
        if here or not later:
            return [drawn(spec) for spec in files]
        self._beside = Background(_draw_all, [spec.draw for spec in later])
        self.later = later
        return [spec for spec in files if spec.draw is None]

    def drawn(self) -> list[FileSpec]:
        """The charts drawn beside the build (waits for them), as new specs."""
        if self._beside is None:
            return []
        svgs = self._beside.result()
        self._beside = None
        return [FileSpec(spec.path, svg) for spec, svg in zip(self.later, svgs, strict=True)]

    def cancel(self) -> None:
        """Stop drawing (the build failed)."""
        if self._beside is not None:
            self._beside.cancel()
            self._beside = None


def _draw_all(draws: list[Callable[[], str | bytes]]) -> list[str | bytes]:
    return [draw() for draw in draws]
