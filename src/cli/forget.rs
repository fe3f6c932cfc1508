//! `carepath forget`: deletes the saved sessions (and, if asked, the summaries) on this machine.

use std::process::ExitCode;

use crate::pathway::Lang;
use crate::store::{Forgotten, Store};

/// Deletes what the state directory holds and says how much; exit 1 when it cannot.
pub fn run(summaries: bool, lang: Lang) -> ExitCode {
    let store = match Store::default_location() {
        Ok(s) => s,
        Err(e) => {
            errln!("carepath: {}", crate::sanitize::shown(&e.to_string()));
            return ExitCode::FAILURE;
        }
    };
    match store.forget(summaries) {
        Ok(done) => {
            outln!("{}", report(done, summaries, &store, lang));
            ExitCode::SUCCESS
        }
        Err(e) => {
            errln!("carepath: {}", crate::sanitize::shown(&e.to_string()));
            ExitCode::FAILURE
        }
    }
}

/// "Deleted 2 saved sessions and 4 summary files from DIR."
fn report(done: Forgotten, summaries: bool, store: &Store, lang: Lang) -> String {
    let dir = crate::sanitize::shown_path(store.dir());
    let (sessions, files) = (done.sessions, done.summaries);
    match lang {
        Lang::En => {
            let sessions = count(sessions, "saved session", "saved sessions");
            let files = count(files, "summary file", "summary files");
            match summaries {
                true => format!("Deleted {sessions} and {files} from {dir}."),
                false => format!(
                    "Deleted {sessions} from {dir}. Summaries are kept (--summaries deletes \
                     them too)."
                ),
            }
        }
        Lang::Fr => {
            let files = match summaries {
                true => format!(" Fichiers de résumé supprimés\u{a0}: {files}."),
                false => " Les résumés sont gardés (--summaries les supprime aussi).".into(),
            };
            format!(
                "Sessions enregistrées supprimées\u{a0}: {sessions}.{files} Dossier\u{a0}: {dir}."
            )
        }
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
