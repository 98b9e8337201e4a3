//! The on-disk embedding cache: round trip, corrupt entries, stats, clear.

use simcal_encode::{CacheKey, EmbeddingCache};

fn key(mesh_byte: u8, encoder_id: &str) -> CacheKey {
    CacheKey::new(
        [mesh_byte; 32],
        "rotate_y_deg=25",
        "views=8;size_px=224",
        encoder_id,
    )
}

const ENCODER: &str = "efficientnet-lite0@0123456789ab-ba9876543210";

#[test]
fn put_then_get_returns_the_vector_and_norm() {
    let directory = tempfile::tempdir().unwrap();
    let cache = EmbeddingCache::new(directory.path());
    let vector = vec![0.25f32, -1.5, 3.0];
    cache.put(&key(1, ENCODER), &vector, 3.4).unwrap();

    let cached = cache.get(&key(1, ENCODER)).expect("cache hit");
    assert_eq!(cached.vector, vector);
    assert_eq!(cached.raw_norm, 3.4);
    assert_eq!(cached.encoder_id, ENCODER);
    assert!(
        cache.get(&key(2, ENCODER)).is_none(),
        "another mesh is a miss"
    );
}

#[test]
fn every_key_part_changes_the_address() {
    let base = key(1, ENCODER);
    let variants = [
        CacheKey::new([2; 32], "rotate_y_deg=25", "views=8;size_px=224", ENCODER),
        CacheKey::new([1; 32], "", "views=8;size_px=224", ENCODER),
        CacheKey::new([1; 32], "rotate_y_deg=25", "views=4;size_px=224", ENCODER),
        CacheKey::new(
            [1; 32],
            "rotate_y_deg=25",
            "views=8;size_px=224",
            "other@000000000000-000000000000",
        ),
        // Moving a character between parts must not collide.
        CacheKey::new([1; 32], "rotate_y_deg=25v", "iews=8;size_px=224", ENCODER),
    ];
    for variant in variants {
        assert_ne!(base.digest_hex(), variant.digest_hex(), "{variant:?}");
    }
}

#[test]
fn corrupt_entry_is_removed_and_recomputed() {
    let directory = tempfile::tempdir().unwrap();
    let cache = EmbeddingCache::new(directory.path());
    let path = cache.put(&key(1, ENCODER), &[1.0, 2.0, 3.0], 3.7).unwrap();

    let mut bytes = std::fs::read(&path).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0x40;
    std::fs::write(&path, &bytes).unwrap();

    assert!(
        cache.get(&key(1, ENCODER)).is_none(),
        "a corrupt entry is a miss"
    );
    assert!(!path.exists(), "the corrupt entry is removed");

    // The caller recomputes and stores it again.
    cache.put(&key(1, ENCODER), &[1.0, 2.0, 3.0], 3.7).unwrap();
    assert_eq!(
        cache.get(&key(1, ENCODER)).unwrap().vector,
        vec![1.0, 2.0, 3.0]
    );
}

#[test]
fn truncated_and_foreign_files_are_misses() {
    let directory = tempfile::tempdir().unwrap();
    let cache = EmbeddingCache::new(directory.path());
    let path = cache.put(&key(1, ENCODER), &[1.0; 16], 4.0).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    assert!(cache.get(&key(1, ENCODER)).is_none());

    let path = cache.entry_path(&key(3, ENCODER));
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, b"{\"not\": \"an entry\"}").unwrap();
    assert!(cache.get(&key(3, ENCODER)).is_none());
    assert!(!path.exists());
}

#[test]
fn put_leaves_no_temporary_files() {
    let directory = tempfile::tempdir().unwrap();
    let cache = EmbeddingCache::new(directory.path());
    let path = cache.put(&key(1, ENCODER), &[1.0; 8], 2.8).unwrap();
    cache.put(&key(1, ENCODER), &[2.0; 8], 5.6).unwrap();
    let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert_eq!(
        cache.get(&key(1, ENCODER)).unwrap().vector,
        vec![2.0; 8],
        "the second put replaced the first"
    );
}

#[test]
fn invalid_puts_are_rejected() {
    let directory = tempfile::tempdir().unwrap();
    let cache = EmbeddingCache::new(directory.path());
    let empty = cache.put(&key(1, ENCODER), &[], 0.0).unwrap_err();
    assert!(empty.to_string().contains("has 0 values"), "{empty}");
    let no_id = cache.put(&key(1, ""), &[1.0], 1.0).unwrap_err();
    assert!(no_id.to_string().contains("empty"), "{no_id}");
}

#[test]
fn stats_and_clear_per_encoder() {
    let directory = tempfile::tempdir().unwrap();
    let cache = EmbeddingCache::new(directory.path().join("cache"));
    assert_eq!(
        cache.stats().unwrap().entries,
        0,
        "a missing root is an empty cache"
    );

    let other = "clip-vit-b32@aaaaaaaaaaaa-bbbbbbbbbbbb";
    for mesh in 0..3 {
        cache.put(&key(mesh, ENCODER), &[1.0; 4], 2.0).unwrap();
    }
    let other_path = cache.put(&key(9, other), &[1.0; 2], 1.4).unwrap();

    let stats = cache.stats().unwrap();
    assert_eq!(stats.entries, 4);
    assert_eq!(stats.per_encoder[ENCODER].entries, 3);
    assert_eq!(stats.per_encoder[other].entries, 1);
    assert_eq!(
        stats.per_encoder[other].bytes,
        std::fs::metadata(&other_path).unwrap().len()
    );
    assert_eq!(
        stats.bytes,
        stats.per_encoder.values().map(|s| s.bytes).sum::<u64>()
    );

    assert_eq!(cache.clear(Some(ENCODER)).unwrap(), 3);
    let stats = cache.stats().unwrap();
    assert_eq!(stats.entries, 1);
    assert!(cache.get(&key(9, other)).is_some());

    assert_eq!(cache.clear(None).unwrap(), 1);
    assert_eq!(cache.stats().unwrap().entries, 0);
}
