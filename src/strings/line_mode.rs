//! The line mode's sentences that carry values (the question, the answer taken, what was
//! typed), as typed functions in English and French.

use crate::pathway::Lang;

/// `text` between quotation marks: “…” in English, « … » with no-break spaces in French.
fn quoted(text: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("“{text}”"),
        Lang::Fr => format!("«\u{a0}{text}\u{a0}»"),
    }
}

/// "Question 3 of about 9: Which province?"
pub fn question(n: usize, total: usize, prompt: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("Question {n} of about {total}: {prompt}"),
        Lang::Fr => format!("Question {n} sur environ {total}\u{a0}: {prompt}"),
    }
}

/// The answer taken, by its labels.
pub fn you_chose(answer: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("You chose: {answer}"),
        Lang::Fr => format!("Vous avez choisi\u{a0}: {answer}"),
    }
}

/// What was typed matches no option.
pub fn no_match(typed: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("No option matches \"{typed}\". The options are listed above."),
        Lang::Fr => format!(
            "Aucune option ne correspond à {}. Les options sont listées plus haut.",
            quoted(typed, lang)
        ),
    }
}

/// What was typed may mean `answer`: yes, no, or another answer?
pub fn did_you_mean(answer: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("Did you mean: {answer}? Type yes, no, or another answer."),
        Lang::Fr => {
            format!("Vouliez-vous dire\u{a0}: {answer}? Tapez oui, non ou une autre réponse.")
        }
    }
}

/// "No" to "did you mean": the question, named, is asked again.
pub fn not_chosen(answer: &str, question: &str, lang: Lang) -> String {
    let question = quoted(question, lang);
    match lang {
        Lang::En => format!("Not chosen: {answer}. Type your answer to {question} again."),
        Lang::Fr => format!(
            "Réponse non retenue\u{a0}: {answer}. Tapez de nouveau votre réponse à {question}."
        ),
    }
}

/// Neither yes nor no to "did you mean": the reply is read as a new answer or command.
pub fn not_chosen_instead(answer: &str, typed: &str, lang: Lang) -> String {
    let typed = quoted(typed, lang);
    match lang {
        Lang::En => {
            format!("Not chosen: {answer}. Your reply {typed} is taken for this question instead.")
        }
        Lang::Fr => format!(
            "Réponse non retenue\u{a0}: {answer}. Votre saisie {typed} est prise à la place pour \
             cette question."
        ),
    }
}

/// A word that works at every prompt, to "did you mean": it is done as such.
pub fn not_chosen_alone(answer: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("Not chosen: {answer}."),
        Lang::Fr => format!("Réponse non retenue\u{a0}: {answer}."),
    }
}

/// A word that fits several options: which one? The candidates follow, numbered.
pub fn which_one(typed: &str, lang: Lang) -> String {
    let typed = quoted(typed, lang);
    match lang {
        Lang::En => format!(
            "{typed} fits more than one answer. Which one? Type its number, or more of its name:"
        ),
        Lang::Fr => format!(
            "{typed} correspond à plus d'une réponse. Laquelle? Tapez son numéro, ou une plus \
             grande partie de son nom\u{a0}:"
        ),
    }
}

/// An answer stepped back over, offered again.
pub fn earlier_answer(answer: &str, lang: Lang) -> String {
    match lang {
        Lang::En => {
            format!("Your earlier answer: {answer}. Press Enter to keep it, or type another.")
        }
        Lang::Fr => format!(
            "Votre réponse précédente\u{a0}: {answer}. Appuyez sur Entrée pour la garder, ou \
             tapez-en une autre."
        ),
    }
}

/// A reply the prompt does not know.
pub fn not_understood(typed: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("Not understood: {}.", quoted(typed, lang)),
        Lang::Fr => format!("Réponse non comprise\u{a0}: {}.", quoted(typed, lang)),
    }
}

/// The staff note was kept.
pub fn note_kept(note: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("Staff note kept: {note}"),
        Lang::Fr => format!("Note du personnel conservée\u{a0}: {note}"),
    }
}

/// Saving cannot work on this machine, and why.
pub fn saving_off(reason: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("Saving is off: {reason}"),
        Lang::Fr => format!("Enregistrement désactivé\u{a0}: {reason}"),
    }
}

/// Said on stderr once the output was closed: the run goes on without it.
pub fn output_closed(lang: Lang) -> String {
    match lang {
        Lang::En => "carepath: the output was closed; the rest of the input is still read and \
                     its answers saved"
            .into(),
        Lang::Fr => "carepath\u{a0}: la sortie a été fermée; la suite de l'entrée est encore lue \
                     et ses réponses enregistrées"
            .into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_value_lands_in_its_place() {
        assert_eq!(
            question(2, 9, "Which province?", Lang::En),
            "Question 2 of about 9: Which province?"
        );
        assert_eq!(
            question(2, 9, "Quelle province?", Lang::Fr),
            "Question 2 sur environ 9\u{a0}: Quelle province?"
        );
        assert_eq!(
            not_chosen("Oslo", "City", Lang::En),
            "Not chosen: Oslo. Type your answer to “City” again."
        );
        assert_eq!(
            not_chosen_instead("Oslo", "on", Lang::Fr),
            "Réponse non retenue\u{a0}: Oslo. Votre saisie «\u{a0}on\u{a0}» est prise à la \
             place pour cette question."
        );
        assert_eq!(
            no_match("zzz", Lang::En),
            "No option matches \"zzz\". The options are listed above."
        );
        assert_eq!(not_understood("x", Lang::En), "Not understood: “x”.");
        assert_eq!(
            not_understood("x", Lang::Fr),
            "Réponse non comprise\u{a0}: «\u{a0}x\u{a0}»."
        );
    }
}
