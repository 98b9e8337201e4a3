//! `simcal catalog`: list a catalog or export the built-in one as OFF files.

use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use simcal_dataset::builtin::MAX_PER_CLASS;
use simcal_dataset::{
    CatalogSpec, DEFAULT_PER_CLASS, DEFAULT_SEED, export_builtin, list_catalog, load_catalog,
};

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// List the objects of a catalog with their class, triangle count and source.
    List(ListArgs),
    /// Write the built-in catalog as OFF files in the ModelNet layout DIR/<class>/train/<id>.off.
    Export(ExportArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Catalog to list: builtin[?seed=S&per-class=N&classes=a,b],
    /// modelnet:ROOT[?split=train&classes=a,b&per-class=N],
    /// folder:ROOT[?classes=a,b&per-class=N] or manifest:FILE.csv.
    /// Quote it in a shell, since options are joined with '&'.
    #[arg(long, default_value = "builtin")]
    pub catalog: CatalogSpec,

    /// Fail on the first object that cannot be loaded instead of skipping it.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Folder to write into, created if missing. Existing files with the same names are overwritten.
    #[arg(long)]
    pub out: PathBuf,

    /// Seed of the built-in catalog.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub seed: u64,

    /// Objects per class.
    #[arg(long, default_value_t = DEFAULT_PER_CLASS)]
    pub per_class: usize,
}

pub fn run(command: CatalogCommand) -> anyhow::Result<()> {
    match command {
        CatalogCommand::List(args) => run_list(args),
        CatalogCommand::Export(args) => run_export(args),
    }
}

fn run_list(args: ListArgs) -> anyhow::Result<()> {
    let entries = list_catalog(&args.catalog)?;
    let catalog = load_catalog(&entries, args.strict)?;

    let stdout = io::stdout();
    let mut out = stdout.lock();
    writeln!(
        out,
        "{:<24} {:<14} {:>9} {:>9}  source",
        "object_id", "class", "triangles", "vertices"
    )?;
    for object in &catalog.objects {
        writeln!(
            out,
            "{:<24} {:<14} {:>9} {:>9}  {}",
            object.entry.object_id,
            object.entry.class,
            object.mesh.triangle_count(),
            object.mesh.vertex_count(),
            object.entry.source,
        )?;
    }
    for skipped in &catalog.skipped {
        writeln!(
            out,
            "skipped {} ({}): {}",
            skipped.object_id, skipped.source, skipped.reason
        )?;
    }
    let classes: BTreeSet<&str> = entries.iter().map(|entry| entry.class.as_str()).collect();
    writeln!(
        out,
        "loaded {} objects, skipped {} (classes: {})",
        catalog.objects.len(),
        catalog.skipped.len(),
        classes.len()
    )?;
    Ok(())
}

fn run_export(args: ExportArgs) -> anyhow::Result<()> {
    if !(1..=MAX_PER_CLASS).contains(&args.per_class) {
        bail!(
            "--per-class must be between 1 and {MAX_PER_CLASS}, got {}",
            args.per_class
        );
    }
    let started = Instant::now();
    let exported = export_builtin(&args.out, args.seed, args.per_class).with_context(|| {
        format!(
            "failed to export the built-in catalog to {}",
            args.out.display()
        )
    })?;
    let triangles: usize = exported.iter().map(|object| object.triangle_count).sum();
    println!(
        "wrote {} objects ({} triangles) to {} in {} ms",
        exported.len(),
        triangles,
        args.out.display(),
        started.elapsed().as_millis()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::cli::{Cli, Command};

    fn parse(arguments: &[&str]) -> Result<CatalogCommand, clap::Error> {
        let cli = Cli::try_parse_from(arguments)?;
        match cli.command {
            Command::Catalog { command } => Ok(command),
            other => panic!("parsed as another command: {other:?}"),
        }
    }

    #[test]
    fn list_parses_spec_and_strict() {
        let command = parse(&[
            "simcal",
            "catalog",
            "list",
            "--catalog",
            "builtin?seed=3&per-class=2",
            "--strict",
        ])
        .unwrap();
        let CatalogCommand::List(args) = command else {
            panic!("expected catalog list");
        };
        assert!(args.strict);
        assert_eq!(args.catalog, "builtin?seed=3&per-class=2".parse().unwrap());
    }

    #[test]
    fn list_rejects_invalid_spec() {
        let error =
            parse(&["simcal", "catalog", "list", "--catalog", "shapenet:/data"]).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("unknown catalog kind 'shapenet'"),
            "{error}"
        );
    }

    #[test]
    fn export_writes_modelnet_layout() {
        let out = tempfile::tempdir().unwrap();
        let out_text = out.path().to_str().unwrap();
        let command = parse(&[
            "simcal",
            "catalog",
            "export",
            "--out",
            out_text,
            "--seed",
            "5",
            "--per-class",
            "1",
        ])
        .unwrap();
        run(command).unwrap();
        for class in [
            "airplane",
            "chair",
            "table",
            "bed",
            "bookshelf",
            "bench",
            "sofa",
            "lamp",
        ] {
            let path = out
                .path()
                .join(class)
                .join("train")
                .join(format!("{class}_0000.off"));
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            assert!(text.starts_with("OFF\n"), "{}", path.display());
        }
    }

    #[test]
    fn export_rejects_zero_per_class() {
        let out = tempfile::tempdir().unwrap();
        let args = ExportArgs {
            out: out.path().to_path_buf(),
            seed: 0,
            per_class: 0,
        };
        let error = run_export(args).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("--per-class must be between 1 and 9999, got 0"),
            "{error}"
        );
    }

    #[test]
    fn list_strict_fails_on_broken_file() {
        let manifest =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/dataset/catalog.csv");
        let catalog: CatalogSpec = format!("manifest:{}", manifest.display()).parse().unwrap();
        let lenient = ListArgs {
            catalog: catalog.clone(),
            strict: false,
        };
        run_list(lenient).unwrap();

        let strict = ListArgs {
            catalog,
            strict: true,
        };
        let error = run_list(strict).unwrap_err();
        assert!(
            error.to_string().contains("failed to load pyramid_broken"),
            "{error}"
        );
    }
}
