"""Broker URL parsing."""

from __future__ import annotations

import pytest

from onefactory.ingest import BrokerUrl
from onefactory.model import InvalidData


def test_full_url():
    url = BrokerUrl.parse("mqtt://SUP-A:p%2Fw@10.0.0.5:1884")
    assert (url.scheme, url.host, url.port, url.username, url.password) == ("mqtt", "10.0.0.5", 1884, "SUP-A", "p/w")
    assert "p/w" not in str(url) and "p/w" not in repr(url)


def test_defaults():
    assert BrokerUrl.parse("mqtt://localhost") == BrokerUrl("mqtt", "localhost", 1883)
    assert BrokerUrl.parse("mqtts://h").tls


@pytest.mark.parametrize("text", ["http://h:1883", "mqtt://:1883", "mqtt://h:99999", "localhost:1883"])
def test_bad_urls_are_refused(text):
    with pytest.raises(InvalidData) as info:
        BrokerUrl.parse(text)
    assert info.value.field == "url"
