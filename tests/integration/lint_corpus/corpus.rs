//! The lint corpus on disk (`tests/lint-corpus/`) and what each entry expects.
//!
//! A `bad/` or `beyond-cfn-lint/` entry names its expectations either on its first line,
//! `# expect: PC3002 E3002` (platformctl rule, then cfn-lint rule), or, for JSON which has
//! no comments, in its file name: `unknown-property.PC3002.E3002.json`. A `# region: R`
//! line asks both linters to check region R. Files named `*.child.yaml` are the children of
//! nested-stack entries, read through their parent, not entries themselves.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{root, tool};

/// One corpus template and what the linters must say about it.
#[derive(Debug)]
pub struct Entry {
    pub path: PathBuf,
    /// platformctl rule ids (`PC....`) it must be flagged with.
    pub platformctl: Vec<String>,
    /// cfn-lint rule ids (`E....`/`W....`) it must be flagged with.
    pub cfn_lint: Vec<String>,
    pub region: Option<String>,
}

impl Entry {
    pub fn name(&self) -> String {
        self.path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned()
    }
}

fn is_rule_id(word: &str, prefixes: &[char]) -> bool {
    word.len() == 5 && word.starts_with(prefixes) && word[1..].chars().all(|c| c.is_ascii_digit())
}

/// Every entry of `tests/lint-corpus/<dir>`, sorted by file name.
pub fn entries(dir: &str) -> Vec<Entry> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(root().join("tests/lint-corpus").join(dir))
        .expect("corpus directory exists")
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            (name.ends_with(".yaml") || name.ends_with(".json")) && !name.ends_with(".child.yaml")
        })
        .collect();
    found.sort();
    found.into_iter().map(|path| entry(&path)).collect()
}

fn entry(path: &Path) -> Entry {
    let text = std::fs::read_to_string(path).unwrap();
    let mut words: Vec<String> = Vec::new();
    let mut region = None;
    for line in text.lines().take_while(|l| l.starts_with('#')) {
        if let Some(rest) = line.strip_prefix("# expect:") {
            words.extend(rest.split_whitespace().map(str::to_owned));
        }
        if let Some(rest) = line.strip_prefix("# region:") {
            region = Some(rest.trim().to_owned());
        }
    }
    if words.is_empty() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        words.extend(name.split('.').map(str::to_owned));
    }
    Entry {
        path: path.to_owned(),
        platformctl: words
            .iter()
            .filter(|w| w.starts_with("PC") && w.len() == 6)
            .cloned()
            .collect(),
        cfn_lint: words
            .iter()
            .filter(|w| is_rule_id(w, &['E', 'W']))
            .cloned()
            .collect(),
        region,
    }
}

/// cfn-lint's rule ids per file, from one run over `entries` sharing one region setting.
pub fn cfn_lint(entries: &[&Entry], region: Option<&str>) -> BTreeMap<PathBuf, BTreeSet<String>> {
    let mut cmd = Command::new(tool("cfn-lint"));
    cmd.args(["--format", "json"]);
    if let Some(region) = region {
        cmd.args(["--regions", region]);
    }
    cmd.arg("--").args(entries.iter().map(|e| &e.path));
    let output = cmd.output().unwrap();
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "cfn-lint printed no JSON ({e}):\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let mut by_file: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    for e in entries {
        by_file.insert(e.path.clone(), BTreeSet::new());
    }
    for finding in findings.as_array().unwrap() {
        let file = PathBuf::from(finding["Filename"].as_str().unwrap());
        let rule = finding["Rule"]["Id"].as_str().unwrap().to_owned();
        by_file.entry(file).or_default().insert(rule);
    }
    by_file
}

/// cfn-lint over all `entries`: one run per distinct region setting.
pub fn cfn_lint_all(entries: &[Entry]) -> BTreeMap<PathBuf, BTreeSet<String>> {
    let regions: BTreeSet<Option<&str>> = entries.iter().map(|e| e.region.as_deref()).collect();
    let mut all = BTreeMap::new();
    for region in regions {
        let group: Vec<&Entry> = entries
            .iter()
            .filter(|e| e.region.as_deref() == region)
            .collect();
        all.extend(cfn_lint(&group, region));
    }
    all
}
