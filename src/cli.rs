//! Command-line front ends: the subcommands and their shared options.

/// `print!` for the commands' output, through [`write_stdout`].
macro_rules! out {
    ($($arg:tt)*) => { $crate::cli::write_stdout(format_args!($($arg)*)) };
}

/// `println!` for the commands' output, through [`write_stdout`].
macro_rules! outln {
    ($($arg:tt)*) => { $crate::cli::write_stdout(format_args!("{}\n", format_args!($($arg)*))) };
}

pub mod check;
pub mod diff;
pub mod explain;
pub mod export;
pub mod forget;
pub mod graph;
pub mod route;
pub mod scenarios;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diagnostics::{Style, render_load_error};
use crate::pathway::load::PathwaySource;
use crate::pathway::{Audience, Lang, Loaded};

/// carepath: a care-pathway navigator for ketamine therapy and chronic pain in Canada.
///
/// It orients; it never prescribes. A licensed clinician makes every treatment decision.
#[derive(Debug, Parser)]
#[command(name = "carepath", version, about, long_about = None)]
pub struct Cli {
    /// A pathway file to use instead of the bundled one.
    #[arg(long, global = true, value_name = "FILE")]
    pub pathway: Option<PathBuf>,
    /// Language of the text shown.
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,
    /// Who is using carepath: staff see clinical detail, patients the plain version.
    /// In the wizard, skips the start screen.
    #[arg(long, global = true, value_enum)]
    pub mode: Option<ModeArg>,
    /// Write nothing to disk (for shared machines): no saved answers, no summaries.
    #[arg(long)]
    pub no_save: bool,
    /// Numbered prompts on stdout, answers on stdin: for screen readers and scripts. Chosen
    /// automatically when TERM=dumb or output is not a terminal.
    #[arg(long)]
    pub plain: bool,
    /// High-contrast colours in the wizard (white on black, bold selection).
    #[arg(long)]
    pub high_contrast: bool,
    /// Leave the mouse to the terminal: no click reporting, so a plain drag selects text.
    #[arg(long)]
    pub no_mouse: bool,
    /// Offer interrupted calls for resume only when they changed within this time (such as
    /// 12h, 30m, 2days); older ones are deleted when carepath starts.
    #[arg(long, value_name = "DURATION", default_value = "12h", value_parser = humantime::parse_duration)]
    pub resume_within: std::time::Duration,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check pathway files (default: the bundled one) and prove every path ends in an outcome.
    Check {
        /// Pathway files to check.
        files: Vec<PathBuf>,
        /// Warn about sources last checked more than N months ago.
        #[arg(long, value_name = "N", default_value_t = crate::pathway::validate::DEFAULT_REVIEW_MONTHS)]
        review_months: u32,
    },
    /// Route a complete set of answers and print the outcome.
    Route {
        /// An answer, as QUESTION=OPTION or QUESTION=OPTION,OPTION (repeatable).
        #[arg(long = "answer", short = 'a', value_name = "ID=OPT[,OPT]")]
        answers: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Run scenario files (default: the bundled ones) and show what differs.
    Scenarios {
        /// A directory of scenario files.
        dir: Option<PathBuf>,
        /// Also list the options, rules and outcomes that no scenario exercises.
        #[arg(long)]
        coverage: bool,
        /// Fail when any option, rule or outcome is not exercised (implies --coverage).
        #[arg(long)]
        require_full: bool,
    },
    /// Trainer mode: take scenario calls in the wizard and compare with the expected route.
    Train {
        /// A scenario file or a directory of them (default: the bundled scenarios).
        scenarios: Option<PathBuf>,
        /// Play the expected answers step by step, with where each option leads.
        #[arg(long)]
        walkthrough: bool,
        /// Where `w` writes new scenario files (default: beside the scenarios given, or
        /// the current directory).
        #[arg(long, value_name = "DIR")]
        write_to: Option<PathBuf>,
    },
    /// Print the pathway as a diagram: questions, outcomes, and an arrow per branch.
    Graph {
        /// Diagram language.
        #[arg(long, value_enum, default_value_t = graph::GraphFormatArg::Mermaid)]
        format: graph::GraphFormatArg,
    },
    /// Explain a question, an option, an outcome, a rule, or a region, flag or source row.
    Explain {
        /// The id to explain, e.g. `coverage`, `crps`, `pain-medicine`, `R9`, `on`, `liver`.
        id: String,
    },
    /// Compare two versions of a pathway path by path (exit 0: same, 1: changed, 2: bad file).
    Diff {
        /// The older version.
        old: PathBuf,
        /// The newer version.
        new: PathBuf,
    },
    /// Write the pathway as a FHIR R4 Questionnaire (JSON) on stdout, worded for --mode
    /// (staff unless patient is given).
    Export {
        /// A pathway file (default: --pathway, or the bundled one).
        #[arg(value_name = "PATHWAY")]
        file: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum)]
        format: export::ExportFormat,
    },
    /// Delete the saved unfinished sessions on this machine (all pathways) and say how many.
    Forget {
        /// Also delete the summary files.
        #[arg(long)]
        summaries: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LangArg {
    En,
    Fr,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ModeArg {
    Staff,
    Patient,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::En => Lang::En,
            LangArg::Fr => Lang::Fr,
        }
    }
}

