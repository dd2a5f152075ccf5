//! The declared `rust-version` of each published crate of the workspace is at
//! least what every dependency it compiles (normal and build, all features)
//! declares: a user on that toolchain can build it.

use std::process::Command;

use serde_json::Value;

/// `1.88` and `1.88.0` are the same version.
fn version(text: &str) -> [u64; 3] {
    let mut parts = text.split('.').map(|part| part.parse().unwrap_or(0));
    [(); 3].map(|_| parts.next().unwrap_or(0))
}

#[test]
fn declared_rust_version_covers_every_dependency() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--all-features"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let metadata: Value = serde_json::from_slice(&output.stdout).unwrap();
    let package = |id: &str| {
        metadata["packages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .unwrap()
            .clone()
    };
    let node = |id: &str| {
        metadata["resolve"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["id"] == id)
            .unwrap()
            .clone()
    };

    for name in ["mx-nexus", "mx-nexus-sandbox"] {
        let root = metadata["packages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("{name} is in the workspace"));
        let declared = root["rust_version"]
            .as_str()
            .unwrap_or_else(|| panic!("{name} declares rust-version"));
        let mut seen = std::collections::BTreeSet::new();
        let mut stack = vec![root["id"].as_str().unwrap().to_owned()];
        let mut highest: Option<([u64; 3], String)> = None;
        while let Some(id) = stack.pop() {
            if !seen.insert(id.clone()) {
                continue;
            }
            let dependency = package(&id);
            if let Some(needed) = dependency["rust_version"].as_str()
                && id != root["id"]
                && highest.as_ref().is_none_or(|(v, _)| version(needed) > *v)
            {
                highest = Some((version(needed), format!("{} {needed}", dependency["name"])));
            }
            for dep in node(&id)["deps"].as_array().unwrap() {
                let dev_only = dep["dep_kinds"].as_array().unwrap().iter().all(|k| k["kind"] == "dev");
                if !dev_only {
                    stack.push(dep["pkg"].as_str().unwrap().to_owned());
                }
            }
        }
        let (needed, by) = highest.expect("dependencies declare a rust-version");
        assert!(
            version(declared) >= needed,
            "{name} declares rust-version {declared}, but {by} needs more"
        );
    }
}
