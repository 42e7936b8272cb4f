//! narrascope corpus.
