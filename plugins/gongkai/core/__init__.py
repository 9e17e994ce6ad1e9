"""The engine-independent core: model, validation, derivations, report compiler, exports.

Nothing in this package imports mkdocs; an adapter for another engine reuses all of it.
"""
