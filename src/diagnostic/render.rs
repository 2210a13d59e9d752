//! Renderers for lists of diagnostics: one function per output format.

use std::fmt::Write as _;

use super::{Diagnostic, Severity};

/// `file:line:col: severity[code]: path: message`, one per line, then a count.
pub fn text(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let _ = writeln!(out, "{d}");
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    if !diagnostics.is_empty() {
        let _ = writeln!(out, "{errors} error(s), {warnings} warning(s)");
    }
    out
}

/// A JSON array of diagnostics, pretty-printed, newline-terminated.
pub fn json(diagnostics: &[Diagnostic]) -> String {
    let mut out = serde_json::to_string_pretty(diagnostics).unwrap_or_else(|_| "[]".into());
    out.push('\n');
    out
}

/// Whether a terminal should see colour: it is one, and NO_COLOR is unset or empty
/// (<https://no-color.org>).
pub fn use_colour(is_terminal: bool) -> bool {
    is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// [`text`], with the severity coloured (red errors, yellow warnings, blue info) when
/// `colour` is set.
pub fn text_coloured(diagnostics: &[Diagnostic], colour: bool) -> String {
    if !colour {
        return text(diagnostics);
    }
    let mut out = String::new();
    for d in diagnostics {
        let plain = d.to_string();
        let word = d.severity.to_string();
        let code = match d.severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;34",
        };
        let coloured = format!("\x1b[{code}m{word}\x1b[0m");
        let line = match &d.location {
            Some(l) => {
                let prefix = format!("{l}: ");
                format!(
                    "{prefix}{}",
                    plain[prefix.len()..].replacen(&word, &coloured, 1)
                )
            }
            None => plain.replacen(&word, &coloured, 1),
        };
        let _ = writeln!(out, "{line}");
    }
    let plain = text(diagnostics);
    if let Some(summary) = plain.lines().last().filter(|_| !diagnostics.is_empty()) {
        let _ = writeln!(out, "{summary}");
    }
    out
}

/// GitHub Actions workflow commands, one per diagnostic, so each appears as an annotation
/// on the pull request: `::error file=F,line=L,col=C,title=CODE::message`.
pub fn github(diagnostics: &[Diagnostic]) -> String {
    // Workflow command escaping: data escapes %, CR, LF; properties also : and ,.
    let data = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let property = |s: &str| data(s).replace(':', "%3A").replace(',', "%2C");
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut props = Vec::new();
        if let Some(l) = &d.location {
            props.push(format!(
                "file={}",
                property(&l.file.to_string_lossy().replace('\\', "/"))
            ));
            if let Some(line) = l.line {
                props.push(format!("line={line}"));
            }
            if let Some(col) = l.column {
                props.push(format!("col={col}"));
            }
        }
        props.push(format!("title={}", property(d.code)));
        let message = match &d.path {
            Some(path) => format!("{path}: {}", d.message),
            None => d.message.clone(),
        };
        let _ = writeln!(out, "::{command} {}::{}", props.join(","), data(&message));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Location;

    fn finding() -> Diagnostic {
        Diagnostic::error("PC2001", "a, b: 100%\nnext").at(Location {
            file: "t.yaml".into(),
            line: Some(3),
            column: Some(7),
        })
    }

    #[test]
    fn github_annotations_escape_data_and_properties() {
        assert_eq!(
            github(&[finding()]),
            "::error file=t.yaml,line=3,col=7,title=PC2001::a, b: 100%25%0Anext\n"
        );
    }

    #[test]
    fn colour_only_wraps_the_severity() {
        let plain = text(&[finding()]);
        let coloured = text_coloured(&[finding()], true);
        assert!(coloured.starts_with("t.yaml:3:7: \x1b[1;31merror\x1b[0m[PC2001]"));
        assert_eq!(
            coloured.replace("\x1b[1;31m", "").replace("\x1b[0m", ""),
            plain
        );
        assert_eq!(text_coloured(&[finding()], false), plain);
    }
}
