//! The line mode: numbered prompts on stdout, answers typed on stdin. No colour, no cursor
//! movement, every change said in words, so screen readers and scripts can follow it.

use std::io::{self, BufRead, IsTerminal, Read, Write};
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use crate::call::{Call, EXIT_INPUT_ENDED, folded_options};
use crate::diagnostics::printable;
use crate::filter::{Filter, Folded, fold, has_word};
use crate::keeper::CallOptions;
use crate::keeper::{Keeper, Recorded, Saving};
use crate::pathway::{Audience, Choice, Choosable, Lang, Loaded, Question};
use crate::session::Step;
use crate::store::now_rfc3339;
use crate::strings::{PlainWords, line_mode, plain};
use crate::summary::outcome_text;

/// Whether the line mode should be used without being asked: a dumb terminal, or input or
/// output that is not a terminal (a script, a pipe, a screen reader's console).
pub fn wanted_automatically() -> bool {
    std::env::var("TERM").is_ok_and(|t| t == "dumb")
        || !io::stdout().is_terminal()
        || !io::stdin().is_terminal()
}

/// The longest line read; the rest of a longer one is skipped.
const MAX_LINE: usize = 64 * 1024;

/// Runs the line mode on stdin and stdout. In the kiosk, input is read by a thread so that
/// a prompt waits at most the idle time; then the session ends, nothing saved.
pub fn run(loaded: &Loaded, opts: CallOptions) -> ExitCode {
    let keeper = Keeper::open(opts.no_save, opts.resume_within);
    let stdout = io::stdout();
    match opts.kiosk {
        Some(idle) => {
            let input = IdleInput::stdin(idle);
            let line_mode = LineMode::new(loaded, opts, keeper, input, stdout.lock());
            run_to_end(line_mode, Some(idle))
        }
        None => {
            let stdin = io::stdin();
            let line_mode = LineMode::new(loaded, opts, keeper, stdin.lock(), stdout.lock());
            run_to_end(line_mode, None)
        }
    }
}

/// Runs `line_mode` and turns how it ended into the exit status.
fn run_to_end<R: BufRead, W: Write>(
    mut line_mode: LineMode<'_, R, W>,
    idle: Option<Duration>,
) -> ExitCode {
    match line_mode.run() {
        Ok(Ending::Finished | Ending::Quit) => ExitCode::SUCCESS,
        Ok(Ending::InputEnded) => ExitCode::from(EXIT_INPUT_ENDED),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::TimedOut && idle.is_some() => {
            let idle = humantime::format_duration(idle.unwrap_or_default()).to_string();
            let said = crate::strings::kiosk::idle_ended(&idle, line_mode.call().lang());
            line_mode.write_out(|out| writeln!(out, "\n{said}")).ok();
            ExitCode::from(EXIT_INPUT_ENDED)
        }
        Err(e) => {
            eprintln!("carepath: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Input read by a thread and handed over in chunks, so that a read waits at most `idle`
/// for the next one and then fails with [`io::ErrorKind::TimedOut`]: the kiosk's line mode.
pub struct IdleInput {
    chunks: Receiver<io::Result<Vec<u8>>>,
    buf: Vec<u8>,
    pos: usize,
    idle: Duration,
    ended: bool,
}

impl IdleInput {
    /// Reads `source` on a thread of its own (left blocked in its read when the run ends).
    pub fn new(mut source: impl Read + Send + 'static, idle: Duration) -> IdleInput {
        let (tx, chunks) = mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = vec![0u8; 8192];
            loop {
                let chunk = match source.read(&mut buf) {
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => Err(e),
                    Ok(n) => Ok(buf[..n].to_vec()),
                };
                let last = !matches!(&chunk, Ok(c) if !c.is_empty());
                if tx.send(chunk).is_err() || last {
                    return;
                }
            }
        });
        IdleInput {
            chunks,
            buf: Vec::new(),
            pos: 0,
            idle,
            ended: false,
        }
    }

    /// Standard input, waited for at most `idle` at a time.
    pub fn stdin(idle: Duration) -> IdleInput {
        IdleInput::new(io::stdin(), idle)
    }
}

impl Read for IdleInput {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for IdleInput {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos >= self.buf.len() && !self.ended {
            match self.chunks.recv_timeout(self.idle) {
                Ok(Ok(chunk)) if chunk.is_empty() => self.ended = true,
                Ok(Ok(chunk)) => (self.buf, self.pos) = (chunk, 0),
                Ok(Err(e)) => {
                    self.ended = true;
                    return Err(e);
                }
                Err(RecvTimeoutError::Timeout) => {
                    return Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        "no input within the idle time",
                    ));
                }
                Err(RecvTimeoutError::Disconnected) => self.ended = true,
            }
        }
        Ok(&self.buf[self.pos.min(self.buf.len())..])
    }

    fn consume(&mut self, n: usize) {
        self.pos += n;
    }
}

