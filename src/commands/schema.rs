//! `platformctl schema`: the spec's JSON Schema, generated from the Rust types.

use std::io::Write;

use super::Outcome;

pub fn run(out: &mut dyn Write) -> anyhow::Result<Outcome> {
    out.write_all(crate::schema::json().as_bytes())?;
    Ok(Outcome::Clean)
}
