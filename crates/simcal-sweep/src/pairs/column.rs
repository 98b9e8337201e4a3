//! Compact storage for one text column: every value in one buffer plus end
//! offsets, so that ten million pair ids cost their bytes and one `usize`
//! each instead of one heap allocation each.

/// A column of strings stored back to back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextColumn {
    text: String,
    ends: Vec<usize>,
}

impl TextColumn {
    /// Creates an empty column with room for `rows` values.
    pub fn with_capacity(rows: usize) -> Self {
        Self {
            text: String::new(),
            ends: Vec::with_capacity(rows),
        }
    }

    /// Appends one value.
    pub fn push(&mut self, value: &str) {
        self.text.push_str(value);
        self.ends.push(self.text.len());
    }

    /// Number of values.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the column has no values.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The value in `row`, or `None` past the end.
    pub fn get(&self, row: usize) -> Option<&str> {
        let end = *self.ends.get(row)?;
        let start = if row == 0 { 0 } else { self.ends[row - 1] };
        Some(&self.text[start..end])
    }

    /// All values in row order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.len()).map(|row| {
            let start = if row == 0 { 0 } else { self.ends[row - 1] };
            &self.text[start..self.ends[row]]
        })
    }
}

impl<S: AsRef<str>> FromIterator<S> for TextColumn {
    fn from_iter<I: IntoIterator<Item = S>>(values: I) -> Self {
        let mut column = TextColumn::default();
        for value in values {
            column.push(value.as_ref());
        }
        column
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_column_round_trips_values() {
        let column: TextColumn = ["a", "", "pair-3"].into_iter().collect();

        assert_eq!(column.len(), 3);
        assert_eq!(column.get(0), Some("a"));
        assert_eq!(column.get(1), Some(""));
        assert_eq!(column.get(2), Some("pair-3"));
        assert_eq!(column.get(3), None);
        assert_eq!(column.iter().collect::<Vec<_>>(), vec!["a", "", "pair-3"]);
    }
}
