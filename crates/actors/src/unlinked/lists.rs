//! Word lists of the capitalised-name detector.

/// Lower-case words allowed inside a name (`Moon of Alabama`, `Abu Bakr al-Baghdadi`).
/// Asked about most words of a text: a `match` compares lengths and bytes without a call.
pub(super) fn is_connector(w: &str) -> bool {
    matches!(
        w,
        "of" | "al"
            | "el"
            | "bin"
            | "ben"
            | "ibn"
            | "de"
            | "du"
            | "des"
            | "la"
            | "le"
            | "von"
            | "van"
            | "der"
            | "di"
            | "da"
    )
}

/// Capitalised words that start sentences or headlines without being names.
pub(super) const STOP: [&str; 80] = [
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "By",
    "For",
    "From",
    "With",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "He",
    "She",
    "They",
    "We",
    "I",
    "But",
    "And",
    "Or",
    "If",
    "As",
    "Le",
    "La",
    "Les",
    "Un",
    "Une",
    "Des",
    "Il",
    "Elle",
    "Ils",
    "Et",
    "En",
    "Dans",
    "Pour",
    "Par",
    "Source",
    "Then",
    "When",
    "While",
    "After",
    "Before",
    "Since",
    "However",
    "Moreover",
    "Yesterday",
    "Today",
    "Meanwhile",
    "Also",
    "So",
    "Yet",
    "Not",
    "No",
    "There",
    "What",
    "Selon",
    "Depuis",
    "Ces",
    "Cette",
    "Au",
    "Aux",
    "Later",
    "Earlier",
    "Now",
    "Still",
    "Even",
    "Only",
    "Here",
    "Once",
    "Both",
    "Many",
    "Some",
    "Most",
    "All",
    "Each",
    "According",
    "Mais",
];

/// Calendar words and titles: capitalised, but not actors by themselves.
pub(super) const NOT_NAMES: [&str; 44] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "President",
    "Secretary",
    "Minister",
    "Prime Minister",
    "PM",
    "General",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Sir",
    "King",
    "Queen",
    "Prince",
    "Sheikh",
    "Ayatollah",
    "Colonel",
    "Commander",
    "Chief",
    "Senator",
    "Ambassador",
    "Spokesman",
    "Lundi",
    "Mardi",
    "Dimanche",
];
