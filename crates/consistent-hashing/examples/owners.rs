//! Print each key's owner under a chosen algorithm and node set.
//!
//! Reads keys from standard input, one per line, and prints for each a tab-separated
//! line: the key, its 64-bit hash, its owner and its replica set.
//!
//! ```text
//! printf 'alice\nbob\ncarol\n' | cargo run -p consistent-hashing --example owners -- \
//!     --algorithm ring --nodes a,b,c:2 --vnodes 100 --replicas 2
//! ```
//!
//! Options:
//!
//! - `--algorithm NAME`: `ring` (default), `rendezvous`, `jump`, `maglev`,
//!   `bounded-loads` or `modulo`;
//! - `--nodes LIST`: comma-separated node names, each optionally `name:weight`
//!   (default `a,b,c`);
//! - `--vnodes N`: virtual nodes per unit of weight (ring and bounded loads; default 100);
//! - `--table-size M`: Maglev's prime table size (default 65537);
//! - `--epsilon PERMILLE`: bounded loads' ε in thousandths (default 250, ε = 0.25);
//! - `--replicas N`: replicas to list per key (default 1);
//! - `--stats`: after the keys, print the load per node and what theory expects.

use consistent_hashing::{
    hash::hash_str, Algorithm, AlgorithmKind, Epsilon, LoadStats, Membership, Node, Placement,
    TableSize, VirtualNodes, Weight,
};
use std::io::{self, BufRead, BufWriter, Write};
use std::process::ExitCode;

struct Options {
    algorithm: AlgorithmKind,
    nodes: Membership,
    vnodes: VirtualNodes,
    table_size: TableSize,
    epsilon: Epsilon,
    replicas: usize,
    stats: bool,
}

fn parse_nodes(list: &str) -> Result<Membership, String> {
    let mut nodes = Vec::new();
    for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let node = match item.split_once(':') {
            Some((name, weight)) => {
                let w: u32 = weight.parse().map_err(|_| {
                    format!("node `{item}`: weight `{weight}` is not a whole number")
                })?;
                Node::weighted(
                    name,
                    Weight::new(w).map_err(|e| format!("node `{item}`: {e}"))?,
                )
            }
            None => Node::new(item),
        };
        nodes.push(node);
    }
    Membership::new(nodes).map_err(|e| format!("--nodes: {e}"))
}

fn number<T: std::str::FromStr>(flag: &str, value: &str) -> Result<T, String> {
    value
        .parse()
        .map_err(|_| format!("{flag}: `{value}` is not a valid number"))
}

fn parse_args(args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut options = Options {
        algorithm: AlgorithmKind::Ring,
        nodes: parse_nodes("a,b,c")?,
        vnodes: VirtualNodes::DEFAULT,
        table_size: TableSize::SMALL,
        epsilon: Epsilon::DEFAULT,
        replicas: 1,
        stats: false,
    };
    let mut args = args.peekable();
    while let Some(flag) = args.next() {
        if flag == "--stats" {
            options.stats = true;
            continue;
        }
        if flag == "--help" || flag == "-h" {
            return Err(String::new());
        }
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--algorithm" => {
                options.algorithm = AlgorithmKind::from_slug(&value).ok_or_else(|| {
                    let names: Vec<&str> = AlgorithmKind::ALL.iter().map(|k| k.slug()).collect();
                    format!(
                        "--algorithm: unknown `{value}` (choose one of {})",
                        names.join(", ")
                    )
                })?;
            }
            "--nodes" => options.nodes = parse_nodes(&value)?,
            "--vnodes" => {
                options.vnodes = VirtualNodes::new(number(&flag, &value)?)
                    .map_err(|e| format!("--vnodes: {e}"))?;
            }
            "--table-size" => {
                options.table_size = TableSize::new(number(&flag, &value)?)
                    .map_err(|e| format!("--table-size: {e}"))?;
            }
            "--epsilon" => {
                options.epsilon = Epsilon::from_permille(number(&flag, &value)?)
                    .map_err(|e| format!("--epsilon: {e}"))?;
            }
            "--replicas" => {
                options.replicas = number(&flag, &value)?;
                if options.replicas == 0 {
                    return Err("--replicas must be at least 1".into());
                }
            }
            other => return Err(format!("unknown option `{other}` (try --help)")),
        }
    }
    Ok(options)
}

