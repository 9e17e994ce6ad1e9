"""The MkDocs + Material adapter: carries out the plan :mod:`gongkai.core.plan` makes.

The only package of gongkai that imports mkdocs or material (tests/test_code_quality.py keeps it
so).  :mod:`.plugin` maps MkDocs' events onto one call of
:func:`~gongkai.core.plan.plan_build`; the other modules hold what MkDocs and Material need
besides: the options (:mod:`.options`), the plan's pages and files as MkDocs files
(:mod:`.files`), Material's quirks (:mod:`.material`), the build's lifecycle (:mod:`.lifecycle`),
the search index beside the build (:mod:`.search`), fast entry pages (:mod:`.entrypages`) and the
kiosk skin (:mod:`.kiosk_skin`).
"""
