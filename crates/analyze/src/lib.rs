//! narrascope analyze.
