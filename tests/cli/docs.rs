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

/// A string value (`key = "value"`) of one `[section]` of a TOML file of the repository, in
/// the plain one-line form Cargo.toml and pyproject.toml give the names.
fn toml_string(path: &str, section: &str, key: &str) -> String {
    let text = repository_file(path);
    let header = format!("[{section}]");
    text.lines()
        .skip_while(|line| line.trim() != header)
        .skip(1)
        .take_while(|line| !line.starts_with('['))
        .find_map(|line| {
            let (k, v) = line.split_once('=')?;
            (k.trim() == key).then(|| v.trim().trim_matches('"').to_string())
        })
        .unwrap_or_else(|| panic!("{path} has no {key} in [{section}]"))
}

/// The extras pyproject.toml declares (`pip install "PACKAGE[EXTRA]"`).
fn python_extras() -> Vec<String> {
    repository_file("pyproject.toml")
        .lines()
        .skip_while(|line| line.trim() != "[project.optional-dependencies]")
        .skip(1)
        .take_while(|line| !line.starts_with('['))
        .filter(|line| !line.trim_start().starts_with('#'))
        .filter_map(|line| Some(line.split_once('=')?.0.trim().to_string()))
        .collect()
}

/// The one name this project is installed by: the crate's (Cargo.toml), which must be the
/// Python distribution's too (pyproject.toml). Not `framekit`: docs/development.md, "Names".
fn package_name() -> String {
    let crate_name = toml_string("Cargo.toml", "package", "name");
    let distribution = toml_string("pyproject.toml", "project", "name");
    assert_eq!(
        crate_name, distribution,
        "Cargo.toml's [package] name and pyproject.toml's [project] name differ"
    );
    crate_name
}

/// The code of a Markdown text (or of a message that marks commands with backticks): each
/// line of a fenced block, and each inline code span, made one line.
fn code_of(text: &str) -> Vec<String> {
    let mut code = Vec::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        } else if fenced {
            code.push(line.to_string());
        }
    }
    let spans = without_code_blocks(text);
    code.extend(
        spans
            .split('`')
            .skip(1)
            .step_by(2)
            .map(|s| s.replace('\n', " ")),
    );
    code
}

/// The words of one piece of shell, quotes removed, up to a comment; `;`, `|`, `&`, `(` and
/// `)` outside quotes end a command and become words of their own (`;`).
fn shell_words(line: &str) -> Vec<String> {
    let (mut words, mut word, mut quote, mut started) = (Vec::new(), String::new(), None, false);
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '"' | '\'') => (quote, started) = (Some(c), true),
            (None, '#') if !started => break,
            (None, c) if c.is_whitespace() || ";|&()".contains(c) => {
                if started {
                    words.push(std::mem::take(&mut word));
                    started = false;
                }
                if !c.is_whitespace() {
                    words.push(";".to_string());
                }
            }
            (None, c) => {
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        words.push(word);
    }
    words
}

/// Options of pip, pipx, uv and cargo that take a value as the next word.
const OPTIONS_WITH_A_VALUE: [&str; 22] = [
    "-r",
    "--requirement",
    "-c",
    "--constraint",
    "-i",
    "--index-url",
    "--extra-index-url",
    "-f",
    "--find-links",
    "-t",
    "--target",
    "--prefix",
    "--root",
    "--python",
    "--pip-args",
    "--with",
    "--index",
    "--git",
    "--branch",
    "--tag",
    "--rev",
    "--version",
];

/// Every install command in `code` (pip/uv pip install, pipx, uvx/uv tool, cargo install),
/// each with what is wrong with it: a package other than `package`, an extra pyproject.toml
/// does not declare, none named, or a run of a command other than `framekit`.
fn install_commands(code: &str, package: &str, extras: &[String]) -> Vec<(String, Vec<String>)> {
    let words = shell_words(code);
    let mut found = Vec::new();
    for start in 0..words.len() {
        let at = |i: usize| words.get(start + i).map(String::as_str);
        // How many words name the tool, and whether it runs a command (pipx run, uvx).
        let (skip, runs) = match (at(0), at(1), at(2)) {
            (Some("pip" | "pip3"), Some("install"), _) => (2, false),
            (Some("pipx"), Some("run"), _) => (2, true),
            (Some("pipx"), Some("install" | "upgrade"), _) => (2, false),
            (Some("uvx"), _, _) => (1, true),
            (Some("uv"), Some("tool"), Some("run")) => (3, true),
            (Some("uv"), Some("tool"), Some("install")) => (3, false),
            (Some("cargo"), Some("install"), _) => (2, false),
            _ => continue,
        };
        let command: Vec<&str> = words[start..]
            .iter()
            .map(String::as_str)
            .take_while(|w| *w != ";")
            .collect();
        let (mut named, mut positional) = (Vec::new(), Vec::new());
        let mut args = command[skip..].iter();
        while let Some(&arg) = args.next() {
            let (option, inline) = match arg.split_once('=') {
                Some((option, value)) if arg.starts_with("--") => (option, Some(value)),
                _ => (arg, None),
            };
            let mut value = || inline.or_else(|| args.next().copied()).unwrap_or("");
            match option {
                "--spec" | "--from" => named.push(value()),
                // `cargo install --path .`: this repository.
                "--path" => named.push(if value() == "." { package } else { "(a path)" }),
                o if OPTIONS_WITH_A_VALUE.contains(&o) => {
                    value();
                }
                o if o.starts_with('-') => {}
                _ => positional.push(arg),
            }
            // What follows the command a run runs is that command's own.
            if runs && !positional.is_empty() {
                break;
            }
        }
        let mut problems = Vec::new();
        if runs {
            // The first word after the options is the command to run; without --spec or
            // --from it is the package too, and no package of that name installs it.
            match (named.is_empty(), positional.first()) {
                (_, None) => problems.push("runs no command".to_string()),
                (true, Some(&app)) => {
                    named.push(app);
                    problems.push(format!(
                        "runs `{app}` from a package of that name: name {package} with \
                         --spec (pipx) or --from (uvx)"
                    ));
                }
                (false, Some(&app)) if app != "framekit" => {
                    problems.push(format!("runs `{app}`, not framekit"))
                }
                _ => {}
            }
        } else {
            named.extend(positional);
        }
        if named.is_empty() {
            problems.push("names no package".to_string());
        }
        for spec in named {
            let end = spec.find(|c: char| "[=<>~!;@ ".contains(c));
            let name = &spec[..end.unwrap_or(spec.len())];
            if name != package {
                problems.push(format!("installs `{name}`, not `{package}`"));
            }
            let wanted = spec
                .split_once('[')
                .and_then(|(_, rest)| rest.split_once(']'));
            for extra in wanted.map_or("", |(inside, _)| inside).split(',') {
                let extra = extra.trim();
                if !extra.is_empty() && !extras.iter().any(|e| e == extra) {
                    problems.push(format!(
                        "asks for the extra [{extra}], which pyproject.toml lacks"
                    ));
                }
            }
        }
        found.push((command.join(" "), problems));
    }
    found
}

