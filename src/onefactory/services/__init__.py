"""Use cases: read the store, call the engines, write the store.

``access`` (tokens, grants, logged reads), ``orders`` (the shared order),
``cluster`` (members, overview, stock, telemetry reads), ``imports`` (files).
Services are handed a store; they never build one.
"""