impl From<ModeArg> for Audience {
    fn from(m: ModeArg) -> Audience {
        match m {
            ModeArg::Staff => Audience::Staff,
            ModeArg::Patient => Audience::Patient,
        }
    }
}

/// Runs the command line; returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    let source = match &cli.pathway {
        Some(p) => PathwaySource::File(p.clone()),
        None => PathwaySource::Bundled,
    };
    let lang = cli.lang.map_or_else(lang_from_environment, Lang::from);
    match cli.command {
        Some(Command::Check {
            files,
            review_months,
        }) => check::run(&files, cli.pathway.as_deref(), review_months),
        Some(Command::Route { answers, format }) => {
            let audience = cli.mode.map_or(Audience::Staff, Audience::from);
            route::run(&source, &answers, format, audience, lang)
        }
        Some(Command::Scenarios {
            dir,
            coverage,
            require_full,
        }) => scenarios::run(&source, dir.as_deref(), coverage, require_full),
        Some(Command::Train {
            scenarios,
            walkthrough,
            write_to,
        }) => train(
            cli.high_contrast,
            &source,
            lang,
            scenarios,
            walkthrough,
            write_to,
        ),
        Some(Command::Graph { format }) => graph::run(&source, format, lang),
        Some(Command::Explain { id }) => explain::run(&source, &id, lang),
        Some(Command::Diff { old, new }) => diff::run(&old, &new, lang),
        Some(Command::Export { file, format }) => {
            let audience = cli.mode.map_or(Audience::Staff, Audience::from);
            export::run(&source, file.as_deref(), format, audience)
        }
        Some(Command::Forget { summaries }) => forget::run(summaries, lang),
        None => {
            let Some(loaded) = load_or_report(&source) else {
                return ExitCode::FAILURE;
            };
            let opts = crate::wizard::terminal::RunOptions {
                audience: cli.mode.map(Audience::from),
                lang,
                no_save: cli.no_save,
                resume_within: cli.resume_within,
                high_contrast: cli.high_contrast,
                no_mouse: cli.no_mouse,
                trainer: None,
            };
            if cli.plain || crate::plain::wanted_automatically() {
                crate::plain::run(&loaded, opts)
            } else {
                crate::wizard::terminal::run(&loaded, opts)
            }
        }
    }
}

