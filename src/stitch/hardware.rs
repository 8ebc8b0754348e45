//! `--hw` at run time: which GPU encoder the ffmpeg build lists (`Capabilities::encoders`)
//! and this machine opens (a one-frame trial encode), else the software encoder with one
//! warning. The choices themselves are `plan::encoding::hardware`'s (pure).

use std::path::Path;
use std::process::Command;

use anyhow::Result;

use crate::ffmpeg::capabilities::Capabilities;
use crate::ffmpeg::process_group;
use crate::stitch::plan::encoding::hardware::{self, Api, HardwareRequest};
use crate::stitch::plan::encoding::Encoding;
use crate::term::stderr::warn;

/// The encoding to run: on the first GPU encoder of the request that the build lists and
/// the machine opens, else `encoding` itself (software) after one warning. An explicit
/// `--hw` the build lacks is a usage error (exit 2). `ffmpeg` None (a dry run): nothing is
/// tried, the first candidate is printed, with a note that the real run may fall back.
pub fn choose(
    encoding: Encoding,
    capabilities: &Capabilities,
    ffmpeg: Option<&Path>,
) -> Result<Encoding> {
    let Some(request) = encoding.hardware_request else {
        return Ok(encoding);
    };
    let macos = cfg!(target_os = "macos");
    let candidates = request.candidates(capabilities.encoders(), macos)?;
    let software = encoding.video_codec.clone();
    let Some(&first) = candidates.first() else {
        let names: Vec<_> = (Api::auto_order(macos).iter())
            .map(|api| api.encoder(request.family))
            .collect();
        warn(&format!(
            "this ffmpeg has no hardware {} encoder framekit can use (none of {}): \
             encoding with {software}",
            request.family.name(),
            names.join(", ")
        ));
        return Ok(encoding);
    };
    let Some(ffmpeg) = ffmpeg else {
        let names: Vec<_> = candidates
            .iter()
            .map(|a| a.encoder(request.family))
            .collect();
        warn(&format!(
            "the real run first tries whether {} can be opened here, and encodes with \
             {software} if {}",
            names.join(", then "),
            match names.len() {
                1 => "it cannot",
                _ => "none can",
            }
        ));
        return Ok(encoding.on_hardware(first));
    };
    let mut refusals = Vec::new();
    for api in candidates {
        match trial(ffmpeg, api, &request)? {
            None => return Ok(encoding.on_hardware(api)),
            Some(reason) => refusals.push((api.encoder(request.family), reason)),
        }
    }
    let message = match refusals.as_slice() {
        [(encoder, reason)] => format!("{encoder} cannot be opened here ({reason})"),
        all => {
            let each: Vec<_> = all.iter().map(|(e, r)| format!("{e}: {r}")).collect();
            format!(
                "no hardware {} encoder can be opened here ({})",
                request.family.name(),
                each.join("; ")
            )
        }
    };
    warn(&format!("{message}: encoding with {software}"));
    Ok(encoding)
}

/// Runs the one-frame trial of `api`: None when the encoder opened, else ffmpeg's reason.
/// Errors only for an interrupt or an ffmpeg that cannot be started.
fn trial(ffmpeg: &Path, api: Api, request: &HardwareRequest) -> Result<Option<String>> {
    let mut command = Command::new(ffmpeg);
    command.args(hardware::trial_args(api, request));
    let what = format!("ffmpeg's trial of {}", api.encoder(request.family));
    let output = process_group::output(&mut command, &what)?;
    Ok((!output.status.success())
        .then(|| hardware::reason(&String::from_utf8_lossy(&output.stderr))))
}
