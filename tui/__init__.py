"""The app: screens, widgets and the command line, on top of ``search``.

Set here, before any module of the package imports Textual: Textual draws at most
``TEXTUAL_FPS`` frames a second (60 unless set). After a pause its frame timer waits
one to two frame intervals before drawing again, so search results that arrived just
after the typed letter was drawn waited 17-33 ms to be shown; at 120 it is 8-17 ms.
Only frames that change something are sent to the terminal, so this costs nothing
while nothing moves. A value the user sets wins.
"""

import os

os.environ.setdefault("TEXTUAL_FPS", "120")