/// How a line-mode run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The call was finished (its result shown and left).
    Finished,
    /// The person typed quit.
    Quit,
    /// Input ended before the call was finished.
    InputEnded,
}

/// What a prompt's answer asks for next.
enum Flow {
    Continue,
    Quit,
    EndOfInput,
    /// The result was shown and left: the call is finished.
    Finished,
    /// Staff asked for the next call.
    NextCall,
    /// Back from the offer of interrupted calls to the choice of mode.
    ChooseMode,
    /// End the run now: what happened was said.
    Stop(Ending),
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

/// A word that means the same at every prompt.
enum Global {
    /// Crisis help or help was printed: ask again.
    Said,
    Quit,
    Back,
    Review,
}

/// A line-mode session over any input and output (stdin/stdout, or a test's buffers).
pub struct LineMode<'p, R, W> {
    loaded: &'p Loaded,
    call: Call<'p>,
    /// The mode given with `--mode`; otherwise asked.
    fixed_audience: Option<Audience>,
    keeper: Keeper,
    /// The output went away: carry on without it.
    output_closed: bool,
    filter: Filter,
    input: R,
    out: W,
}

impl<'p, R: BufRead, W: Write> LineMode<'p, R, W> {
    pub fn new(loaded: &'p Loaded, opts: CallOptions, keeper: Keeper, input: R, out: W) -> Self {
        LineMode {
            loaded,
            call: Call::new(
                loaded,
                opts.audience.unwrap_or_default(),
                opts.lang,
                &now_rfc3339(),
            ),
            fixed_audience: opts.audience,
            keeper,
            output_closed: false,
            filter: Filter::default(),
            input,
            out,
        }
    }

