//! Hostile input, replayed on every test run: the files in `tests/hostile/` (and the
//! ones only a running test can make: symbolic link loops, dangling links, files too big
//! to commit) must each end `lint` and `validate` with exit 0, 1 or 2, no panic, and a
//! located finding in every output format. Time and memory are measured by
//! `scripts/bench --only hostile`, not asserted here.

use std::path::{Path, PathBuf};

use crate::support::{platformctl, root};
use serde_json::Value;

const FORMATS: &[&str] = &["text", "json", "sarif", "github"];

/// Files that are fine once read: a UTF-8 byte order mark is dropped.
const READABLE: &[&str] = &["utf8-bom.yaml"];

fn corpus() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("tests/hostile"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e != "md"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "the hostile corpus is missing");
    files
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn lint(args: &[&str], paths: &[&Path]) -> Run {
    let out = platformctl()
        .arg("lint")
        .args(args)
        .args(paths)
        .output()
        .unwrap();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        (0..=2).contains(&run.code),
        "exit {} for {paths:?}: {}",
        run.code,
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

/// Asserts that `run`, in `format`, reports a PC1000 error on `file` with a line and a
/// column, and returns them.
fn located_pc1000(format: &str, run: &Run, file: &str) -> (u64, u64) {
    let found = match format {
        "text" => run.stdout.lines().find_map(|l| {
            let rest = l.strip_prefix(&format!("{file}:"))?;
            let mut parts = rest.splitn(3, ':');
            let line = parts.next()?.parse().ok()?;
            let col = parts.next()?.parse().ok()?;
            parts
                .next()?
                .starts_with(" error[PC1000]")
                .then_some((line, col))
        }),
        "json" => {
            let doc: Value = serde_json::from_str(&run.stdout).expect("one JSON document");
            doc.as_array().unwrap().iter().find_map(|d| {
                let l = &d["location"];
                (d["code"] == "PC1000" && l["file"] == file)
                    .then(|| (l["line"].as_u64().unwrap(), l["column"].as_u64().unwrap()))
            })
        }
        "sarif" => {
            let doc: Value = serde_json::from_str(&run.stdout).expect("one SARIF document");
            doc["runs"][0]["results"]
                .as_array()
                .unwrap()
                .iter()
                .find_map(|r| {
                    let p = &r["locations"][0]["physicalLocation"];
                    (r["ruleId"] == "PC1000" && p["artifactLocation"]["uri"] == file).then(|| {
                        let region = &p["region"];
                        (
                            region["startLine"].as_u64().unwrap(),
                            region["startColumn"].as_u64().unwrap(),
                        )
                    })
                })
        }
        "github" => run.stdout.lines().find_map(|l| {
            let rest = l.strip_prefix(&format!("::error file={file},line="))?;
            let (line, rest) = rest.split_once(",col=")?;
            let (col, rest) = rest.split_once(',')?;
            rest.starts_with("title=PC1000::")
                .then(|| (line.parse().ok(), col.parse().ok()))
                .and_then(|(l, c)| Some((l?, c?)))
        }),
        _ => unreachable!("unknown format {format}"),
    };
    let (line, col) = found.unwrap_or_else(|| {
        panic!(
            "no located PC1000 for {file} in {format}:\n{}\n{}",
            run.stdout, run.stderr
        )
    });
    assert!(line >= 1 && col >= 1);
    (line, col)
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

#[test]
fn every_hostile_file_is_a_located_finding_in_every_format() {
    for path in corpus() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let shown = relative(&path);
        for format in FORMATS {
            let run = lint(&["--format", format], &[Path::new(&shown)]);
            if READABLE.contains(&name.as_str()) {
                assert_eq!(run.code, 0, "{name} in {format}: {}", run.stdout);
            } else {
                assert_eq!(run.code, 2, "{name} in {format}: {}", run.stdout);
                located_pc1000(format, &run, &shown);
            }
        }
    }
}

#[test]
fn every_hostile_file_is_a_located_spec_error() {
    for path in corpus() {
        let shown = relative(&path);
        let out = platformctl()
            .args(["validate", &shown, "--format", "json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{shown}");
        let doc: Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
        let first = &doc["errors"][0];
        assert_eq!(first["file"], shown.as_str());
        assert!(first["line"].as_u64().is_some(), "{shown}: {doc}");
        assert!(first["column"].as_u64().is_some(), "{shown}: {doc}");
    }
}

/// Each hostile file's finding, and where: a regression here means a limit moved or a
/// file is no longer refused for the reason it was made for.
#[test]
fn each_hostile_file_is_refused_for_its_reason() {
    let expect: &[(&str, &str, (u64, u64))] = &[
        ("alias-bomb.yaml", "alias bomb", (5, 8)),
        ("binary.yaml", "binary data", (1, 1)),
        ("compact-nesting.yaml", "nesting deeper than 128", (1, 257)),
        (
            "flow-mapping-nesting.json",
            "nesting deeper than 128",
            (1, 1276),
        ),
        ("flow-nesting.json", "nesting deeper than 128", (1, 256)),
        ("latin1.yaml", "Latin-1", (6, 17)),
        ("long-string-alias.yaml", "bytes of text", (2, 35)),
        ("tab-indent.yaml", "a tab indents this line", (4, 1)),
        ("utf16be-bom.yaml", "UTF-16BE (byte order mark)", (1, 1)),
        ("utf16le-bom.yaml", "UTF-16LE (byte order mark)", (1, 1)),
        ("utf16le.yaml", "UTF-16LE (no byte order mark)", (1, 2)),
    ];
    for (name, words, at) in expect {
        let shown = format!("tests/hostile/{name}");
        let run = lint(&["--format", "json"], &[Path::new(&shown)]);
        let doc: Value = serde_json::from_str(&run.stdout).unwrap();
        let finding = &doc[0];
        let message = finding["message"].as_str().unwrap();
        assert!(message.contains(words), "{name}: {message}");
        assert_eq!(
            located_pc1000("json", &run, &shown),
            *at,
            "{name}: {message}"
        );
    }
}

/// Guards the byte order mark: it used to become part of the first key (`\u{feff}AWS...`),
/// a false PC1001.
#[test]
fn a_utf8_byte_order_mark_is_dropped() {
    let run = lint(
        &["--format", "json"],
        &[Path::new("tests/hostile/utf8-bom.yaml")],
    );
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout.trim(), "[]");
}

/// Nesting too deep to commit: 10,000 block levels (50 MB, over the size limit) and
/// 500 (within it, over the depth limit).
#[test]
fn deep_block_nesting_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (levels, words) in [(10_000, "more than the limit"), (500, "nesting deeper")] {
        let path = dir.path().join(format!("deep-{levels}.yaml"));
        let text: String = (0..levels)
            .map(|i| format!("{}a:\n", " ".repeat(i)))
            .collect();
        std::fs::write(&path, text).unwrap();
        for format in FORMATS {
            let run = lint(&["--format", format], &[&path]);
            assert_eq!(run.code, 2);
            located_pc1000(format, &run, &path.display().to_string());
            if *format == "text" {
                assert!(run.stdout.contains(words), "{}", run.stdout);
            }
        }
    }
}

