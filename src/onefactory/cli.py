"""The ``onefactory`` command: up | import | template | user | db | bench."""

from __future__ import annotations

import argparse
import json
import logging
import re
import socket
import sys
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from onefactory.bench import BENCHMARKS
from onefactory.config import Settings
from onefactory.model import ImportRejected, InvalidData, OneFactoryError

log = logging.getLogger("onefactory")


def _settings(args: argparse.Namespace) -> Settings:
    """The settings from flags and ``ONEFACTORY_*`` variables; a bad value is an InvalidData naming it."""
    given = {k: v for k, v in vars(args).items() if v is not None and k in Settings.model_fields}
    try:
        return Settings(**given)
    except ValidationError as exc:
        bad = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']} (got {e.get('input')!r})" for e in exc.errors())
        raise InvalidData(f"bad setting: {bad}") from None


def _check_port_free(host: str, port: int, what: str, flag: str) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise OneFactoryError(
                f"{what} port {host}:{port} is already in use ({exc.strerror}); choose another with {flag}"
            ) from None


def _check_ports_free(settings: Settings) -> None:
    _check_port_free(settings.host, settings.port, "HTTP", "--port / ONEFACTORY_PORT")
    if settings.telemetry and not settings.mqtt_url:
        flag = "--mqtt-port / ONEFACTORY_MQTT_PORT, or use the broker already running there with --mqtt-url"
        _check_port_free(settings.mqtt_host, settings.mqtt_port, "MQTT", flag)


