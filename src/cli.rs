//! Command-line front ends: the subcommands and their shared options.

/// `print!` for the commands' output, through [`write_stdout`].
macro_rules! out {
    ($($arg:tt)*) => { $crate::cli::write_stdout(format_args!($($arg)*)) };
}

/// `println!` for the commands' output, through [`write_stdout`].
macro_rules! outln {
    ($($arg:tt)*) => { $crate::cli::write_stdout(format_args!("{}\n", format_args!($($arg)*))) };
}

/// `eprint!` for the commands' messages, through [`write_stderr`].
macro_rules! err {
    ($($arg:tt)*) => { $crate::cli::write_stderr(format_args!($($arg)*)) };
}

/// `eprintln!` for the commands' messages, through [`write_stderr`].
macro_rules! errln {
    ($($arg:tt)*) => { $crate::cli::write_stderr(format_args!("{}\n", format_args!($($arg)*))) };
}

pub mod check;
pub mod diff;
pub mod explain;
pub mod export;
pub mod forget;
pub mod graph;
pub mod kiosk;
pub mod route;
pub mod scenarios;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::diagnostics::{Style, render_load_error};
use crate::pathway::load::PathwaySource;
use crate::pathway::{Audience, Lang, Loaded};
use crate::sanitize::shown;

/// carepath: a care-pathway navigator. It asks a pathway's questions and gives the route, with
/// the reasons, the sources and the safety points.
///
/// It orients; it never prescribes. A licensed clinician makes every treatment decision.
#[derive(Debug, Parser)]
#[command(
    name = "carepath",
    version,
    about,
    long_about = None,
    disable_version_flag = true,
    disable_help_subcommand = true
)]
pub struct Cli {
    /// Print the version, with the bundled pathway's id, version and SHA-256.
    #[arg(short = 'V', long)]
    pub version: bool,
    #[command(flatten)]
    pub pathway: PathwayOpt,
    #[command(flatten)]
    pub lang: LangOpt,
    /// Who is using carepath: staff see clinical detail, patients the plain version.
    /// Skips the start screen.
    #[arg(long, value_enum)]
    pub mode: Option<ModeArg>,
    #[command(flatten)]
    pub screen: ScreenOpts,
    /// Numbered prompts on stdout, answers on stdin: for screen readers and scripts. Chosen
    /// automatically when TERM=dumb or output is not a terminal.
    #[arg(long)]
    pub plain: bool,
    /// Offer interrupted calls for resume only when they changed within this time (such as
    /// 12h, 30m, 2days); older ones are deleted when carepath starts.
    #[arg(long, value_name = "DURATION", default_value = "12h", value_parser = humantime::parse_duration)]
    pub resume_within: std::time::Duration,
    /// Patient kiosk, as `carepath kiosk` (for an SSH account's ForceCommand).
    #[arg(long)]
    pub kiosk: bool,
    /// With --kiosk: end the session after this long without a key (such as 5m; default 10m).
    #[arg(long, value_name = "DURATION", value_parser = humantime::parse_duration, requires = "kiosk")]
    pub idle: Option<std::time::Duration>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// `--pathway FILE`, for the commands that read one pathway.
#[derive(Debug, Clone, Default, Args)]
pub struct PathwayOpt {
    /// A pathway file to use instead of the bundled one.
    #[arg(long, value_name = "FILE")]
    pub pathway: Option<PathBuf>,
}

/// `--lang`, for the commands that show words in a language.
#[derive(Debug, Clone, Default, Args)]
pub struct LangOpt {
    /// Language of the text shown (default: from LC_ALL, LC_MESSAGES or LANG).
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
}

/// The full-screen wizard's options, shared by a call and the trainer.
#[derive(Debug, Clone, Default, Args)]
pub struct ScreenOpts {
    /// Write nothing to disk (for shared machines): no saved answers, no summaries.
    #[arg(long)]
    pub no_save: bool,
    /// High-contrast colours in the wizard (white on black, bold selection).
    #[arg(long)]
    pub high_contrast: bool,
    /// Leave the mouse to the terminal: no click reporting, so a plain drag selects text.
    #[arg(long)]
    pub no_mouse: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check pathway files (default: the bundled one) and prove every path ends in an outcome.
    Check {
        /// Pathway files to check.
        files: Vec<PathBuf>,
        #[command(flatten)]
        pathway: PathwayOpt,
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
        /// Who the text is for: staff (default) or patient.
        #[arg(long, value_enum)]
        mode: Option<ModeArg>,
        #[command(flatten)]
        pathway: PathwayOpt,
        #[command(flatten)]
        lang: LangOpt,
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
        #[command(flatten)]
        pathway: PathwayOpt,
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
        #[command(flatten)]
        pathway: PathwayOpt,
        #[command(flatten)]
        lang: LangOpt,
        #[command(flatten)]
        screen: ScreenOpts,
        /// The trainer draws side-by-side comparisons and needs the full-screen wizard; with
        /// --plain it says so and stops.
        #[arg(long)]
        plain: bool,
    },
    /// Print the pathway as a diagram: questions, outcomes, and an arrow per branch.
    Graph {
        /// Diagram language.
        #[arg(long, value_enum, default_value_t = graph::GraphFormatArg::Mermaid)]
        format: graph::GraphFormatArg,
        #[command(flatten)]
        pathway: PathwayOpt,
        #[command(flatten)]
        lang: LangOpt,
    },
    /// Explain a question, an option, an outcome, a rule, or a region, flag or source row.
    Explain {
        /// The id to explain: a question, option, outcome, rule, region, flag or source id.
        id: String,
        #[command(flatten)]
        pathway: PathwayOpt,
        #[command(flatten)]
        lang: LangOpt,
    },
    /// Compare two versions of a pathway path by path (exit 0: same, 1: changed, 2: bad file).
    Diff {
        /// The older version.
        old: PathBuf,
        /// The newer version.
        new: PathBuf,
        #[command(flatten)]
        lang: LangOpt,
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
        /// Whose wording the questions take: staff (default) or patient.
        #[arg(long, value_enum)]
        mode: Option<ModeArg>,
        #[command(flatten)]
        pathway: PathwayOpt,
    },
    /// Patient kiosk for a shared account (an SSH ForceCommand): patient mode, nothing
    /// written to disk, no file accepted, and the session ends after a time without a key.
    Kiosk {
        /// End the session after this long without a key (such as 5m, 90s; default 10m).
        #[arg(long, value_name = "DURATION", value_parser = humantime::parse_duration)]
        idle: Option<std::time::Duration>,
        #[command(flatten)]
        lang: LangOpt,
        /// High-contrast colours (white on black, bold selection).
        #[arg(long)]
        high_contrast: bool,
        /// Numbered prompts on stdout, answers on stdin (chosen by itself without a terminal).
        #[arg(long)]
        plain: bool,
        /// Anything else given is refused, with a word.
        #[arg(hide = true, allow_hyphen_values = true, trailing_var_arg = true)]
        rest: Vec<std::ffi::OsString>,
    },
    /// Delete the saved calls on this machine (all pathways) and say how many.
    Forget {
        /// Also delete the summary files.
        #[arg(long)]
        summaries: bool,
        #[command(flatten)]
        lang: LangOpt,
    },
    /// Print a shell completion script (bash, zsh, fish, powershell) on stdout.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) on stdout: `carepath man > carepath.1`.
    Man,
    /// Print the help of carepath, or of one of its commands (`carepath help route`).
    Help {
        /// The command whose help to print.
        command: Option<String>,
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

/// The version line: the program's, and the bundled pathway's id, version and SHA-256.
pub fn version_line() -> String {
    match PathwaySource::Bundled.load() {
        Ok(loaded) => format!(
            "carepath {} (bundled pathway {} {}, sha256 {})",
            env!("CARGO_PKG_VERSION"),
            loaded.pathway.id,
            loaded.pathway.version,
            loaded.sha256
        ),
        Err(_) => format!(
            "carepath {} (bundled pathway sha256 {})",
            env!("CARGO_PKG_VERSION"),
            crate::pathway::load::sha256_hex(crate::pathway::load::BUNDLED.as_bytes())
        ),
    }
}

/// The source of the pathway: a subcommand's `--pathway`, else the one given before it.
fn source_of(own: &PathwayOpt, top: &PathwayOpt) -> PathwaySource {
    match own.pathway.as_ref().or(top.pathway.as_ref()) {
        Some(p) => PathwaySource::File(p.clone()),
        None => PathwaySource::Bundled,
    }
}

/// The language: a subcommand's `--lang`, else the one given before it, else the locale's.
fn lang_of(own: &LangOpt, top: &LangOpt) -> Lang {
    own.lang
        .or(top.lang)
        .map_or_else(lang_from_environment, Lang::from)
}

/// Runs the command line; returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    if cli.version {
        outln!("{}", version_line());
        return ExitCode::SUCCESS;
    }
    if cli.kiosk || matches!(cli.command, Some(Command::Kiosk { .. })) {
        return kiosk::run(&cli);
    }
    let top_pathway = &cli.pathway;
    let top_lang = &cli.lang;
    match cli.command {
        Some(Command::Check {
            files,
            pathway,
            review_months,
        }) => {
            let given = pathway.pathway.as_ref().or(top_pathway.pathway.as_ref());
            check::run(&files, given.map(PathBuf::as_path), review_months)
        }
        Some(Command::Route {
            answers,
            format,
            mode,
            pathway,
            lang,
        }) => {
            let audience = mode.or(cli.mode).map_or(Audience::Staff, Audience::from);
            let source = source_of(&pathway, top_pathway);
            route::run(
                &source,
                &answers,
                format,
                audience,
                lang_of(&lang, top_lang),
            )
        }
        Some(Command::Scenarios {
            dir,
            coverage,
            require_full,
            pathway,
        }) => scenarios::run(
            &source_of(&pathway, top_pathway),
            dir.as_deref(),
            coverage,
            require_full,
        ),
        Some(Command::Train {
            scenarios,
            walkthrough,
            write_to,
            pathway,
            lang,
            screen,
            plain,
        }) => {
            if plain || cli.plain {
                eprintln!(
                    "carepath: the trainer shows the expected and the trainee's answers side by \
                     side and needs the full-screen wizard, which --plain turns off. To practise \
                     in the line mode, take a call with `carepath --plain --mode staff`; to check \
                     a trainee's route from a script, use `carepath scenarios DIR`."
                );
                return ExitCode::from(2);
            }
            let screen = ScreenOpts {
                no_save: screen.no_save || cli.screen.no_save,
                high_contrast: screen.high_contrast || cli.screen.high_contrast,
                no_mouse: screen.no_mouse || cli.screen.no_mouse,
            };
            train(
                &screen,
                &source_of(&pathway, top_pathway),
                lang_of(&lang, top_lang),
                scenarios,
                walkthrough,
                write_to,
            )
        }
        Some(Command::Graph {
            format,
            pathway,
            lang,
        }) => graph::run(
            &source_of(&pathway, top_pathway),
            format,
            lang_of(&lang, top_lang),
        ),
        Some(Command::Explain { id, pathway, lang }) => explain::run(
            &source_of(&pathway, top_pathway),
            &id,
            lang_of(&lang, top_lang),
        ),
        Some(Command::Diff { old, new, lang }) => diff::run(&old, &new, lang_of(&lang, top_lang)),
        Some(Command::Forget { summaries, lang }) => {
            forget::run(summaries, lang_of(&lang, top_lang))
        }
        Some(Command::Kiosk { .. }) => kiosk::run(&cli),
        Some(Command::Export {
            file,
            format,
            mode,
            pathway,
        }) => {
            let audience = mode.or(cli.mode).map_or(Audience::Staff, Audience::from);
            let source = source_of(&pathway, top_pathway);
            export::run(&source, file.as_deref(), format, audience)
        }
        Some(Command::Completions { shell }) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut cmd, "carepath", &mut out);
            out!("{}", String::from_utf8_lossy(&out));
            ExitCode::SUCCESS
        }
        Some(Command::Help { command }) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            // Built, so that a command's usage line names `carepath` before it.
            cmd.build();
            let target = match command.as_deref() {
                None => Some(&mut cmd),
                Some(name) => cmd.find_subcommand_mut(name),
            };
            match target {
                Some(target) => {
                    outln!("{}", target.render_long_help());
                    ExitCode::SUCCESS
                }
                None => {
                    let names: Vec<String> = <Cli as clap::CommandFactory>::command()
                        .get_subcommands()
                        .map(|c| c.get_name().to_string())
                        .collect();
                    eprintln!(
                        "error: there is no command `{}`. Commands: {}",
                        crate::diagnostics::printable(command.as_deref().unwrap_or_default()),
                        names.join(", ")
                    );
                    ExitCode::from(2)
                }
            }
        }
        Some(Command::Man) => {
            let cmd = <Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            if let Err(e) = clap_mangen::Man::new(cmd).render(&mut out) {
                eprintln!("carepath: cannot write the manual page: {e}");
                return ExitCode::FAILURE;
            }
            out!("{}", String::from_utf8_lossy(&out));
            ExitCode::SUCCESS
        }
        None => {
            let source = source_of(top_pathway, &PathwayOpt::default());
            let Some(loaded) = load_or_report(&source) else {
                return ExitCode::FAILURE;
            };
            let opts = crate::wizard::terminal::RunOptions {
                call: crate::keeper::CallOptions {
                    audience: cli.mode.map(Audience::from),
                    lang: lang_of(top_lang, &LangOpt::default()),
                    no_save: cli.screen.no_save,
                    resume_within: cli.resume_within,
                    kiosk: None,
                },
                high_contrast: cli.screen.high_contrast,
                no_mouse: cli.screen.no_mouse,
                trainer: None,
            };
            if cli.plain || crate::plain::wanted_automatically() {
                crate::plain::run(&loaded, opts.call)
            } else {
                crate::wizard::terminal::run(&loaded, opts)
            }
        }
    }
}

