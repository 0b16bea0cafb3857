"""Back and forward through what was read, like a web browser.

An entry remembers the document and the exact scroll position in it, so going back
lands on the line that was being read, not at the top.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Visit:
    doc_id: str
    scroll_y: int = 0
    query: str = ""


class History:
    def __init__(self, limit: int = 100) -> None:
        self._back: list[Visit] = []
        self._forward: list[Visit] = []
        self._limit = limit

    @property
    def can_go_back(self) -> bool:
        return bool(self._back)

    @property
    def can_go_forward(self) -> bool:
        return bool(self._forward)

    def leave(self, current: Visit) -> None:
        """Record the page being left for a new one; a new visit ends the forward trail."""
        if self._back and self._back[-1].doc_id == current.doc_id:
            self._back[-1] = current
        else:
            self._back.append(current)
        del self._back[: -self._limit]
        self._forward.clear()

    def back(self, current: Visit | None) -> Visit | None:
        if not self._back:
            return None
        if current is not None:
            self._forward.append(current)
        return self._back.pop()

    def forward(self, current: Visit | None) -> Visit | None:
        if not self._forward:
            return None
        if current is not None:
            self._back.append(current)
        return self._forward.pop()
