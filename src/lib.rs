//! carepath: a care-pathway navigator. The engine here knows no terminal.

pub mod outcome;
pub mod pathway;
pub mod route;
pub mod scenario;
pub mod session;
pub mod strings;
pub mod summary;

pub mod cli;
pub mod diagnostics;
