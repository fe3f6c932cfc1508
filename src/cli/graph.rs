//! `carepath graph`: the pathway as a Mermaid or Graphviz DOT diagram, on stdout.

use std::process::ExitCode;

use clap::ValueEnum;

use crate::authoring::graph::{GraphFormat, render};
use crate::cli::load_or_report;
use crate::pathway::Lang;
use crate::pathway::load::PathwaySource;

/// The diagram languages `--format` takes.
#[derive(Debug, Clone, Copy, Default, ValueEnum)]
pub enum GraphFormatArg {
    /// Mermaid `flowchart TD` (GitHub and most Markdown viewers draw it).
    #[default]
    Mermaid,
    /// Graphviz DOT (`dot -Tsvg`).
    Dot,
}

impl From<GraphFormatArg> for GraphFormat {
    fn from(f: GraphFormatArg) -> GraphFormat {
        match f {
            GraphFormatArg::Mermaid => GraphFormat::Mermaid,
            GraphFormatArg::Dot => GraphFormat::Dot,
        }
    }
}

/// Prints the diagram; exit 1 when the pathway cannot be loaded.
pub fn run(source: &PathwaySource, format: GraphFormatArg, lang: Lang) -> ExitCode {
    let Some(loaded) = load_or_report(source) else {
        return ExitCode::FAILURE;
    };
    out!("{}", render(&loaded.pathway, format.into(), lang));
    ExitCode::SUCCESS
}
