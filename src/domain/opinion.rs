//! Groups of opinion among the residents who voted on one set of statements.
//!
//! A statement set is more than a tally of each statement: residents fall into
//! groups that vote alike, and the useful findings are what *every* group
//! agrees with (common ground) and what *divides* the groups. This module finds
//! those groups from the votes alone, the way Pol.is does.
//!
//! Method:
//! - A voters × statements matrix: agree = 1, disagree = −1, pass or unseen = 0.
//!   Duplicate ballots for one (voter, statement): the last one wins; ballots
//!   with out-of-range indices or votes are ignored.
//! - Only voters with at least `min(7, statements)` votes (passes count) are
//!   grouped, as in Pol.is: fewer votes place a voter almost anywhere.
//! - PCA to 2 components (`linfa-reduction`), each voter's point scaled by
//!   `sqrt(statements / votes)` so that voters who saw few statements are not
//!   all pulled to the centre (also Pol.is).
//! - k-means (`linfa-clustering`, fixed seed) for k = 2..=5; the k with the
//!   highest mean silhouette wins, the fewest groups within 0.05 of it (the silhouette is taken on a fixed-seed
//!   random sample of at most 2,000 voters). Same input → same groups.
//! - Consensus: every group has at least 3 members who voted on the statement,
//!   and at least 60 % of them agree.
//! - Divisive: the spread (max − min) of the groups' agree shares, among groups
//!   with at least 3 votes on the statement; spread ≥ 0.3, at most 5, widest
//!   first, consensus statements excluded.

use linfa::DatasetBase;
use linfa::traits::{Fit, Predict};
use linfa_clustering::KMeans;
use linfa_reduction::Pca;
use ndarray::{Array2, ArrayView2, Axis};
use rand_xoshiro::Xoshiro256Plus;
use rand_xoshiro::rand_core::{RngCore, SeedableRng};

/// Fewer voters than this: no groups (too few to say anything).
pub const MIN_VOTERS: usize = 50;
/// Votes a voter needs (capped at the number of statements) to be grouped.
const MIN_VOTES: usize = 7;
/// Most groups looked for.
const MAX_GROUPS: usize = 5;
/// Axes of disagreement the voters are grouped on. Two (the picture Pol.is draws) turn a few
/// voters who share one odd vote into a tight group of their own; five keep them with the
/// people they agree with otherwise, and cost little more for 40 statements.
const AXES: usize = 5;
/// Most voters the silhouette is measured on.
const SILHOUETTE_SAMPLE: usize = 2_000;
/// Seed of the k-means initialisation.
const SEED: u64 = 0x6174_617a_616e;
/// Share of a group's votes that must agree for consensus.
const CONSENSUS_SHARE: f64 = 0.6;
/// Votes a group needs on a statement for its share to count.
const MIN_GROUP_VOTES: usize = 3;
/// Smallest spread of agree shares that makes a statement divisive.
const DIVISIVE_SPREAD: f64 = 0.3;
/// Most divisive statements reported.
const MAX_DIVISIVE: usize = 5;

/// One vote: voter index (0..voters), statement index (0..statements), 1 agree, -1 disagree, 0 pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ballot {
    pub voter: usize,
    pub statement: usize,
    pub vote: i8,
}

/// Groups of opinion on one statement set, with what unites and divides them.
#[derive(Debug, Clone, PartialEq)]
pub struct Opinion {
    /// Groups, largest first.
    pub groups: Vec<Group>,
    /// Statements every group agrees with (index, ascending).
    pub consensus: Vec<usize>,
    /// Statements that divide the groups most, most divisive first.
    pub divisive: Vec<usize>,
}

/// Voters who vote alike, and how they voted.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Voter indices, ascending.
    pub members: Vec<usize>,
    /// Per statement: (agree, disagree, pass) counts among the group's members.
    pub votes: Vec<(usize, usize, usize)>,
}

