//! Token-level checks of a session statement, before SQLite sees it: one `SELECT` or `WITH` statement, no
//! `EXPLAIN`, and no schema-qualified names (`main.x`, `temp.x`, quoted or not) — the authorizer reports
//! every table under `main`, so qualified names can only be found on the tokens.

use crate::error::{Error, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    /// An identifier or keyword, lower-cased; `quoted` if written "x", `x` or [x].
    Word { text: String, quoted: bool },
    /// A string literal (contents irrelevant).
    Str,
    /// Any other character (numbers are words for this purpose).
    Punct(char),
}

fn tokenize(sql: &str) -> Vec<Tok> {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let quoted_until = |i: &mut usize, close: char| -> String {
        let mut s = String::new();
        *i += 1;
        while *i < chars.len() {
            if chars[*i] == close {
                if close != ']' && *i + 1 < chars.len() && chars[*i + 1] == close {
                    s.push(close);
                    *i += 2;
                    continue;
                }
                *i += 1;
                break;
            }
            s.push(chars[*i]);
            *i += 1;
        }
        s
    };
    while i < chars.len() {
        let c = chars[i];
        match c {
            c if c.is_whitespace() => i += 1,
            '-' if chars.get(i + 1) == Some(&'-') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '/' if chars.get(i + 1) == Some(&'*') => {
                i += 2;
                while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                    i += 1;
                }
                i += 2;
            }
            '\'' => {
                quoted_until(&mut i, '\'');
                out.push(Tok::Str);
            }
            '"' | '`' => {
                let text = quoted_until(&mut i, c).to_lowercase();
                out.push(Tok::Word { text, quoted: true });
            }
            '[' => {
                let text = quoted_until(&mut i, ']').to_lowercase();
                out.push(Tok::Word { text, quoted: true });
            }
            c if c.is_alphanumeric() || c == '_' || c == '$' => {
                let start = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$') {
                    i += 1;
                }
                let text: String = chars[start..i].iter().collect::<String>().to_lowercase();
                out.push(Tok::Word { text, quoted: false });
            }
            c => {
                out.push(Tok::Punct(c));
                i += 1;
            }
        }
    }
    out
}

/// Names of the common table expressions a statement defines (`name [(cols)] AS [NOT] [MATERIALIZED] (`),
/// at any depth. SQLite reports reads of a CTE under the CTE's name, so the enforcing authorizer allows
/// these names; a CTE can only read what the statement could read anyway.
pub(super) fn cte_names(sql: &str) -> Vec<String> {
    let toks = tokenize(sql);
    let mut names = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let Tok::Word { text, .. } = t else { continue };
        let mut j = i + 1;
        if toks.get(j) == Some(&Tok::Punct('(')) {
            let mut depth = 0;
            while j < toks.len() {
                match toks[j] {
                    Tok::Punct('(') => depth += 1,
                    Tok::Punct(')') => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            j += 1;
        }
        let word = |k: usize, w: &str| matches!(toks.get(k), Some(Tok::Word { text, quoted: false }) if text == w);
        if !word(j, "as") {
            continue;
        }
        j += 1;
        if word(j, "not") {
            j += 1;
        }
        if word(j, "materialized") {
            j += 1;
        }
        if toks.get(j) == Some(&Tok::Punct('(')) {
            names.push(text.clone());
        }
    }
    names
}

/// Refuses (with `PermissionDenied`) what the token rules of data-model.md §6.7.2 forbid.
pub(super) fn check(sql: &str) -> Result<()> {
    let toks = tokenize(sql);
    match toks.first() {
        Some(Tok::Word { text, quoted: false }) if text == "select" || text == "with" => {}
        _ => {
            return Err(Error::denied("an SQL session runs only SELECT or WITH … SELECT statements"));
        }
    }
    for (i, t) in toks.iter().enumerate() {
        match t {
            Tok::Word { text, .. }
                if (text == "main" || text == "temp") && toks.get(i + 1) == Some(&Tok::Punct('.')) =>
            {
                return Err(Error::denied("schema-qualified names (main.x, temp.x) are not allowed in an SQL session"));
            }
            Tok::Punct(';') if toks[i + 1..].iter().any(|t| *t != Tok::Punct(';')) => {
                return Err(Error::denied("an SQL session runs one statement at a time"));
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn denied(sql: &str) -> bool {
        check(sql).is_err_and(|e| e.kind() == ErrorKind::PermissionDenied)
    }

    #[test]
    fn only_one_select_or_with_statement_passes() {
        assert!(check("SELECT 1").is_ok());
        assert!(check("  with x as (select 1) select * from x;").is_ok());
        assert!(check("SELECT 'main.cases; DROP TABLE x' AS s -- main.cases\n").is_ok());
        assert!(check("SELECT c.id FROM cases AS c").is_ok());
        for sql in [
            "EXPLAIN SELECT 1",
            "EXPLAIN QUERY PLAN SELECT * FROM cases",
            "PRAGMA table_info(cases)",
            "ATTACH 'x.db' AS x",
            "DELETE FROM cases",
            "BEGIN",
            "VACUUM",
            "VALUES (1)",
            "SELECT 1; SELECT 2",
            "SELECT 1; DROP TABLE cases",
            "SELECT * FROM main.cases",
            "SELECT * FROM \"main\".cases",
            "SELECT * FROM `temp` . cases",
            "SELECT * FROM [MAIN].\"cases\"",
            "WITH cases AS (SELECT * FROM main.cases) SELECT * FROM cases",
            "/* comment */ INSERT INTO cases DEFAULT VALUES",
        ] {
            assert!(denied(sql), "{sql}");
        }
    }

    #[test]
    fn cte_names_are_found_at_any_depth() {
        assert_eq!(
            cte_names(
                "WITH RECURSIVE n(x) AS (SELECT 1), \"Two\" AS MATERIALIZED (SELECT 2) SELECT * FROM n, (WITH m AS (SELECT 3) SELECT * FROM m)"
            ),
            ["n", "two", "m"]
        );
        assert!(cte_names("SELECT CAST(1 AS INTEGER) AS x FROM cases AS c").is_empty());
    }
}
