//! The line mode: numbered prompts on stdout, answers typed on stdin. No colour, no cursor
//! movement, every change said in words, so screen readers and scripts can follow it.

use std::io::{self, BufRead, IsTerminal, Write};
use std::process::ExitCode;

use crate::diagnostics::printable;
use crate::export::build_summary;
use crate::filter::{Filter, Folded, fold, fold_bilingual, has_word};
use crate::pathway::{Audience, Choice, Choosable, Lang, Loaded, Question};
use crate::session::{Session, Step};
use crate::store::{SavedSession, Store, now_rfc3339};
use crate::strings::{PlainWords, plain};
use crate::summary::outcome_text;
use crate::wizard::terminal::RunOptions;

/// Whether the line mode should be used without being asked: a dumb terminal, or input or
/// output that is not a terminal (a script, a pipe, a screen reader's console).
pub fn wanted_automatically() -> bool {
    std::env::var("TERM").is_ok_and(|t| t == "dumb")
        || !io::stdout().is_terminal()
        || !io::stdin().is_terminal()
}

/// Runs the line mode on stdin and stdout.
pub fn run(loaded: &Loaded, opts: RunOptions) -> ExitCode {
    let (store, store_error) = if opts.no_save {
        (None, None)
    } else {
        match Store::default_location() {
            Ok(s) => (Some(s), None),
            Err(e) => (None, Some(e.to_string())),
        }
    };
    let stdin = io::stdin();
    let stdout = io::stdout();
    let mut line_mode = LineMode::new(loaded, opts, store, stdin.lock(), stdout.lock());
    if let Some(e) = store_error {
        line_mode.saving_error = Some(e);
    }
    match line_mode.run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("carepath: {e}");
            ExitCode::FAILURE
        }
    }
}

/// What a prompt's answer asks for next.
enum Flow {
    Continue,
    Quit,
    EndOfInput,
    /// The result was shown; the session is over.
    Finished,
}

/// What typed text turned into at a question.
enum Parsed {
    /// Option ids, each typed surely or confirmed.
    Chosen(Vec<String>),
    /// Nothing usable (the reason was said): read the next line.
    Retry,
    /// The reply to "did you mean" was neither yes nor no: it is the new input to the question.
    Instead(String),
    EndOfInput,
}

/// A line-mode session over any input and output (stdin/stdout, or a test's buffers).
pub struct LineMode<'p, R, W> {
    loaded: &'p Loaded,
    session: Session<'p>,
    audience: Option<Audience>,
    lang: Lang,
    store: Option<Store>,
    saving_error: Option<String>,
    no_save: bool,
    started_at: String,
    filter: Filter,
    input: R,
    out: W,
}

impl<'p, R: BufRead, W: Write> LineMode<'p, R, W> {
    pub fn new(
        loaded: &'p Loaded,
        opts: RunOptions,
        store: Option<Store>,
        input: R,
        out: W,
    ) -> Self {
        LineMode {
            loaded,
            session: Session::new(&loaded.pathway),
            audience: opts.audience,
            lang: opts.lang,
            store,
            saving_error: None,
            no_save: opts.no_save,
            started_at: now_rfc3339(),
            filter: Filter::default(),
            input,
            out,
        }
    }

