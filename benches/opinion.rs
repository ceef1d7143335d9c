//! Time of `groups()` on 10,000 voters × 40 statements.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use atazan::domain::opinion::{Ballot, groups};
use rand_xoshiro::Xoshiro256Plus;
use rand_xoshiro::rand_core::{RngCore, SeedableRng};

const VOTERS: usize = 10_000;
const STATEMENTS: usize = 40;

/// Each voter votes on ~25 random statements following one of 3 planted
/// tendencies (50 / 30 / 20 % of voters), with 15 % noise; fixed seed.
fn ballots() -> Vec<Ballot> {
    let mut rng = Xoshiro256Plus::seed_from_u64(2024);
    let mut unit = move || (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
    // Tendency t agrees with its own third of the statements, disagrees with the rest.
    let tendencies: Vec<Vec<i8>> = (0..3)
        .map(|t| {
            (0..STATEMENTS)
                .map(|s| if s * 3 / STATEMENTS == t { 1 } else { -1 })
                .collect()
        })
        .collect();
    let mut ballots = Vec::new();
    for voter in 0..VOTERS {
        let tendency = match voter % 10 {
            0..5 => &tendencies[0],
            5..8 => &tendencies[1],
            _ => &tendencies[2],
        };
        for (statement, &stance) in tendency.iter().enumerate() {
            if unit() >= 25.0 / STATEMENTS as f64 {
                continue;
            }
            let noise = unit();
            let vote = if noise < 0.05 {
                0
            } else if noise < 0.15 {
                -stance
            } else {
                stance
            };
            ballots.push(Ballot {
                voter,
                statement,
                vote,
            });
        }
    }
    ballots
}

fn bench(c: &mut Criterion) {
    let ballots = ballots();
    let opinion = groups(VOTERS, STATEMENTS, &ballots).expect("enough voters");
    let sizes: Vec<usize> = opinion.groups.iter().map(|g| g.members.len()).collect();
    eprintln!(
        "{} ballots; groups {sizes:?}; consensus {:?}; divisive {:?}",
        ballots.len(),
        opinion.consensus,
        opinion.divisive
    );
    let mut group = c.benchmark_group("opinion");
    group.sample_size(20);
    group.bench_function("groups_10k_x_40", |b| {
        b.iter(|| {
            groups(
                black_box(VOTERS),
                black_box(STATEMENTS),
                black_box(&ballots),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
