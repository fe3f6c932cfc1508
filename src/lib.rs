//! carepath: a care-pathway navigator. The engine modules know no terminal; `wizard` and
//! `cli` are the front ends.

pub mod authoring;
pub mod call;
pub mod export;
pub mod fhir;
pub mod files;
pub mod filter;
pub mod keeper;
pub mod outcome;
pub mod pathway;
pub mod route;
pub mod sanitize;
pub mod scenario;
pub mod session;
pub mod store;
pub mod strings;
pub mod summary;
pub mod train;

pub mod cli;
pub mod diagnostics;
pub mod plain;
pub mod wizard;
