//! A linear pre-scan for what the parser would buffer before it emits a single event.
//!
//! yaml-rust2's scanner holds back every token of a flow collection (`[...]`, `{...}`)
//! until it knows the collection is not a mapping key, which for a key candidate it only
//! learns at the end of the collection: a JSON template is tokenized whole before parsing
//! starts, at about a hundred bytes a token. So the node limit, which the loader checks
//! event by event, comes too late for a wide flow collection. This pass counts the
//! characters that make flow tokens (`,` `[` `{` `:`) outside quoted scalars and
//! comments, and stops where the count passes the node limit: each such token comes with
//! at least one node, so a document within the limit never trips it.

use super::Pos;

/// The position of the first flow indicator past `limit`, if the text has that many.
pub fn too_many_indicators(text: &str, limit: u64) -> Option<Pos> {
    #[derive(PartialEq)]
    enum State {
        Plain,
        Single,
        Double,
        Escape,
        Comment,
    }
    let mut state = State::Plain;
    let mut count: u64 = 0;
    let (mut line, mut col) = (1u32, 0u32);
    let mut previous = '\n';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            line = line.saturating_add(1);
            col = 0;
        } else {
            col = col.saturating_add(1);
        }
        // A quote opens a scalar only where a token can start; `it's` is plain text.
        let token_start = matches!(previous, ' ' | '\t' | '\n' | '\r' | '[' | '{' | ',' | ':');
        match state {
            State::Plain => match c {
                ',' | '[' | '{' | ':' => {
                    count += 1;
                    if count > limit {
                        return Some(Pos { line, col });
                    }
                }
                '\'' if token_start => state = State::Single,
                '"' if token_start => state = State::Double,
                '#' if matches!(previous, ' ' | '\t' | '\n' | '\r') => state = State::Comment,
                _ => {}
            },
            State::Single => {
                if c == '\'' {
                    if chars.peek() == Some(&'\'') {
                        chars.next();
                        col = col.saturating_add(1);
                    } else {
                        state = State::Plain;
                    }
                }
            }
            State::Double => match c {
                '\\' => state = State::Escape,
                '"' => state = State::Plain,
                _ => {}
            },
            // The escaped character, a line break included, is text.
            State::Escape => state = State::Double,
            State::Comment => {
                if c == '\n' {
                    state = State::Plain;
                }
            }
        }
        previous = c;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_flow_indicators_outside_quotes_and_comments() {
        assert_eq!(too_many_indicators("[a, b]", 3), None);
        assert_eq!(
            too_many_indicators("[a, b, c]", 2),
            Some(Pos { line: 1, col: 6 })
        );
        let quoted = "a: \"x,\\\"y,\\\nz\"\nb: 'p,q''r,s' # ,,,,\nc: it's,";
        assert_eq!(too_many_indicators(quoted, 4), None);
        assert_eq!(
            too_many_indicators(quoted, 3),
            Some(Pos { line: 4, col: 8 })
        );
    }
}
