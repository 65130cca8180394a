"""Streaming anomaly detection on machine telemetry: detectors in the learn_one / score_one
shape, thresholds, and the alarm rules that turn scores into alarms."""
