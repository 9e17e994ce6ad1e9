"""The 本级政府 platform: many agencies' published sites federated into one disclosure platform.

Under 政府网站集约化 a city or county government hosts the 政府信息公开 columns of all its
departments.  The platform reads each agency's **published** output only — the built site folder
(or its ``data/catalogue.json`` and ``reports/<year>/report.json``), never its sources or
registers — and writes one static site: the list of departments with their columns, counts and
freshness, one catalogue and one search across all agencies, and the inspection view of the
政务公开办 (空白栏目, stale columns, missing or overdue annual reports, broken links).

:mod:`.config` reads ``platform.yml``, :mod:`.published` an agency's output, :mod:`.inspect` the
findings, :mod:`.search` the cross-agency index (the site search's own builder),
:mod:`.government` the 本级政府's annual report (:mod:`gongkai.core.report.federate`),
:mod:`.render` the pages and :mod:`.build` runs it all (and the agencies' own builds, in parallel).
"""

from .build import PlatformResult, build_agencies, federate
from .config import AgencyConfig, PlatformConfig, read_config

__all__ = ["AgencyConfig", "PlatformConfig", "PlatformResult", "build_agencies", "federate", "read_config"]
