//! narrascope ingest.
