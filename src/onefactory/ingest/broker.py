"""An embedded MQTT broker (amqtt) in its own thread and event loop, for sync programs.

Example (not run: it opens a port)::

    broker = EmbeddedBroker("127.0.0.1", 1883)
    broker.start()          # returns when the port listens, or raises BrokerUnavailable
    ...                     # any MQTT client, e.g. TelemetrySubscriber("mqtt://127.0.0.1:1883", ...)
    broker.stop()           # closes sessions and the port, ends the thread

With ``users={"SUP-A": "secret", "platform": "pw"}`` and ``service_users=("platform",)``,
clients must log in and a member may publish and subscribe only under
``of/{member}/#``; service users may use any topic (see ``_broker_plugins``).
A refused publish is counted in ``denied`` (a ``DeniedPublishes``, per user and
topic prefix) and logged once per pair. Without users the broker is anonymous.
Nothing is persisted: a restart starts empty, and amqtt drops the session of an
anonymous client when it disconnects (so a persistent session survives a client
reconnect only for logged-in clients).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import errno
import logging
import threading
from collections.abc import Mapping
from typing import Any

from amqtt.broker import Broker

from onefactory.model import BrokerUnavailable

from ._broker_plugins import MemberTopicPlugin, hash_password
from .denials import DeniedPublishes

logger = logging.getLogger(__name__)
_PLUGINS = "onefactory.ingest._broker_plugins"


class _StartupFailureReported(logging.Filter):
    """Drops amqtt's own traceback of a failed start: ``start()`` raises
    ``BrokerUnavailable`` with a message that says what to do instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != "Broker startup failed"


def _quiet_amqtt_startup_failure() -> None:
    amqtt_logger = logging.getLogger("amqtt.broker")
    if not any(isinstance(f, _StartupFailureReported) for f in amqtt_logger.filters):
        amqtt_logger.addFilter(_StartupFailureReported())


def _port_in_use(exc: BaseException | None) -> bool:
    while exc is not None:
        if isinstance(exc, OSError) and exc.errno == errno.EADDRINUSE:
            return True
        exc = exc.__cause__ or exc.__context__
    return False


class EmbeddedBroker:
    """amqtt's ``Broker`` behind a synchronous ``start()`` / ``stop()``."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 1883,
        *,
        users: Mapping[str, str] | None = None,
        service_users: tuple[str, ...] = (),
        prefix: str = "of",
        timeout_s: float = 10.0,
        denied: DeniedPublishes | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.users = dict(users or {})
        self.service_users = service_users
        self.prefix = prefix
        self.timeout_s = timeout_s
        self.denied = denied if denied is not None else DeniedPublishes()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._broker: Broker | None = None

    @property
    def url(self) -> str:
        """``mqtt://host:port`` of this broker."""
        return f"mqtt://{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        """True between a successful ``start()`` and ``stop()``."""
        return self._thread is not None and self._thread.is_alive()

    def config(self) -> dict[str, Any]:
        """The amqtt broker configuration this broker runs with."""
        plugins: dict[str, Any]
        if self.users:
            hashed = {name: hash_password(password) for name, password in self.users.items()}
            plugins = {
                f"{_PLUGINS}.MemberAuthPlugin": {"users": hashed},
                f"{_PLUGINS}.MemberTopicPlugin": {
                    "prefix": self.prefix,
                    "service_users": list(self.service_users),
                },
            }
        else:
            plugins = {"amqtt.plugins.authentication.AnonymousAuthPlugin": {"allow_anonymous": True}}
        return {
            "listeners": {"default": {"type": "tcp", "bind": f"{self.host}:{self.port}"}},
            "plugins": plugins,
        }

    def start(self) -> None:
        """Start listening; raise ``BrokerUnavailable`` if the port is taken or startup fails."""
        if self.running:
            return
        _quiet_amqtt_startup_failure()
        loop = asyncio.new_event_loop()
        started: concurrent.futures.Future[None] = concurrent.futures.Future()
        thread = threading.Thread(target=self._run, args=(loop, started), name=f"mqtt-broker-{self.port}", daemon=True)
        self._loop, self._thread = loop, thread
        thread.start()
        error = self._wait_started(started)
        if error is not None:
            thread.join(self.timeout_s)
            self._loop = self._thread = None
            raise BrokerUnavailable(self._failure_message(error)) from error
        logger.info("embedded MQTT broker listening on %s", self.url)

    def _wait_started(self, started: concurrent.futures.Future[None]) -> BaseException | None:
        try:
            return started.exception(self.timeout_s)
        except concurrent.futures.TimeoutError:
            return TimeoutError(f"broker did not start within {self.timeout_s} s")

    def _failure_message(self, error: BaseException) -> str:
        if _port_in_use(error):
            return (
                f"MQTT port {self.port} on {self.host} is already in use: choose another port with "
                "--mqtt-port or ONEFACTORY_MQTT_PORT, or use the broker already running there "
                "with --mqtt-url"
            )
        return f"embedded MQTT broker could not start on {self.host}:{self.port}: {error}"

    def _run(self, loop: asyncio.AbstractEventLoop, started: concurrent.futures.Future[None]) -> None:
        asyncio.set_event_loop(loop)
        try:
            self._broker = Broker(self.config(), loop=loop)
            self._share_denied(self._broker)
            loop.run_until_complete(self._broker.start())
        except Exception as exc:  # reported to start() through the future
            started.set_exception(exc)
            self._close_loop(loop)
            return
        started.set_result(None)
        loop.run_forever()
        self._close_loop(loop)

    def _share_denied(self, broker: Broker) -> None:
        plugin = broker.plugins_manager.get_plugin(MemberTopicPlugin.__name__)
        if isinstance(plugin, MemberTopicPlugin):
            plugin.denied = self.denied

    @staticmethod
    def _close_loop(loop: asyncio.AbstractEventLoop) -> None:
        pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
        for task in pending:
            task.cancel()
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()

    def stop(self) -> None:
        """Close every session and the listening port, then end the thread. Idempotent."""
        loop, thread, broker = self._loop, self._thread, self._broker
        if loop is None or thread is None or broker is None:
            return
        if thread.is_alive():
            try:
                asyncio.run_coroutine_threadsafe(broker.shutdown(), loop).result(self.timeout_s)
            except Exception:  # a failed shutdown must not keep the port: the loop is stopped anyway
                logger.exception("embedded MQTT broker shutdown failed")
                self._close_listeners(broker, loop)
            loop.call_soon_threadsafe(loop.stop)
            thread.join(self.timeout_s)
        self._loop = self._thread = self._broker = None
        logger.info("embedded MQTT broker on %s stopped", self.url)

    def _close_listeners(self, broker: Broker, loop: asyncio.AbstractEventLoop) -> None:
        """Close the listening sockets a failed shutdown left open. amqtt closes them last, after
        its broadcast loop, and that loop can end with an exception: the port then stayed taken
        and a restart on it failed."""
        servers = list(getattr(broker, "_servers", {}).values())

        async def close() -> None:
            for server in servers:
                await server.close_instance()

        try:
            asyncio.run_coroutine_threadsafe(close(), loop).result(self.timeout_s)
        except Exception:
            logger.exception("closing the embedded MQTT broker's listeners failed")

    def __enter__(self) -> EmbeddedBroker:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
