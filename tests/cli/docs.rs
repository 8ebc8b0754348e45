//! Generated documentation stays in step with the command line, and every `--help` text is
//! a reviewed snapshot.

use std::path::Path;
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
fn the_committed_man_pages_are_fresh() {
    for (page, args) in [
        ("framekit.1", &["man"][..]),
        ("framekit-stitch.1", &["man", "stitch"]),
        ("framekit-split.1", &["man", "split"]),
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
                .split([' ', ',', '='])
                .find(|w| w.starts_with("--"))?;
            Some(option.to_string())
        })
        .filter(|option| option.len() > 2)
        .collect()
}

#[test]
fn each_command_has_a_man_page_with_every_option() {
    let top = framekit(&["man"]);
    for command in ["stitch", "split"] {
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
        assert!(options.len() > 10, "{options:?}");
        for option in options {
            // roff escapes each '-' of an option as "\-".
            let roff = option.replace('-', "\\-");
            assert!(page.contains(&roff), "framekit-{command}(1) lacks {option}");
        }
    }
}

/// A file of the repository, as text (`path` relative to its top, with `/`).
fn repository_file(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
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
fn each_command_s_page_shows_its_real_usage() {
    for command in ["stitch", "split"] {
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
fn readme_is_a_front_page_under_16_kb() {
    let size = repository_file("README.md").len();
    assert!(
        size < 16_000,
        "README.md is {size} bytes: move reference text to docs/ (16,000 at most)"
    );
}

/// README.md and every `docs/*.md`, as paths relative to the top of the repository.
fn markdown_pages() -> Vec<String> {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    let mut pages: Vec<String> = std::fs::read_dir(docs)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".md"))
        .map(|name| format!("docs/{name}"))
        .collect();
    pages.sort();
    pages.insert(0, "README.md".to_string());
    pages
}

/// Markdown text without its fenced code blocks (their lines become empty).
fn without_code_blocks(text: &str) -> String {
    let mut fenced = false;
    text.lines()
        .map(|line| {
            if line.trim_start().starts_with("```") {
                fenced = !fenced;
                ""
            } else if fenced {
                ""
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The anchors GitHub gives a page's headings: the text lowercased, spaces made `-`,
/// punctuation other than `-` and `_` dropped; a repeated anchor gets `-1`, `-2`, ...
fn heading_anchors(page: &str) -> Vec<String> {
    let mut anchors = Vec::new();
    let mut bases: Vec<String> = Vec::new();
    for line in without_code_blocks(page).lines() {
        let hashes = line.len() - line.trim_start_matches('#').len();
        if !(1..=6).contains(&hashes) || !line[hashes..].starts_with(' ') {
            continue;
        }
        let base: String = line[hashes..]
            .trim()
            .chars()
            .filter_map(|c| match c {
                ' ' => Some('-'),
                '-' | '_' => Some(c),
                c if c.is_alphanumeric() => Some(c),
                _ => None,
            })
            .flat_map(char::to_lowercase)
            .collect();
        let repeats = bases.iter().filter(|b| **b == base).count();
        anchors.push(match repeats {
            0 => base.clone(),
            n => format!("{base}-{n}"),
        });
        bases.push(base);
    }
    anchors
}

/// The targets of a page's Markdown links and images (`[text](target)`), outside code.
fn link_targets(page: &str) -> Vec<String> {
    // Inline code spans may wrap across lines: drop every other piece between backticks.
    let prose: String = without_code_blocks(page)
        .split('`')
        .step_by(2)
        .collect::<Vec<_>>()
        .join(" ");
    prose
        .split("](")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .map(|target| target.split_whitespace().next().unwrap_or("").to_string())
        .collect()
}

#[test]
fn every_relative_link_in_the_docs_leads_to_a_file_and_heading() {
    let top = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    for page in markdown_pages() {
        let text = repository_file(&page);
        let folder = Path::new(&page).parent().unwrap();
        for target in link_targets(&text) {
            // README's links to the repository's own files are absolute (see below): the
            // same checks, on the file in this tree.
            let in_repository = REPOSITORY_PREFIXES
                .iter()
                .find_map(|prefix| target.strip_prefix(prefix));
            if in_repository.is_none() && target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let local = in_repository.unwrap_or(&target);
            let (file, anchor) = match local.split_once('#') {
                Some((file, anchor)) => (file, Some(anchor)),
                None => (local, None),
            };
            let linked = match (in_repository, file.is_empty()) {
                (Some(_), _) => Path::new(file).to_path_buf(),
                (None, true) => Path::new(&page).to_path_buf(),
                (None, false) => folder.join(file),
            };
            assert!(
                top.join(&linked).exists(),
                "{page} links to {target}: {} does not exist",
                linked.display()
            );
            if let Some(anchor) = anchor {
                let anchors = heading_anchors(&repository_file(linked.to_str().unwrap()));
                assert!(
                    anchors.iter().any(|a| a == anchor),
                    "{page} links to {target}: {} has no such heading (it has {anchors:?})",
                    linked.display()
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 20, "only {checked} links found");
}

/// Where README's links to the repository's files and folders, and its picture, point.
const REPOSITORY_PREFIXES: [&str; 3] = [
    "https://github.com/framekit/framekit/blob/main/",
    "https://github.com/framekit/framekit/tree/main/",
    "https://raw.githubusercontent.com/framekit/framekit/main/",
];

#[test]
fn readme_links_are_absolute_as_pypi_and_crates_io_show_it() {
    // README is also the package's page on PyPI, which resolves no relative link or image.
    let relative: Vec<String> = link_targets(&repository_file("README.md"))
        .into_iter()
        .filter(|target| !target.contains("://") && !target.starts_with('#'))
        .collect();
    assert!(
        relative.is_empty(),
        "relative links in README.md: {relative:?}"
    );
}

#[test]
fn each_docs_page_links_back_to_the_readme() {
    for page in markdown_pages().into_iter().skip(1) {
        assert!(
            repository_file(&page).contains("](../README.md"),
            "{page} has no link back to README.md"
        );
    }
}

#[test]
fn github_anchors_are_made_as_github_makes_them() {
    let page = "# `framekit stitch`: a folder\n```sh\n# not a heading\n```\n## Many folders, many machines\n## What `--dry-run` prints\n## Notes\n## Notes\n";
    assert_eq!(
        heading_anchors(page),
        [
            "framekit-stitch-a-folder",
            "many-folders-many-machines",
            "what---dry-run-prints",
            "notes",
            "notes-1",
        ]
    );
    assert_eq!(
        link_targets("see [a](x.md#y), `[b](not-a-link)`, ![c](d.gif \"title\")"),
        ["x.md#y", "d.gif"]
    );
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
