//! README is a front page, and every link in the docs leads to a file and a heading, as
//! GitHub, PyPI and crates.io show them.

use super::*;

#[test]
fn readme_is_a_front_page_under_16_kb() {
    let size = repository_file("README.md").len();
    assert!(
        size < 16_000,
        "README.md is {size} bytes: move reference text to docs/ (16,000 at most)"
    );
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