/// Starts the wizard in trainer mode.
fn train(
    screen: &ScreenOpts,
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
            errln!("error: no scenario files (*.ron) found");
            return ExitCode::FAILURE;
        }
        Ok(c) => c,
        Err(e) => {
            errln!("error: {}", shown(&e.to_string()));
            return ExitCode::FAILURE;
        }
    };
    // Scenarios written for another pathway are refused now, not after a whole call.
    let unfit: Vec<String> = cases
        .iter()
        .filter_map(|c| {
            let routed = c.scenario.actual(&loaded.pathway);
            routed
                .err()
                .map(|e| shown(&format!("{}: {e}", c.file)).into_owned())
        })
        .collect();
    if !unfit.is_empty() {
        errln!(
            "error: {} of {} scenarios do not fit the pathway {} {}:",
            unfit.len(),
            cases.len(),
            loaded.pathway.id,
            loaded.pathway.version
        );
        for u in unfit.iter().take(5) {
            errln!("  {u}");
        }
        if unfit.len() > 5 {
            errln!("  … and {} more", unfit.len() - 5);
        }
        errln!(
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
        call: crate::keeper::CallOptions {
            audience: Some(Audience::Staff),
            lang,
            // The trainer writes no call whether or not --no-save is given.
            no_save: true,
            ..Default::default()
        },
        high_contrast: screen.high_contrast,
        no_mouse: screen.no_mouse,
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
        .map_err(|e| err!("{}", render_load_error(Style::for_stderr(), &e)))
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
    let errors: Vec<&crate::pathway::validate::Problem> = report
        .problems
        .iter()
        .filter(|p| p.severity == crate::pathway::validate::Severity::Error)
        .collect();
    let source = crate::diagnostics::SourceFile::new(&loaded.name, &loaded.text);
    for problem in crate::diagnostics::shown_problems(errors.iter().copied()) {
        err!("{}", source.render_problem(style, problem));
    }
    if let Some(rest) = crate::diagnostics::not_shown(
        &loaded.name,
        errors.iter().copied(),
        crate::pathway::validate::Unlisted {
            errors: report.unlisted.errors,
            warnings: 0,
        },
    ) {
        errln!("{rest}");
    }
    let (count, them) = match report.errors() {
        1 => ("1 error".to_string(), "it"),
        n => (format!("{n} errors"), "them"),
    };
    errln!(
        "{}: {count}; fix {them} (see `carepath check`) {before}",
        shown(&loaded.name)
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
        errln!("carepath: cannot write the output: {e}");
        std::process::exit(1);
    }
}

/// Writes a command's messages to stderr. `eprintln!` panics when stderr is closed or full
/// (`2>/dev/full`); here a message that cannot be written is dropped and the command goes on
/// to its usual exit status, except when the reader has gone away (`check bad.ron 2>&1 |
/// head -1`): then it stops with the status of a process ended by SIGPIPE (141), as
/// [`write_stdout`] does.
pub fn write_stderr(args: std::fmt::Arguments) {
    use std::io::Write;
    let mut stderr = std::io::stderr().lock();
    if let Err(e) = stderr.write_fmt(args).and_then(|()| stderr.flush())
        && e.kind() == std::io::ErrorKind::BrokenPipe
    {
        std::process::exit(141);
    }
}
