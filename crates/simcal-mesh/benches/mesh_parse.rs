//! Mesh parsing throughput: loads every mesh file under the folders or
//! files given as arguments, several passes, and prints one JSON line.
//!
//! Run through `scripts/bench/mesh-parse.sh`, which also times Python
//! trimesh on the same files and prints the ratio. Directly:
//! `cargo bench -p simcal-mesh --bench mesh_parse -- DIR...`
//! (`SIMCAL_BENCH_PASSES` sets the number of timed passes, default 5).

use std::path::{Path, PathBuf};
use std::time::Instant;

fn collect_files(path: &Path, files: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let Ok(entries) = std::fs::read_dir(path) else {
            eprintln!("cannot read folder {}", path.display());
            return;
        };
        let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        children.sort();
        for child in children {
            collect_files(&child, files);
        }
    } else if simcal_mesh::MeshFormat::from_path(path).is_some() {
        files.push(path.to_path_buf());
    }
}

fn main() {
    let arguments: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if arguments.is_empty() {
        eprintln!("usage: mesh_parse DIR_OR_FILE...  (no input given, nothing measured)");
        return;
    }
    let mut files = Vec::new();
    for argument in &arguments {
        collect_files(Path::new(argument), &mut files);
    }
    let passes: usize = std::env::var("SIMCAL_BENCH_PASSES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5)
        .max(1);

    let total_bytes: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let mut triangle_count = 0usize;
    let mut failures = 0usize;
    // Warm-up pass: fills the page cache and counts triangles.
    for file in &files {
        match simcal_mesh::load_mesh(file) {
            Ok(loaded) => triangle_count += loaded.mesh.triangle_count(),
            Err(error) => {
                failures += 1;
                eprintln!("{error}");
            }
        }
    }
    let mut pass_seconds = Vec::with_capacity(passes);
    for _ in 0..passes {
        let start = Instant::now();
        for file in &files {
            let loaded = simcal_mesh::load_mesh(file);
            std::hint::black_box(&loaded);
        }
        pass_seconds.push(start.elapsed().as_secs_f64());
    }
    pass_seconds.sort_by(f64::total_cmp);
    let median_s = pass_seconds[pass_seconds.len() / 2];
    println!(
        "{{\"parser\":\"simcal\",\"files\":{},\"failures\":{failures},\"bytes\":{total_bytes},\"triangles\":{triangle_count},\"passes\":{passes},\"median_pass_s\":{median_s:.6},\"mb_per_s\":{:.3}}}",
        files.len(),
        total_bytes as f64 / 1e6 / median_s
    );
}
