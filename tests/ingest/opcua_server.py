"""A real asyncua Server on a localhost port, on its own event loop thread, for collector tests.

Variables live in namespace 2 as ``ns=2;s=<name>``. ``stop()`` then ``start()`` plays a
server restart on the same port: the new server has a fresh address space and no sessions.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Any

from asyncua import Node, Server, ua

Variables = dict[str, tuple[Any, ua.VariantType]]  # name -> (initial value, type)


class OpcUaTestServer:
    """Start, write, count subscriptions, stop; every call blocks until the server has done it."""

    def __init__(self, port: int, variables: Variables, path: str = "/test/") -> None:
        self.port = port
        self.variables = variables
        self.endpoint = f"opc.tcp://127.0.0.1:{port}{path}"
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: Server | None = None
        self._nodes: dict[str, Node] = {}
        self._ticker: asyncio.Task[None] | None = None

    def _call(self, coro: Coroutine[Any, Any, Any], timeout_s: float = 30.0) -> Any:
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout_s)

    def start(self) -> OpcUaTestServer:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="opcua-test-server", daemon=True)
        self._thread.start()
        self._call(self._start())
        return self

    async def _start(self) -> None:
        server = Server()
        await server.init()
        server.set_endpoint(self.endpoint)
        server.set_security_policy([ua.SecurityPolicyType.NoSecurity])
        ns = await server.register_namespace("urn:onefactory:test")
        assert ns == 2, ns
        folder = await server.nodes.objects.add_object(ua.NodeId("Test", ns), "Test")
        for name, (initial, kind) in self.variables.items():
            self._nodes[name] = await folder.add_variable(ua.NodeId(name, ns), name, initial, kind)
        await server.start()
        self._server = server

    def write(self, name: str, value: Any, source_ts: datetime | None = None, status: int | None = None) -> None:
        """Write a value of the variable's declared type, with a source time and status if given."""
        kind = self.variables[name][1]
        data = ua.DataValue(ua.Variant(value, kind), SourceTimestamp=source_ts, ServerTimestamp=source_ts)
        if status is not None:
            data.StatusCode = ua.StatusCode(status)
        self._call(self._nodes[name].write_value(data))

    def tick(self, interval_s: float, values: Callable[[], dict[str, Any]]) -> None:
        """Write ``values()`` every ``interval_s`` until the server stops (like a live machine)."""

        async def run() -> None:
            while True:
                for name, value in values().items():
                    await self._nodes[name].write_value(value, self.variables[name][1])
                await asyncio.sleep(interval_s)

        async def begin() -> None:
            self._ticker = asyncio.create_task(run())

        self._call(begin())

    def counts(self) -> tuple[int, int]:
        """(subscriptions, monitored items) the server holds, as H023's server prints them."""

        async def count() -> tuple[int, int]:
            assert self._server is not None
            subs = self._server.iserver.subscription_service.subscriptions
            return len(subs), sum(len(s.monitored_item_srv._monitored_items) for s in subs.values())

        return self._call(count())

    def stop(self) -> None:
        if self._loop is None:
            return
        self._call(self._stop())
        self._loop.call_soon_threadsafe(self._loop.stop)
        assert self._thread is not None
        self._thread.join(10)
        self._loop.close()
        self._loop = self._thread = self._server = None

    async def _stop(self) -> None:
        if self._ticker is not None:
            self._ticker.cancel()
            self._ticker = None
        if self._server is not None:
            await self._server.stop()
        await _cancel_the_rest()  # e.g. the session of a client cut off by LinkProxy


async def _cancel_the_rest() -> None:
    """Cancel every other task of the running loop and let them finish, so no socket is left open."""
    tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    await asyncio.sleep(0.05)  # transports close on the next loop iterations


class LinkProxy:
    """A TCP proxy on its own thread; ``freeze()`` silently drops every byte without closing (a dead link).

    ``thaw()`` lets new connections through again; connections opened before it stay dead,
    as after a real network outage.
    """

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = 0
        self.frozen = False
        self.generation = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="opcua-link-proxy", daemon=True)
        self._server: asyncio.Server | None = None

    def start(self) -> LinkProxy:
        self._thread.start()
        self._server = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._handle, "127.0.0.1", 0), self._loop
        ).result(10)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    def freeze(self) -> None:
        self.frozen = True

    def thaw(self) -> None:
        self.generation += 1
        self.frozen = False

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        generation = self.generation
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        try:
            await asyncio.gather(self._pipe(reader, up_writer, generation), self._pipe(up_reader, writer, generation))
        finally:
            writer.close()
            up_writer.close()

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, generation: int) -> None:
        try:
            while data := await reader.read(65536):
                if not self.frozen and generation == self.generation:
                    writer.write(data)
                    await writer.drain()
        except OSError:
            pass
        finally:
            writer.close()

    def stop(self) -> None:
        async def close() -> None:
            assert self._server is not None
            self._server.close()
            await _cancel_the_rest()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()
