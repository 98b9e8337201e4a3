//! Encoder identity: the preset name plus SHA-256 digests of the model file
//! and of the canonical preprocessing spec.

use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

/// Hex digits of each digest kept in the id.
const DIGEST_PREFIX_LEN: usize = 12;

/// Returns the SHA-256 of a file's bytes, in hex.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let read = file.read(&mut buffer)?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
    }
    Ok(hex::encode(hasher.finalize()))
}

/// Returns `<name>@<model digest prefix>-<spec digest prefix>`.
pub fn encoder_id(name: &str, model_sha256_hex: &str, canonical_spec: &str) -> String {
    let spec_digest = hex::encode(Sha256::digest(canonical_spec.as_bytes()));
    let model_prefix = &model_sha256_hex[..DIGEST_PREFIX_LEN.min(model_sha256_hex.len())];
    format!(
        "{name}@{model_prefix}-{}",
        &spec_digest[..DIGEST_PREFIX_LEN]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_changes_with_spec_and_model() {
        let model = "a".repeat(64);
        let base = encoder_id("e", &model, "{\"x\":1}");
        assert_eq!(
            base,
            format!(
                "e@{}-{}",
                &model[..12],
                &hex::encode(Sha256::digest(b"{\"x\":1}"))[..12]
            )
        );
        assert_ne!(base, encoder_id("e", &model, "{\"x\":2}"));
        assert_ne!(base, encoder_id("e", &"b".repeat(64), "{\"x\":1}"));
    }
}
