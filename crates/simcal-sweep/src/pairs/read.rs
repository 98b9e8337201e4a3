//! Reading scored pairs from CSV: header `pair_id,label,score`, optional
//! `encoder` and `similarity` columns that split the rows into groups, and
//! any other columns kept as pass-through.

use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use tracing::debug;

use super::{ExtraColumns, Label, Location, PairsError, ScoredPairs, TextColumn};
use crate::similarity::{ScoreDirection, Similarity};

/// How to interpret a scores file.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    /// Direction of every score. `None` takes it from the `similarity` column
    /// (cosine: similarity; l2, l2_normalized: distance), or, without that
    /// column, treats scores as similarities. When both are given they must
    /// agree.
    pub direction: Option<ScoreDirection>,
}

/// The encoder and similarity function that produced a group of scores.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GroupKey {
    pub encoder: Option<String>,
    pub similarity: Option<String>,
}

impl GroupKey {
    /// Describes the group for messages, e.g. ` (encoder `clip`, similarity `cosine`)`;
    /// empty when there is neither column.
    pub fn describe(&self) -> String {
        let parts: Vec<String> = [("encoder", &self.encoder), ("similarity", &self.similarity)]
            .into_iter()
            .filter_map(|(name, value)| value.as_ref().map(|value| format!("{name} `{value}`")))
            .collect();
        if parts.is_empty() {
            String::new()
        } else {
            format!(" ({})", parts.join(", "))
        }
    }
}

/// The pairs of one encoder and similarity function.
#[derive(Debug, Clone)]
pub struct ScoreGroup {
    pub key: GroupKey,
    pub pairs: ScoredPairs,
}

const REQUIRED_COLUMNS: [&str; 3] = ["pair_id", "label", "score"];

struct Header {
    pair_id: usize,
    label: usize,
    score: usize,
    encoder: Option<usize>,
    similarity: Option<usize>,
    extra: Vec<(usize, String)>,
}

struct GroupBuilder {
    key: GroupKey,
    direction: ScoreDirection,
    pair_ids: TextColumn,
    labels: Vec<Label>,
    scores: Vec<f64>,
    extra: Vec<TextColumn>,
    lines: Vec<u64>,
}

/// Reads and validates a scores CSV, one [`ScoreGroup`] per distinct
/// `(encoder, similarity)` in order of first appearance. Every rejection
/// names the file, the line and the value.
pub fn read_scored_pairs_csv(
    path: &Path,
    options: &ReadOptions,
) -> Result<Vec<ScoreGroup>, PairsError> {
    let file = File::open(path).map_err(|source| PairsError::Open {
        path: path.to_owned(),
        source,
    })?;
    let mut reader =
        csv::ReaderBuilder::new().from_reader(std::io::BufReader::with_capacity(1 << 20, file));
    let header = parse_header(path, &mut reader)?;
    let extra_names: Vec<String> = header.extra.iter().map(|(_, name)| name.clone()).collect();

    let mut groups: Vec<GroupBuilder> = Vec::new();
    let mut group_index: HashMap<GroupKey, usize> = HashMap::new();
    let mut record = csv::StringRecord::new();
    let mut last_group = usize::MAX;
    loop {
        let has_record = reader
            .read_record(&mut record)
            .map_err(|source| csv_error(path, source))?;
        if !has_record {
            break;
        }
        let line = record.position().map_or(0, |position| position.line());
        let location = Location::Line(line);
        let field = |index: usize| record.get(index).unwrap_or_default();
        let encoder = header.encoder.map(|index| field(index).trim());
        let similarity = header.similarity.map(|index| field(index).trim());

        // Rows of one group usually come together, so the previous row's
        // group is checked before building a key for the map.
        let same_as_last = groups.get(last_group).is_some_and(|group: &GroupBuilder| {
            group.key.encoder.as_deref() == encoder && group.key.similarity.as_deref() == similarity
        });
        let key = || GroupKey {
            encoder: encoder.map(str::to_owned),
            similarity: similarity.map(str::to_owned),
        };
        let group_position = if same_as_last {
            last_group
        } else if let Some(&position) = group_index.get(&key()) {
            position
        } else {
            let key = key();
            let direction = resolve_direction(path, location, key.similarity.as_deref(), options)?;
            debug!(group = %key.describe(), %direction, "new score group");
            groups.push(GroupBuilder {
                key: key.clone(),
                direction,
                pair_ids: TextColumn::default(),
                labels: Vec::new(),
                scores: Vec::new(),
                extra: vec![TextColumn::default(); header.extra.len()],
                lines: Vec::new(),
            });
            group_index.insert(key, groups.len() - 1);
            groups.len() - 1
        };
        last_group = group_position;
        let group = &mut groups[group_position];
        let origin = || format!("{}{}", path.display(), group.key.describe());

        let label_text = field(header.label);
        let label = Label::parse(label_text).ok_or_else(|| PairsError::InvalidLabel {
            origin: origin(),
            location,
            value: label_text.to_owned(),
        })?;
        let score_text = field(header.score);
        let score: f64 = score_text
            .trim()
            .parse()
            .map_err(|_| PairsError::InvalidScore {
                origin: origin(),
                location,
                value: score_text.to_owned(),
            })?;

        group.pair_ids.push(field(header.pair_id));
        group.labels.push(label);
        group.scores.push(score);
        for (column, (index, _)) in group.extra.iter_mut().zip(&header.extra) {
            column.push(field(*index));
        }
        group.lines.push(line);
    }

    if groups.is_empty() {
        return Err(PairsError::MissingClass {
            origin: path.display().to_string(),
            missing: Label::Positive,
            rows: 0,
        });
    }
    groups
        .into_iter()
        .map(|group| {
            let origin = format!("{}{}", path.display(), group.key.describe());
            let lines = group.lines;
            let pairs = ScoredPairs::from_columns(
                origin,
                group.pair_ids,
                group.labels,
                group.scores,
                group.direction,
                ExtraColumns {
                    names: extra_names.clone(),
                    values: group.extra,
                },
                |row| Location::Line(lines[row]),
            )?;
            Ok(ScoreGroup {
                key: group.key,
                pairs,
            })
        })
        .collect()
}

