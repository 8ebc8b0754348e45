//! The docs against the real command line: man pages, `--help` and `--version`, completions,
//! usage blocks, exit codes, and every help text a reviewed snapshot.

use super::*;

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
fn the_committed_man_pages_are_fresh() {
    for (page, args) in [
        ("framekit.1", &["man"][..]),
        ("framekit-stitch.1", &["man", "stitch"]),
        ("framekit-split.1", &["man", "split"]),
        ("framekit-sheet.1", &["man", "sheet"]),
    ] {
        let path = format!("{}/man/{page}", env!("CARGO_MANIFEST_DIR"));
        let committed = std::fs::read_to_string(&path).expect("the man page is committed");
        assert!(
            committed == framekit(args),
            "man/{page} is stale: run `bash scripts/man`"
        );
    }
}

/// The long options (`--name`) a `--help` text lists.
fn long_options(help: &str) -> Vec<String> {
    help.lines()
        .filter_map(|line| {
            let option = line
                .trim_start()
                .split([' ', ',', '=', '['])
                .find(|w| w.starts_with("--"))?;
            Some(option.to_string())
        })
        .filter(|option| option.len() > 2)
        .collect()
}

#[test]
fn each_command_has_a_man_page_with_every_option() {
    let top = framekit(&["man"]);
    for command in ["stitch", "split", "sheet"] {
        assert!(
            top.contains(&format!("framekit\\-{command}(1)")),
            "{command}"
        );
        let page = framekit(&["man", command]);
        assert!(
            page.contains(&format!(".TH framekit-{command} 1")),
            "{command}"
        );
        let options = long_options(&framekit(&[command, "--help"]));
        assert!(options.len() > 8, "{options:?}");
        for option in options {
            // roff escapes each '-' of an option as "\-".
            let roff = option.replace('-', "\\-");
            assert!(page.contains(&roff), "framekit-{command}(1) lacks {option}");
        }
    }
}

#[test]
fn the_scripting_page_lists_the_exit_codes_help_lists() {
    let page = repository_file("docs/scripting.md");
    let section = page
        .split("## Exit codes\n")
        .nth(1)
        .expect("docs/scripting.md has an Exit codes section");
    let table: Vec<(String, String)> = section
        .lines()
        .skip_while(|line| !line.starts_with('|'))
        .take_while(|line| line.starts_with('|'))
        .skip(2)
        .map(|row| {
            let cells: Vec<&str> = row.trim_matches('|').split('|').map(str::trim).collect();
            (cells[0].to_string(), cells[1].to_string())
        })
        .collect();
    // --help's list is made from framekit's one table of exit codes (error::exit::TABLE).
    let help = framekit(&["--help"]);
    let listed: Vec<(String, String)> = help
        .split("Exit codes:\n")
        .nth(1)
        .unwrap()
        .lines()
        .take_while(|line| line.starts_with("  "))
        .map(|line| {
            let (code, meaning) = line.trim().split_once(' ').unwrap();
            (code.to_string(), meaning.trim().to_string())
        })
        .collect();
    assert_eq!(
        table, listed,
        "docs/scripting.md's exit codes differ from --help's"
    );
    assert_eq!(listed.len(), 6);
}

#[test]
fn version_names_framekit_and_the_ffmpeg_it_would_use() {
    let version = framekit(&["--version"]);
    let mut lines = version.lines();
    assert_eq!(
        lines.next(),
        Some(concat!("framekit ", env!("CARGO_PKG_VERSION")))
    );
    let ffmpeg = lines.next().unwrap();
    assert!(
        ffmpeg.starts_with("ffmpeg: ") && ffmpeg.contains("ffmpeg version"),
        "{ffmpeg}"
    );
    let missing = Command::new(FRAMEKIT)
        .arg("--version")
        .env("PATH", "/nonexistent")
        .env_remove("FRAMEKIT_FFMPEG")
        .output()
        .unwrap();
    assert!(missing.status.success());
    let text = String::from_utf8(missing.stdout).unwrap();
    assert!(
        text.contains("ffmpeg: not found (framekit looks at --ffmpeg"),
        "{text}"
    );
}

#[test]
fn completions_exist_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = framekit(&["completions", shell]);
        assert!(
            script.contains("stitch") && script.contains("sheet") && script.contains("dry-run"),
            "{shell}"
        );
    }
}

#[test]
fn version_and_help_work() {
    assert!(framekit(&["--version"]).starts_with("framekit "));
    for command in ["stitch", "split", "sheet"] {
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
fn each_command_s_page_shows_its_real_usage() {
    for command in ["stitch", "split", "sheet"] {
        let path = format!("docs/{command}.md");
        let page = repository_file(&path);
        let marker = format!("<!-- usage: framekit {command} -h -->\n```text\n");
        let start = page
            .find(&marker)
            .unwrap_or_else(|| panic!("{path} has the usage block"))
            + marker.len();
        let shown = &page[start..start + page[start..].find("```").unwrap()];
        let help = framekit(&[command, "-h"]);
        let real = help.split("\nExamples:").next().unwrap().trim_end();
        assert_eq!(
            shown.trim_end(),
            real,
            "{path}'s usage of `framekit {command}` is stale: run `bash scripts/usage`"
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
        ("sheet_help", &["sheet", "--help"]),
        ("sheet_help_short", &["sheet", "-h"]),
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
