"""A TCP gate for tests: a port that refuses connections until ``open()``, then forwards
each connection to a target port, byte for byte, in both directions.

It lets a test decide exactly when a client sees its broker "come up", independent of how
fast the client retries, so that everything else (a subscriber, say) is ready first."""

from __future__ import annotations

import contextlib
import socket
import threading

from support import free_port


class TcpGate:
    """Closed on creation: nothing listens on ``port`` until ``open()``."""

    def __init__(self, target_port: int, host: str = "127.0.0.1") -> None:
        self.host, self.target_port, self.port = host, target_port, free_port()
        self._listener: socket.socket | None = None
        self._sockets: list[socket.socket] = []

    @property
    def url(self) -> str:
        return f"mqtt://{self.host}:{self.port}"

    def open(self) -> TcpGate:
        """Listen on ``port`` and forward every accepted connection to the target."""
        self._listener = socket.create_server((self.host, self.port))
        threading.Thread(target=self._accept, args=(self._listener,), daemon=True).start()
        return self

    def close(self) -> None:
        """Stop listening and cut every forwarded connection."""
        for sock in [self._listener, *self._sockets]:
            if sock is not None:
                sock.close()
        self._listener, self._sockets = None, []

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:  # closed
                return
            upstream = socket.create_connection((self.host, self.target_port))
            self._sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pump, args=(source, sink), daemon=True).start()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        for sock in (source, sink):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
