"""Engine-neutral machinery of a build: helper processes beside it, the staged site folder, the
preview's caches, file events, template fragments, the quick inline pass, the markdown filter.

Nothing here imports an engine (MkDocs, Material); the adapter in :mod:`gongkai.mkdocs` calls it.
"""
