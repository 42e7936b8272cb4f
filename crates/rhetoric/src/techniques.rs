//! The 23 persuasion techniques of SemEval-2023 Task 3 and the six families they are
//! grouped in.

/// `(technique, family)` in the task's order.
pub const TECHNIQUES: [(&str, &str); 23] = [
    ("Appeal_to_Authority", "Justification"),
    ("Appeal_to_Popularity", "Justification"),
    ("Appeal_to_Values", "Justification"),
    ("Appeal_to_Fear-Prejudice", "Justification"),
    ("Flag_Waving", "Justification"),
    ("Causal_Oversimplification", "Simplification"),
    ("False_Dilemma-No_Choice", "Simplification"),
    ("Consequential_Oversimplification", "Simplification"),
    ("Straw_Man", "Distraction"),
    ("Red_Herring", "Distraction"),
    ("Whataboutism", "Distraction"),
    ("Slogans", "Call"),
    ("Appeal_to_Time", "Call"),
    ("Conversation_Killer", "Call"),
    ("Loaded_Language", "Manipulative_Wording"),
    ("Repetition", "Manipulative_Wording"),
    ("Exaggeration-Minimisation", "Manipulative_Wording"),
    ("Obfuscation-Vagueness-Confusion", "Manipulative_Wording"),
    ("Name_Calling-Labeling", "Attack_on_Reputation"),
    ("Doubt", "Attack_on_Reputation"),
    ("Guilt_by_Association", "Attack_on_Reputation"),
    ("Appeal_to_Hypocrisy", "Attack_on_Reputation"),
    ("Questioning_the_Reputation", "Attack_on_Reputation"),
];

/// The index of `name` in [`TECHNIQUES`].
pub fn index_of(name: &str) -> Option<usize> {
    TECHNIQUES.iter().position(|(t, _)| *t == name)
}

/// The family of technique `name`.
pub fn family_of(name: &str) -> Option<&'static str> {
    TECHNIQUES.iter().find(|(t, _)| *t == name).map(|(_, f)| *f)
}

/// A technique name as it appears in labelled data, with known misspellings repaired
/// (one English label reads `Appeal_to_Fear-Prejudi-čce`); `None` when unknown.
pub fn canonical(name: &str) -> Option<&'static str> {
    let name = name.trim();
    if let Some(i) = index_of(name) {
        return Some(TECHNIQUES[i].0);
    }
    let letters = |s: &str| -> String { s.chars().filter(char::is_ascii_alphabetic).collect() };
    let want = letters(name).to_ascii_lowercase();
    // Allow a few stray letters inside a name (at most two), never a different name.
    TECHNIQUES.iter().map(|(t, _)| *t).find(|t| {
        let have = letters(t).to_ascii_lowercase();
        want.len() >= have.len() && want.len() <= have.len() + 2 && is_subsequence(&have, &want)
    })
}

fn is_subsequence(short: &str, long: &str) -> bool {
    let mut it = long.chars();
    short.chars().all(|c| it.any(|d| d == c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_families_and_misspellings() {
        assert_eq!(index_of("Doubt"), Some(19));
        assert_eq!(family_of("Whataboutism"), Some("Distraction"));
        assert_eq!(family_of("Nope"), None);
        let families: std::collections::BTreeSet<_> = TECHNIQUES.iter().map(|t| t.1).collect();
        assert_eq!(families.len(), 6);
        assert_eq!(
            canonical("Appeal_to_Fear-Prejudi-čce"),
            Some("Appeal_to_Fear-Prejudice")
        );
        assert_eq!(canonical(" Slogans "), Some("Slogans"));
        assert_eq!(canonical("Appeal_to_Fear"), None);
        assert_eq!(canonical("Bandwagon"), None);
    }
}