#[test]
fn install_commands_are_checked_as_a_user_would_run_them() {
    let extras = ["ffmpeg".to_string()];
    let problems = |code: &str| -> Vec<Vec<String>> {
        install_commands(code, "demo", &extras)
            .into_iter()
            .map(|(_, problems)| problems)
            .collect()
    };
    for right in [
        "pip install demo",
        "pip install \"demo[ffmpeg]\"  # a comment: pip install framekit",
        "python -m pip install --user 'demo[ffmpeg]==1.0'",
        "pipx install \"demo[ffmpeg]\"",
        "pipx ensurepath; pipx upgrade demo",
        "pipx run --spec \"demo[ffmpeg]\" framekit stitch ./frames -o movie.mp4",
        "uvx --from \"demo[ffmpeg]\" framekit split movie.mp4 ./out",
        "uv tool install demo",
        "cargo install demo",
        "cargo install --locked --path .",
    ] {
        assert_eq!(problems(right), [Vec::<String>::new()], "{right}");
    }
    for wrong in [
        "pip install framekit",
        "pip install \"framekit[ffmpeg]\"",
        "pip install \"demo[video]\"",
        "pip install --user",
        "pipx install framekit",
        "pipx run framekit stitch ./frames -o movie.mp4",
        "pipx run --spec demo demo stitch",
        "uvx framekit stitch ./frames -o movie.mp4",
        "uvx --from framekit framekit --version",
        "cargo install framekit",
        "cargo install --path ../elsewhere",
    ] {
        let found = problems(wrong);
        assert!(
            found.len() == 1 && !found[0].is_empty(),
            "{wrong}: {found:?}"
        );
    }
    assert!(problems("brew install ffmpeg && winget install ffmpeg").is_empty());
    // `;` ends a command: two, the second wrong.
    assert_eq!(
        problems("cargo install demo; pip install framekit").concat(),
        ["installs `framekit`, not `demo`"]
    );
}

#[test]
fn every_install_command_names_this_project_s_package() {
    let package = package_name();
    let extras = python_extras();
    assert!(extras.iter().any(|e| e == "ffmpeg"), "{extras:?}");
    // Where commands are shown: README, docs/, and what framekit itself tells a user (the
    // missing-ffmpeg hint, and --version when there is no ffmpeg).
    let mut texts: Vec<(String, String)> = markdown_pages()
        .into_iter()
        .map(|page| (repository_file(&page), page))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    crate::support::frames::write_frames(dir.path(), 2, 32, 32);
    let missing = [
        "stitch",
        "frames",
        "-o",
        "a.mp4",
        "--ffmpeg",
        "/nonexistent/ffmpeg",
    ];
    let hint = fails(dir.path(), &missing, 127, &["pip install"]);
    texts.push((hint, "framekit's missing-ffmpeg hint".to_string()));
    let version = Command::new(FRAMEKIT)
        .arg("--version")
        .env("PATH", "/nonexistent")
        .env_remove("FRAMEKIT_FFMPEG")
        .output()
        .unwrap();
    let version = String::from_utf8(version.stdout).unwrap();
    texts.push((version, "framekit --version with no ffmpeg".to_string()));

    let mut wrong = Vec::new();
    let mut tools = std::collections::BTreeSet::new();
    for (text, whence) in &texts {
        for code in code_of(text) {
            for (command, problems) in install_commands(&code, &package, &extras) {
                tools.insert(command.split(' ').next().unwrap().to_string());
                if !problems.is_empty() {
                    wrong.push(format!("{whence}: `{command}`: {}", problems.join("; ")));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "install commands that miss {package}:\n{}",
        wrong.join("\n")
    );
    // README shows each way in; the hints show pip's.
    for tool in ["pip", "pipx", "uvx", "uv", "cargo"] {
        assert!(
            tools.contains(tool),
            "no `{tool}` install command found: {tools:?}"
        );
    }
}
