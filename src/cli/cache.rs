//! `simcal cache`: inspect or clear the on-disk embedding cache.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use simcal_encode::EmbeddingCache;

/// Cache folder option, shared by the cache subcommands.
#[derive(Debug, Args)]
pub struct CacheLocation {
    /// Cache folder (default: $SIMCAL_CACHE_DIR, else $SIMCAL_HOME/cache).
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
}

impl CacheLocation {
    fn open(&self) -> anyhow::Result<EmbeddingCache> {
        match &self.cache_dir {
            Some(dir) => Ok(EmbeddingCache::new(dir)),
            None => Ok(EmbeddingCache::open_default()?),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum CacheCommand {
    /// Print entry counts and sizes, in total and per encoder id.
    Stats {
        #[command(flatten)]
        location: CacheLocation,
    },
    /// Remove cached embeddings: all of them, or one encoder's.
    Clear {
        #[command(flatten)]
        location: CacheLocation,
        /// Remove only the entries of this encoder id (as `cache stats` lists it).
        #[arg(long, value_name = "ID")]
        encoder: Option<String>,
    },
}

pub fn run(command: CacheCommand) -> anyhow::Result<()> {
    match command {
        CacheCommand::Stats { location } => {
            let cache = location.open()?;
            let stats = cache.stats()?;
            println!("cache: {}", cache.root().display());
            println!("entries: {}  bytes: {}", stats.entries, stats.bytes);
            for (encoder_id, encoder_stats) in &stats.per_encoder {
                println!(
                    "  {encoder_id}: {} entries, {} bytes",
                    encoder_stats.entries, encoder_stats.bytes
                );
            }
            Ok(())
        }
        CacheCommand::Clear { location, encoder } => {
            let cache = location.open()?;
            let removed = cache.clear(encoder.as_deref())?;
            match encoder {
                Some(encoder_id) => println!(
                    "removed {removed} entries of {encoder_id} from {}",
                    cache.root().display()
                ),
                None => println!("removed {removed} entries from {}", cache.root().display()),
            }
            Ok(())
        }
    }
}
