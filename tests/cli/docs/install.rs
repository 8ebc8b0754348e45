//! Every install command shown (README, docs/, framekit's own hints) names this project's
//! package, checked as a user would run it.

use super::*;

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
