//! `--label TEMPLATE`: text with `{field}`s, parsed once (an unknown field is a usage error
//! naming it and the valid ones) and filled in for each frame.

use crate::error::Failure;

/// A field a template may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The frame's file name.
    Name,
    /// The frame's number, from 1.
    Index,
    /// How many frames the video has.
    Count,
    /// When the frame starts in the video.
    Time,
    /// The photo's EXIF date and time, else the file's modification time.
    Date,
    /// The name of the folder the frame is in.
    Dir,
}

impl Field {
    pub const ALL: [(&'static str, Field); 6] = [
        ("name", Field::Name),
        ("index", Field::Index),
        ("count", Field::Count),
        ("time", Field::Time),
        ("date", Field::Date),
        ("dir", Field::Dir),
    ];

    pub fn name(self) -> &'static str {
        Field::ALL
            .iter()
            .find(|(_, field)| *field == self)
            .map_or("", |(name, _)| name)
    }

    /// Whether frames from standard input have it (they have no file, folder or date).
    pub fn exists_for_stdin(self) -> bool {
        matches!(self, Field::Index | Field::Time)
    }
}

/// One piece of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    Field(Field),
}

/// A parsed `--label` template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub pieces: Vec<Piece>,
}

fn valid_fields() -> String {
    let names: Vec<String> = Field::ALL.iter().map(|(n, _)| format!("{{{n}}}")).collect();
    names.join(" ")
}

impl Template {
    /// Parses `{field}`s; `{{` and `}}` are literal braces.
    pub fn parse(text: &str) -> Result<Template, Failure> {
        let mut pieces = Vec::new();
        let mut literal = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    literal.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    literal.push('}');
                }
                '{' => {
                    let mut name = String::new();
                    let mut closed = false;
                    for c in chars.by_ref() {
                        if c == '}' {
                            closed = true;
                            break;
                        }
                        name.push(c);
                    }
                    if !closed {
                        return Err(Failure::usage(format!(
                            "--label {text:?} has a '{{' without its '}}'"
                        ))
                        .details([format!("the fields are: {}", valid_fields())])
                        .hint("write a literal brace as {{ (and } as }})"));
                    }
                    let field = Field::ALL
                        .iter()
                        .find(|(known, _)| *known == name)
                        .map(|(_, field)| *field)
                        .ok_or_else(|| unknown_field(&name, text))?;
                    if !literal.is_empty() {
                        pieces.push(Piece::Text(std::mem::take(&mut literal)));
                    }
                    pieces.push(Piece::Field(field));
                }
                '}' => {
                    return Err(Failure::usage(format!(
                        "--label {text:?} has a '}}' without its '{{'"
                    ))
                    .hint("write a literal brace as }} (and { as {{)"))
                }
                c => literal.push(c),
            }
        }
        if !literal.is_empty() {
            pieces.push(Piece::Text(literal));
        }
        Ok(Template { pieces })
    }

    /// The fields it names, each once, in order.
    pub fn fields(&self) -> Vec<Field> {
        let mut fields = Vec::new();
        for piece in &self.pieces {
            if let Piece::Field(field) = piece {
                if !fields.contains(field) {
                    fields.push(*field);
                }
            }
        }
        fields
    }

    /// The text for one frame, each field's value given by `value`.
    pub fn fill(&self, mut value: impl FnMut(Field) -> String) -> String {
        let mut text = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(literal) => text.push_str(literal),
                Piece::Field(field) => text.push_str(&value(*field)),
            }
        }
        text
    }
}

fn unknown_field(name: &str, template: &str) -> Failure {
    Failure::usage(format!(
        "--label {template:?} names an unknown field {{{name}}}"
    ))
    .details([format!("the fields are: {}", valid_fields())])
    .hint("write a literal brace as {{ (and } as }})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_and_text_are_parsed_and_filled() {
        let template = Template::parse("{index}/{count} {name} {{raw}}").unwrap();
        assert_eq!(template.fields(), [Field::Index, Field::Count, Field::Name]);
        let text = template.fill(|field| match field {
            Field::Index => "3".into(),
            Field::Count => "10".into(),
            _ => "a.png".into(),
        });
        assert_eq!(text, "3/10 a.png {raw}");
    }

    #[test]
    fn an_unknown_or_unclosed_field_is_a_usage_error_listing_the_valid_ones() {
        for bad in ["{frame}", "{name", "x}"] {
            let failure = Template::parse(bad).unwrap_err();
            assert_eq!(failure.exit_code(), crate::error::exit::USAGE, "{bad}");
        }
        let failure = format!("{:?}", Template::parse("{frame}").unwrap_err());
        assert!(failure.contains("{frame}"), "{failure}");
        assert!(failure.contains("{name} {index} {count} {time} {date} {dir}"));
    }

    #[test]
    fn only_index_and_time_exist_for_frames_from_stdin() {
        let stdin: Vec<_> = Field::ALL
            .iter()
            .filter(|(_, f)| f.exists_for_stdin())
            .map(|(n, _)| *n)
            .collect();
        assert_eq!(stdin, ["index", "time"]);
    }
}
