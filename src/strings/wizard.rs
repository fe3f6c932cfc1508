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
}