/// Guards memory: one-character scalars up to the size limit (four million nodes) took a
/// gigabyte.
#[test]
fn a_wide_document_is_refused_at_the_node_limit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wide.yaml");
    let n = (8 * 1024 * 1024 - 2) / 2;
    std::fs::write(&path, format!("[{}x]", "x,".repeat(n - 1))).unwrap();
    let run = lint(&["--format", "json"], &[&path]);
    assert_eq!(run.code, 2);
    located_pc1000("json", &run, &path.display().to_string());
    assert!(
        run.stdout.contains("more than 250000 nodes"),
        "{}",
        run.stdout
    );
}

/// Copies of good and bad templates into a fresh directory.
fn mixed_directory() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (from, to) in [
        ("tests/lint-corpus/good/network.yaml", "a-good.yaml"),
        ("tests/lint-corpus/good/messaging.json", "b-good.json"),
        ("tests/fixtures/lint/bad.yaml", "c-bad.yaml"),
        ("tests/lint-corpus/bad/ref-undefined.yaml", "d-bad.yaml"),
    ] {
        std::fs::copy(root().join(from), dir.path().join(to)).unwrap();
    }
    dir
}

fn findings(run: &Run) -> Vec<Value> {
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    doc.as_array().unwrap().clone()
}

/// Guards the run: one unreadable file used to end it, losing every other finding.
#[test]
fn an_undecodable_file_hides_no_other_finding() {
    let dir = mixed_directory();
    let before = lint(&["--format", "json"], &[dir.path()]);
    assert_eq!(before.code, 1);
    // Found by the walk, so read only if they might be templates: these cannot be decoded
    // to tell, so each is reported.
    for hostile in ["binary.yaml", "utf16le-bom.yaml", "latin1.yaml"] {
        std::fs::copy(
            root().join("tests/hostile").join(hostile),
            dir.path().join(format!("m-{hostile}")),
        )
        .unwrap();
    }
    let after = lint(&["--format", "json"], &[dir.path()]);
    assert_eq!(after.code, 2);
    let (unreadable, rest): (Vec<Value>, Vec<Value>) = findings(&after)
        .into_iter()
        .partition(|f| f["code"] == "PC1000");
    assert_eq!(rest, findings(&before));
    assert_eq!(unreadable.len(), 3, "{unreadable:?}");
}

