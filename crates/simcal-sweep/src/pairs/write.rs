//! Writing scored pairs back to CSV with their pass-through columns.

use std::path::Path;

use super::{PairsError, ScoredPairs};

/// Writes `pair_id,label,score` and every pass-through column. Scores use the
/// shortest text that parses back to the same f64, so a round trip is exact.
pub fn write_scored_pairs_csv(path: &Path, pairs: &ScoredPairs) -> Result<(), PairsError> {
    let write_error = |source: csv::Error| PairsError::Write {
        path: path.to_owned(),
        source,
    };
    let mut writer = csv::Writer::from_path(path).map_err(write_error)?;

    let extra = pairs.extra_columns();
    let mut header = vec!["pair_id", "label", "score"];
    header.extend(extra.names.iter().map(String::as_str));
    writer.write_record(&header).map_err(write_error)?;

    let mut fields: Vec<String> = Vec::with_capacity(header.len());
    for (row, pair_id) in pairs.pair_ids().iter().enumerate() {
        fields.clear();
        fields.push(pair_id.to_owned());
        fields.push(pairs.labels()[row].as_digit().to_owned());
        fields.push(crate::output::format_number(pairs.scores()[row]));
        for column in &extra.values {
            fields.push(column.get(row).unwrap_or_default().to_owned());
        }
        writer.write_record(&fields).map_err(write_error)?;
    }
    writer.flush().map_err(|source| write_error(source.into()))
}
