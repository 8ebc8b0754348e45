//! Generated documentation stays in step with the command line, and every `--help` text is
//! a reviewed snapshot.

use std::process::Command;

use crate::support::run::{fails, FRAMEKIT};

/// What `framekit ARGS` prints on stdout, insisting that it succeeds.
fn framekit(args: &[&str]) -> String {
    // clap wraps help to COLUMNS when it is set: the snapshots are of the default width.
    let output = Command::new(FRAMEKIT)
        .args(args)
        .env_remove("COLUMNS")
        .output()
        .unwrap();
    assert!(output.status.success(), "framekit {args:?}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn the_committed_man_page_is_fresh() {
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/man/framekit.1"))
        .expect("man/framekit.1 is committed");
    assert!(
        committed == framekit(&["man"]),
        "man/framekit.1 is stale: run `cargo run -- man > man/framekit.1`"
    );
}

#[test]
fn completions_exist_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = framekit(&["completions", shell]);
        assert!(
            script.contains("stitch") && script.contains("dry-run"),
            "{shell}"
        );
    }
}

#[test]
fn version_and_help_work() {
    assert!(framekit(&["--version"]).starts_with("framekit "));
    for command in ["stitch", "split"] {
        let help = framekit(&[command, "--help"]);
        assert!(
            help.contains("Examples:"),
            "{command} --help shows examples"
        );
        assert!(
            help.contains("Exit codes:"),
            "{command} --help lists exit codes"
        );
    }
}

#[test]
fn readme_shows_the_real_usage_of_each_command() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for command in ["stitch", "split"] {
        let marker = format!("<!-- usage: framekit {command} -h -->\n```text\n");
        let start = readme.find(&marker).expect("README has the usage block") + marker.len();
        let shown = &readme[start..start + readme[start..].find("```").unwrap()];
        let help = framekit(&[command, "-h"]);
        let real = help.split("\nExamples:").next().unwrap().trim_end();
        assert_eq!(
            shown.trim_end(),
            real,
            "README's usage of `framekit {command}` is stale: paste `framekit {command} -h` up to Examples"
        );
    }
}

#[test]
fn every_help_text_is_a_snapshot() {
    for (name, args) in [
        ("help", &["--help"][..]),
        ("help_short", &["-h"]),
        ("stitch_help", &["stitch", "--help"]),
        ("stitch_help_short", &["stitch", "-h"]),
        ("split_help", &["split", "--help"]),
        ("split_help_short", &["split", "-h"]),
        ("completions_help", &["completions", "--help"]),
        ("man_help", &["man", "--help"]),
    ] {
        assert_message!(name, framekit(args));
    }
}

#[test]
fn a_missing_or_unknown_command_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    for (name, args, words) in [
        ("no_command", &[][..], "Usage: framekit <COMMAND>"),
        (
            "unknown_command",
            &["join"],
            "unrecognized subcommand 'join'",
        ),
        (
            "unknown_shell",
            &["completions", "cmd"],
            "invalid value 'cmd'",
        ),
    ] {
        let said = fails(dir.path(), args, 2, &[words]);
        assert_message!(name, said);
    }
}
