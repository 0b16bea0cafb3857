"""Process-level tricks the app needs from its host: Python's collector, stderr, the terminal.

Each module here works around something outside the app (the interpreter's garbage
collector, ``multiprocessing``'s start-up inside Textual's stderr capture, handing the
terminal to another program) so that screens and widgets need not know about it.
Nothing here imports a screen, a widget or the app.
"""
