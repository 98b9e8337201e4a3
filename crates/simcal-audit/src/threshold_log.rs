//! Threshold decision log: one JSON object per line for every pair the
//! production system scored, with the threshold in force at the time.
//! The format is documented in `docs/threshold-log.md`.

use std::fs::OpenOptions;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::error::{AuditError, Result, at_line, io_error};

/// Outcome of comparing a pair's score with the threshold in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// `score >= threshold`: the pair was flagged as near-duplicates.
    Duplicate,
    /// `score < threshold`.
    Distinct,
}

impl Decision {
    /// Applies the threshold rule `score >= threshold`.
    pub fn from_score(score: f64, threshold: f64) -> Self {
        if score >= threshold {
            Self::Duplicate
        } else {
            Self::Distinct
        }
    }
}

/// One line of the threshold log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThresholdDecision {
    /// When the decision was made, RFC 3339 with an offset.
    #[serde(with = "rfc3339")]
    pub time: DateTime<FixedOffset>,
    /// The two asset ids of the scored pair, in the order they were scored.
    #[serde(deserialize_with = "deserialize_item_ids")]
    pub item_ids: [String; 2],
    /// Similarity score of the pair.
    pub score: f64,
    /// Threshold in force for this decision.
    pub threshold: f64,
    /// Release label of the threshold, such as `2025-w02` or `v7`.
    pub threshold_version: String,
    /// Encoder that produced the score.
    pub encoder_id: String,
    pub decision: Decision,
}

impl ThresholdDecision {
    /// Builds a record whose decision follows from `score >= threshold`.
    pub fn decide(
        time: DateTime<FixedOffset>,
        item_ids: [String; 2],
        score: f64,
        threshold: f64,
        threshold_version: impl Into<String>,
        encoder_id: impl Into<String>,
    ) -> Result<Self> {
        let record = Self {
            time,
            item_ids,
            score,
            threshold,
            threshold_version: threshold_version.into(),
            encoder_id: encoder_id.into(),
            decision: Decision::from_score(score, threshold),
        };
        record.validate("record")?;
        Ok(record)
    }

    /// Checks the invariants every record in a log must satisfy.
    fn validate(&self, at: &str) -> Result<()> {
        let invalid = |reason: String| AuditError::InvalidLogRecord {
            at: at.to_string(),
            reason,
        };
        if self.item_ids.iter().any(|id| id.trim().is_empty()) {
            return Err(invalid("`item_ids` contains an empty id".to_string()));
        }
        if self.item_ids[0] == self.item_ids[1] {
            return Err(invalid(format!(
                "`item_ids` pairs `{}` with itself",
                self.item_ids[0]
            )));
        }
        if !self.score.is_finite() || !self.threshold.is_finite() {
            return Err(invalid(format!(
                "score {} and threshold {} must be finite numbers",
                self.score, self.threshold
            )));
        }
        if self.threshold_version.trim().is_empty() || self.encoder_id.trim().is_empty() {
            return Err(invalid(
                "`threshold_version` and `encoder_id` must not be empty".to_string(),
            ));
        }
        let expected = Decision::from_score(self.score, self.threshold);
        if self.decision != expected {
            return Err(invalid(format!(
                "decision `{}` contradicts score {} against threshold {} (score >= threshold means duplicate)",
                decision_name(self.decision),
                self.score,
                self.threshold
            )));
        }
        Ok(())
    }
}

fn deserialize_item_ids<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<[String; 2], D::Error> {
    let ids = Vec::<String>::deserialize(deserializer)?;
    let count = ids.len();
    <[String; 2]>::try_from(ids).map_err(|_| {
        serde::de::Error::custom(format!(
            "`item_ids` contains {count} ids; a pair needs exactly 2"
        ))
    })
}

/// RFC 3339 time stamps with an error message that names the field.
mod rfc3339 {
    use chrono::{DateTime, FixedOffset, SecondsFormat};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(
        time: &DateTime<FixedOffset>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&time.to_rfc3339_opts(SecondsFormat::AutoSi, false))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<DateTime<FixedOffset>, D::Error> {
        let text = String::deserialize(deserializer)?;
        DateTime::parse_from_rfc3339(&text).map_err(|error| {
            serde::de::Error::custom(format!(
                "`time` value `{text}` is not an RFC 3339 time stamp with offset, such as 2025-01-06T09:30:00Z ({error})"
            ))
        })
    }
}

fn decision_name(decision: Decision) -> &'static str {
    match decision {
        Decision::Duplicate => "duplicate",
        Decision::Distinct => "distinct",
    }
}

/// Writes records as JSON lines to any writer.
pub struct ThresholdLogWriter<W: Write> {
    writer: W,
}

impl<W: Write> ThresholdLogWriter<W> {
    pub fn new(writer: W) -> Self {
        Self { writer }
    }

