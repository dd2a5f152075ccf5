//! The names build.rs gives operations without an `operationId`
//! (`build/pipeline.rs`, `name_operations`), against the rule the README
//! states and MX's own Platform API specs (read at run time from
//! `../shared/specs/mx-platform/`; skipped when absent).

use heck::ToSnakeCase;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use xtask::codegen::pipeline::{each_operation, name_operations, operation_names};

use crate::support::platform;

fn name(method: &str, path: &str) -> String {
    operation_names(method, path).0
}

#[test]
fn the_rule_in_mx_style() {
    assert_eq!(name("get", "/users/{user_guid}/budgets"), "listUserBudgets");
    assert_eq!(
        name("get", "/users/{user_guid}/budgets/{budget_guid}"),
        "readUserBudget"
    );
    assert_eq!(name("post", "/users/{user_guid}/budgets"), "createUserBudget");
    assert_eq!(
        name("put", "/users/{user_guid}/budgets/{budget_guid}"),
        "updateUserBudget"
    );
    assert_eq!(
        name("delete", "/users/{user_guid}/budgets/{budget_guid}"),
        "deleteUserBudget"
    );
    assert_eq!(name("get", "/users"), "listUsers");
    assert_eq!(name("get", "/users/{user_guid}"), "readUser");
    assert_eq!(name("get", "/categories/{category_guid}"), "readCategory");
    assert_eq!(name("get", "/jobs/{job_guid}"), "readJob");
    assert_eq!(name("get", "/jobs/{job_guid}/mfa_credentials"), "listJobMfaCredentials");
    assert_eq!(
        name("post", "/members/{member_guid}/credentials"),
        "createMemberCredential"
    );
    // A singular literal: read it, or (POST) an action on its owner.
    assert_eq!(
        name("get", "/users/{user_guid}/members/{member_guid}/status"),
        "readMemberStatus"
    );
    assert_eq!(
        name("post", "/users/{user_guid}/members/{member_guid}/aggregate"),
        "aggregateMember"
    );
    // More than one literal after the parameter: not an action.
    assert_eq!(
        name("post", "/users/{user_guid}/budgets/generate"),
        "createUserBudgetsGenerate"
    );
    // Literal text beside a parameter is kept.
    assert_eq!(
        name(
            "get",
            "/users/{user_guid}/members/{member_guid}/statements/{statement_guid}.pdf"
        ),
        "readMemberStatementPdf"
    );
    // The long form, for a name already taken.
    assert_eq!(
        operation_names("get", "/users/{user_guid}/members/{member_guid}/status").1,
        "readUsersMembersStatus"
    );
}

#[test]
fn never_two_alike_and_never_one_of_mx_s_ids() {
    let mut spec = json!({"paths": {
        // MX already calls this one `readUserBudget`, so the unnamed GET of
        // the same item elsewhere gets the long form.
        "/users/{user_guid}/budgets/{budget_guid}": {"get": {"operationId": "readUserBudget"}},
        "/admin/users/{user_guid}/budgets/{budget_guid}": {"get": {}, "delete": {}},
        "/other/users/{id}/budgets/{id2}": {"get": {}},
        "/another/users/{id}/budgets/{id2}": {"get": {}},
    }});
    let named = name_operations(&mut spec);
    assert_eq!(named.len(), 4, "{named:#?}");
    assert_eq!(
        spec["paths"]["/users/{user_guid}/budgets/{budget_guid}"]["get"]["operationId"],
        "readUserBudget"
    );
    let ids: Vec<&str> = each_operation(&spec)
        .map(|(_, _, o)| o["operationId"].as_str().unwrap())
        .collect();
    let unique: BTreeSet<String> = ids.iter().map(|i| i.to_snake_case()).collect();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    assert!(
        named.contains(&"GET /admin/users/{user_guid}/budgets/{budget_guid} → readAdminUsersBudgets".to_owned()),
        "{named:#?}"
    );
    // Independent of the document's order: the same names from a reversed one.
    let mut reversed = json!({"paths": {
        "/another/users/{id}/budgets/{id2}": {"get": {}},
        "/other/users/{id}/budgets/{id2}": {"get": {}},
        "/admin/users/{user_guid}/budgets/{budget_guid}": {"delete": {}, "get": {}},
        "/users/{user_guid}/budgets/{budget_guid}": {"get": {"operationId": "readUserBudget"}},
    }});
    let mut again = name_operations(&mut reversed);
    let mut first = named.clone();
    again.sort();
    first.sort();
    assert_eq!(again, first);
}

/// The `operationId` removed from `count` operations spread evenly (sorted
/// by path and method); returns MX's ids of those.
fn unname(spec: &mut Value, count: usize) -> Vec<(String, String, String)> {
    let mut all: Vec<(String, String)> = each_operation(spec)
        .map(|(p, m, _)| (p.to_owned(), m.to_owned()))
        .collect();
    all.sort();
    let total = all.len();
    let picked: BTreeSet<usize> = (0..count).map(|i| i * total / count).collect();
    let mut removed = Vec::new();
    for (i, (path, method)) in all.into_iter().enumerate() {
        if picked.contains(&i) {
            let operation = spec["paths"][&path][&method].as_object_mut().unwrap();
            let id = operation.remove("operationId").unwrap();
            removed.push((path, method, id.as_str().unwrap().to_owned()));
        }
    }
    removed
}

/// Names are unique and never an id MX already uses, compared the way the
/// generated code names methods (snake_case).
fn assert_unique(spec: &Value) {
    let ids: Vec<String> = each_operation(spec)
        .map(|(p, m, o)| {
            o["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{m} {p} has no name"))
                .to_snake_case()
        })
        .collect();
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len());
}

/// 22 of a Platform spec's operations without their ids (the issue's
/// count), and then all of them: every one is named, none alike, none one of
/// the ids MX keeps; how many equal MX's own id is printed.
#[test]
fn platform_operations_without_ids() {
    for file in ["v20111101.yml", "v20250224.yml"] {
        let Some(original) = platform(file) else { return };
        let total = each_operation(&original).count();
        for count in [22, total] {
            let mut spec = original.clone();
            let removed = unname(&mut spec, count);
            let named = name_operations(&mut spec);
            assert_eq!(named.len(), removed.len());
            assert_unique(&spec);
            let same = removed
                .iter()
                .filter(|(path, method, id)| spec["paths"][path][method]["operationId"] == id.as_str())
                .count();
            eprintln!(
                "{file}: {} of {total} operations unnamed; {same} get MX's own id back",
                removed.len()
            );
            if count == total {
                for line in &named {
                    eprintln!("  {line}");
                }
            }
        }
        if file != "v20111101.yml" {
            continue; // v20250224 names the user `{user_identifier}`
        }
        let mut spec = original.clone();
        unname(&mut spec, total);
        name_operations(&mut spec);
        let id = |path: &str, method: &str| spec["paths"][path][method]["operationId"].as_str().unwrap().to_owned();
        assert_eq!(id("/users/{user_guid}/members", "get"), "listUserMembers");
        assert_eq!(id("/users/{user_guid}/members/{member_guid}", "get"), "readUserMember");
        assert_eq!(id("/users/{user_guid}/members", "post"), "createUserMember");
        assert_eq!(
            id("/users/{user_guid}/members/{member_guid}", "put"),
            "updateUserMember"
        );
        assert_eq!(
            id("/users/{user_guid}/members/{member_guid}", "delete"),
            "deleteUserMember"
        );
        assert_eq!(
            id("/users/{user_guid}/members/{member_guid}/aggregate", "post"),
            "aggregateMember"
        );
    }
}
