"""The demonstration cluster, built from real public data, that ``onefactory up`` loads on first start.

``build`` turns Willems' (2008) chain 05 into members, sites, resources, items,
multi-level BOMs and opening stock; ``scenario`` drives cross-company orders
through their lifecycle and adds the production orders that serve them;
``accounts`` holds the demo users with fixed tokens and the sharing grants;
``load`` writes all of it into a store in one transaction; ``telemetry``
gives real sensor recordings (NAB, SKAB) mapped to supplier machines for replay.
The packaged data and its origin and licences are described in ``data/README.md``.
"""

from .accounts import OPERATOR_TOKEN, DemoAccount, DemoAccounts, demo_accounts, demo_grants
from .build import DemoCluster, build_cluster
from .load import LOADED_KEY, is_loaded, load_demo
from .scenario import DemoActivity, build_activity
from .telemetry import DemoSignal, demo_series

__all__ = [
    "LOADED_KEY",
    "OPERATOR_TOKEN",
    "DemoAccount",
    "DemoAccounts",
    "DemoActivity",
    "DemoCluster",
    "DemoSignal",
    "build_activity",
    "build_cluster",
    "demo_accounts",
    "demo_grants",
    "demo_series",
    "is_loaded",
    "load_demo",
]
