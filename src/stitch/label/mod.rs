//! `--label TEMPLATE`: text framekit draws on every frame (`crate::text`), as small RGBA
//! images that ffmpeg overlays, so no font, fontconfig or `drawtext` is needed from the
//! machine or the ffmpeg build (4.2 to 9 alike).
//!
//! The options (`Label`, parsed before any work), each frame's values (`fields`), the
//! label images written as a Matroska track with the frames' own times (`track`); the
//! overlay itself is the plan's (`plan::label_overlay`).

pub mod fields;
pub mod position;
pub mod size;
pub mod template;
pub mod track;

use std::path::PathBuf;

use crate::error::Failure;
pub use position::LabelAt;
pub use template::Template;

/// What `--label` and `--label-at` ask for, and where its images will be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub template: Template,
    pub at: LabelAt,
    /// The hidden folder of label tracks (one per decoder process), removed when the run
    /// ends (`track::LabelTrack`); chosen up front so that the plan can name it.
    pub folder: PathBuf,
}

impl Label {
    /// The parsed options; an unknown field is a usage error. `from_stdin`: frames from
    /// standard input, which have only `{index}` and `{time}`.
    pub fn new(template: &str, at: LabelAt, from_stdin: bool) -> Result<Label, Failure> {
        let template = Template::parse(template)?;
        if from_stdin {
            if let Some(field) = template
                .fields()
                .into_iter()
                .find(|f| !f.exists_for_stdin())
            {
                return Err(Failure::usage(format!(
                    "--label's {{{}}} does not exist for frames from standard input: they \
                     have no file name, folder or date",
                    field.name()
                ))
                .hint("use {index} and {time} with --stdin-frames and --raw"));
            }
        }
        Ok(Label {
            template,
            at,
            folder: track::folder_path(),
        })
    }
}
