//! Stage 5: the document id, 16 hex characters of the SHA-256 of the normalised text.

use narrascope_core::{Analysis, DocId, Stage, StageError};
use sha2::{Digest, Sha256};

/// The id of a normalised text.
pub fn doc_id(text: &str) -> DocId {
    let digest = Sha256::digest(text.as_bytes());
    DocId(digest.iter().take(8).map(|b| format!("{b:02x}")).collect())
}

/// Stage: sets `doc.id` from `doc.text`.
#[derive(Debug, Default, Clone, Copy)]
pub struct Identity;

impl Stage for Identity {
    fn name(&self) -> &'static str {
        "identity"
    }

    fn run(&self, analysis: &mut Analysis) -> Result<(), StageError> {
        analysis.doc.id = doc_id(&analysis.doc.text);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixteen_hex_of_sha256() {
        // SHA-256("abc") = ba7816bf8f01cfea…
        assert_eq!(doc_id("abc").0, "ba7816bf8f01cfea");
        assert_ne!(doc_id("abc"), doc_id("abd"));
        assert!(
            doc_id("")
                .0
                .chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_uppercase())
        );
    }
}
