"""Files -> index: which files are documents, what a sync must do, and the writing of it.

``corpus``: the walk (which files are documents, their ids). ``plan``: what changed
since the manifest. ``prepare``: a file parsed into records, here or in segment
workers. ``batches``: the plan written into Whoosh and the store, commit by commit.
"""
