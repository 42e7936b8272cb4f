//! Turning what a user types for an actor (an id, a label, an alias) into one entity id.

use crate::Kb;
use crate::validate::{is_local_id, is_qid};

impl Kb {
    /// The entity id `actor` names: an id the KB knows, else a label (any case), else an
    /// alias carried by exactly one entity, else anything shaped like an id (`Q…`, `ns:…`)
    /// as given, so corpora linked with a user KB stay searchable. The error says why.
    pub fn resolve_actor(&self, actor: &str) -> Result<String, String> {
        let actor = actor.trim();
        if self.get(actor).is_some() {
            return Ok(actor.to_string());
        }
        let want = actor.to_lowercase();
        let entities = self.entities();
        if let Some(e) = entities.iter().find(|e| e.label.to_lowercase() == want) {
            return Ok(e.id.clone());
        }
        let mut named: Vec<&str> = entities
            .iter()
            .filter(|e| e.aliases.iter().any(|a| a.text.to_lowercase() == want))
            .map(|e| e.id.as_str())
            .collect();
        named.dedup();
        match named.as_slice() {
            [one] => return Ok(one.to_string()),
            [] => {}
            many => {
                return Err(format!(
                    "actor {actor:?} names several entities ({}): pass one id",
                    many.join(", ")
                ));
            }
        }
        if is_qid(actor) || is_local_id(actor) {
            return Ok(actor.to_string());
        }
        Err(format!(
            "actor {actor:?}: no entity with this id, name or alias in the knowledge base"
        ))
    }
}

#[cfg(test)]
mod tests {
    use crate::Kb;

    #[test]
    fn actors_resolve_to_exact_ids() {
        let kb = Kb::shipped().expect("shipped kb");
        let r = |s: &str| kb.resolve_actor(s).ok();
        assert_eq!(r("Q30").as_deref(), Some("Q30"));
        assert_eq!(r("united states").as_deref(), Some("Q30"));
        assert_eq!(r("Daech").as_deref(), Some("Q2429253"));
        assert_eq!(r("ns:reuters").as_deref(), Some("ns:reuters"));
        assert_eq!(r("Q999999999").as_deref(), Some("Q999999999"));
        assert!(r("nobody at all").is_none());
    }
}
