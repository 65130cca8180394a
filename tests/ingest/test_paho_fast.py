"""The subscriber's paho client: chunked reads (same bytes, fewer system calls), plain publish
packets read exactly, and batched acknowledgements."""

import socket

import paho.mqtt.client as paho
import pytest
from paho.mqtt.enums import CallbackAPIVersion

from onefactory.ingest._paho_fast import READ_SIZE, FastClient, _ChunkedSocket


def test_small_reads_are_served_from_one_chunk_in_order_then_the_socket_is_read_again():
    a, b = socket.socketpair()
    a.setblocking(False)
    chunked = _ChunkedSocket(a)
    b.sendall(b"\x30\x05hello\x40\x02")
    assert chunked.recv(1) == b"\x30"
    assert chunked.pending() == 8
    assert [chunked.recv(1), chunked.recv(5), chunked.recv(10)] == [b"\x05", b"hello", b"\x40\x02"]
    assert chunked.pending() == 0
    with pytest.raises(BlockingIOError):
        chunked.recv(1)
    b.sendall(b"x" * (READ_SIZE + 10))
    b.close()
    first = chunked.recv(1)
    assert first == b"x" and chunked.pending() == READ_SIZE - 1  # one chunk of READ_SIZE bytes
    rest = [chunked.recv(4096) for _ in range(20)]
    assert b"".join([first, *rest]) == b"x" * (READ_SIZE + 10)
    assert chunked.recv(1) == b""  # the peer closed the link
    chunked.close()


def test_this_paho_has_the_hook_the_chunked_reads_override():
    from onefactory.ingest import _paho_fast

    assert _paho_fast.AVAILABLE  # else the subscriber silently falls back to paho's own reads


def _client(protocol: int) -> FastClient:
    return FastClient(CallbackAPIVersion.VERSION2, client_id="t", protocol=protocol, manual_ack=True)


def _publish(qos: int, topic: bytes, payload: bytes, mid: int = 0, properties: bytes | None = None) -> dict:
    body = len(topic).to_bytes(2, "big") + topic + (mid.to_bytes(2, "big") if qos else b"")
    body += b"" if properties is None else properties
    return {"command": 0x30 | qos << 1, "packet": bytearray(body + payload)}


@pytest.mark.parametrize(
    ("protocol", "packet", "expected"),
    [
        (paho.MQTTv311, _publish(1, b"of/A/s/m/t", b'{"v":1}', 258), (b"of/A/s/m/t", b'{"v":1}', 258, 1)),
        (paho.MQTTv311, _publish(0, b"of/A/s/m/t", b"x"), (b"of/A/s/m/t", b"x", 0, 0)),
        (paho.MQTTv5, _publish(1, b"a/\xff", b"", 7, b"\x00"), (b"a/\xff", b"", 7, 1)),
        (paho.MQTTv5, _publish(1, b"a/b", b"p", 7, b"\x03\x23\x00\x01"), None),  # a topic alias: paho's path
        (paho.MQTTv311, _publish(2, b"a/b", b"p", 7), None),  # QoS 2: paho's PUBREC/PUBREL exchange
        (paho.MQTTv311, _publish(1, b"", b"p", 7), None),  # no topic: paho refuses the packet
    ],
    ids=["mqtt3-qos1", "mqtt3-qos0", "mqtt5-no-properties", "mqtt5-properties", "qos2", "empty-topic"],
)
def test_plain_publish_packets_are_read_exactly_and_anything_else_is_left_to_paho(protocol, packet, expected):
    client = _client(protocol)
    client._in_packet = packet
    assert client._plain_publish() == expected


def test_a_plain_publish_goes_to_on_publish_packet_and_a_publish_with_properties_to_on_message():
    client, packets, messages = _client(paho.MQTTv5), [], []
    client.on_publish_packet = lambda *parts: packets.append(parts)
    client.on_message = lambda c, u, m: messages.append((m.topic, m.payload, m.mid, m.properties.UserProperty))
    client._in_packet = _publish(1, b"a/b", b"plain", 1, b"\x00")
    client._handle_publish()
    client._in_packet = _publish(1, b"a/b", b"props", 2, b"\x07\x26\x00\x01k\x00\x01v")
    client._handle_publish()
    assert packets == [(b"a/b", b"plain", 1, 1)]
    assert messages == [("a/b", b"props", 2, [("k", "v")])]
    assert not client._out_packet  # manual acknowledgement: nothing sent by itself


def test_ack_many_queues_every_puback_back_to_back_as_one_packet():
    client = _client(paho.MQTTv5)
    client.ack_many([1, 258, 65535])
    client.ack_many([])
    assert [p["packet"] for p in client._out_packet] == [b"\x40\x02\x00\x01\x40\x02\x01\x02\x40\x02\xff\xff"]
