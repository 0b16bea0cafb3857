"""What is kept on disk for a corpus, and how its folder is opened whatever state it is in.

``location``: where a corpus's index folder is. ``opening``: opening, verifying and
setting aside that folder (damaged, read-only, impossible: each opens something).
``store``: the SQLite store beside Whoosh (manifest, parsed documents, links,
vocabulary). ``schema``: the Whoosh fields. ``analysis``: words as the index holds
them. ``records``: documents as Whoosh records, and where each section sits in them.
"""
