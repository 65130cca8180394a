"""Chunked reads under paho: the same bytes in the same order, fewer system calls."""

import socket

import pytest

from onefactory.ingest._paho_reads import READ_SIZE, _ChunkedSocket


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
    from onefactory.ingest import _paho_reads

    assert _paho_reads.AVAILABLE  # else the subscriber silently falls back to paho's own reads