/// Groups of opinion, or None with fewer than MIN_VOTERS voters who voted
/// (on at least `min(7, statements)` statements) or fewer than 2 statements.
pub fn groups(voters: usize, statements: usize, ballots: &[Ballot]) -> Option<Opinion> {
    if statements < 2 {
        return None;
    }
    let latest = latest_ballots(voters, statements, ballots);
    let min_votes = MIN_VOTES.min(statements);
    let rows: Vec<&[(usize, usize, i8)]> = latest
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|row| row.len() >= min_votes)
        .collect();
    if rows.len() < MIN_VOTERS {
        return None;
    }

    let mut matrix = Array2::<f64>::zeros((rows.len(), statements));
    for (r, row) in rows.iter().enumerate() {
        for &(_, s, v) in row.iter() {
            matrix[[r, s]] = f64::from(v);
        }
    }
    let mut points = project(matrix, AXES.min(statements));
    for (mut point, row) in points.axis_iter_mut(Axis(0)).zip(&rows) {
        point *= (statements as f64 / row.len() as f64).sqrt();
    }
    let labels = cluster(points.view());

    let clusters = labels.iter().copied().max().map_or(0, |m| m + 1);
    let mut groups: Vec<Group> = (0..clusters)
        .map(|_| Group {
            members: Vec::new(),
            votes: vec![(0, 0, 0); statements],
        })
        .collect();
    for (row, &label) in rows.iter().zip(&labels) {
        let group = &mut groups[label];
        group.members.push(row[0].0);
        for &(_, s, v) in row.iter() {
            let count = &mut group.votes[s];
            match v {
                1 => count.0 += 1,
                -1 => count.1 += 1,
                _ => count.2 += 1,
            }
        }
    }
    groups.retain(|g| !g.members.is_empty());
    groups.sort_by(|a, b| {
        b.members
            .len()
            .cmp(&a.members.len())
            .then(a.members[0].cmp(&b.members[0]))
    });

    let consensus: Vec<usize> = (0..statements)
        .filter(|&s| {
            groups.iter().all(|g| {
                let (agree, disagree, pass) = g.votes[s];
                let voted = agree + disagree + pass;
                voted >= MIN_GROUP_VOTES && agree as f64 >= CONSENSUS_SHARE * voted as f64
            })
        })
        .collect();
    let divisive = divisive(&groups, statements, &consensus);
    Some(Opinion {
        groups,
        consensus,
        divisive,
    })
}

/// Valid ballots as (voter, statement, vote), sorted by voter then statement,
/// one per pair: the last one given.
fn latest_ballots(voters: usize, statements: usize, ballots: &[Ballot]) -> Vec<(usize, usize, i8)> {
    let mut valid: Vec<(usize, usize, i8)> = ballots
        .iter()
        .filter(|b| b.voter < voters && b.statement < statements && (-1..=1).contains(&b.vote))
        .map(|b| (b.voter, b.statement, b.vote))
        .collect();
    // Stable: of equal pairs, the later ballot stays later.
    valid.sort_by_key(|&(voter, statement, _)| (voter, statement));
    let mut latest: Vec<(usize, usize, i8)> = Vec::with_capacity(valid.len());
    for ballot in valid {
        match latest.last_mut() {
            Some(last) if (last.0, last.1) == (ballot.0, ballot.1) => *last = ballot,
            _ => latest.push(ballot),
        }
    }
    latest
}

/// Voters' points on the `axes` main axes of disagreement; the centred matrix
/// itself where PCA finds no axis.
fn project(matrix: Array2<f64>, axes: usize) -> Array2<f64> {
    let Some(mean) = matrix.mean_axis(Axis(0)) else {
        return matrix;
    };
    let centred = &matrix - &mean;
    // Everyone voted alike: no axis to find (and LOBPCG would divide by zero).
    if centred.iter().all(|x| x.abs() < 1e-12) {
        return centred;
    }
    let dataset = DatasetBase::from(matrix);
    match Pca::params(axes).fit(&dataset) {
        Ok(pca) => {
            let points: Array2<f64> = pca.predict(dataset.records());
            if points.ncols() > 0 && points.iter().all(|x| x.is_finite()) {
                points
            } else {
                centred
            }
        }
        Err(_) => centred,
    }
}

