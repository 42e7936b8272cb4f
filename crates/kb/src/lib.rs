//! narrascope kb.
