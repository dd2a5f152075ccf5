//! `$ref` resolution. Only local refs (`#/...`) exist in the specs this tool
//! handles; anything else is reported as an error rather than ignored, since
//! an unresolved schema would make the diff silently incomplete.

use serde_json::Value;

/// Longest `$ref` → `$ref` chain followed before calling it a cycle.
const MAX_HOPS: usize = 64;

/// One document, with the label (`old`/`new`) used in error messages.
#[derive(Clone, Copy)]
pub(crate) struct Doc<'a> {
    pub root: &'a Value,
    pub label: &'static str,
}

impl<'a> Doc<'a> {
    pub fn new(root: &'a Value, label: &'static str) -> Self {
        Doc { root, label }
    }

    /// Follows `$ref`s until a node without one. Sibling keys of `$ref` are
    /// ignored, as OpenAPI 3.0 says.
    pub fn deref(&self, mut v: &'a Value) -> Result<&'a Value, String> {
        for _ in 0..MAX_HOPS {
            match v.get("$ref").and_then(Value::as_str) {
                Some(r) => v = lookup(self.root, r).map_err(|e| format!("{} spec: {e}", self.label))?,
                None => return Ok(v),
            }
        }
        Err(format!("{} spec: $ref chain too long or cyclic", self.label))
    }

    /// The name a `$ref` points at (`Job` for `#/components/schemas/Job`), used to
    /// pair up `oneOf` variants.
    pub fn ref_name(v: &Value) -> Option<&str> {
        v.get("$ref")?.as_str()?.rsplit('/').next()
    }
}

/// Resolves one local reference against the document root.
pub(crate) fn lookup<'a>(root: &'a Value, reference: &str) -> Result<&'a Value, String> {
    let Some(pointer) = reference.strip_prefix('#') else {
        return Err(format!("external $ref `{reference}` is not supported"));
    };
    let decoded = percent_decode(pointer);
    root.pointer(&decoded)
        .ok_or_else(|| format!("dangling $ref `{reference}`"))
}

/// Walks the whole document once and checks that every `$ref` resolves, so a
/// typo is reported when the file is loaded (naming the file), not halfway
/// through a diff.
pub(crate) fn check_refs(root: &Value) -> Result<(), String> {
    let mut stack = vec![root];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    lookup(root, r)?;
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    Ok(())
}

/// JSON pointers inside URI fragments may be percent-encoded (`%7B` for `{`).
fn percent_decode(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('%') {
        return s.into();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or(""), 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned().into()
}

/// Escapes one JSON-pointer segment (`/` → `~1`, `~` → `~0`).
pub(crate) fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}
