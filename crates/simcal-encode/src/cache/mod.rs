//! Content-addressed embedding cache on disk.
//!
//! An entry's key is the SHA-256 over the mesh content hash, the
//! perturbation, the render config's canonical string and the encoder id.
//! Entries live at `<root>/<encoder id>/<key[0..2]>/<key>.emb`. Each is
//! written to a temporary file and renamed into place, so readers never see
//! half an entry. Every read checks the entry. A corrupt entry is logged at
//! warn, removed, and reported as a miss so that the caller recomputes it.

mod entry;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use thiserror::Error;

pub use entry::{CachedEmbedding, EntryDefect};

const ENTRY_EXTENSION: &str = "emb";

/// Failure to write to or manage the cache.
#[derive(Debug, Error)]
pub enum CacheError {
    #[error(
        "no cache folder: set SIMCAL_CACHE_DIR, SIMCAL_HOME or HOME, or pass the folder explicitly"
    )]
    NoRoot,
    #[error("cache I/O failed on {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "embedding for encoder {encoder_id} has {actual} values; a cache entry holds 1 to {max}"
    )]
    InvalidVector {
        encoder_id: String,
        actual: usize,
        max: usize,
    },
    #[error("encoder id {0:?} is empty or longer than 65535 bytes")]
    InvalidEncoderId(String),
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> CacheError + '_ {
    move |source| CacheError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Identity of one cached embedding.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CacheKey {
    /// `Mesh::content_hash` of the object's mesh.
    pub mesh_content_hash: [u8; 32],
    /// Canonical perturbation string, empty for the original mesh.
    pub perturbation: String,
    /// Canonical render config string (views, size, lighting, ...).
    pub render_config: String,
    pub encoder_id: String,
}

impl CacheKey {
    pub fn new(
        mesh_content_hash: [u8; 32],
        perturbation: impl Into<String>,
        render_config: impl Into<String>,
        encoder_id: impl Into<String>,
    ) -> Self {
        Self {
            mesh_content_hash,
            perturbation: perturbation.into(),
            render_config: render_config.into(),
            encoder_id: encoder_id.into(),
        }
    }

    /// Returns the entry's content address: SHA-256 over the four parts,
    /// each prefixed by its length so that no two keys share a digest.
    pub fn digest_hex(&self) -> String {
        let mut hasher = Sha256::new();
        hasher.update(b"simcal-embedding-cache-v1");
        for part in [
            &self.mesh_content_hash[..],
            self.perturbation.as_bytes(),
            self.render_config.as_bytes(),
            self.encoder_id.as_bytes(),
        ] {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
        hex::encode(hasher.finalize())
    }
}

/// Entry count and size of one encoder's entries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EncoderCacheStats {
    pub entries: u64,
    pub bytes: u64,
}

/// Totals over the cache, per encoder id (the folder name).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CacheStats {
    pub entries: u64,
    pub bytes: u64,
    pub per_encoder: BTreeMap<String, EncoderCacheStats>,
}

/// The embedding cache rooted at one folder.
#[derive(Debug, Clone)]
pub struct EmbeddingCache {
    root: PathBuf,
}

/// Maps an encoder id to a folder name; ids are normally already safe.
fn encoder_folder(encoder_id: &str) -> String {
    encoder_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '@') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

impl EmbeddingCache {
    /// Opens (without creating) the cache at `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// Opens the cache at `$SIMCAL_CACHE_DIR`, else `$SIMCAL_HOME/cache`.
    pub fn open_default() -> Result<Self, CacheError> {
        crate::paths::default_cache_dir()
            .map(Self::new)
            .ok_or(CacheError::NoRoot)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Returns where the entry for `key` lives.
    pub fn entry_path(&self, key: &CacheKey) -> PathBuf {
        let digest = key.digest_hex();
        self.root
            .join(encoder_folder(&key.encoder_id))
            .join(&digest[..2])
            .join(format!("{digest}.{ENTRY_EXTENSION}"))
    }

    /// Returns the cached embedding for `key`, or `None` when there is none
    /// or the entry is unreadable or corrupt (logged at warn and removed, so
    /// the caller recomputes and re-inserts it).
    pub fn get(&self, key: &CacheKey) -> Option<CachedEmbedding> {
        let path = self.entry_path(key);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return None,
            Err(error) => {
                tracing::warn!(path = %path.display(), %error, "failed to read embedding cache entry; recomputing");
                return None;
            }
        };
        let defect = match entry::decode(&bytes) {
            Ok(embedding) if embedding.encoder_id == key.encoder_id => return Some(embedding),
            Ok(embedding) => format!("entry belongs to encoder {}", embedding.encoder_id),
            Err(defect) => defect.to_string(),
        };
        tracing::warn!(path = %path.display(), %defect, "corrupt embedding cache entry; removing it and recomputing");
        if let Err(error) = std::fs::remove_file(&path) {
            tracing::warn!(path = %path.display(), %error, "failed to remove corrupt cache entry");
        }
        None
    }

