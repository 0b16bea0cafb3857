"""Queries -> hits: what a user typed, read as a query and answered from one thread's view of the index.

Query code sees a ``view.View`` (a searcher, a store, the vocabulary), never the
``Library``: ``querytext`` reads the text, ``fuzzy`` bounds fuzzy words and
patterns, ``searching`` ranks (``fastpath`` for plain words, ``scoring`` for the
statistics) and builds hits with ``highlights`` and ``snippet``; ``suggestions``,
``related``, ``facets`` and ``section_titles`` answer the rest.
"""