/// Cluster label of each point, labels 0..k: the fewest groups whose silhouette is within
/// [`SILHOUETTE_MARGIN`] of the best (more groups must be clearly better, not split hairs:
/// voters who skipped a statement are not a group of their own).
fn cluster(points: ArrayView2<f64>) -> Vec<usize> {
    let n = points.nrows();
    let sample = sample(n);
    let mut fits: Vec<(f64, Vec<usize>)> = Vec::new();
    for k in 2..=MAX_GROUPS.min(n.saturating_sub(1)) {
        let rng = Xoshiro256Plus::seed_from_u64(SEED);
        let dataset = DatasetBase::from(points);
        let Ok(model) = KMeans::params_with_rng(k, rng).fit(&dataset) else {
            continue;
        };
        let labels: Vec<usize> = model.predict(&points).to_vec();
        let score = silhouette(points, &labels, k, &sample);
        fits.push((score, labels));
    }
    let best = fits.iter().map(|(s, _)| *s).fold(f64::NEG_INFINITY, f64::max);
    fits.into_iter()
        .find(|(s, _)| *s >= best - SILHOUETTE_MARGIN)
        .map_or_else(|| vec![0; n], |(_, labels)| labels)
}

/// How much better a larger number of groups must score to be chosen.
const SILHOUETTE_MARGIN: f64 = 0.05;

/// At most SILHOUETTE_SAMPLE indices of 0..n, ascending, drawn with a fixed
/// seed (an even stride would alias with any periodic order of voters).
fn sample(n: usize) -> Vec<usize> {
    let mut indices: Vec<usize> = (0..n).collect();
    if n <= SILHOUETTE_SAMPLE {
        return indices;
    }
    let mut rng = Xoshiro256Plus::seed_from_u64(SEED);
    for i in 0..SILHOUETTE_SAMPLE {
        let j = i + (rng.next_u64() % (n - i) as u64) as usize;
        indices.swap(i, j);
    }
    indices.truncate(SILHOUETTE_SAMPLE);
    indices.sort_unstable();
    indices
}

/// Mean silhouette of the sampled points, measured against the sample.
fn silhouette(points: ArrayView2<f64>, labels: &[usize], k: usize, sample: &[usize]) -> f64 {
    let mut sizes = vec![0usize; k];
    for &i in sample {
        sizes[labels[i]] += 1;
    }
    let mut sums = vec![0.0f64; k];
    let mut total = 0.0;
    for &i in sample {
        let own = labels[i];
        if sizes[own] < 2 {
            continue; // a lone point scores 0
        }
        sums.iter_mut().for_each(|s| *s = 0.0);
        let p = points.row(i);
        for &j in sample {
            let q = points.row(j);
            let d2: f64 = p.iter().zip(q.iter()).map(|(a, b)| (a - b) * (a - b)).sum();
            sums[labels[j]] += d2.sqrt();
        }
        let a = sums[own] / (sizes[own] - 1) as f64;
        let b = (0..k)
            .filter(|&c| c != own && sizes[c] > 0)
            .map(|c| sums[c] / sizes[c] as f64)
            .fold(f64::INFINITY, f64::min);
        if b.is_finite() {
            let m = a.max(b);
            if m > 0.0 {
                total += (b - a) / m;
            }
        }
    }
    total / sample.len().max(1) as f64
}