#[cfg(unix)]
mod links {
    use super::*;
    use std::os::unix::fs::symlink;

    /// Guards the walk: a link back up (`sub/up -> ..`) walked the tree until the path
    /// was too long, reporting each template dozens of times.
    #[test]
    fn a_link_loop_is_walked_once_with_a_warning() {
        let dir = mixed_directory();
        let alone = lint(&["--format", "json"], &[dir.path()]);
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        symlink("..", dir.path().join("sub/up")).unwrap();
        symlink("sub", dir.path().join("again")).unwrap();
        symlink("c-bad.yaml", dir.path().join("e-same.yaml")).unwrap();
        let run = lint(&["--format", "json"], &[dir.path()]);
        assert_eq!(run.code, 1);
        assert_eq!(findings(&run), findings(&alone));
        assert!(run.stderr.contains("symbolic link loop"), "{}", run.stderr);
    }

    /// Guards the run: a dangling `x.yaml` ended it with exit 2 and no other finding.
    #[test]
    fn a_dangling_link_is_a_located_finding() {
        let dir = mixed_directory();
        let alone = lint(&["--format", "json"], &[dir.path()]);
        symlink("nowhere.yaml", dir.path().join("x.yaml")).unwrap();
        let link = dir.path().join("x.yaml").display().to_string();
        for format in FORMATS {
            let run = lint(&["--format", format], &[dir.path()]);
            assert_eq!(run.code, 2);
            assert_eq!(located_pc1000(format, &run, &link), (1, 1));
            if *format == "json" {
                let rest: Vec<Value> = findings(&run)
                    .into_iter()
                    .filter(|f| f["code"] != "PC1000")
                    .collect();
                assert_eq!(rest, findings(&alone));
            }
        }
        let named = lint(&["--format", "json"], &[Path::new(&link)]);
        assert_eq!(named.code, 2);
        assert!(
            named.stdout.contains("dangling symbolic link"),
            "{}",
            named.stdout
        );
    }
}

/// A path that does not exist is a finding too, beside the other paths' findings.
#[test]
fn a_missing_path_is_a_located_finding() {
    let missing = "tests/hostile/does-not-exist.yaml";
    let run = lint(
        &["--format", "json"],
        &[
            Path::new(missing),
            Path::new("tests/fixtures/lint/bad.yaml"),
        ],
    );
    assert_eq!(run.code, 2);
    located_pc1000("json", &run, missing);
    assert!(findings(&run).len() > 1);
}
