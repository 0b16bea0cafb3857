"""A screen that closes once, however many keys arrive together with the one that closes it.

``Screen.dismiss`` pops the screen later, once the app gets to it; keys typed in
the same burst (over SSH they arrive together) still reach the closing screen
first. A second Enter or Escape dismissed it again, and the second pop raised
``ScreenStackError`` (or popped the screen beneath), which ended the app. The
monkey test found it in the filter picker and in the command palette.

``ClosesOnce`` is mixed in before ``ModalScreen`` (or the palette): from the first
dismissal on, its bindings are off and a second dismissal does nothing.
"""

from __future__ import annotations

from textual.await_complete import AwaitComplete


async def _nothing() -> None:
    return None


class ClosesOnce:
    closing = False

    def dismiss(self, result=None):
        if self.closing:
            return AwaitComplete(_nothing())
        self.closing = True
        return super().dismiss(result)  # type: ignore[misc]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.closing:
            return False
        return super().check_action(action, parameters)  # type: ignore[misc]
