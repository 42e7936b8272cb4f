//! Claim extraction on sentences written for the purpose.

mod common;

use std::sync::OnceLock;

use narrascope_actors::{Claim, ClaimExtractor, Lexicon, Linker, Modality, Polarity};

fn tools() -> &'static (Linker, ClaimExtractor) {
    static T: OnceLock<(Linker, ClaimExtractor)> = OnceLock::new();
    T.get_or_init(|| {
        let kb = common::shipped_kb();
        let linker = Linker::new(&kb).expect("linker");
        let ex = ClaimExtractor::new(&kb, Lexicon::shipped().expect("lexicon"));
        (linker, ex)
    })
}

fn claims(text: &str) -> Vec<Claim> {
    let (linker, ex) = tools();
    let doc = common::doc(text);
    let mentions = linker.link(&doc);
    ex.extract(&doc, &mentions)
}

fn keys(text: &str) -> Vec<String> {
    claims(text).into_iter().map(|c| c.key).collect()
}

#[test]
fn active_sentences_in_english_and_french() {
    assert_eq!(keys("The United States armed ISIS."), ["Q30 arm Q2429253"]);
    assert_eq!(
        keys("Les USA ont utilisé Daech en Syrie."),
        ["Q30 use Q2429253"]
    );
    assert_eq!(
        keys("ISIS profite des frappes américaines."),
        ["Q2429253 exploit Q30"]
    );
}

#[test]
fn coordinated_verbs_share_their_arguments() {
    let k = keys("Les États-Unis veulent armer et entraîner les militants d'ISIS.");
    assert_eq!(k, ["Q30 arm Q2429253", "Q30 train Q2429253"]);
}

#[test]
fn passives_take_the_agent_as_subject() {
    assert_eq!(keys("Hezbollah was armed by Iran."), ["Q794 arm Q41053"]);
    assert_eq!(
        keys("Le Hezbollah est financé par l'Iran."),
        ["Q794 fund Q41053"]
    );
}

#[test]
fn nominalisations_name_both_sides() {
    let k =
        keys("La coordination entre les forces américaines présentes en Irak et Daech est connue.");
    assert_eq!(k, ["Q30 coordinate Q2429253"]);
    let k =
        keys("The US military launched airstrikes against the Iraqi Popular Mobilization Units.");
    assert_eq!(k, ["Q30 attack Q16837785"]);
}

#[test]
fn negation_modality_and_attribution() {
    let c = claims("Iran did not arm the Houthis, according to Reuters.");
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c[0].key, "Q794 arm ns:houthis");
    assert_eq!(c[0].polarity, Polarity::Negated);
    assert_eq!(c[0].source.as_deref(), Some("ns:reuters"));
    let c = claims("La Russie n'a pas attaqué l'Ukraine.");
    assert_eq!(c[0].polarity, Polarity::Negated);
    let c = claims("Russia allegedly armed the Taliban.");
    assert_eq!(
        (c[0].polarity, c[0].modality),
        (Polarity::Affirmed, Modality::Hedged)
    );
    let c = claims("Did Washington arm ISIS?");
    assert_eq!(c[0].modality, Modality::Questioned);
    let c = claims("Gerasimov said the United States helped ISIS.");
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c[0].key, "Q30 help Q2429253");
    assert_eq!(c[0].source.as_deref(), Some("ns:valery-gerasimov"));
}

#[test]
fn locations_are_not_parties() {
    assert!(keys("Russia attacked in Syria yesterday.").is_empty());
}

#[test]
fn a_claim_stated_twice_in_one_sentence_is_kept_once() {
    let text = "The Pentagon said the attacks were “defensive strikes” against the Kata’ib \
                Hezbollah militia group, which US officials said was backed by Iran.";
    let k = keys(text);
    let attacks = k
        .iter()
        .filter(|k| *k == "Q30 attack ns:kataib-hezbollah")
        .count();
    assert_eq!(attacks, 1, "{k:?}");
    let c = claims(text);
    assert_eq!(c[0].source.as_deref(), Some("Q11209"), "{c:?}");
}

#[test]
fn the_subject_is_the_nearest_actor_of_the_clause() {
    // a fronted phrase and an earlier clause do not give the subject
    assert_eq!(
        keys("Under Saddam Hussein, Iraq backed the Palestinians."),
        ["Q796 support ns:palestinians"]
    );
    assert_eq!(
        keys("Le groupe Wagner a combattu en Libye, tandis que la Turquie soutenait le Qatar."),
        ["Q43 support Q846"]
    );
    assert_eq!(
        keys("Russia met Qatar, while Iran armed the Houthis."),
        ["Q794 arm ns:houthis"]
    );
}

#[test]
fn relative_clauses_give_their_antecedent() {
    // object relative: the antecedent is the object of the verb inside
    assert_eq!(
        keys("The Houthis, whom Iran arms, attacked Saudi Arabia."),
        ["Q794 arm ns:houthis", "ns:houthis attack Q851"]
    );
    assert_eq!(
        keys("Les talibans, que le Pakistan finance, menacent l'Afghanistan."),
        ["Q843 fund Q42418", "Q42418 threaten Q889"]
    );
    // a participle clause set off by commas is skipped
    assert_eq!(
        keys("Hamas, funded by Qatar, threatened Israel."),
        ["Q846 fund Q38799", "Q38799 threaten Q801"]
    );
}

#[test]
fn adjuncts_and_reported_subjects_are_not_objects() {
    assert!(keys("Russia fought alongside Syria.").is_empty());
    assert!(keys("Iran warned the United States would regret it.").is_empty());
    assert!(keys("La Turquie a combattu aux côtés de l'Azerbaïdjan.").is_empty());
    // a date between the verb and its object is not an adjunct holding it
    assert_eq!(
        keys("La Russie occupe depuis 2014 la Crimée."),
        ["Q159 occupy Q7835"]
    );
}

#[test]
fn coordinated_actors_each_get_the_claim() {
    assert_eq!(
        keys("The United Kingdom and France bombed ISIS."),
        ["Q145 bomb Q2429253", "Q142 bomb Q2429253"]
    );
    assert_eq!(
        keys("L'Iran finance le Hamas et le Hezbollah."),
        ["Q794 fund Q38799", "Q794 fund Q41053"]
    );
}

#[test]
fn verb_forms_used_as_nouns() {
    // after a determiner: the object follows `on`/`contre`, the agent `of`/`du`
    assert_eq!(
        keys("L'attaque du Hezbollah contre Israël a échoué."),
        ["Q41053 attack Q801"]
    );
    assert!(keys("The attacks of the Houthis worried Egypt.").is_empty());
    // `French a` is an auxiliary, not an article
    assert_eq!(keys("La France a armé l'Ukraine."), ["Q142 arm Q212"]);
    // a compound before a preposition is a noun
    assert!(keys("ISIS targets in Syria were hit.").is_empty());
}

#[test]
fn hyphenated_participles_and_infinitives() {
    assert_eq!(
        keys("Iran-backed Houthis fired at ships."),
        ["Q794 support ns:houthis"]
    );
    assert!(keys("Syria shelled rebel-occupied villages near Idlib.").is_empty());
    // an infinitive takes the subject of the verb it depends on
    assert_eq!(
        keys("La Russie a utilisé la base aérienne pour bombarder Idlib."),
        ["Q159 bomb ns:idlib"]
    );
}

#[test]
fn sources_are_not_parties() {
    let c = claims("According to Turkey, Russia attacked Ukraine.");
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c[0].key, "Q159 attack Q212");
    assert_eq!(c[0].source.as_deref(), Some("Q43"));
}