def cmd_up(args: argparse.Namespace) -> int:
    """Start API, dashboard, MQTT broker and telemetry on one machine; load the demo on first start."""
    import uvicorn

    from onefactory.api import create_app
    from onefactory.platform import Platform
    from onefactory.runtime import steady_collector

    settings = _settings(args)
    _check_ports_free(settings)  # before the demo is loaded: a failed start leaves the data dir as it was
    platform = Platform(settings)
    platform.start()
    steady_collector()
    app = create_app(platform.runtime)
    app.state.demo_accounts = platform.demo_accounts
    print(f"onefactory is up: http://{settings.host}:{settings.port}/  (API docs /api/docs; Ctrl-C stops)", flush=True)
    try:
        uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")
    finally:
        platform.stop()
        print("onefactory stopped cleanly", flush=True)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Import a CSV/XLSX file for a member; all rows or none."""
    from onefactory.runtime import open_runtime
    from onefactory.services import imports

    runtime = open_runtime(_settings(args))
    options = imports.options_from(vars(args))
    try:
        report = imports.import_file(
            runtime.store,
            imports.cli_user(args.member),
            args.kind,
            Path(args.file).read_bytes(),
            Path(args.file).name,
            options,
            runtime.now(),
            receipt_tolerance_pct=runtime.settings.receipt_over_tolerance_pct,
        )
    except ImportRejected as exc:
        print(f"{args.file}: rejected, nothing stored; {len(exc.errors)} error(s):", file=sys.stderr)
        for err in exc.errors:
            print(f"  {flag_words(str(err))}", file=sys.stderr)
        return 2
    print(json.dumps(report.summary(), ensure_ascii=False, indent=2))
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    """Write an import template for a kind."""
    from onefactory.services import imports

    data = imports.template(args.kind, args.format, args.lang)
    out = Path(args.output or f"{args.kind}-template.{args.format}")
    out.write_bytes(data)
    print(f"wrote {out}")
    return 0


def cmd_user(args: argparse.Namespace) -> int:
    """Create a user of a member and print its API token."""
    from onefactory.model import User, UserRole
    from onefactory.runtime import open_runtime
    from onefactory.services import access

    runtime = open_runtime(_settings(args))
    token = access.create_user(runtime.store, User(args.id, args.member, args.name or args.id, UserRole(args.role)))
    print(token)
    return 0


def cmd_db(args: argparse.Namespace) -> int:
    """Apply database migrations."""
    from onefactory.store import open_store

    store = open_store(_settings(args).database_url)
    print(f"database at {store.safe_url} is at the newest schema")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    """Run a benchmark on real data and print one JSON object."""
    from onefactory.bench import BenchOptions, run

    options = BenchOptions(
        results_dir=Path(args.results_dir) if args.results_dir else None,
        threshold=args.threshold,
        time_limit_s=args.time_limit,
        repeats=args.repeats,
        seed=args.seed,
        quick=args.quick,
    )
    print(json.dumps(run(args.name, data=args.data, options=options), indent=2, default=str))
    return 0


IMPORT_FLAGS = ("timezone", "inventory_mode", "delimiter", "decimal", "thousands", "sheet", "columns", "buyer",
                "seller", "due_date")  # fmt: skip


def flag_words(message: str) -> str:
    """An import message with each import option (``options.timezone``) named by its flag (``--timezone``).

    >>> flag_words("a local time without offset needs the site time zone (options.timezone)")
    'a local time without offset needs the site time zone (--timezone)'
    """
    return re.sub(
        r"options\.(\w+)",
        lambda m: f"--{m.group(1).replace('_', '-')}" if m.group(1) in IMPORT_FLAGS else m.group(0),
        message,
    )


def os_words(exc: OSError) -> str:
    """A file the command could not read or write, in one line: the path and the reason.

    >>> os_words(FileNotFoundError(2, "No such file or directory", "/tmp/x.csv"))
    '/tmp/x.csv: No such file or directory'
    """
    return f"{exc.filename}: {exc.strerror}" if exc.filename and exc.strerror else str(exc)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="onefactory", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", help="folder for local state (default ./var)")
    common.add_argument("--store-url", help="database URL (default SQLite in the data dir)")
    up = sub.add_parser("up", parents=[common], help=cmd_up.__doc__)
    up.add_argument("--host")
    up.add_argument("--port", type=int)
    up.add_argument("--mqtt-port", type=int, help="port of the embedded MQTT broker (default 1884)")
    up.add_argument("--mqtt-url", help="use an existing MQTT broker instead of the embedded one")
    up.add_argument("--demo", action="store_true", default=None, help="(re)load the demo cluster")
    up.add_argument("--no-telemetry", dest="telemetry", action="store_false", default=None)
    up.add_argument("--alarm-rules", dest="alarm_rules_file", type=Path, help="JSON or TOML file of alarm rules")
    up.add_argument("--opcua-config", help="OPC UA collector mapping file (JSON or TOML, docs/reference/opcua.md)")
    up.set_defaults(func=cmd_up)
    imp = sub.add_parser("import", parents=[common], help=cmd_import.__doc__)
    imp.add_argument("kind")
    imp.add_argument("file")
    imp.add_argument("--member", required=True)
    imp.add_argument("--inventory-mode", choices=["snapshot", "movement"])
    imp.add_argument("--delimiter")
    imp.add_argument("--decimal")
    imp.add_argument("--thousands")
    imp.add_argument("--sheet")
    imp.add_argument("--timezone")
    imp.add_argument("--columns", help="comma-separated column names for a file without a header")
    imp.add_argument("--buyer", help="buyer member when the file has no buyer column")
    imp.add_argument("--seller", help="seller member when the file has no seller column")
    imp.add_argument("--due-date", type=date.fromisoformat, help="due date (YYYY-MM-DD) when the file has none")
    imp.set_defaults(func=cmd_import)
    tpl = sub.add_parser("template", help=cmd_template.__doc__)
    tpl.add_argument("kind")
    tpl.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    tpl.add_argument("--lang", choices=["ko", "en"], default="ko")
    tpl.add_argument("-o", "--output")
    tpl.set_defaults(func=cmd_template)
    usr = sub.add_parser("user", parents=[common], help=cmd_user.__doc__)
    usr.add_argument("member")
    usr.add_argument("id")
    usr.add_argument("--name")
    usr.add_argument(
        "--role", default="viewer", choices=["member-admin", "planner", "operator", "viewer", "cluster-operator"]
    )
    usr.set_defaults(func=cmd_user)
    db = sub.add_parser("db", parents=[common], help=cmd_db.__doc__)
    db.add_argument("action", choices=["upgrade"])
    db.set_defaults(func=cmd_db)
    bench = sub.add_parser("bench", help=cmd_bench.__doc__)
    bench.add_argument("name", help="one of: " + ", ".join(BENCHMARKS))
    bench.add_argument(
        "--data", help="the benchmark's data folder (default ../shared/data/<dataset>), or a copy of shared/data"
    )
    bench.add_argument("--results-dir", help="also write per-file results (predictions, scores) here")
    bench.add_argument("--threshold", type=float, help="score at this fixed detection threshold")
    bench.add_argument("--time-limit", type=float, help="solver time limit per instance, seconds")
    bench.add_argument("--repeats", type=int, help="repetitions (time-ordered splits, timing runs)")
    bench.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    bench.add_argument("--quick", action="store_true", help="a small subset, to check that it runs")
    bench.set_defaults(func=cmd_bench)
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("transitions", "amqtt", "hpack", "httpx", "asyncua", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    args = _parser().parse_args(argv)
    try:
        return int(args.func(args))
    except OneFactoryError as exc:
        print(f"error: {flag_words(str(exc))}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {os_words(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
