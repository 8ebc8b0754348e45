//! Generated documentation stays in step with the command line.

use std::process::Command;

use crate::support::run::FRAMEKIT;

/// What `framekit ARGS` prints on stdout, insisting that it succeeds.
fn framekit(args: &[&str]) -> String {
    let output = Command::new(FRAMEKIT).args(args).output().unwrap();
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