fn algorithm(options: &Options) -> Algorithm {
    match options.algorithm {
        AlgorithmKind::Ring => Algorithm::Ring {
            vnodes: options.vnodes,
        },
        AlgorithmKind::Rendezvous => Algorithm::Rendezvous,
        AlgorithmKind::Jump => Algorithm::Jump,
        AlgorithmKind::Maglev => Algorithm::Maglev {
            table_size: options.table_size,
        },
        AlgorithmKind::BoundedLoads => Algorithm::BoundedLoads {
            vnodes: options.vnodes,
            epsilon: options.epsilon,
        },
        AlgorithmKind::Modulo => Algorithm::Modulo,
    }
}

fn run(options: Options) -> Result<(), String> {
    let placer = algorithm(&options)
        .build(options.nodes.clone())
        .map_err(|e| e.to_string())?;
    let mut lines = Vec::new();
    for (number, line) in io::stdin().lock().lines().enumerate() {
        let line =
            line.map_err(|e| format!("reading line {} of standard input: {e}", number + 1))?;
        lines.push(line);
    }
    let hashes: Vec<u64> = lines.iter().map(|l| hash_str(l)).collect();
    // Bounded loads place keys in order, so place the whole list at once.
    let assignment = placer.assign(&hashes);
    let nodes = options.nodes.nodes();
    let name = |i: usize| nodes.get(i).map_or("?", |n| n.name.as_str());
    let out = io::stdout();
    let mut out = BufWriter::new(out.lock());
    let write_err = |e: io::Error| format!("writing to standard output: {e}");
    writeln!(out, "key\thash\towner\treplicas").map_err(write_err)?;
    for ((line, &hash), &owner) in lines.iter().zip(&hashes).zip(&assignment.owners) {
        let mut replicas = placer.replicas(hash, options.replicas);
        // Under bounded loads the owner may differ from the lone-key replica set's head.
        if let Some(pos) = replicas.iter().position(|&r| r == owner as usize) {
            replicas.remove(pos);
        } else {
            replicas.pop();
        }
        replicas.insert(0, owner as usize);
        let names: Vec<&str> = replicas.iter().map(|&r| name(r)).collect();
        writeln!(
            out,
            "{line}\t{hash:016x}\t{}\t{}",
            name(owner as usize),
            names.join(",")
        )
        .map_err(write_err)?;
    }
    if options.stats {
        let stats = LoadStats::of(&assignment);
        writeln!(out, "\nnode\tweight\tkeys\texpected").map_err(write_err)?;
        for node in &stats.nodes {
            writeln!(
                out,
                "{}\t{}\t{}\t{:.1}",
                node.name, node.weight, node.keys, node.expected
            )
            .map_err(write_err)?;
        }
        let theory = stats
            .theory
            .std_dev
            .map_or("-".to_string(), |s| format!("{s:.1}"));
        writeln!(
            out,
            "std dev {:.1} (theory {theory}); peak/expected {:.3}; model: {}",
            stats.std_dev, stats.peak_to_expected, stats.theory.model
        )
        .map_err(write_err)?;
    }
    out.flush().map_err(write_err)
}

const USAGE: &str = "usage: owners [--algorithm ring|rendezvous|jump|maglev|bounded-loads|modulo] \
[--nodes a,b:2,c] [--vnodes N] [--table-size PRIME] [--epsilon PERMILLE] [--replicas N] [--stats] < keys.txt";

fn main() -> ExitCode {
    match parse_args(std::env::args().skip(1)).and_then(run) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) if message.is_empty() => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("owners: {message}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
