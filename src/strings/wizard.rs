//! The wizard's sentences that carry values (progress, window size, terminal failures), as
//! typed functions in English and French.

use crate::pathway::Lang;

/// "Question 3 of about 9": where the person is on the path.
pub fn question_of(n: usize, total: usize, lang: Lang) -> String {
    match lang {
        Lang::En => format!("Question {n} of about {total}"),
        Lang::Fr => format!("Question {n} sur environ {total}"),
    }
}

/// A width and a height in terminal cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cells {
    pub width: u16,
    pub height: u16,
}

/// The window is smaller than the wizard draws in: how large it must be, and how large it is.
pub fn too_small(needed: Cells, now: Cells, lang: Lang) -> String {
    let (w, h) = (needed.width, needed.height);
    let (cw, ch) = (now.width, now.height);
    match lang {
        Lang::En => format!("Please make the window larger: at least {w}×{h} (now {cw}×{ch})."),
        Lang::Fr => format!(
            "Veuillez agrandir la fenêtre\u{a0}: au moins {w}×{h} (actuellement {cw}×{ch})."
        ),
    }
}

/// The wizard was started where input or output is not a terminal.
pub fn needs_terminal(lang: Lang) -> String {
    match lang {
        Lang::En => "carepath: the wizard needs a terminal, and this is not one (input or output \
                     is redirected).\nTo route a case from a script, use `carepath route \
                     --answer ID=OPTION ...`; run `carepath --help` for every command."
            .into(),
        Lang::Fr => "carepath\u{a0}: l'assistant a besoin d'un terminal, et ceci n'en est pas \
                     un (l'entrée ou la sortie est redirigée).\nPour orienter un cas depuis un \
                     script, utilisez `carepath route --answer ID=OPTION ...`; lancez \
                     `carepath --help` pour voir toutes les commandes."
            .into(),
    }
}

/// The terminal could not be put in the wizard's mode.
pub fn terminal_not_set_up(reason: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("carepath: cannot set up the terminal: {reason}"),
        Lang::Fr => format!("carepath\u{a0}: impossible de préparer le terminal\u{a0}: {reason}"),
    }
}

/// The terminal failed while the wizard ran.
pub fn terminal_stopped(reason: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("carepath: the terminal stopped working: {reason}"),
        Lang::Fr => format!("carepath\u{a0}: le terminal a cessé de fonctionner\u{a0}: {reason}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_and_window_size_name_their_numbers() {
        assert_eq!(question_of(3, 9, Lang::En), "Question 3 of about 9");
        assert_eq!(question_of(3, 9, Lang::Fr), "Question 3 sur environ 9");
        let needed = Cells {
            width: 60,
            height: 16,
        };
        let now = Cells {
            width: 50,
            height: 12,
        };
        assert_eq!(
            too_small(needed, now, Lang::En),
            "Please make the window larger: at least 60×16 (now 50×12)."
        );
        assert_eq!(
            too_small(needed, now, Lang::Fr),
            "Veuillez agrandir la fenêtre\u{a0}: au moins 60×16 (actuellement 50×12)."
        );
    }

    #[test]
    fn terminal_failures_keep_their_reason() {
        for lang in [Lang::En, Lang::Fr] {
            assert!(terminal_not_set_up("no tty", lang).ends_with(": no tty"));
            assert!(terminal_stopped("broken pipe", lang).ends_with(": broken pipe"));
            assert!(needs_terminal(lang).contains("carepath route --answer"));
        }
    }
}
