//! The words of the patient kiosk (`carepath kiosk`), in English and French.

use crate::pathway::Lang;

/// Said once the screen is cleared after `idle` (a humantime duration, `10m`) without a key.
pub fn idle_ended(idle: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!(
            "carepath: the session ended after {idle} without a key. Nothing was saved. \
             Connect again to start over."
        ),
        Lang::Fr => format!(
            "carepath\u{a0}: la séance s'est terminée après {idle} sans touche. Rien n'a été \
             enregistré. Reconnectez-vous pour recommencer."
        ),
    }
}

/// The kiosk refuses a file (`--pathway`) or any other argument, naming what it was given.
pub fn refused(given: &str) -> String {
    format!(
        "carepath kiosk: {given} is refused: the kiosk takes no file and no other command, so \
         that a patient reaches only the bundled pathway, in patient mode, with nothing saved. \
         Its only options are --idle DURATION, --lang en|fr and --plain."
    )
}
