"""The MkDocs + Material adapter: carries out the plan :mod:`gongkai.core.plan` makes.

The only package of gongkai that imports mkdocs or material (tests/test_code_quality.py keeps it
so).  :mod:`.plugin` maps MkDocs' events onto one call of
:func:`~gongkai.core.plan.plan_build`; the other modules hold what MkDocs and Material need
besides: the options (:mod:`.options`), the plan's pages and files as MkDocs files
(:mod:`.files`), Material's quirks (:mod:`.material`), the build's lifecycle (:mod:`.lifecycle`),
and fast entry pages (:mod:`.entrypages`).  What a build needs besides, engine-neutral (the search
index beside the build, the charts, the kiosk skin, the staged site folder, the preview's caches),
is in :mod:`gongkai.runner`.
"""