    fn words(&self) -> &'static PlainWords {
        plain(self.lang)
    }

    /// Prints pathway or program text, with anything that could drive a terminal removed.
    fn say(&mut self, text: &str) -> io::Result<()> {
        writeln!(self.out, "{}", printable(text))
    }

    /// The next line typed, trimmed; `None` at the end of input.
    fn read(&mut self) -> io::Result<Option<String>> {
        write!(self.out, "> ")?;
        self.out.flush()?;
        let mut line = String::new();
        if self.input.read_line(&mut line)? == 0 {
            writeln!(self.out)?;
            return Ok(None);
        }
        Ok(Some(line.trim().to_string()))
    }

    fn is_word(typed: &str, words: &[&str]) -> bool {
        let typed = fold(typed);
        words.iter().any(|w| fold(w) == typed)
    }

    /// The whole session: start, questions, review, result.
    pub fn run(&mut self) -> io::Result<()> {
        let p = &self.loaded.pathway;
        self.say(&format!(
            "carepath · {} · {} {}",
            p.title.get(self.lang),
            p.id,
            p.version
        ))?;
        self.say(p.disclaimer.get(self.lang))?;
        if let Some(e) = self.saving_error.clone() {
            self.say(&self.words().saving_failed.replace("{reason}", &e))?;
        }
        match self.offer_resume()? {
            Flow::Continue | Flow::Finished => {}
            Flow::Quit => return self.say(self.words().goodbye),
            Flow::EndOfInput => return self.end_of_input(),
        }
        if self.audience.is_none() {
            match self.choose_mode()? {
                Flow::Continue | Flow::Finished => {}
                Flow::Quit => return Ok(()),
                Flow::EndOfInput => return self.end_of_input(),
            }
        }
        loop {
            let flow = match self.session.step() {
                Ok(Step::Ask(q)) => self.ask(q)?,
                Ok(Step::Done(node)) if node.crisis => {
                    self.say("")?;
                    self.say(node.headline.get(self.lang))?;
                    self.print_crisis()?;
                    if self.audience() == Audience::Staff {
                        for t in &node.staff_detail {
                            self.say(t.get(self.lang))?;
                        }
                    }
                    return Ok(());
                }
                Ok(Step::Done(_)) => self.review()?,
                Err(e) => {
                    self.say(&format!("carepath: {e}"))?;
                    return Ok(());
                }
            };
            match flow {
                Flow::Continue => {}
                Flow::Finished => return Ok(()),
                Flow::Quit => return self.say(self.words().goodbye),
                Flow::EndOfInput => return self.end_of_input(),
            }
        }
    }

    fn end_of_input(&mut self) -> io::Result<()> {
        let saved = self.store.is_some() && !self.session.answers().is_empty();
        let words = self.words();
        self.say(if saved {
            words.end_of_input
        } else {
            words.end_of_input_unsaved
        })
    }

    /// Offers a saved unfinished session: resume it or start again.
    fn offer_resume(&mut self) -> io::Result<Flow> {
        let Some(store) = &self.store else {
            return Ok(Flow::Continue);
        };
        let saved = match store.load(&self.loaded.pathway.id) {
            Ok(Some(saved)) => saved,
            Ok(None) => return Ok(Flow::Continue),
            Err(e) => {
                self.say(&e.to_string())?;
                return Ok(Flow::Continue);
            }
        };
        let words = self.words();
        self.say(
            &words
                .unfinished
                .replace("{n}", &saved.answers.len().to_string())
                .replace(
                    "{when}",
                    &crate::wizard::render::readable_time(&saved.updated_at),
                ),
        )?;
        loop {
            self.say(words.resume_or_new)?;
            let Some(typed) = self.read()? else {
                return Ok(Flow::EndOfInput);
            };
            if Self::is_word(&typed, words.quit_words) {
                return Ok(Flow::Quit);
            }
            if Self::is_word(&typed, words.resume_words) {
                let valid = saved
                    .answers
                    .iter()
                    .filter(|(q, a)| self.session.validate(q, a).is_ok())
                    .map(|(q, a)| (q.clone(), a.clone()))
                    .collect();
                let (session, dropped) = Session::with_answers(&self.loaded.pathway, valid);
                self.session = session;
                self.audience = Some(saved.audience());
                self.lang = saved.language();
                self.started_at = saved.started_at.clone();
                self.report_dropped(&dropped)?;
                return Ok(Flow::Continue);
            }
            if Self::is_word(&typed, words.new_words) {
                if let Some(store) = &self.store
                    && let Err(e) = store.clear(&self.loaded.pathway.id)
                {
                    self.say(&e.to_string())?;
                }
                return Ok(Flow::Continue);
            }
        }
    }

    fn choose_mode(&mut self) -> io::Result<Flow> {
        let words = self.words();
        loop {
            self.say(words.who)?;
            let Some(typed) = self.read()? else {
                return Ok(Flow::EndOfInput);
            };
            if Self::is_word(&typed, words.quit_words) {
                return Ok(Flow::Quit);
            }
            let audience = match fold(&typed).as_str() {
                "1" | "staff" | "personnel" | "s" => Audience::Staff,
                "2" | "patient" | "p" => Audience::Patient,
                _ => continue,
            };
            self.audience = Some(audience);
            self.say(match audience {
                Audience::Staff => words.staff,
                Audience::Patient => words.patient,
            })?;
            return Ok(Flow::Continue);
        }
    }

    fn audience(&self) -> Audience {
        self.audience.unwrap_or_default()
    }

    /// Asks one question until it gets an answer or a command.
    fn ask(&mut self, q: &'p Question) -> io::Result<Flow> {
        let words = self.words();
        let lang = self.lang;
        let (n, m) = match self.session.history().iter().position(|h| h.id == q.id) {
            Some(i) => (i + 1, self.session.history().len()),
            None => self.session.progress(),
        };
        self.say("")?;
        self.say(
            &words
                .question
                .replace("{n}", &n.to_string())
                .replace("{m}", &m.to_string())
                .replace("{prompt}", q.prompt.for_audience(self.audience()).get(lang)),
        )?;
        if !q.help.get(lang).is_empty() {
            self.say(q.help.get(lang))?;
        }
        for (i, o) in q.options.iter().enumerate() {
            let mut line = format!("  {}. {}", i + 1, o.label.get(lang));
            if self.audience() == Audience::Staff {
                line.push_str(&format!(" [{}]", o.id));
            }
            if !o.hint.get(lang).is_empty() {
                line.push_str(&format!(" — {}", o.hint.get(lang)));
            }
            self.say(&line)?;
        }
        self.say(match q.choice {
            Choice::Multi => words.several,
            Choice::Single => match self.audience() {
                Audience::Staff => words.one_staff,
                Audience::Patient => words.one_patient,
            },
        })?;
        // An answer stepped back over is offered again, kept with Enter.
        let earlier: Option<Vec<String>> = self.session.remembered(&q.id).map(<[String]>::to_vec);
        if let Some(earlier) = &earlier {
            self.say(
                &words
                    .earlier_answer
                    .replace("{answer}", &q.labels(earlier, lang)),
            )?;
        }
        let mut instead = None;
        loop {
            let typed = match instead.take() {
                Some(typed) => typed,
                None => match self.read()? {
                    Some(typed) => typed,
                    None => return Ok(Flow::EndOfInput),
                },
            };
            let kept = typed.is_empty().then(|| earlier.clone()).flatten();
            if typed.is_empty() && kept.is_none() {
                self.say(words.commands)?;
                continue;
            }
            if kept.is_none()
                && let Some(flow) = self.command(&typed)?
            {
                return Ok(flow);
            }
            let parsed = match kept {
                Some(kept) => Parsed::Chosen(kept),
                None => self.parse_answer(q, &typed)?,
            };
            let chosen = match parsed {
                Parsed::Chosen(chosen) => chosen,
                Parsed::Retry => continue,
                Parsed::Instead(typed) => {
                    instead = Some(typed);
                    continue;
                }
                Parsed::EndOfInput => return Ok(Flow::EndOfInput),
            };
            match self.session.answer(&q.id, &chosen) {
                Ok(dropped) => {
                    let labels = q.labels(&chosen, lang);
                    self.say(&words.you_chose.replace("{answer}", &labels))?;
                    self.report_dropped(&dropped)?;
                    self.save()?;
                    return Ok(Flow::Continue);
                }
                Err(e) => {
                    let text = crate::strings::answer_error(&e, &self.loaded.pathway, lang);
                    self.say(&text)?;
                }
            }
        }
    }

    /// Handles a typed command word; `None` when the text is not one.
    fn command(&mut self, typed: &str) -> io::Result<Option<Flow>> {
        let words = self.words();
        if Self::is_word(typed, words.quit_words) {
            return Ok(Some(Flow::Quit));
        }
        if Self::is_word(typed, words.help_words) {
            self.say(match self.audience() {
                Audience::Staff => words.help_staff,
                Audience::Patient => words.help_patient,
            })?;
            return Ok(Some(Flow::Continue));
        }
        if Self::is_word(typed, words.crisis_words) {
            self.print_crisis()?;
            return Ok(Some(Flow::Continue));
        }
        if Self::is_word(typed, words.back_words) {
            match self.session.back() {
                Some(_) => {
                    self.say(words.went_back)?;
                    self.save()?;
                }
                None => self.say(words.back_at_start)?,
            }
            return Ok(Some(Flow::Continue));
        }
        if Self::is_word(typed, words.review_words) {
            self.print_answers()?;
            return Ok(Some(Flow::Continue));
        }
        Ok(None)
    }

    /// Turns typed text into option ids: numbers, ids, or letters of a label (confirmed when
    /// more than one option could be meant).
    fn parse_answer(&mut self, q: &Question, typed: &str) -> io::Result<Parsed> {
        let words = self.words();
        let lang = self.lang;
        let p = &self.loaded.pathway;
        let others: Vec<String> = q
            .options
            .iter()
            .map(|o| p.other_names(q, o, lang))
            .collect();
        let folded = fold_bilingual(
            q.options
                .iter()
                .zip(&others)
                .map(|(o, other)| (o.id.as_str(), o.label.get(lang), other.as_str())),
        );
        let mut chosen = Vec::new();
        for token in typed.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            let index = if let Some(n) = token
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=q.options.len()).contains(n))
            {
                n - 1
            } else {
                let matches = self.filter.matches(token, &folded);
                let Some(first) = matches.first() else {
                    self.say(&words.no_match.replace("{typed}", token))?;
                    return Ok(Parsed::Retry);
                };
                let f = fold(token);
                // Sure only of an exact id or label, the one label that starts with what was
                // typed, or the one label with it as a whole word (an acronym such as SDRC);
                // anything looser is confirmed, so "no" never silently means an answer.
                let only = |found: &dyn Fn(&Folded) -> bool| {
                    let mut found = folded.iter().enumerate().filter(|(_, o)| found(o));
                    match (found.next(), found.next()) {
                        (Some((i, _)), None) => i == first.index,
                        _ => false,
                    }
                };
                let (n, option) = (f.chars().count(), &q.options[first.index]);
                let sure = folded[first.index].id == f
                    || folded[first.index].label == f
                    || (n >= 3 && only(&|o| o.label.starts_with(&f) || o.other.starts_with(&f)))
                    || ((n >= 3 || (n == 2 && Self::in_capitals(option, &f)))
                        && only(&|o| has_word(&o.label, &f) || has_word(&o.other, &f)));
                if !sure {
                    let label = q.options[first.index].label.get(lang);
                    if let Some(parsed) = self.confirm(q, label)? {
                        return Ok(parsed);
                    }
                }
                first.index
            };
            chosen.push(q.options[index].id.clone());
        }
        Ok(match chosen.is_empty() {
            true => Parsed::Retry,
            false => Parsed::Chosen(chosen),
        })
    }

    /// Asks "did you mean `label`?": `None` on yes; on no (or an empty line) the question is
    /// asked again; any other reply is the question's new input, a command or an answer.
    fn confirm(&mut self, q: &Question, label: &str) -> io::Result<Option<Parsed>> {
        let words = self.words();
        self.say(&words.did_you_mean.replace("{answer}", label))?;
        let Some(reply) = self.read()? else {
            return Ok(Some(Parsed::EndOfInput));
        };
        if Self::is_word(&reply, words.yes_words) {
            return Ok(None);
        }
        if reply.is_empty() || Self::is_word(&reply, words.no_words) {
            let text = words
                .not_chosen
                .replace("{answer}", label)
                .replace("{question}", q.name().get(self.lang));
            self.say(&text)?;
            return Ok(Some(Parsed::Retry));
        }
        let text = words
            .not_chosen_instead
            .replace("{answer}", label)
            .replace("{typed}", &reply);
        self.say(&text)?;
        Ok(Some(Parsed::Instead(reply)))
    }

    /// Whether `word` (folded) is written in capitals in the option's label, in either
    /// language: a two-letter acronym such as IV is as sure as a longer word.
    fn in_capitals(option: &Choosable, word: &str) -> bool {
        [&option.label.en, &option.label.fr]
            .into_iter()
            .flat_map(|l| l.split(|c: char| !c.is_alphanumeric()))
            .any(|w| fold(w) == word && w.chars().all(|c| !c.is_lowercase()))
    }

    /// The review: every answer numbered; Enter shows the result, a number changes an answer.
    fn review(&mut self) -> io::Result<Flow> {
        let words = self.words();
        self.say("")?;
        self.print_answers()?;
        loop {
            self.say(words.review_hint)?;
            let Some(typed) = self.read()? else {
                return Ok(Flow::EndOfInput);
            };
            if typed.is_empty() {
                return self.show_result();
            }
            if let Some(flow) = self.command(&typed)? {
                return Ok(flow);
            }
            let history = self.session.history();
            if let Some(q) = typed
                .parse::<usize>()
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| history.get(i))
            {
                return self.ask(q);
            }
        }
    }

    fn print_answers(&mut self) -> io::Result<()> {
        let lang = self.lang;
        self.say(self.words().review)?;
        for (i, q) in self.session.history().iter().enumerate() {
            let labels = q.labels(self.session.answer_of(&q.id).unwrap_or_default(), lang);
            self.say(&format!(
                "  {}. {}{}{labels}",
                i + 1,
                q.name().get(lang),
                crate::strings::strings(lang).colon,
            ))?;
        }
        Ok(())
    }

    fn show_result(&mut self) -> io::Result<Flow> {
        let Some(outcome) = self.session.outcome() else {
            return Ok(Flow::Continue);
        };
        let words = self.words();
        let p = &self.loaded.pathway;
        self.say("")?;
        let colon = crate::strings::strings(self.lang).colon.trim_end();
        self.say(&format!("{}{colon}", words.result))?;
        self.say(&outcome_text(p, &outcome, self.audience(), self.lang))?;
        let Some(store) = self.store.clone() else {
            if self.no_save {
                self.say(words.not_saving)?;
            }
            return Ok(Flow::Finished);
        };
        self.say(words.save_or_finish)?;
        let Some(typed) = self.read()? else {
            return Ok(Flow::Finished);
        };
        if Self::is_word(&typed, words.save_words) {
            let summary = build_summary(
                p,
                &self.loaded.sha256,
                &outcome,
                self.audience(),
                self.lang,
                &self.started_at,
                &now_rfc3339(),
                "",
            );
            match store.write_summary(&summary) {
                Ok((txt, json)) => {
                    self.say(
                        &words
                            .summary_saved
                            .replace("{txt}", &txt.display().to_string())
                            .replace("{json}", &json.display().to_string()),
                    )?;
                    if let Err(e) = store.clear(&p.id) {
                        self.say(&e.to_string())?;
                    }
                }
                Err(e) => self.say(&e.to_string())?,
            }
        }
        Ok(Flow::Finished)
    }

    /// Crisis help: the pathway's lines and, once known, the province's health line.
    fn print_crisis(&mut self) -> io::Result<()> {
        let p = &self.loaded.pathway;
        let lang = self.lang;
        self.say(p.crisis.title.get(lang))?;
        for line in &p.crisis.lines {
            self.say(&format!("  - {}", line.get(lang)))?;
        }
        let region = self
            .session
            .answer_of(&p.regions.question)
            .and_then(|a| a.first())
            .and_then(|r| p.region(r));
        match region {
            Some(r) => {
                let label = crate::strings::ui(lang).health_line;
                let colon = crate::strings::strings(lang).colon;
                self.say(&format!(
                    "  - {label} ({}){colon}{}",
                    r.name.get(lang),
                    r.health_line.get(lang)
                ))?;
            }
            None if !p.crisis.before_region.get(lang).is_empty() => {
                self.say(&format!("  - {}", p.crisis.before_region.get(lang)))?;
            }
            None => {}
        }
        Ok(())
    }

    fn report_dropped(&mut self, dropped: &[String]) -> io::Result<()> {
        if dropped.is_empty() {
            return Ok(());
        }
        let lang = self.lang;
        let names: Vec<&str> = dropped
            .iter()
            .map(|d| {
                self.loaded
                    .pathway
                    .question(d)
                    .map_or(d.as_str(), |q| q.name().get(lang))
            })
            .collect();
        let text = self.words().removed.replace("{names}", &names.join(", "));
        self.say(&text)
    }

    /// Writes the answers; says once when saving stops working.
    fn save(&mut self) -> io::Result<()> {
        let Some(store) = &self.store else {
            return Ok(());
        };
        let saved = SavedSession::of(
            self.loaded,
            self.audience(),
            self.lang,
            self.session.answers(),
            &self.started_at,
            "",
        );
        if let Err(e) = store.save(&saved) {
            let text = self
                .words()
                .saving_failed
                .replace("{reason}", &e.to_string());
            self.store = None;
            self.say(&text)?;
        }
        Ok(())
    }
}
