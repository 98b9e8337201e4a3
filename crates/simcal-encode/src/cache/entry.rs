//! On-disk format of one cache entry (all integers little-endian):
//!
//! | bytes | field |
//! |---|---|
//! | 8 | magic `SIMCALEM` |
//! | 4 | format version (1) |
//! | 4 | dimension `d` |
//! | 32 | SHA-256 of everything after this field |
//! | 4 | raw L2 norm of the pooled vector (f32) |
//! | 2 | length `n` of the encoder id |
//! | n | encoder id (UTF-8) |
//! | 4d | the vector (f32) |

use sha2::{Digest, Sha256};

pub(crate) const MAGIC: &[u8; 8] = b"SIMCALEM";
pub(crate) const FORMAT_VERSION: u32 = 1;
const HEADER_LEN: usize = 8 + 4 + 4 + 32;

/// One cached pooled embedding.
#[derive(Debug, Clone, PartialEq)]
pub struct CachedEmbedding {
    pub encoder_id: String,
    pub vector: Vec<f32>,
    /// L2 norm of the pooled vector as the encoder returned it.
    pub raw_norm: f32,
}

/// Reason an entry's bytes were rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntryDefect {
    #[error("shorter than the {HEADER_LEN}-byte header ({0} bytes)")]
    Truncated(usize),
    #[error("wrong magic bytes")]
    Magic,
    #[error("format version {0}, expected {FORMAT_VERSION}")]
    Version(u32),
    #[error("checksum mismatch")]
    Checksum,
    #[error("length {actual} bytes does not fit dimension {dimension} and id length {id_len}")]
    Length {
        actual: usize,
        dimension: usize,
        id_len: usize,
    },
    #[error("encoder id is not UTF-8")]
    EncoderId,
}

pub(crate) fn encode(entry: &CachedEmbedding) -> Vec<u8> {
    let id = entry.encoder_id.as_bytes();
    let mut body = Vec::with_capacity(4 + 2 + id.len() + 4 * entry.vector.len());
    body.extend_from_slice(&entry.raw_norm.to_le_bytes());
    body.extend_from_slice(&(id.len() as u16).to_le_bytes());
    body.extend_from_slice(id);
    for value in &entry.vector {
        body.extend_from_slice(&value.to_le_bytes());
    }

    let mut bytes = Vec::with_capacity(HEADER_LEN + body.len());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    bytes.extend_from_slice(&(entry.vector.len() as u32).to_le_bytes());
    bytes.extend_from_slice(&Sha256::digest(&body));
    bytes.extend_from_slice(&body);
    bytes
}

fn u32_at(bytes: &[u8], offset: usize) -> u32 {
    let mut word = [0u8; 4];
    word.copy_from_slice(&bytes[offset..offset + 4]);
    u32::from_le_bytes(word)
}

pub(crate) fn decode(bytes: &[u8]) -> Result<CachedEmbedding, EntryDefect> {
    if bytes.len() < HEADER_LEN + 6 {
        return Err(EntryDefect::Truncated(bytes.len()));
    }
    if &bytes[..8] != MAGIC {
        return Err(EntryDefect::Magic);
    }
    let version = u32_at(bytes, 8);
    if version != FORMAT_VERSION {
        return Err(EntryDefect::Version(version));
    }

    let dimension = u32_at(bytes, 12) as usize;
    let body = &bytes[HEADER_LEN..];
    if Sha256::digest(body).as_slice() != &bytes[16..48] {
        return Err(EntryDefect::Checksum);
    }

    let raw_norm = f32::from_bits(u32_at(body, 0));
    let id_len = usize::from(u16::from_le_bytes([body[4], body[5]]));
    if body.len() != 6 + id_len + 4 * dimension {
        return Err(EntryDefect::Length {
            actual: bytes.len(),
            dimension,
            id_len,
        });
    }
    let encoder_id = std::str::from_utf8(&body[6..6 + id_len])
        .map_err(|_| EntryDefect::EncoderId)?
        .to_string();
    let vector = body[6 + id_len..]
        .chunks_exact(4)
        .map(|chunk| f32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]))
        .collect();
    Ok(CachedEmbedding {
        encoder_id,
        vector,
        raw_norm,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> CachedEmbedding {
        CachedEmbedding {
            encoder_id: "efficientnet-lite0@0123456789ab-ba9876543210".into(),
            vector: vec![0.5, -1.25, 3.0e-8, f32::MAX],
            raw_norm: 2.5,
        }
    }

    #[test]
    fn entry_round_trips() {
        assert_eq!(decode(&encode(&sample())), Ok(sample()));
    }

    #[test]
    fn every_flipped_byte_is_detected() {
        let bytes = encode(&sample());
        for index in 0..bytes.len() {
            let mut corrupt = bytes.clone();
            corrupt[index] ^= 0x01;
            assert!(
                decode(&corrupt).is_err(),
                "flip at byte {index} went unnoticed"
            );
        }
    }

    #[test]
    fn truncation_is_detected() {
        let bytes = encode(&sample());
        for length in [0, 10, HEADER_LEN, bytes.len() - 1] {
            assert!(decode(&bytes[..length]).is_err(), "length {length}");
        }
    }
}
