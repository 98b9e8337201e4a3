//! Ground-truth label of a pair.

use std::fmt;

/// Whether a pair is a true near-duplicate (positive) or not (negative).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Label {
    Positive,
    Negative,
}

impl Label {
    /// Spellings accepted by [`Label::parse`], for error messages and help text.
    pub const ACCEPTED: &'static str = "1/0, true/false, positive/negative";

    /// Parses `1/0`, `true/false` or `positive/negative` (any letter case,
    /// surrounding spaces ignored); returns `None` for anything else.
    pub fn parse(text: &str) -> Option<Label> {
        let text = text.trim();
        let is = |word: &str| text.eq_ignore_ascii_case(word);
        if is("1") || is("true") || is("positive") {
            Some(Label::Positive)
        } else if is("0") || is("false") || is("negative") {
            Some(Label::Negative)
        } else {
            None
        }
    }

    /// Whether this is the positive class.
    pub fn is_positive(self) -> bool {
        self == Label::Positive
    }

    /// The label as written in CSV output: `1` or `0`.
    pub fn as_digit(self) -> &'static str {
        match self {
            Label::Positive => "1",
            Label::Negative => "0",
        }
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Label::Positive => "positive",
            Label::Negative => "negative",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_parse_accepts_every_spelling() {
        for text in ["1", "true", "TRUE", "positive", " Positive "] {
            assert_eq!(Label::parse(text), Some(Label::Positive), "{text:?}");
        }
        for text in ["0", "false", "False", "negative", "NEGATIVE"] {
            assert_eq!(Label::parse(text), Some(Label::Negative), "{text:?}");
        }
    }

    #[test]
    fn label_parse_rejects_other_text() {
        for text in ["", "2", "-1", "yes", "1.0", "pos", "nan"] {
            assert_eq!(Label::parse(text), None, "{text:?}");
        }
    }
}
