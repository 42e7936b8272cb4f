//! narrascope embed.
