//! Time to generate the default built-in catalog (8 classes x 80 objects)
//! and to build twins with three perturbation chains.

use criterion::{Criterion, criterion_group, criterion_main};
use rayon::prelude::*;
use simcal_dataset::{
    BuiltinClass, DEFAULT_PER_CLASS, PerturbationChain, builtin_entries, generate_builtin,
    load_catalog, twin_seed,
};

fn builtin_catalog(c: &mut Criterion) {
    let mut group = c.benchmark_group("builtin_catalog");
    group.sample_size(10);
    group.bench_function("generate_640_sequential", |b| {
        b.iter(|| {
            let mut triangles = 0;
            for class in BuiltinClass::ALL {
                for index in 0..DEFAULT_PER_CLASS {
                    triangles += generate_builtin(0, class, index).unwrap().triangle_count();
                }
            }
            triangles
        })
    });
    let entries = builtin_entries(0, DEFAULT_PER_CLASS);
    group.bench_function("load_640_parallel", |b| {
        b.iter(|| load_catalog(&entries, true).unwrap().objects.len())
    });
    group.finish();
}

fn twins(c: &mut Criterion) {
    let objects = load_catalog(&builtin_entries(0, 10), true).unwrap().objects;
    let mut group = c.benchmark_group("twins_80_objects");
    group.sample_size(10);
    for chain_text in [
        "rotate(y,25)",
        "rotate(y,25)|decimate(0.5)",
        "jitter(0.005)|crop(y,0.2)",
    ] {
        let chain: PerturbationChain = chain_text.parse().unwrap();
        group.bench_function(chain_text, |b| {
            b.iter(|| {
                objects
                    .par_iter()
                    .map(|object| {
                        chain
                            .apply(&object.mesh, twin_seed(0, &object.entry.object_id))
                            .unwrap()
                            .triangle_count()
                    })
                    .sum::<usize>()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, builtin_catalog, twins);
criterion_main!(benches);
