//! Opening a CSV file whose header must name given columns, in any order.

use std::fs::File;
use std::path::Path;

/// Failure to open a CSV file or find a required column in its header.
pub(crate) enum ColumnLookupError {
    Csv(csv::Error),
    Missing(&'static str),
}

/// Opens `path` with trimmed fields and returns the reader with the index of
/// each of `columns` in the header. Extra columns are allowed.
pub(crate) fn open_with_columns<const N: usize>(
    path: &Path,
    columns: [&'static str; N],
) -> Result<(csv::Reader<File>, [usize; N]), ColumnLookupError> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(path)
        .map_err(ColumnLookupError::Csv)?;
    let headers = reader.headers().map_err(ColumnLookupError::Csv)?;
    let mut indices = [0usize; N];
    for (index, column) in indices.iter_mut().zip(columns) {
        *index = headers
            .iter()
            .position(|header| header == column)
            .ok_or(ColumnLookupError::Missing(column))?;
    }
    Ok((reader, indices))
}
