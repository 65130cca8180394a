"""Broker URLs: ``mqtt://user:pass@host:port`` and ``mqtts://`` (TLS).

Example:
    >>> u = BrokerUrl.parse("mqtt://SUP-A:s%40cret@broker.local:1884")
    >>> (u.host, u.port, u.username, u.password, str(u))
    ('broker.local', 1884, 'SUP-A', 's@cret', 'mqtt://SUP-A:***@broker.local:1884')
    >>> BrokerUrl.parse("mqtts://broker.local").port
    8883
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from onefactory.model import InvalidData

DEFAULT_PORTS = {"mqtt": 1883, "mqtts": 8883}


@dataclass(frozen=True, slots=True)
class BrokerUrl:
    """Where an MQTT broker is and how to log in; ``str()`` hides the password."""

    scheme: str
    host: str
    port: int
    username: str | None = None
    password: str | None = field(default=None, repr=False)

    @property
    def tls(self) -> bool:
        """True for ``mqtts://``."""
        return self.scheme == "mqtts"

    @classmethod
    def parse(cls, url: str) -> BrokerUrl:
        """Parse ``url``; raise InvalidData naming the part that is wrong (never the password)."""
        parts = urlsplit(url)
        if parts.scheme not in DEFAULT_PORTS:
            raise InvalidData(f"broker url scheme must be mqtt:// or mqtts://, got {parts.scheme!r}", field="url")
        try:
            port = parts.port or DEFAULT_PORTS[parts.scheme]
        except ValueError:
            raise InvalidData("broker url port must be a number from 1 to 65535", field="url") from None
        if not parts.hostname:
            raise InvalidData("broker url has no host", field="url")
        username = unquote(parts.username) if parts.username else None
        password = unquote(parts.password) if parts.password is not None else None
        return cls(parts.scheme, parts.hostname, port, username, password)

    def __str__(self) -> str:
        login = ""
        if self.username is not None:
            login = self.username + (":***" if self.password is not None else "") + "@"
        return f"{self.scheme}://{login}{self.host}:{self.port}"