fn parse_header<R: std::io::Read>(
    path: &Path,
    reader: &mut csv::Reader<R>,
) -> Result<Header, PairsError> {
    let names: Vec<String> = reader
        .headers()
        .map_err(|source| csv_error(path, source))?
        .iter()
        .map(|name| name.trim().to_owned())
        .collect();
    for (index, name) in names.iter().enumerate() {
        if names[..index].contains(name) {
            return Err(PairsError::DuplicateColumn {
                path: path.to_owned(),
                column: name.clone(),
            });
        }
    }
    let find = |column: &str| names.iter().position(|name| name == column);
    let require = |column: &'static str| {
        find(column).ok_or_else(|| PairsError::MissingColumn {
            path: path.to_owned(),
            column,
            header: names.join(","),
        })
    };

    let mut header = Header {
        pair_id: require("pair_id")?,
        label: require("label")?,
        score: require("score")?,
        encoder: find("encoder"),
        similarity: find("similarity"),
        extra: Vec::new(),
    };
    header.extra = names
        .iter()
        .enumerate()
        .filter(|(_, name)| {
            !REQUIRED_COLUMNS.contains(&name.as_str())
                && *name != "encoder"
                && *name != "similarity"
        })
        .map(|(index, name)| (index, name.clone()))
        .collect();
    Ok(header)
}

fn resolve_direction(
    path: &Path,
    location: Location,
    similarity: Option<&str>,
    options: &ReadOptions,
) -> Result<ScoreDirection, PairsError> {
    let Some(name) = similarity else {
        return Ok(options.direction.unwrap_or(ScoreDirection::Similarity));
    };
    match (name.parse::<Similarity>(), options.direction) {
        (Ok(known), Some(requested)) if known.direction() != requested => {
            Err(PairsError::DirectionConflict {
                path: path.to_owned(),
                location,
                similarity: name.to_owned(),
                implied: known.direction(),
                requested,
            })
        }
        (Ok(known), _) => Ok(known.direction()),
        (Err(_), Some(requested)) => Ok(requested),
        (Err(_), None) => Err(PairsError::UnknownSimilarity {
            path: path.to_owned(),
            location,
            similarity: name.to_owned(),
        }),
    }
}

fn csv_error(path: &Path, source: csv::Error) -> PairsError {
    let line = source.position().map(|position| position.line());
    PairsError::Csv {
        path: PathBuf::from(path),
        line,
        source,
    }
}