    /// The call being taken (for tests and embedding).
    pub fn call(&self) -> &Call<'p> {
        &self.call
    }

    fn words(&self) -> &'static PlainWords {
        plain(self.call.lang())
    }

    fn lang(&self) -> Lang {
        self.call.lang()
    }

    fn audience(&self) -> Audience {
        self.call.audience()
    }

    /// Prints pathway or program text, with anything that could drive a terminal removed.
    fn say(&mut self, text: &str) -> io::Result<()> {
        let text = printable(text);
        self.write_out(|out| writeln!(out, "{text}"))
    }

    /// Writes to the output. Once the output is closed (a reader that went away), the run
    /// goes on without it, so every answer still read is still saved; stderr says so once.
    fn write_out(&mut self, write: impl FnOnce(&mut W) -> io::Result<()>) -> io::Result<()> {
        if self.output_closed {
            return Ok(());
        }
        match write(&mut self.out).and_then(|()| self.out.flush()) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.output_closed = true;
                let said = line_mode::output_closed(self.call.lang());
                let _ = writeln!(io::stderr(), "{said}");
                Ok(())
            }
            other => other,
        }
    }

    /// The next line typed, trimmed; `None` at the end of input. A line that is not UTF-8
    /// text (a terminal set to Latin-1) is refused with a word and read again; a line longer
    /// than [`MAX_LINE`] is cut there.
    fn read(&mut self) -> io::Result<Option<String>> {
        loop {
            self.write_out(|out| write!(out, "> "))?;
            let mut line = Vec::new();
            let read = (&mut self.input)
                .take(MAX_LINE as u64)
                .read_until(b'\n', &mut line)?;
            if read == 0 {
                self.write_out(|out| writeln!(out))?;
                return Ok(None);
            }
            if line.len() == MAX_LINE && !line.ends_with(b"\n") {
                // Skip the rest of an over-long line.
                let mut rest = Vec::new();
                while (&mut self.input)
                    .take(MAX_LINE as u64)
                    .read_until(b'\n', &mut rest)?
                    > 0
                    && !rest.ends_with(b"\n")
                {
                    rest.clear();
                }
            }
            match String::from_utf8(line) {
                Ok(text) => return Ok(Some(text.trim().to_string())),
                Err(_) => {
                    let words = self.words();
                    self.say(words.not_utf8)?;
                }
            }
        }
    }

    fn is_word(typed: &str, words: &[&str]) -> bool {
        let typed = fold(typed);
        words.iter().any(|w| fold(w) == typed)
    }

    /// The words every prompt takes: crisis and help are answered here (the prompt asks
    /// again); quit, back and review are for the prompt to act on.
    fn global(&mut self, typed: &str) -> io::Result<Option<Global>> {
        let words = self.words();
        if Self::is_word(typed, words.crisis_words) {
            self.print_crisis()?;
            return Ok(Some(Global::Said));
        }
        if Self::is_word(typed, words.help_words) {
            self.say(match self.audience() {
                Audience::Staff => words.help_staff,
                Audience::Patient => words.help_patient,
            })?;
            return Ok(Some(Global::Said));
        }
        if Self::is_word(typed, words.quit_words) {
            return Ok(Some(Global::Quit));
        }
        if Self::is_word(typed, words.back_words) {
            return Ok(Some(Global::Back));
        }
        if Self::is_word(typed, words.review_words) {
            return Ok(Some(Global::Review));
        }
        Ok(None)
    }

    /// The whole run: start, then calls (questions, review, result) until one is finished,
    /// the person quits, or input ends.
    pub fn run(&mut self) -> io::Result<Ending> {
        let p = &self.loaded.pathway;
        let lang = self.lang();
        self.say(&format!(
            "carepath · {} · {} {}",
            p.title.get(lang),
            p.id,
            p.version
        ))?;
        self.say(p.disclaimer.get(lang))?;
        if let Saving::Unavailable(e) = self.keeper.saving().clone() {
            self.say(&line_mode::saving_off(&e, self.lang()))?;
        }
        let mut flow = match self.fixed_audience {
            Some(_) => self.offer_resume()?,
            None => Flow::ChooseMode,
        };
        loop {
            flow = match flow {
                Flow::ChooseMode => match self.choose_mode()? {
                    Flow::Continue => self.offer_resume()?,
                    other => other,
                },
                Flow::Continue => self.step()?,
                Flow::NextCall => {
                    self.call.finish(&now_rfc3339());
                    self.record()?;
                    self.keeper.release();
                    let (audience, lang) = (self.audience(), self.lang());
                    self.call = Call::new(self.loaded, audience, lang, &now_rfc3339());
                    self.say("")?;
                    self.say(&crate::strings::calls::next_call_started(lang))?;
                    Flow::Continue
                }
                Flow::Stop(ending) => return Ok(ending),
                Flow::Finished => {
                    self.leave()?;
                    return Ok(Ending::Finished);
                }
                Flow::Quit => {
                    self.say(self.words().goodbye)?;
                    self.leave()?;
                    return Ok(Ending::Quit);
                }
                Flow::EndOfInput => {
                    self.say(self.words().end_of_input)?;
                    let finished = self.leave()?;
                    return Ok(match finished || self.call.is_blank() {
                        true => Ending::Finished,
                        false => Ending::InputEnded,
                    });
                }
            };
        }
    }

    /// Leaves the call: finished if its result was shown, saved either way, and said.
    /// Returns whether it is finished.
    fn leave(&mut self) -> io::Result<bool> {
        self.call.leave(&now_rfc3339());
        self.record()?;
        let left = crate::strings::calls::left(self.keeper.left(&self.call), self.lang());
        self.say(&left)?;
        Ok(self.call.is_finished())
    }

    /// One step of the call: the next question, the crisis screen, or the review.
    fn step(&mut self) -> io::Result<Flow> {
        match self.call.session().step() {
            Ok(Step::Ask(q)) => self.ask(q),
            Ok(Step::Done(node)) if node.crisis => {
                let lang = self.lang();
                self.say("")?;
                self.say(node.headline.get(lang))?;
                self.print_crisis()?;
                if self.audience() == Audience::Staff {
                    for t in &node.staff_detail {
                        self.say(t.get(lang))?;
                    }
                }
                self.call.show_result();
                self.after_result()
            }
            Ok(Step::Done(_)) => self.review(),
            Err(e) => {
                self.say(&format!("carepath: {e}"))?;
                Ok(Flow::Quit)
            }
        }
    }

    /// Saves the call; says when saving fails and when it works again.
    fn record(&mut self) -> io::Result<()> {
        let lang = self.lang();
        match self.keeper.record(&self.call.snapshot(&now_rfc3339())) {
            Recorded::Saved | Recorded::Skipped | Recorded::StillFailing => Ok(()),
            Recorded::Failed(reason) => self.say(&crate::strings::calls::not_saved(&reason, lang)),
            Recorded::Recovered => self.say(&crate::strings::calls::saving_again(lang)),
        }
    }

    /// Offers the interrupted calls of this mode: a new call, or one of them.
    fn offer_resume(&mut self) -> io::Result<Flow> {
        let (audience, lang) = (self.audience(), self.lang());
        let offers = self
            .keeper
            .offers(self.loaded, audience, std::time::SystemTime::now());
        if offers.expired > 0 {
            let age = humantime::format_duration(offers.resume_within).to_string();
            self.say(&crate::strings::calls::expired(offers.expired, &age, lang))?;
        }
        if offers.busy > 0 {
            self.say(&crate::strings::calls::busy(offers.busy, lang))?;
        }
        for problem in &offers.problems {
            self.say(problem)?;
        }
        if offers.calls.is_empty() {
            return Ok(Flow::Continue);
        }
        self.say("")?;
        self.say(&crate::strings::calls::offers_heading(
            audience,
            offers.calls.len(),
            lang,
        ))?;
        self.say(&format!(
            "  1. {}",
            crate::strings::calls::start_new(audience, lang)
        ))?;
        for (i, saved) in offers.calls.iter().enumerate() {
            let text = crate::keeper::offer_text(self.loaded, saved, offers.listed_at, lang);
            self.say(&format!("  {}. {text}", i + 2))?;
        }
        let words = self.words();
        loop {
            self.say(words.offers_prompt)?;
            let Some(typed) = self.read()? else {
                self.say(words.end_of_input)?;
                self.say(&crate::strings::calls::offers_untouched(lang))?;
                return Ok(Flow::Stop(Ending::InputEnded));
            };
            match self.global(&typed)? {
                Some(Global::Said) => continue,
                Some(Global::Quit) => return Ok(Flow::Quit),
                Some(Global::Back) if self.fixed_audience.is_none() => return Ok(Flow::ChooseMode),
                Some(Global::Back | Global::Review) => continue,
                None => {}
            }
            let only_one = offers.calls.len() == 1;
            let row = if typed.is_empty() || Self::is_word(&typed, words.new_words) {
                Some(0)
            } else if only_one && Self::is_word(&typed, words.resume_words) {
                Some(1)
            } else {
                typed
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=offers.calls.len() + 1).contains(n))
                    .map(|n| n - 1)
            };
            let Some(row) = row else { continue };
            let Some(chosen) = row.checked_sub(1).map(|i| &offers.calls[i]) else {
                return Ok(Flow::Continue);
            };
            match self.keeper.claim(&chosen.call_id, lang) {
                Ok(saved) => {
                    self.resume(saved)?;
                    return Ok(Flow::Continue);
                }
                Err(reason) => self.say(&reason)?,
            }
        }
    }

    /// Takes up a claimed call where it was left, saying what changed.
    fn resume(&mut self, saved: crate::call::SavedCall) -> io::Result<()> {
        let resumed = Call::resume(self.loaded, saved);
        self.call = resumed.call;
        let lang = self.lang();
        if let Some(version) = &resumed.saved_with {
            let text =
                crate::strings::calls::pathway_changed(version, &self.loaded.pathway.version, lang);
            self.say(&text)?;
        }
        if let Some(text) = self.call.dropped_message(&resumed.dropped) {
            self.say(&text)?;
        }
        self.record()
    }

    fn choose_mode(&mut self) -> io::Result<Flow> {
        let words = self.words();
        loop {
            self.say(words.who)?;
            let Some(typed) = self.read()? else {
                return Ok(Flow::EndOfInput);
            };
            match self.global(&typed)? {
                Some(Global::Said | Global::Back | Global::Review) => continue,
                Some(Global::Quit) => return Ok(Flow::Quit),
                None => {}
            }
            let audience = match fold(&typed).as_str() {
                "1" | "staff" | "personnel" | "s" => Audience::Staff,
                "2" | "patient" | "p" => Audience::Patient,
                _ => continue,
            };
            if self.call.is_blank() || self.audience() != audience {
                self.call = Call::new(self.loaded, audience, self.lang(), &now_rfc3339());
            }
            self.say(match audience {
                Audience::Staff => words.staff,
                Audience::Patient => words.patient,
            })?;
            return Ok(Flow::Continue);
        }
    }

    /// Asks one question until it gets an answer or a command.
    fn ask(&mut self, q: &'p Question) -> io::Result<Flow> {
        let words = self.words();
        let lang = self.lang();
        let (n, m) = match self
            .call
            .session()
            .history()
            .iter()
            .position(|h| h.id == q.id)
        {
            Some(i) => (i + 1, self.call.session().history().len()),
            None => self.call.session().progress(),
        };
        self.say("")?;
        let prompt = q.prompt.for_audience(self.audience()).get(lang);
        self.say(&line_mode::question(n, m, prompt, lang))?;
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
        let earlier: Option<Vec<String>> = self
            .call
            .session()
            .remembered(&q.id)
            .map(<[String]>::to_vec);
        if let Some(earlier) = &earlier {
            self.say(&line_mode::earlier_answer(&q.labels(earlier, lang), lang))?;
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
            match self.call.answer(&q.id, &chosen) {
                Ok(dropped) => {
                    // Said only once it is on disk (or saving has said why it is not).
                    self.record()?;
                    let labels = q.labels(&chosen, lang);
                    self.say(&line_mode::you_chose(&labels, lang))?;
                    if let Some(text) = self.call.dropped_message(&dropped) {
                        self.say(&text)?;
                    }
                    return Ok(Flow::Continue);
                }
                Err(e) => {
                    let text = crate::strings::answer_error(&e, &self.loaded.pathway, lang);
                    self.say(&text)?;
                }
            }
        }
    }

    /// Handles a typed command word at a question; `None` when the text is not one.
    fn command(&mut self, typed: &str) -> io::Result<Option<Flow>> {
        let words = self.words();
        Ok(Some(match self.global(typed)? {
            None => return Ok(None),
            Some(Global::Said) => Flow::Continue,
            Some(Global::Quit) => Flow::Quit,
            Some(Global::Back) => {
                match self.call.back() {
                    Some(_) => {
                        self.record()?;
                        self.say(words.went_back)?;
                    }
                    None => self.say(words.back_at_start)?,
                }
                Flow::Continue
            }
            Some(Global::Review) => self.review_at_question()?,
        }))
    }

    /// The review asked for at a question: the answers numbered; a number asks that
    /// question again to change its answer, Enter goes back to the question.
    fn review_at_question(&mut self) -> io::Result<Flow> {
        let words = self.words();
        self.print_answers()?;
        loop {
            self.say(words.review_pick)?;
            let Some(typed) = self.read()? else {
                return Ok(Flow::EndOfInput);
            };
            if typed.is_empty() {
                return Ok(Flow::Continue);
            }
            if let Some(q) = self.answered_by_number(&typed) {
                return self.ask(q);
            }
            match self.global(&typed)? {
                Some(Global::Said) => continue,
                Some(Global::Quit) => return Ok(Flow::Quit),
                Some(Global::Back) => {
                    return self.command(&typed).map(|f| f.unwrap_or(Flow::Continue));
                }
                Some(Global::Review) => {
                    self.print_answers()?;
                    continue;
                }
                None => self.say(&line_mode::not_understood(&typed, self.lang()))?,
            }
        }
    }

    /// Turns typed text into option ids: numbers, ids, or letters of a label (confirmed when
    /// more than one option could be meant).
    fn parse_answer(&mut self, q: &Question, typed: &str) -> io::Result<Parsed> {
        let lang = self.lang();
        let folded = folded_options(&self.loaded.pathway, q, lang);
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
                    self.say(&line_mode::no_match(token, lang))?;
                    return Ok(Parsed::Retry);
                };
                let f = fold(token);
                // An option's id, label or alias typed whole is that option.
                if let Some(i) = folded
                    .iter()
                    .position(|o| o.id == f || o.label == f || o.aliases.contains(&f))
                {
                    chosen.push(q.options[i].id.clone());
                    continue;
                }
                // Three letters or more that begin a word of several options' names ("new":
                // New Brunswick, Newfoundland and Labrador) ask which, never choose one.
                let fits: Vec<usize> = folded
                    .iter()
                    .enumerate()
                    .filter(|(_, o)| begins_a_word(&o.label, &f) || begins_a_word(&o.other, &f))
                    .map(|(i, _)| i)
                    .collect();
                if f.chars().count() >= 3 && fits.len() > 1 {
                    self.say(&line_mode::which_one(token, lang))?;
                    for i in fits {
                        let label = q.options[i].label.get(lang).to_string();
                        self.say(&format!("  {}. {label}", i + 1))?;
                    }
                    return Ok(Parsed::Retry);
                }
                // Sure only of the one label that starts with what was typed, or the one
                // label with it as a whole word (an acronym such as SDRC); anything looser
                // is confirmed, so "no" never silently means an answer.
                let only = |found: &dyn Fn(&Folded) -> bool| {
                    let mut found = folded.iter().enumerate().filter(|(_, o)| found(o));
                    match (found.next(), found.next()) {
                        (Some((i, _)), None) => i == first.index,
                        _ => false,
                    }
                };
                let (n, option) = (f.chars().count(), &q.options[first.index]);
                let sure = (n >= 3
                    && only(&|o| o.label.starts_with(&f) || o.other.starts_with(&f)))
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
        let lang = self.lang();
        self.say(&line_mode::did_you_mean(label, lang))?;
        let Some(reply) = self.read()? else {
            return Ok(Some(Parsed::EndOfInput));
        };
        if Self::is_word(&reply, words.yes_words) {
            return Ok(None);
        }
        if reply.is_empty() || Self::is_word(&reply, words.no_words) {
            self.say(&line_mode::not_chosen(label, q.name().get(lang), lang))?;
            return Ok(Some(Parsed::Retry));
        }
        // A word that works at every prompt (crisis, help, quit, back, review) is done as
        // such; anything else is taken as a new answer to the question.
        let global = [
            words.crisis_words,
            words.help_words,
            words.quit_words,
            words.back_words,
            words.review_words,
        ];
        let text = match global.iter().any(|w| Self::is_word(&reply, w)) {
            true => line_mode::not_chosen_alone(label, lang),
            false => line_mode::not_chosen_instead(label, &reply, lang),
        };
        self.say(&text)?;
        Ok(Some(Parsed::Instead(reply)))
    }

    /// Whether `word` (folded) is written in capitals in the option's label, in either
    /// language: a two-letter acronym such as TV is as sure as a longer word.
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
            if let Some(q) = self.answered_by_number(&typed) {
                return self.ask(q);
            }
        }
    }

    /// The question answered `n`th on the path, when `typed` is that number.
    fn answered_by_number(&self, typed: &str) -> Option<&'p Question> {
        let history = self.call.session().history();
        let n = typed.parse::<usize>().ok()?;
        history.get(n.checked_sub(1)?).copied()
    }

    fn print_answers(&mut self) -> io::Result<()> {
        let lang = self.lang();
        self.say(self.words().review)?;
        for (i, q) in self.call.session().history().iter().enumerate() {
            let labels = q.labels(
                self.call.session().answer_of(&q.id).unwrap_or_default(),
                lang,
            );
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
        let Some(outcome) = self.call.outcome() else {
            return Ok(Flow::Continue);
        };
        let (words, lang) = (self.words(), self.lang());
        self.say("")?;
        let colon = crate::strings::strings(lang).colon.trim_end();
        self.say(&format!("{}{colon}", words.result))?;
        self.say(&outcome_text(
            &self.loaded.pathway,
            &outcome,
            self.audience(),
            lang,
        ))?;
        self.call.show_result();
        self.after_result()
    }

    /// After the result: save the summary, add a note, go on to the next call, change an
    /// answer, or finish. Every global word works here too.
    fn after_result(&mut self) -> io::Result<Flow> {
        let words = self.words();
        let staff = self.audience() == Audience::Staff;
        if !self.keeper.is_saving() && self.keeper.saving() == &Saving::Disabled {
            self.say(words.not_saving)?;
        }
        loop {
            self.say(if staff {
                words.save_or_finish_staff
            } else {
                words.save_or_finish
            })?;
            let Some(typed) = self.read()? else {
                return Ok(Flow::EndOfInput);
            };
            if typed.is_empty() {
                return Ok(Flow::Finished);
            }
            match self.global(&typed)? {
                Some(Global::Said) => continue,
                Some(Global::Quit) => return Ok(Flow::Quit),
                Some(Global::Back | Global::Review) => {
                    return Ok(match self.call.session().step() {
                        // The emergency screen has no review: back takes the answer away.
                        Ok(Step::Done(node)) if node.crisis => {
                            self.command(&typed)?;
                            Flow::Continue
                        }
                        _ => self.review()?,
                    });
                }
                None => {}
            }
            if Self::is_word(&typed, words.save_words) {
                self.save_summary()?;
                continue;
            }
            if staff && Self::is_word(&typed, words.next_words) {
                return Ok(Flow::NextCall);
            }
            if let Some(note) = staff
                .then(|| Self::note_text(&typed, words.note_words))
                .flatten()
            {
                *self.call.note_mut() = note.to_string();
                self.record()?;
                self.say(&line_mode::note_kept(note, self.lang()))?;
                continue;
            }
            self.say(&line_mode::not_understood(&typed, self.lang()))?;
        }
    }

    /// The text after a note word (`note caller prefers mornings`), if `typed` starts so.
    fn note_text<'t>(typed: &'t str, note_words: &[&str]) -> Option<&'t str> {
        let (word, rest) = typed.split_once(char::is_whitespace)?;
        Self::is_word(word, note_words)
            .then(|| rest.trim())
            .filter(|r| !r.is_empty())
    }

    /// Writes the call's summary record (again over its own files); the call is finished.
    fn save_summary(&mut self) -> io::Result<()> {
        let lang = self.lang();
        let ended_at = now_rfc3339();
        let Some(summary) = self.call.summary(&ended_at) else {
            return Ok(());
        };
        match self.keeper.write_summary(&summary, self.call.id(), lang) {
            Ok(files) => {
                self.call.finish(&ended_at);
                self.record()?;
                let text = crate::strings::calls::summary_saved(
                    &files.txt,
                    files.replaced,
                    self.audience(),
                    lang,
                );
                self.say(&text)
            }
            Err(reason) => self.say(&reason),
        }
    }

    /// Crisis help: the pathway's lines and, once known, the region's health line.
    fn print_crisis(&mut self) -> io::Result<()> {
        let help = self.call.crisis_help();
        self.say(&help.title)?;
        for line in help.all_lines() {
            self.say(&format!("  - {line}"))?;
        }
        Ok(())
    }
}

