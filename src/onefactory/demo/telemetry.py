"""Real machine sensor series for the demo, mapped to supplier resources (pure).

Two packaged recordings are replayed (by ``onefactory.ingest.replay``) on
``of/{member}/{site}/{resource}/{signal}`` with payload ``{"ts": <epoch ms>, "value": <float>}``:

- NAB ``machine_temperature_system_failure.csv`` (MIT; a 17-day slice holding
  the labelled run-up to the machine's catastrophic failure) -> GAON's stamping
  press ``PRESS-1``, whose production order serves SEOHAN's order for the
  bracket that goes into the module the lead ordered (``PO-LEAD-0001``);
- SKAB ``other/9.csv`` (GPL-3.0, kept as a separate data file; a pump with an
  exponential rotor imbalance) -> the coolant pump of SEOHAN's module line
  ``MODLINE-1``, whose production order serves ``PO-LEAD-0001`` itself.

Original timestamps carry no zone in either source; they are read as UTC
(only their spacing matters to a replay). NAB does not state the unit of its
machine temperature, so that signal is named without one.

Example:
    >>> series = demo_series()
    >>> [(s.member, s.resource, s.signal) for s in series][:2]
    [('GAON', 'PRESS-1', 'machine_temp'), ('SEOHAN', 'MODLINE-1', 'pump_vibration_1_g')]
    >>> series[0].topic, len(series[0].rows)
    ('of/GAON/HAMAN/PRESS-1/machine_temp', 4896)
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from .build import read_data

NAB_FILE = "nab_machine_temperature.csv"
NAB_WINDOWS = "nab_machine_temperature_windows.json"
NAB_KEY = "realKnownCause/machine_temperature_system_failure.csv"
SKAB_FILE = "skab_other_9.csv"

# SKAB column -> demo signal name (units from the SKAB README).
SKAB_SIGNALS = {
    "Accelerometer1RMS": "pump_vibration_1_g",
    "Accelerometer2RMS": "pump_vibration_2_g",
    "Current": "pump_current_a",
    "Pressure": "coolant_pressure_bar",
    "Temperature": "pump_motor_temp_c",
    "Thermocouple": "coolant_temp_c",
    "Voltage": "pump_voltage_v",
    "Volume Flow RateRMS": "coolant_flow_l_per_min",
}

Window = tuple[datetime, datetime]


@dataclass(frozen=True, slots=True)
class DemoSignal:
    """One recorded signal and the resource it is replayed for.

    ``rows`` are (original timestamp, value) in time order; ``anomaly_windows``
    are the source's labelled anomalies (first to last labelled sample).
    """

    member: str
    site: str
    resource: str
    signal: str
    rows: tuple[tuple[datetime, float], ...]
    source: str
    licence: str
    anomaly_windows: tuple[Window, ...] = ()

    @property
    def topic(self) -> str:
        """The MQTT topic the replay publishes on."""
        return f"of/{self.member}/{self.site}/{self.resource}/{self.signal}"


def demo_series() -> list[DemoSignal]:
    """Every demo signal: the NAB machine temperature first, then the SKAB pump signals."""
    return [_nab_signal(), *_skab_signals()]


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text.strip()).replace(tzinfo=UTC)


def _nab_signal() -> DemoSignal:
    reader = csv.DictReader(io.StringIO(read_data(NAB_FILE)))
    rows = tuple((_time(r["timestamp"]), float(r["value"])) for r in reader)
    windows = json.loads(read_data(NAB_WINDOWS))[NAB_KEY]
    return DemoSignal(
        "GAON",
        "HAMAN",
        "PRESS-1",
        "machine_temp",
        rows,
        f"NAB {NAB_KEY} (rows 2014-01-24 .. 2014-02-09)",
        "MIT",
        tuple((_time(a), _time(b)) for a, b in windows),
    )


def _skab_signals() -> list[DemoSignal]:
    records = list(csv.DictReader(io.StringIO(read_data(SKAB_FILE)), delimiter=";"))
    times = [_time(r["datetime"]) for r in records]
    anomalous = [t for t, r in zip(times, records, strict=True) if float(r["anomaly"]) == 1]
    windows = ((anomalous[0], anomalous[-1]),) if anomalous else ()
    return [
        DemoSignal(
            "SEOHAN",
            "GIMHAE",
            "MODLINE-1",
            signal,
            tuple((t, float(r[column])) for t, r in zip(times, records, strict=True)),
            f"SKAB data/other/9.csv, column {column}",
            "GPL-3.0",
            windows,
        )
        for column, signal in SKAB_SIGNALS.items()
    ]