/// Statements whose agree shares differ most between groups, widest first.
fn divisive(groups: &[Group], statements: usize, consensus: &[usize]) -> Vec<usize> {
    if groups.len() < 2 {
        return Vec::new();
    }
    let mut spreads: Vec<(f64, usize)> = (0..statements)
        .filter(|s| consensus.binary_search(s).is_err())
        .filter_map(|s| {
            let shares: Vec<f64> = groups
                .iter()
                .filter_map(|g| {
                    let (agree, disagree, pass) = g.votes[s];
                    let voted = agree + disagree + pass;
                    (voted >= MIN_GROUP_VOTES).then(|| agree as f64 / voted as f64)
                })
                .collect();
            if shares.len() < 2 {
                return None;
            }
            let max = shares.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let min = shares.iter().copied().fold(f64::INFINITY, f64::min);
            (max - min >= DIVISIVE_SPREAD).then_some((max - min, s))
        })
        .collect();
    spreads.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    spreads.into_iter().take(MAX_DIVISIVE).map(|(_, s)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Uniform-ish float in [0, 1).
    fn unit(rng: &mut Xoshiro256Plus) -> f64 {
        (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Ballots of voters whose `tendency(voter, statement)` is their vote,
    /// flipped with probability `noise`, missing with probability `missing`.
    fn planted(
        voters: usize,
        statements: usize,
        noise: f64,
        missing: f64,
        seed: u64,
        tendency: impl Fn(usize, usize) -> i8,
    ) -> Vec<Ballot> {
        let mut rng = Xoshiro256Plus::seed_from_u64(seed);
        let mut ballots = Vec::new();
        for voter in 0..voters {
            for statement in 0..statements {
                if unit(&mut rng) < missing {
                    continue;
                }
                let mut vote = tendency(voter, statement);
                if unit(&mut rng) < noise {
                    vote = match rng.next_u64() % 3 {
                        0 => 1,
                        1 => -1,
                        _ => 0,
                    };
                }
                ballots.push(Ballot {
                    voter,
                    statement,
                    vote,
                });
            }
        }
        ballots
    }

    fn two_groups() -> Vec<Ballot> {
        planted(120, 10, 0.1, 0.05, 7, |v, s| {
            let first = v < 70;
            match s {
                0..5 if first => 1,
                0..5 => -1,
                5..8 if first => -1,
                5..8 => 1,
                _ => 1,
            }
        })
    }

    /// Members of `group` that are outside `planted`.
    fn misassigned(group: &Group, planted: std::ops::Range<usize>) -> usize {
        group.members.iter().filter(|v| !planted.contains(v)).count()
            + planted
                .filter(|v| group.members.binary_search(v).is_err())
                .count()
    }

    #[test]
    fn recovers_two_planted_groups() {
        let opinion = groups(120, 10, &two_groups()).expect("enough voters");
        assert_eq!(opinion.groups.len(), 2);
        let total: usize = opinion.groups.iter().map(|g| g.members.len()).sum();
        assert_eq!(total, 120, "every voter is grouped");
        assert!(misassigned(&opinion.groups[0], 0..70) <= 3);
        assert!(misassigned(&opinion.groups[1], 70..120) <= 3);
        assert_eq!(opinion.consensus, vec![8, 9]);
        assert!(!opinion.divisive.is_empty());
        assert!(opinion.divisive.iter().all(|&s| s < 8));
        assert!(opinion.divisive.len() <= MAX_DIVISIVE);
        for group in &opinion.groups {
            assert!(group.members.windows(2).all(|w| w[0] < w[1]));
            assert_eq!(group.votes.len(), 10);
        }
    }

    #[test]
    fn too_few_voters() {
        let ballots = planted(49, 10, 0.1, 0.0, 1, |v, _| if v < 25 { 1 } else { -1 });
        assert_eq!(groups(49, 10, &ballots), None);
        // More voters allowed, but only 49 voted.
        assert_eq!(groups(1_000, 10, &ballots), None);
        assert_eq!(groups(120, 1, &two_groups()), None);
        assert_eq!(groups(0, 0, &[]), None);
    }

    #[test]
    fn deterministic() {
        let ballots = two_groups();
        assert_eq!(groups(120, 10, &ballots), groups(120, 10, &ballots));
        let three = three_groups();
        assert_eq!(groups(150, 12, &three), groups(150, 12, &three));
    }

    #[test]
    fn garbage_ignored() {
        let mut ballots = two_groups();
        let clean = groups(120, 10, &ballots);
        ballots.extend([
            Ballot {
                voter: 120,
                statement: 0,
                vote: 1,
            },
            Ballot {
                voter: usize::MAX,
                statement: usize::MAX,
                vote: 1,
            },
            Ballot {
                voter: 0,
                statement: 10,
                vote: -1,
            },
            Ballot {
                voter: 3,
                statement: 2,
                vote: 2,
            },
            Ballot {
                voter: 4,
                statement: 2,
                vote: i8::MIN,
            },
        ]);
        assert_eq!(groups(120, 10, &ballots), clean);
        // Degenerate votes: everyone alike, or nearly so.
        let alike = planted(60, 5, 0.0, 0.0, 2, |_, _| 1);
        let opinion = groups(60, 5, &alike).expect("enough voters");
        assert_eq!(opinion.consensus, vec![0, 1, 2, 3, 4]);
        assert!(opinion.divisive.is_empty());
        let passes = planted(60, 5, 0.0, 0.0, 2, |_, _| 0);
        assert!(groups(60, 5, &passes).is_some());
        let rank_one = planted(60, 5, 0.0, 0.0, 2, |v, _| if v % 2 == 0 { 1 } else { -1 });
        let opinion = groups(60, 5, &rank_one).expect("enough voters");
        assert_eq!(opinion.groups.len(), 2);
        assert_eq!(opinion.groups[0].members.len(), 30);
    }

    #[test]
    fn last_ballot_wins() {
        let mut ballots = two_groups();
        let before = groups(120, 10, &ballots).expect("enough voters");
        // Each ballot is first given the other way round, then as before.
        let mut flipped: Vec<Ballot> = ballots
            .iter()
            .map(|b| Ballot {
                vote: if b.vote == 1 { -1 } else { 1 },
                ..*b
            })
            .collect();
        flipped.append(&mut ballots);
        let after = groups(120, 10, &flipped).expect("enough voters");
        assert_eq!(before, after);
    }

    fn three_groups() -> Vec<Ballot> {
        planted(150, 12, 0.1, 0.05, 11, |v, s| {
            let group = v / 50;
            match (group, s / 4) {
                (g, block) if g == block => 1,
                _ => -1,
            }
        })
    }

    #[test]
    fn recovers_three_planted_groups() {
        let opinion = groups(150, 12, &three_groups()).expect("enough voters");
        assert_eq!(opinion.groups.len(), 3);
        for group in &opinion.groups {
            let planted = group.members[0] / 50 * 50;
            assert!(misassigned(group, planted..planted + 50) <= 3);
        }
    }

    /// Most voters share one odd vote with a few others (and every fifth skipped a statement):
    /// those few are not a group of opinion, the two planted camps are.
    #[test]
    fn one_odd_vote_is_not_a_group() {
        let mut ballots = Vec::new();
        for voter in 0..120usize {
            let first = voter < 70;
            for statement in 0..8usize {
                if statement == 0 && voter % 5 == 0 {
                    continue;
                }
                let odd = statement < 6 && (voter * 7 + statement * 3) % 10 == 0;
                let vote = match (statement, first != odd) {
                    (0..=2, true) | (3..=5, false) | (6.., _) => 1,
                    _ => -1,
                };
                ballots.push(Ballot {
                    voter,
                    statement,
                    vote,
                });
            }
        }
        let opinion = groups(120, 8, &ballots).expect("enough voters");
        let sizes: Vec<usize> = opinion.groups.iter().map(|g| g.members.len()).collect();
        assert_eq!(sizes, vec![70, 50]);
        assert_eq!(opinion.consensus, vec![6, 7]);
    }
}