/// Whether a word of `text` (folded) begins with `start` (folded).
fn begins_a_word(text: &str, start: &str) -> bool {
    !start.is_empty()
        && text
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w.starts_with(start))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A source that gives its lines one at a time, `gap` apart, then stays silent.
    struct Slow {
        lines: Vec<&'static str>,
        gap: Duration,
    }

    impl Read for Slow {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            std::thread::sleep(self.gap);
            match self.lines.is_empty() {
                true => {
                    std::thread::sleep(Duration::from_secs(3600));
                    Ok(0)
                }
                false => {
                    let line = self.lines.remove(0).as_bytes();
                    out[..line.len()].copy_from_slice(line);
                    Ok(line.len())
                }
            }
        }
    }

    #[test]
    fn idle_input_gives_lines_that_come_in_time_then_times_out() {
        let source = Slow {
            lines: vec!["one\n", "two\n"],
            gap: Duration::from_millis(100),
        };
        let mut input = IdleInput::new(source, Duration::from_millis(500));
        let mut line = String::new();
        input.read_line(&mut line).unwrap();
        input.read_line(&mut line).unwrap();
        assert_eq!(line, "one\ntwo\n");
        let err = input.read_line(&mut line).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::TimedOut);
    }

    #[test]
    fn idle_input_ends_with_its_source() {
        let mut input = IdleInput::new(io::Cursor::new(b"last\n".to_vec()), Duration::MAX);
        let mut text = String::new();
        input.read_to_string(&mut text).unwrap();
        assert_eq!(text, "last\n");
        assert_eq!(input.read_line(&mut text).unwrap(), 0);
    }
}
