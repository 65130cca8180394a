"""Demo users with fixed, documented tokens, and the demo's sharing grants (pure).

Tokens (never use them outside a demo):

- ``demo-<MEMBER>-admin``: the member-admin of every member (``demo-LEAD-admin``, ``demo-GAON-admin``, ...);
- ``demo-LEAD-planner``, ``demo-LEAD-viewer``, ``demo-SEOHAN-planner``, ``demo-SEOHAN-operator``,
  ``demo-GAON-operator``;
- ``demo-operator``: the cluster-operator (an account of the lead, which runs the platform).

Example:
    >>> from onefactory.demo.build import build_cluster
    >>> accounts = demo_accounts(build_cluster())
    >>> accounts.user_for("demo-LEAD-planner").role.value
    'planner'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from onefactory.model import CLUSTER, DataScope, Grant, InvalidData, MemberCode, User, UserRole

from .build import DemoCluster

OPERATOR_TOKEN = "demo-operator"

_ADMIN_NAMES = (
    "Kim Min-jun",
    "Lee Seo-yeon",
    "Park Ji-hoon",
    "Choi Su-bin",
    "Jung Ha-eun",
    "Kang Do-yun",
    "Cho Ye-jin",
    "Yoon Jae-won",
    "Jang Min-seo",
    "Lim Hyun-woo",
    "Han Ji-min",
    "Oh Seung-hyun",
    "Seo Yu-na",
    "Shin Dong-hyun",
    "Kwon Eun-ji",
    "Hwang Tae-yang",
    "Ahn So-hee",
    "Song Jun-ho",
)

_EXTRA = (  # member, role, person
    ("LEAD", UserRole.PLANNER, "Bae Ji-woo"),
    ("LEAD", UserRole.VIEWER, "Moon Hye-jin"),
    ("SEOHAN", UserRole.PLANNER, "Yoo Sang-min"),
    ("SEOHAN", UserRole.OPERATOR, "Nam Gi-tae"),
    ("GAON", UserRole.OPERATOR, "Ko Eun-seo"),
)

_GRANTS = (  # owner, grantee, scope: what the demo's suppliers chose to share
    ("SEOHAN", "LEAD", DataScope.INVENTORY),
    ("SEOHAN", "LEAD", DataScope.TELEMETRY),
    ("SEOHAN", "LEAD", DataScope.PRODUCTION),
    ("GAON", "LEAD", DataScope.TELEMETRY),
    ("GAON", "SEOHAN", DataScope.TELEMETRY),
    ("GAON", "SEOHAN", DataScope.INVENTORY),
    ("SAMJIN", "LEAD", DataScope.INVENTORY),
    ("SAMJIN", "LEAD", DataScope.TELEMETRY),
    ("SEJIN", "LEAD", DataScope.INVENTORY),
    ("HANEUL", CLUSTER, DataScope.INVENTORY),
    ("SAMJIN", "LEAD", DataScope.QUALITY),
)


@dataclass(frozen=True, slots=True)
class DemoAccount:
    """A demo user and its API token."""

    user: User
    token: str


@dataclass(frozen=True, slots=True)
class DemoAccounts:
    """Every demo account, in a stable order."""

    accounts: tuple[DemoAccount, ...]

    @property
    def tokens(self) -> dict[str, str]:
        """Token -> user id."""
        return {a.token: a.user.id for a in self.accounts}

    def user_for(self, token: str) -> User:
        """The user holding a demo token; InvalidData if none."""
        for account in self.accounts:
            if account.token == token:
                return account.user
        raise InvalidData(f"no demo account with token {token!r}", field="token")

    def token_of(self, user_id: str) -> str:
        """The token of a demo user id."""
        return next(a.token for a in self.accounts if a.user.id == user_id)


def demo_accounts(cluster: DemoCluster) -> DemoAccounts:
    """Admins of every member, a few planners and operators, and the cluster operator."""
    names = [*_ADMIN_NAMES, *(f"{m.name} admin" for m in cluster.members)]
    out = [_account(m.code, UserRole.MEMBER_ADMIN, names[n]) for n, m in enumerate(cluster.members)]
    out += [_account(MemberCode(member), role, name) for member, role, name in _EXTRA]
    lead = cluster.lead.code
    operator = User(f"{lead.lower()}.cluster-operator", lead, "Platform operator", UserRole.CLUSTER_OPERATOR)
    out.append(DemoAccount(operator, OPERATOR_TOKEN))
    return DemoAccounts(tuple(out))


def _account(member: MemberCode, role: UserRole, person: str) -> DemoAccount:
    suffix = "admin" if role is UserRole.MEMBER_ADMIN else role.value
    user = User(f"{member.lower()}.{suffix}", member, person, role)
    return DemoAccount(user, f"demo-{member}-{suffix}")


def demo_grants(now: datetime) -> tuple[Grant, ...]:
    """The sharing grants of the demo, given 30 days before ``now``, with fixed ids."""
    given = now - timedelta(days=30)
    return tuple(
        Grant(f"g-demo-{n:02d}", MemberCode(owner), MemberCode(grantee), scope, given)
        for n, (owner, grantee, scope) in enumerate(_GRANTS, start=1)
    )
