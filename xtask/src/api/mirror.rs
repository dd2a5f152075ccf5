//! progenitor gives every generated type a builder (`types::builder::X`)
//! with one setter per field, so a field change shows up twice: at
//! `types::X::f` and at `types::builder::X::f`. The report gives it once, at
//! the type, saying the builder changes too; a builder change without a twin
//! at the type (a setter that became required) stays as it is.

use super::compare::{RustChange, What, last};
use super::extract::Kind;

/// Folds each `types::builder::…` change into its twin at `types::…`.
pub fn fold(changes: Vec<RustChange>) -> Vec<RustChange> {
    let mut kept: Vec<RustChange> = Vec::with_capacity(changes.len());
    let mut mirrors = Vec::new();
    for change in changes {
        if change.path.starts_with("types::builder::") {
            mirrors.push(change);
        } else {
            kept.push(change);
        }
    }
    for mirror in mirrors {
        let twin = kept.iter_mut().find(|c| is_twin(c, &mirror));
        match twin {
            Some(twin) => {
                let builder = match &mirror.what {
                    What::Renamed { from } => format!("{from} → {}", last(&mirror.path)),
                    _ => mirror.path.clone(),
                };
                if mirror.semver > twin.semver {
                    twin.semver = mirror.semver;
                    twin.why = mirror.why.clone();
                }
                let whose = if mirror.kind == Kind::Setter {
                    "its builder's setter"
                } else {
                    "its builder"
                };
                twin.why.push_str(&format!("; the same goes for {whose}, `{builder}`"));
                twin.builder = Some(mirror.path);
            }
            None => kept.push(mirror),
        }
    }
    kept.sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
    kept
}

/// The type's path for its builder's (`types::builder::X::f` → `types::X::f`).
fn unmirrored(path: &str) -> String {
    path.replacen("types::builder::", "types::", 1)
}

fn is_twin(change: &RustChange, mirror: &RustChange) -> bool {
    if change.path != unmirrored(&mirror.path) || change.builder.is_some() {
        return false;
    }
    match (&change.what, &mirror.what) {
        (What::Renamed { from: a }, What::Renamed { from: b }) => *a == unmirrored(b),
        // A setter takes what its field holds.
        (What::Retyped { from: a, to: b }, What::Retyped { from: c, to: d }) => a == c && b == d,
        (a, b) => std::mem::discriminant(a) == std::mem::discriminant(b),
    }
}