/// Starts the wizard in trainer mode.
fn train(
    high_contrast: bool,
    source: &PathwaySource,
    lang: Lang,
    scenarios: Option<PathBuf>,
    walkthrough: bool,
    write_to: Option<PathBuf>,
) -> ExitCode {
    let Some(loaded) = load_or_report(source) else {
        return ExitCode::FAILURE;
    };
    let cases = match crate::train::load_cases(scenarios.as_deref()) {
        Ok(c) if c.is_empty() => {
            eprintln!("error: no scenario files (*.ron) found");
            return ExitCode::FAILURE;
        }
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Scenarios written for another pathway are refused now, not after a whole call.
    let unfit: Vec<String> = cases
        .iter()
        .filter_map(|c| {
            let routed = c.scenario.actual(&loaded.pathway);
            routed.err().map(|e| format!("{}: {e}", c.file))
        })
        .collect();
    if !unfit.is_empty() {
        eprintln!(
            "error: {} of {} scenarios do not fit the pathway {} {}:",
            unfit.len(),
            cases.len(),
            loaded.pathway.id,
            loaded.pathway.version
        );
        for u in unfit.iter().take(5) {
            eprintln!("  {u}");
        }
        if unfit.len() > 5 {
            eprintln!("  … and {} more", unfit.len() - 5);
        }
        eprintln!(
            "Give scenarios written for this pathway, or fix them (see `carepath scenarios DIR`)."
        );
        return ExitCode::FAILURE;
    }
    let write_dir = write_to.unwrap_or_else(|| match &scenarios {
        Some(p) if p.is_dir() => p.clone(),
        Some(p) => p.parent().map(PathBuf::from).unwrap_or_default(),
        None => PathBuf::from("."),
    });
    let opts = crate::wizard::terminal::RunOptions {
        audience: Some(Audience::Staff),
        lang,
        no_save: true,
        high_contrast,
        no_mouse: false,
        resume_within: crate::call::keeper::DEFAULT_RESUME_WITHIN,
        trainer: Some(crate::wizard::trainer::Trainer::new(
            cases,
            walkthrough,
            write_dir,
        )),
    };
    crate::wizard::terminal::run(&loaded, opts)
}

/// French when the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set starts with `fr`.
pub fn lang_from_environment() -> Lang {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty());
    match locale {
        Some(l) if l.to_lowercase().starts_with("fr") => Lang::Fr,
        _ => Lang::En,
    }
}

/// Loads the pathway, printing a located error when it cannot be read. A file given with
/// `--pathway` must also pass `check` (the bundled one is checked by the test suite).
pub fn load_or_report(source: &PathwaySource) -> Option<Loaded> {
    match source {
        PathwaySource::Bundled => load_reporting(source),
        PathwaySource::File(_) => load_checked(source, "before using this pathway"),
    }
}

/// Loads the pathway, printing a located error when it cannot be read.
fn load_reporting(source: &PathwaySource) -> Option<Loaded> {
    source
        .load()
        .map_err(|e| eprint!("{}", render_load_error(Style::for_stderr(), &e)))
        .ok()
}

/// Loads a pathway that must also pass `check`, printing its errors and saying they must be
/// fixed `before` (what the command was about to do).
pub fn load_checked(source: &PathwaySource, before: &str) -> Option<Loaded> {
    let loaded = load_reporting(source)?;
    let report = crate::pathway::validate::validate(&loaded);
    if report.errors() == 0 {
        return Some(loaded);
    }
    let style = Style::for_stderr();
    for problem in report
        .problems
        .iter()
        .filter(|p| p.severity == crate::pathway::validate::Severity::Error)
    {
        eprint!(
            "{}",
            crate::diagnostics::render_problem(style, &loaded.name, &loaded.text, problem)
        );
    }
    let (count, them) = match report.errors() {
        1 => ("1 error".to_string(), "it"),
        n => (format!("{n} errors"), "them"),
    };
    eprintln!(
        "{}: {count}; fix {them} (see `carepath check`) {before}",
        loaded.name
    );
    None
}

/// Writes a command's output to stdout. When the reader has gone away (`carepath scenarios |
/// head -1`), the command stops quietly with the status of a process ended by SIGPIPE (141),
/// as `cat` or `grep` would, instead of panicking as `println!` does.
pub fn write_stdout(args: std::fmt::Arguments) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_fmt(args).and_then(|()| stdout.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(141);
        }
        eprintln!("carepath: cannot write the output: {e}");
        std::process::exit(1);
    }
}
