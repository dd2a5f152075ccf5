//! mx-nexus at MX's full size (`cargo xtask scale`): the vendored Nexus spec
//! plus one of MX's Platform specs (read at run time from
//! `../shared/specs/mx-platform/`; skipped when absent), 22 of whose
//! operations have no `operationId`.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use xtask::codegen::{generate, pipeline};
use xtask::scale;

/// The Nexus spec plus each of MX's Platform specs the machine has, as
/// `cargo xtask scale` merges them (22 Platform operations without an id).
fn scale_specs() -> Vec<(&'static str, serde_json::Value)> {
    ["v20111101.yml", "v20250224.yml"]
        .into_iter()
        .filter_map(|file| {
            Some((
                file,
                scale::scale_spec(&crate::support::nexus(), &crate::support::platform(file)?, 22),
            ))
        })
        .collect()
}

/// Everything build.rs generates, in-process, from the ~170-operation spec:
/// every operation named and made, but the ones whose parameters share a
/// Rust name (4 in v20111101: `category_guid` and `category_guid[]`; none in
/// v20250224), which are left out, the CLI and mock helpers made.
#[test]
fn build_rs_generates_everything_at_scale() {
    for (file, mut spec) in scale_specs() {
        let overlay = crate::support::nexus_overlay();
        pipeline::apply_overlay(&mut spec, overlay).unwrap();
        let operations = pipeline::each_operation(&spec).count();
        let start = Instant::now();
        let named = pipeline::normalise(&mut spec).unwrap();
        assert_eq!(named.len(), 22, "{named:#?}");
        let (file_ast, left_out) = generate::client_file(&spec).unwrap();
        assert!(
            left_out
                .iter()
                .all(|l| l.contains("two parameters are both `category_guid`")
                    || l.contains("two parameters are both `top_level_category_guid`")),
            "{left_out:#?}"
        );
        assert_eq!(
            left_out.len(),
            if file == "v20111101.yml" { 4 } else { 0 },
            "{left_out:#?}"
        );
        let made = operations - left_out.len();
        let code = generate::client(&spec).unwrap();
        let table = generate::operation_table(&spec);
        let cli = generate::cli(&spec).unwrap();
        let mock = generate::mock(&spec).unwrap();
        eprintln!(
            "{file}: {operations} operations, generated in {:?} (debug): client {} bytes, {} lines",
            start.elapsed(),
            code.len(),
            code.lines().count()
        );
        assert!(!file_ast.items.is_empty());
        assert_eq!(table.matches("pub(crate) const ").count(), made + 1);
        // Every send() ends in src/ext/call.rs; the PDF statement in send_stream.
        assert_eq!(code.matches("crate::ext::call::send_").count(), made);
        assert_eq!(code.matches("\n// left out: ").count(), left_out.len());
        assert!(code.contains("crate::ext::call::send_stream("));
        assert!(cli.contains("read_member_statement_pdf") || cli.contains("download_statement_pdf"));
        assert!(mock.contains("MockServerExt"));
    }
}

/// `cargo xtask scale --pages DIR`: the full-size spec laid out as the docs
/// site's pages syncs back into the same operations and schemas, so `sync
/// --pages` and `regen --pages` run at MX's full size (README, "Scale").
#[test]
fn the_docs_page_corpus_syncs_back_into_the_spec() {
    for (file, spec) in scale_specs() {
        let pages: Vec<xtask::sync::page::Page> = xtask::corpus::pages(&spec)
            .into_iter()
            .map(|page| xtask::sync::page::Page {
                name: page.file_name,
                body: page.text.into_bytes(),
            })
            .collect();
        assert_eq!(pages.len(), pipeline::each_operation(&spec).count());
        let synced = xtask::sync::build(&pages).unwrap();
        assert_eq!(pipeline::each_operation(&synced.spec).count(), pages.len());
        for (path, method, operation) in pipeline::each_operation(&spec) {
            assert_eq!(&synced.spec["paths"][path][method], operation, "{method} {path}");
        }
        let schemas = synced.spec["components"]["schemas"].as_object().unwrap();
        assert!(schemas.len() > 100, "{file}: {} schemas", schemas.len());
        for (name, schema) in schemas {
            assert_eq!(schema, &spec["components"]["schemas"][name], "{name}");
        }
    }
}

/// The scratch crate at scale compiles with `--features cli,mock`, and its
/// CLI lists every operation. Several minutes on 2 cores: run by hand with
/// `cargo test -p xtask --test it -- --ignored scale::`.
#[test]
#[ignore]
fn the_crate_builds_at_scale_with_cli_and_mock() {
    let Some(platform) = scale::platform_spec("v20250224.yml") else {
        eprintln!("SKIPPED: no Platform spec");
        return;
    };
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let (dir, spec) = scale::scratch_package(&platform, 22, &tmp.join("scale/mx-nexus")).unwrap();
    let target = tmp.join("scale/target");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let start = Instant::now();
    let output = Command::new(&cargo)
        .args(["build", "--offline", "--features", "cli,mock"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    eprintln!("cargo build --features cli,mock at scale: {:?}", start.elapsed());
    let help = Command::new(target.join("debug/mx-nexus"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    for (_, _, operation) in pipeline::each_operation(&spec) {
        if let Some(id) = operation["operationId"].as_str() {
            let command = heck::ToKebabCase::to_kebab_case(id);
            assert!(help.contains(&command), "no `{command}` in --help");
        }
    }
    assert!(help.contains("read-job"));
}
