"""Cluster planning: multi-tier MRP, finite capacity across members, pooled purchasing,
capable-to-promise, shop scheduling and safety-stock placement. Problem building is pure;
solver adapters (HiGHS, OR-Tools) sit beside it."""
