//! Typed step parameters beyond cucumber's built-in `{int}`, `{float}`,
//! `{string}` and `{word}`.

use std::str::FromStr;

use cucumber::Parameter;
use simcal::sweep::Similarity;

/// `{similarity}`: a similarity as the config spells it: `cosine`, `raw-l2`
/// (L2 on raw vectors) or `normalized-l2` (L2 on unit vectors).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Parameter)]
#[param(name = "similarity", regex = "cosine|raw-l2|normalized-l2")]
pub struct SimilarityParam(pub Similarity);

impl FromStr for SimilarityParam {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "cosine" => Ok(Self(Similarity::Cosine)),
            "raw-l2" => Ok(Self(Similarity::L2)),
            "normalized-l2" => Ok(Self(Similarity::L2Normalized)),
            other => Err(format!(
                "unknown similarity {other:?}: expected cosine, raw-l2 or normalized-l2"
            )),
        }
    }
}

/// Splits a comma-separated list of names, trimming blanks.
pub fn name_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect()
}
