//! The shell niceties: completion scripts, the man page, and the global `--quiet` and
//! `--color` flags on every command.

use crate::support::{platformctl, run};

#[test]
fn completions_are_printed_for_every_supported_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let (code, stdout, stderr) = run(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {stderr}");
        for word in ["platformctl", "check-network", "lint", "detailed-exitcode"] {
            assert!(stdout.contains(word), "{shell} completions lack {word}");
        }
    }
    let (code, _, stderr) = run(&["completions", "tcsh"]);
    assert_eq!(code, 2, "an unknown shell is a usage error");
    assert!(stderr.contains("possible values"), "{stderr}");
}

#[test]
fn the_man_page_is_roff_naming_every_command() {
    let (code, stdout, _) = run(&["man"]);
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with(".ie") || stdout.contains(".TH platformctl"),
        "{stdout}"
    );
    for command in [
        "synth",
        "check\\-network",
        "plan",
        "lint",
        "validate",
        "completions",
    ] {
        assert!(stdout.contains(command), "man page lacks {command}");
    }
}

#[test]
fn quiet_synth_writes_the_files_and_prints_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let output = platformctl()
        .args(["--quiet", "synth", "examples/tdp.yaml", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(output.stdout.is_empty() && output.stderr.is_empty());
    assert!(out.join("foundation.template.json").is_file());

    // The flag is global: it may also follow the subcommand.
    let output = platformctl()
        .args(["validate", "examples/tdp.yaml", "-q"])
        .output()
        .unwrap();
    assert!(output.status.success() && output.stdout.is_empty());
}

#[test]
fn quiet_lint_prints_findings_but_no_summary_of_a_clean_run() {
    let dir = crate::support::synth(&crate::support::root().join("examples/tdp.yaml"));
    let out = dir.path().join("out");
    let output = platformctl()
        .args(["lint", "--quiet"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(
        output.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );

    let (code, stdout, _) = run(&["lint", "--quiet", "tests/fixtures/lint/bad.yaml"]);
    assert_eq!(code, 1);
    assert!(stdout.contains("error[PC3002]"), "{stdout}");
}

#[test]
fn color_always_colours_a_pipe_and_never_overrides_a_terminal_default() {
    const ESC: char = '\u{1b}';
    let bad = "tests/fixtures/lint/bad.yaml";
    let (_, piped, _) = run(&["lint", bad]);
    assert!(!piped.contains(ESC), "auto: no colour into a pipe");
    let output = platformctl()
        .args(["lint", "--color", "always", bad])
        .output()
        .unwrap();
    let always = String::from_utf8_lossy(&output.stdout);
    assert!(always.contains(ESC), "always: colour even into a pipe");
    let (_, never, _) = run(&["lint", "--color", "never", bad]);
    assert!(!never.contains(ESC));
}