    /// Stores `vector` (with the raw L2 norm of the pooled vector) for `key`,
    /// atomically replacing any previous entry.
    pub fn put(
        &self,
        key: &CacheKey,
        vector: &[f32],
        raw_norm: f32,
    ) -> Result<PathBuf, CacheError> {
        if key.encoder_id.is_empty() || key.encoder_id.len() > usize::from(u16::MAX) {
            return Err(CacheError::InvalidEncoderId(key.encoder_id.clone()));
        }
        let max = u32::MAX as usize / 4;
        if vector.is_empty() || vector.len() > max {
            return Err(CacheError::InvalidVector {
                encoder_id: key.encoder_id.clone(),
                actual: vector.len(),
                max,
            });
        }

        let bytes = entry::encode(&CachedEmbedding {
            encoder_id: key.encoder_id.clone(),
            vector: vector.to_vec(),
            raw_norm,
        });

        let path = self.entry_path(key);
        let folder = path.parent().unwrap_or(&self.root);
        std::fs::create_dir_all(folder).map_err(io_error(folder))?;
        let mut temporary = tempfile::Builder::new()
            .prefix(".tmp-")
            .tempfile_in(folder)
            .map_err(io_error(folder))?;
        temporary
            .write_all(&bytes)
            .map_err(io_error(temporary.path()))?;
        temporary.as_file().sync_data().map_err(io_error(&path))?;
        temporary.persist(&path).map_err(|error| CacheError::Io {
            path: path.clone(),
            source: error.error,
        })?;
        Ok(path)
    }

    /// Counts entries and bytes, in total and per encoder id. A missing
    /// root counts as an empty cache.
    pub fn stats(&self) -> Result<CacheStats, CacheError> {
        let mut stats = CacheStats::default();
        for (encoder, folder) in self.encoder_folders()? {
            let mut encoder_stats = EncoderCacheStats::default();
            visit_entries(&folder, &mut |_, size| {
                encoder_stats.entries += 1;
                encoder_stats.bytes += size;
            })?;
            stats.entries += encoder_stats.entries;
            stats.bytes += encoder_stats.bytes;
            stats.per_encoder.insert(encoder, encoder_stats);
        }
        Ok(stats)
    }

    /// Removes every entry, or only those of `encoder_id`; returns the
    /// number of entries removed.
    pub fn clear(&self, encoder_id: Option<&str>) -> Result<u64, CacheError> {
        let wanted = encoder_id.map(encoder_folder);
        let mut removed = 0;
        for (encoder, folder) in self.encoder_folders()? {
            if wanted.as_ref().is_some_and(|wanted| *wanted != encoder) {
                continue;
            }
            visit_entries(&folder, &mut |_, _| removed += 1)?;
            std::fs::remove_dir_all(&folder).map_err(io_error(&folder))?;
        }
        Ok(removed)
    }

    fn encoder_folders(&self) -> Result<Vec<(String, PathBuf)>, CacheError> {
        let entries = match std::fs::read_dir(&self.root) {
            Ok(entries) => entries,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(error) => return Err(io_error(&self.root)(error)),
        };
        let mut folders = Vec::new();
        for entry in entries {
            let entry = entry.map_err(io_error(&self.root))?;
            if entry.file_type().map_err(io_error(&entry.path()))?.is_dir() {
                folders.push((
                    entry.file_name().to_string_lossy().into_owned(),
                    entry.path(),
                ));
            }
        }
        folders.sort();
        Ok(folders)
    }
}

/// Calls `visit(path, size)` for every `.emb` file under `folder`.
fn visit_entries(folder: &Path, visit: &mut dyn FnMut(&Path, u64)) -> Result<(), CacheError> {
    for entry in std::fs::read_dir(folder).map_err(io_error(folder))? {
        let entry = entry.map_err(io_error(folder))?;
        let path = entry.path();
        let metadata = entry.metadata().map_err(io_error(&path))?;
        if metadata.is_dir() {
            visit_entries(&path, visit)?;
        } else if path
            .extension()
            .is_some_and(|extension| extension == ENTRY_EXTENSION)
        {
            visit(&path, metadata.len());
        }
    }
    Ok(())
}