    /// Writes one record after checking it as the reader would.
    pub fn append(&mut self, record: &ThresholdDecision) -> Result<()> {
        record.validate("record")?;
        let line = serde_json::to_string(record).map_err(|error| AuditError::InvalidLogRecord {
            at: "record".to_string(),
            reason: error.to_string(),
        })?;
        writeln!(self.writer, "{line}").map_err(|source| AuditError::InvalidLogRecord {
            at: "threshold log".to_string(),
            reason: format!("write failed: {source}"),
        })
    }

    /// Flushes and returns the inner writer.
    pub fn into_inner(mut self) -> Result<W> {
        self.writer
            .flush()
            .map_err(|source| AuditError::InvalidLogRecord {
                at: "threshold log".to_string(),
                reason: format!("flush failed: {source}"),
            })?;
        Ok(self.writer)
    }
}

/// Appends records to the log at `path`, creating it when missing.
pub fn append_threshold_log(path: &Path, records: &[ThresholdDecision]) -> Result<()> {
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|source| io_error(path, source))?;
    let mut writer = ThresholdLogWriter::new(std::io::BufWriter::new(file));
    for record in records {
        writer.append(record)?;
    }
    writer.into_inner()?;
    Ok(())
}

/// Reads and validates a threshold log; blank lines are skipped, and every
/// error names the line.
pub fn read_threshold_log(path: &Path) -> Result<Vec<ThresholdDecision>> {
    let file = std::fs::File::open(path).map_err(|source| io_error(path, source))?;
    parse_threshold_log(file, &path.display().to_string())
}

pub fn parse_threshold_log(reader: impl Read, source_name: &str) -> Result<Vec<ThresholdDecision>> {
    let mut records = Vec::new();
    for (index, line) in BufReader::new(reader).lines().enumerate() {
        let at = at_line(source_name, index as u64 + 1);
        let line = line.map_err(|source| AuditError::InvalidLogRecord {
            at: at.clone(),
            reason: format!("read failed: {source}"),
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let record: ThresholdDecision =
            serde_json::from_str(&line).map_err(|error| AuditError::InvalidLogRecord {
                at: at.clone(),
                reason: format!("not a threshold log record: {error}"),
            })?;
        record.validate(&at)?;
        records.push(record);
    }
    if records.is_empty() {
        return Err(AuditError::Empty {
            input: format!("threshold log {source_name}"),
        });
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(score: f64) -> ThresholdDecision {
        let time = DateTime::parse_from_rfc3339("2025-01-06T09:30:00+01:00").unwrap();
        ThresholdDecision::decide(time, ["a".into(), "b".into()], score, 0.9, "v1", "dinov2-s")
            .unwrap()
    }

    #[test]
    fn writer_output_reads_back() {
        let records = vec![record(0.95), record(0.5)];
        let mut writer = ThresholdLogWriter::new(Vec::new());
        for record in &records {
            writer.append(record).unwrap();
        }
        let bytes = writer.into_inner().unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(
            text.starts_with(
                r#"{"time":"2025-01-06T09:30:00+01:00","item_ids":["a","b"],"score":0.95"#
            ),
            "{text}"
        );
        assert!(text.contains(r#""decision":"duplicate""#), "{text}");
        assert_eq!(
            parse_threshold_log(text.as_bytes(), "log").unwrap(),
            records
        );
    }

    #[test]
    fn score_equal_to_threshold_is_duplicate() {
        assert_eq!(record(0.9).decision, Decision::Duplicate);
        assert_eq!(record(0.899_999).decision, Decision::Distinct);
    }

    #[test]
    fn reader_errors_name_the_line() {
        let good = serde_json::to_string(&record(0.95)).unwrap();
        let cases = [
            (
                good.replace("2025-01-06T09:30:00+01:00", "yesterday"),
                "time",
            ),
            (
                good.replace(r#""duplicate""#, r#""distinct""#),
                "contradicts",
            ),
            (good.replace(r#""duplicate""#, r#""maybe""#), "maybe"),
            (good.replace(r#"["a","b"]"#, r#"["a"]"#), "item_ids"),
            (good.replace(r#"["a","b"]"#, r#"["a","a"]"#), "itself"),
            (good.replace(r#""v1""#, r#""""#), "threshold_version"),
            ("{not json".to_string(), "not a threshold log record"),
        ];
        for (bad, expected) in cases {
            let text = format!("{good}\n\n{bad}\n");
            let error = parse_threshold_log(text.as_bytes(), "log.jsonl")
                .unwrap_err()
                .to_string();
            assert!(error.starts_with("log.jsonl line 3"), "{error}");
            assert!(
                error.contains(expected),
                "expected `{expected}` in: {error}"
            );
        }
    }

    #[test]
    fn time_without_offset_is_rejected() {
        let good = serde_json::to_string(&record(0.95)).unwrap();
        let bad = good.replace("2025-01-06T09:30:00+01:00", "2025-01-06T09:30:00");
        assert!(parse_threshold_log(bad.as_bytes(), "log").is_err());
    }
}
