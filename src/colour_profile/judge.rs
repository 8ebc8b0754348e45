//! What framekit makes of a profile's bytes: sRGB in all but name (left alone), another RGB
//! profile (converted, by its LUT), or one it cannot use (said, naming the file).

use moxcms::{ColorProfile, DataColorSpace, Layout, ProfileText, ToneReprCurve, TransformOptions};

use super::cube::Lut;

/// Converting changes no colour by more than this (in 8-bit levels): the profile is sRGB
/// in all but name (Apple's, HP's and Little CMS's sRGB profiles differ by their curves'
/// precision), and is left alone as untagged frames are.
const SRGB_LIKE_LEVELS: f32 = 1.0;

/// A profile framekit converts from.
#[derive(Debug, Clone)]
pub struct Usable {
    /// As the profile names itself ("Display P3"), for messages and --json.
    pub name: String,
    /// Its colours as sRGB's.
    pub lut: Lut,
}

/// What a profile's bytes are to framekit.
#[derive(Debug, Clone)]
pub enum Verdict {
    SrgbLike,
    Convert(Usable),
    /// Why not, as a phrase after the file's name.
    Unusable(String),
}

/// Judges a profile from its bytes.
pub fn judge(bytes: &[u8]) -> Verdict {
    let profile = match ColorProfile::new_from_slice(bytes) {
        Ok(profile) => profile,
        Err(e) => return Verdict::Unusable(format!("has a damaged ICC profile ({e})")),
    };
    let name = name_of(&profile);
    let space = match profile.color_space {
        DataColorSpace::Rgb => None,
        DataColorSpace::Gray => Some("gray"),
        DataColorSpace::Cmyk => Some("CMYK"),
        _ => Some("non-RGB"),
    };
    if let Some(space) = space {
        return Verdict::Unusable(format!(
            "carries a {space} ICC profile ({name}), which framekit does not apply to RGB frames"
        ));
    }
    let Some(lut) = sampled(&profile) else {
        return Verdict::Unusable(format!(
            "carries an ICC profile ({name}) that cannot be converted to sRGB"
        ));
    };
    if lut.largest_change_from_identity() <= SRGB_LIKE_LEVELS {
        return Verdict::SrgbLike;
    }
    Verdict::Convert(Usable { name, lut })
}

/// The profile's conversion to linear sRGB on the grid, colours outside sRGB kept outside
/// (below 0, above 1) for lut3d to clip after interpolating. A matrix/TRC profile: its
/// curves to its own linear light (moxcms, inside its own gamut: nothing clipped), then
/// its colorant matrix to sRGB's, unclipped. (moxcms's own extended conversion reads
/// ProPhoto's curve wrongly, 255 levels off; clipped at the grid's points, ProPhoto's
/// saturated colours bend 33 levels.) Any other RGB profile (LUT-based): moxcms's
/// conversion, clipped.
fn sampled(profile: &ColorProfile) -> Option<Lut> {
    let options = TransformOptions {
        // The profile's own curves, not a CICP tag's shortcut: what colour-managed viewers
        // (Little CMS) follow.
        allow_use_cicp_transfer: false,
        prefer_fixed_point: false,
        ..TransformOptions::default()
    };
    let srgb = linear_srgb();
    if profile.is_matrix_shaper() {
        let own_linear = linear_version(profile);
        let transform = profile
            .create_transform_f32(Layout::Rgb, &own_linear, Layout::Rgb, options)
            .ok()?;
        let matrix = profile.transform_matrix(&srgb);
        return Lut::sample(transform.as_ref(), Some(&matrix));
    }
    let transform = profile
        .create_transform_f32(Layout::Rgb, &srgb, Layout::Rgb, options)
        .ok()?;
    Lut::sample(transform.as_ref(), None)
}

/// The profile with linear curves: its own primaries in linear light.
fn linear_version(profile: &ColorProfile) -> ColorProfile {
    let mut linear = profile.clone();
    let curve = ToneReprCurve::Parametric(vec![1.0]);
    linear.red_trc = Some(curve.clone());
    linear.green_trc = Some(curve.clone());
    linear.blue_trc = Some(curve);
    linear.cicp = None;
    linear
}

/// sRGB's primaries and white in linear light, what the LUT holds.
fn linear_srgb() -> ColorProfile {
    linear_version(&ColorProfile::new_srgb())
}

/// The profile's description, cleaned for one line of text.
fn name_of(profile: &ColorProfile) -> String {
    let text = match &profile.description {
        Some(ProfileText::PlainString(text)) => text.clone(),
        Some(ProfileText::Localizable(strings)) => strings
            .iter()
            .find(|s| s.language == "en")
            .or(strings.first())
            .map(|s| s.value.clone())
            .unwrap_or_default(),
        Some(ProfileText::Description(description)) => description.ascii_string.clone(),
        None => String::new(),
    };
    let clean: String = text
        .chars()
        .filter(|c| !c.is_control())
        .take(64)
        .collect::<String>()
        .trim()
        .to_string();
    match clean.is_empty() {
        true => "unnamed".to_string(),
        false => clean,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(profile: ColorProfile) -> Vec<u8> {
        profile.encode().unwrap()
    }

    #[test]
    fn srgb_by_its_colours_not_its_name() {
        assert!(matches!(
            judge(&encoded(ColorProfile::new_srgb())),
            Verdict::SrgbLike
        ));
        let mut renamed = ColorProfile::new_display_p3();
        renamed.description = Some(ProfileText::PlainString("sRGB IEC61966-2.1".into()));
        renamed.cicp = None;
        assert!(matches!(judge(&encoded(renamed)), Verdict::Convert(_)));
    }

    #[test]
    fn wide_profiles_are_converted_under_their_names() {
        for (profile, name) in [
            (ColorProfile::new_display_p3(), "Display P3"),
            (ColorProfile::new_adobe_rgb(), "Adobe RGB 1998"),
            (ColorProfile::new_pro_photo_rgb(), "ProPhoto RGB"),
        ] {
            match judge(&encoded(profile)) {
                Verdict::Convert(usable) => assert_eq!(usable.name, name),
                other => panic!("{name}: {other:?}"),
            }
        }
    }

    #[test]
    fn gray_and_damaged_profiles_are_said_unusable() {
        let gray = judge(&encoded(ColorProfile::new_gray_with_gamma(2.2)));
        assert!(matches!(&gray, Verdict::Unusable(why) if why.contains("gray ICC profile")));
        let damaged = judge(b"not a profile at all, but long enough to be read as one");
        assert!(matches!(&damaged, Verdict::Unusable(why) if why.contains("damaged")));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        // Any bytes, and a real profile with any bytes changed, give a verdict, never a panic.
        #[test]
        fn any_bytes_give_a_verdict(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..1024),
            at in 0usize..4096,
            value in proptest::num::u8::ANY,
        ) {
            let _ = judge(&bytes);
            let mut p3 = encoded(ColorProfile::new_display_p3());
            let at = at % p3.len();
            p3[at] = value;
            let _ = judge(&p3);
        }
    }
}
