"""Settings: the only place environment variables are read (prefix ``ONEFACTORY_``)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything the platform can be told at start-up."""

    model_config = SettingsConfigDict(env_prefix="ONEFACTORY_", env_nested_delimiter="__", extra="ignore")

    data_dir: Path = Field(Path("var"), description="Folder for the SQLite file and other local state.")
    store_url: str | None = Field(None, description="Database URL; default is SQLite in data_dir.")
    host: str = Field("127.0.0.1", description="Address the API and dashboard listen on.")
    port: int = Field(8080, description="Port of the API and dashboard.")
    mqtt_url: str | None = Field(
        None, description="An existing MQTT broker (mqtt://host:port); unset starts the embedded broker."
    )
    mqtt_host: str = Field("127.0.0.1", description="Address the embedded MQTT broker listens on.")
    mqtt_port: int = Field(1884, description="Port of the embedded MQTT broker.")
    mqtt_max_packet_bytes: int | None = Field(
        None,
        gt=0,
        description="Largest MQTT packet the broker accepts (Mosquitto max_packet_size); bigger messages are refused.",
    )
    mqtt_receive_maximum: int = Field(
        65_535,
        ge=0,
        le=65_535,
        description="Unacknowledged messages the ingest lets an existing broker send (MQTT 5); 0: MQTT 3.1.1.",
    )
    demo: bool = Field(False, description="Load the demonstration cluster even if the store is not empty.")
    replay_rate_hz: float = Field(
        1.0,
        gt=0,
        le=1000,
        description="Samples per second and signal at which the demo replays its recorded sensor data.",
    )
    telemetry: bool = Field(True, description="Run telemetry ingest (and demo replay) with the platform.")
    series_limit: int = Field(
        100_000,
        ge=1,
        description="Distinct series (resource, signal) a member may create; new ones past it are refused.",
    )
    alarm_tick_s: float = Field(
        5.0, gt=0, le=3600, description="Seconds between escalation checks and webhook delivery rounds."
    )
    alarm_rules_file: Path | None = Field(
        None,
        description="JSON or TOML file of alarm rules (thresholds and detectors per signal); unset: built-in rules.",
    )
    alarm_forward_topic: str | None = Field(
        None,
        description="MQTT topic template for raised alarms, e.g. alarms/{member}/{machine_name}; unset: off.",
    )
    opcua_config: Path | None = Field(
        None, description="OPC UA collector mapping file (JSON or TOML, see docs/reference/opcua.md); unset: off."
    )

    receipt_over_tolerance_pct: Decimal = Field(
        Decimal(0),
        ge=0,
        le=100,
        allow_inf_nan=False,
        description="Percent a goods receipt may exceed an order line's agreed quantity (or an ASN's) "
        "when the line sets no tolerance; beyond it the receipt is refused.",
    )
    readings_retention_days: int = Field(
        0,
        ge=0,
        description="Days raw telemetry readings are kept before the retention step deletes them; 0 keeps them.",
    )
    rollups_retention_days: int = Field(
        0, ge=0, description="Days one-minute telemetry rollups are kept; 0 keeps them."
    )
    retention_interval_s: float = Field(
        3600.0, gt=0, description="Seconds between telemetry retention steps (the first runs at start)."
    )

    @field_validator("store_url")
    @classmethod
    def _normalise_url(cls, value: str | None) -> str | None:
        if value and value.startswith("postgres://"):
            return "postgresql+psycopg://" + value.removeprefix("postgres://")
        return value

    @property
    def database_url(self) -> str:
        """The store URL, defaulting to ``sqlite:///<data_dir>/onefactory.db``."""
        return self.store_url or f"sqlite:///{self.data_dir / 'onefactory.db'}"
