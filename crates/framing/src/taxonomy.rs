//! The role taxonomy of SemEval-2025 Task 10 subtask 1: three main roles, each with its
//! fine roles (every fine role belongs to exactly one main role).

/// The main roles, in model order.
pub const MAIN_ROLES: [&str; 3] = ["Protagonist", "Antagonist", "Innocent"];

/// Every fine role with the index of its main role in [`MAIN_ROLES`], in model order.
pub const FINE_ROLES: [(&str, usize); 22] = [
    ("Guardian", 0),
    ("Martyr", 0),
    ("Peacemaker", 0),
    ("Rebel", 0),
    ("Underdog", 0),
    ("Virtuous", 0),
    ("Instigator", 1),
    ("Conspirator", 1),
    ("Tyrant", 1),
    ("Foreign Adversary", 1),
    ("Traitor", 1),
    ("Spy", 1),
    ("Saboteur", 1),
    ("Corrupt", 1),
    ("Incompetent", 1),
    ("Terrorist", 1),
    ("Deceiver", 1),
    ("Bigot", 1),
    ("Forgotten", 2),
    ("Exploited", 2),
    ("Victim", 2),
    ("Scapegoat", 2),
];

/// The index of a main role.
pub fn main_index(role: &str) -> Option<usize> {
    MAIN_ROLES.iter().position(|r| *r == role)
}

/// The index of a fine role.
pub fn fine_index(role: &str) -> Option<usize> {
    FINE_ROLES.iter().position(|(r, _)| *r == role)
}

/// The main role a fine role belongs to.
pub fn main_of(fine: &str) -> Option<&'static str> {
    FINE_ROLES
        .iter()
        .find(|(r, _)| *r == fine)
        .map(|(_, m)| MAIN_ROLES[*m])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_main_role_has_fine_roles() {
        let counts: Vec<usize> = (0..3)
            .map(|m| FINE_ROLES.iter().filter(|(_, x)| *x == m).count())
            .collect();
        assert_eq!(counts, vec![6, 12, 4]);
        assert_eq!(main_of("Victim"), Some("Innocent"));
        assert_eq!(main_of("Foreign Adversary"), Some("Antagonist"));
        assert_eq!(main_of("Hero"), None);
        assert_eq!(fine_index("Scapegoat"), Some(21));
        assert_eq!(main_index("Antagonist"), Some(1));
    }
}
