"""Readers of the content folder, one module per kind of file; :mod:`gongkai.core.load` reads
the whole folder with them into a :class:`~gongkai.core.model.Site`."""
