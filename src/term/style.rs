//! Terminal manners: colour only on a terminal, and never when `NO_COLOR` is set.

use std::io::IsTerminal;

/// Whether to colour the `error:`, `warning:` and `hint:` prefixes on stderr.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    colour: bool,
}

impl Style {
    /// Colour when stderr is a terminal and `NO_COLOR` is unset or empty (no-color.org).
    pub fn for_stderr() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style {
            colour: !no_color && std::io::stderr().is_terminal(),
        }
    }

    /// Never colour.
    #[cfg(test)]
    pub fn plain() -> Self {
        Style { colour: false }
    }

    pub fn error(&self, text: &str) -> String {
        self.paint("1;31", text)
    }

    pub fn warning(&self, text: &str) -> String {
        self.paint("1;33", text)
    }

    pub fn hint(&self, text: &str) -> String {
        self.paint("1;36", text)
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}
