"""amqtt plugins for the embedded broker: per-member passwords and a topic ACL.

Loaded by dotted path from the broker config (amqtt 0.12 ``plugins`` section).

- ``MemberAuthPlugin``: a client must log in with a known username and password
  (PBKDF2-SHA256 hashes, built by ``hash_password``); anonymous clients are refused.
- ``MemberTopicPlugin``: a member may publish and subscribe only under
  ``{prefix}/{username}/#``; ``service_users`` (the platform's own subscriber)
  may use any topic. Delivery (``receive``) is not filtered again. Each refused
  PUBLISH is counted in ``denied`` (``denials.DeniedPublishes``, which the
  ``EmbeddedBroker`` hands in) and logged at warning level once per user and topic
  prefix, so a misconfigured device shows without flooding the log.

Limit (amqtt 0.12): a refused PUBLISH is dropped by the broker after its PUBACK
(MQTT 3.1.1 has no negative acknowledgement), and a refused SUBSCRIBE gets the
failure return code 0x80.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass, field

from amqtt.contexts import Action, BaseContext
from amqtt.plugins.base import BaseAuthPlugin, BaseTopicPlugin
from amqtt.session import Session

from .denials import DeniedPublishes, topic_prefix

logger = logging.getLogger("onefactory.ingest.broker")
_ITERATIONS = 20_000


def hash_password(password: str, salt: str | None = None) -> str:
    """Return ``pbkdf2_sha256$iterations$salt$hex`` for ``password``."""
    salt = salt or secrets.token_hex(8)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), _ITERATIONS).hex()
    return f"pbkdf2_sha256${_ITERATIONS}${salt}${digest}"


def check_password(password: str, stored: str) -> bool:
    """True if ``password`` matches a ``hash_password`` result."""
    try:
        _, iterations, salt, digest = stored.split("$")
        again = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), int(iterations)).hex()
    except ValueError:
        return False
    return hmac.compare_digest(again, digest)


def _filter_within(topic: str, root: str) -> bool:
    """True if every topic matched by ``topic`` (a name or a filter) lies under ``root/``."""
    levels, root_levels = topic.split("/"), root.split("/")
    return len(levels) > len(root_levels) and levels[: len(root_levels)] == root_levels


class MemberAuthPlugin(BaseAuthPlugin):
    """Username/password check against PBKDF2 hashes; no anonymous access."""

    @dataclass
    class Config:
        """``users`` maps a username (a member code) to its password hash."""

        users: dict[str, str] = field(default_factory=dict)

    async def authenticate(self, *, session: Session) -> bool | None:
        """Accept only a known user with the right password."""
        users: dict[str, str] = self._get_config_option("users", {})
        stored = users.get(session.username or "")
        return stored is not None and check_password(session.password or "", stored)


class MemberTopicPlugin(BaseTopicPlugin):
    """A member may publish and subscribe only under ``{prefix}/{member}/``."""

    @dataclass
    class Config:
        """``prefix`` of onefactory topics; ``service_users`` bypass the ACL."""

        prefix: str = "of"
        service_users: list[str] = field(default_factory=list)

    def __init__(self, context: BaseContext) -> None:
        super().__init__(context)
        self.denied = DeniedPublishes()  # the EmbeddedBroker replaces it with the platform's counter

    async def topic_filtering(
        self, *, session: Session | None = None, topic: str | None = None, action: Action | None = None
    ) -> bool | None:
        """Allow service users everything; members only their own subtree."""
        if action == Action.RECEIVE:
            return True
        username = session.username if session else None
        if not username or not topic:
            return False
        if username in self._get_config_option("service_users", []):
            return True
        allowed = _filter_within(topic, f"{self._get_config_option('prefix', 'of')}/{username}")
        if not allowed and action == Action.PUBLISH:
            self._count_denied(username, topic)
        return allowed

    def _count_denied(self, username: str, topic: str) -> None:
        if self.denied.add(username, topic):
            logger.warning(
                "MQTT user %s may not publish under %s (topic %s): messages dropped; "
                "further refusals of this user and prefix are counted, not logged",
                username,
                topic_prefix(topic),
                topic,
            )
