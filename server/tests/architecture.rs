//! The shape of the code, checked: module cycles in each crate and the writers of each table.
//!
//! No crate has a module cycle, every table has one writer (one domain: a top-level module of
//! the backend), and the UI crate holds no SQL. It reads the sources: the `crate::` and
//! `super::` paths of each file (a `use` line or a path in the code) and the SQL that writes.
//! A file over 400 lines must say why at its top. One coherent thing over 400 lines: the
//! source reader and the checks it serves.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The workspace's crates whose sources are read (`frontend` is only the WASM entry point).
const CRATES: [&str; 4] = ["app", "backend", "server", "shared"];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace holds the server crate")
        .to_path_buf()
}

/// The source files below `dir`, without test modules kept in files of their own
/// (`tests.rs`): like a `#[cfg(test)]` block, their imports are not the module's dependencies.
fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a source directory") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs")
            && path.file_name().is_some_and(|name| name != "tests.rs")
        {
            found.push(path);
        }
    }
}

/// The module path of a file below `src/`: `backend/notices/mod.rs` → `[backend, notices]`.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src).expect("a file below src");
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The code of a file without its comments (doc comments name paths that are not uses) and
/// without its test modules, whose imports are not the module's dependencies.
fn code_of(text: &str) -> String {
    let mut code = String::new();
    // Inside a `#[cfg(test)]` item: the depth of its braces once its body opened.
    let mut skipping: Option<(i32, bool)> = None;
    for line in text.lines() {
        let line = match line.find("//") {
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        };
        if line.trim_start() == "#[cfg(test)]" {
            skipping = Some((0, false));
            continue;
        }
        if let Some((depth, opened)) = skipping.as_mut() {
            for c in line.chars() {
                match c {
                    '{' => {
                        *depth += 1;
                        *opened = true;
                    }
                    '}' => *depth -= 1,
                    _ => {}
                }
            }
            if *opened && *depth <= 0 || !*opened && line.trim_end().ends_with(';') {
                skipping = None;
            }
            continue;
        }
        code.push_str(line);
        code.push('\n');
    }
    code
}

fn identifier(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    &text[..end]
}

/// The first segments of the paths that follow a `crate::` or `super::` prefix: an
/// identifier, or each item of a `{…}` group.
fn heads(after: &str) -> Vec<String> {
    if let Some(group) = after.strip_prefix('{') {
        let mut depth = 0;
        let mut items = vec![];
        let mut start = 0;
        for (at, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    items.push(&group[start..at]);
                    break;
                }
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    items.push(&group[start..at]);
                    start = at + 1;
                }
                _ => {}
            }
        }
        items
            .into_iter()
            .map(|item| identifier(item.trim()).to_owned())
            .filter(|item| !item.is_empty() && item != "self")
            .collect()
    } else {
        vec![identifier(after).to_owned()]
    }
}

/// Every module path a file refers to, absolute from the crate's root.
fn references(module: &[String], code: &str) -> Vec<Vec<String>> {
    let mut found = vec![];
    let bytes = code.as_bytes();
    let mut at = 0;
    while at < code.len() {
        let rest = &code[at..];
        let boundary = at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_');
        if boundary && (rest.starts_with("crate::") || rest.starts_with("super::")) {
            let mut base: Vec<String> = if rest.starts_with("crate::") {
                vec![]
            } else {
                module.to_vec()
            };
            let mut tail = rest;
            if let Some(after) = tail.strip_prefix("crate::") {
                tail = after;
            }
            while let Some(after) = tail.strip_prefix("super::") {
                base.pop();
                tail = after;
            }
            for head in heads(tail) {
                let mut path = base.clone();
                path.push(head);
                found.push(path);
            }
            at += rest.len() - tail.len();
        } else {
            at += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    found
}

/// Whether `dir` holds a module named `name` (a file or a folder).
fn is_module(dir: &Path, name: &str) -> bool {
    dir.join(format!("{name}.rs")).is_file() || dir.join(name).is_dir()
}

/// The unit a cycle is counted between: a crate's top-level module (in the backend, a
/// domain). Items of a root (the backend's shared state, a crate's re-exports) belong to no
/// unit.
fn unit(src: &Path, path: &[String]) -> Option<String> {
    match path {
        [first, ..] if is_module(src, first) => Some(first.clone()),
        _ => None,
    }
}

type Graph = BTreeMap<String, BTreeSet<String>>;

fn graph_of(crate_name: &str) -> Graph {
    let src = workspace().join(crate_name).join("src");
    let mut files = vec![];
    rust_files(&src, &mut files);
    let mut graph = Graph::new();
    for file in files {
        let module = module_of(&src, &file);
        let Some(from) = unit(&src, &module) else {
            continue;
        };
        let code = code_of(&std::fs::read_to_string(&file).expect("a readable source"));
        let edges = graph.entry(from.clone()).or_default();
        for path in references(&module, &code) {
            if let Some(to) = unit(&src, &path) {
                if to != from {
                    edges.insert(to);
                }
            }
        }
    }
    graph
}

/// The strongly connected components with more than one member (Tarjan's algorithm).
fn cycles(graph: &Graph) -> BTreeSet<Vec<String>> {
    struct State<'g> {
        graph: &'g Graph,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        found: BTreeSet<Vec<String>>,
    }
    fn visit<'g>(state: &mut State<'g>, node: &'g str) {
        let next = state.index.len();
        state.index.insert(node, next);
        state.low.insert(node, next);
        state.stack.push(node);
        state.on_stack.insert(node);
        for to in state.graph.get(node).into_iter().flatten() {
            let to = to.as_str();
            if !state.index.contains_key(to) {
                visit(state, to);
                let low = state.low[node].min(state.low[to]);
                state.low.insert(node, low);
            } else if state.on_stack.contains(to) {
                let low = state.low[node].min(state.index[to]);
                state.low.insert(node, low);
            }
        }
        if state.low[node] == state.index[node] {
            let mut members = vec![];
            while let Some(top) = state.stack.pop() {
                state.on_stack.remove(top);
                members.push(top.to_owned());
                if top == node {
                    break;
                }
            }
            if members.len() > 1 {
                members.sort();
                state.found.insert(members);
            }
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: vec![],
        on_stack: BTreeSet::new(),
        found: BTreeSet::new(),
    };
    for node in graph.keys() {
        if !state.index.contains_key(node.as_str()) {
            visit(&mut state, node);
        }
    }
    state.found
}

/// The tables a piece of SQL writes: `INSERT INTO t`, `UPDATE t SET`, `DELETE FROM t`.
fn written_tables(code: &str) -> BTreeSet<String> {
    let words: Vec<&str> = code
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut tables = BTreeSet::new();
    for window in words.windows(3) {
        let table = match window {
            ["INSERT", "INTO", table] | ["DELETE", "FROM", table] => *table,
            ["UPDATE", table, "SET"] => *table,
            _ => continue,
        };
        if table.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            tables.insert(table.to_owned());
        }
    }
    tables
}

/// Which units write each table, in every crate that holds SQL.
fn writers() -> BTreeMap<String, BTreeSet<String>> {
    let mut writers: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for crate_name in CRATES {
        let src = workspace().join(crate_name).join("src");
        let mut files = vec![];
        rust_files(&src, &mut files);
        for file in files {
            let module = module_of(&src, &file);
            let code = code_of(&std::fs::read_to_string(&file).expect("a readable source"));
            let owner = unit(&src, &module).unwrap_or_else(|| crate_name.to_owned());
            for table in written_tables(&code) {
                writers
                    .entry(table)
                    .or_default()
                    .insert(format!("{crate_name}:{owner}"));
            }
        }
    }
    writers
}

#[test]
fn no_module_cycle_in_any_crate() {
    let mut found = BTreeSet::new();
    for crate_name in CRATES {
        for members in cycles(&graph_of(crate_name)) {
            found.insert((crate_name.to_owned(), members));
        }
    }
    assert!(
        found.is_empty(),
        "module cycles (each crate's top-level modules, the backend's domains, must form a \
         graph without cycles: call down, or hand a value up): {found:#?}"
    );
}

/// A table's rows change in one domain: the others call its functions (for `doctors`, the
/// functions of `clinics::doctor_rows`).
#[test]
fn every_table_has_one_writer() {
    let several: BTreeMap<String, BTreeSet<String>> = writers()
        .into_iter()
        .filter(|(_, units)| units.len() > 1)
        .collect();
    assert!(
        several.is_empty(),
        "tables written by several domains (move the write into the owner's repository and \
         call it): {several:#?}"
    );
}

/// The UI crate is compiled to WASM: the database is the backend's alone, so `app` neither
/// depends on sqlx nor holds a line of SQL (its server functions call the backend).
#[test]
fn the_ui_crate_holds_no_sql() {
    let manifest =
        std::fs::read_to_string(workspace().join("app/Cargo.toml")).expect("app's manifest");
    assert!(
        !manifest.contains("sqlx"),
        "app/Cargo.toml must not depend on sqlx"
    );
    let src = workspace().join("app/src");
    let mut files = vec![];
    rust_files(&src, &mut files);
    let with_sql: Vec<_> = files
        .iter()
        .filter(|file| {
            let code = code_of(&std::fs::read_to_string(file).expect("a readable source"));
            code.contains("sqlx")
                || ["SELECT ", "INSERT INTO", "DELETE FROM", "UPDATE "]
                    .iter()
                    .any(|sql| code.contains(&format!("\"{sql}")))
                || !written_tables(&code).is_empty()
        })
        .collect();
    assert!(with_sql.is_empty(), "SQL in the UI crate: {with_sql:?}");
}

/// A file over 400 lines says at its top why it is one coherent thing, or is split.
#[test]
fn long_files_say_why_they_are_one_thing() {
    let mut long = vec![];
    for crate_name in CRATES.iter().chain(&["frontend"]) {
        for dir in ["src", "tests", "benches"] {
            let root = workspace().join(crate_name).join(dir);
            if !root.is_dir() {
                continue;
            }
            let mut files = vec![];
            all_rust_files(&root, &mut files);
            for file in files {
                let text = std::fs::read_to_string(&file).expect("a readable source");
                let head: String = text.lines().take(12).collect::<Vec<_>>().join("\n");
                if text.lines().count() > 400 && !head.contains("One coherent thing over 400 lines")
                {
                    long.push(file);
                }
            }
        }
    }
    assert!(
        long.is_empty(),
        "files over 400 lines: split them, or say at the top why each is one coherent thing \
         (\"One coherent thing over 400 lines: …\"): {long:#?}"
    );
}

/// Every `.rs` file below `dir`, test files included.
fn all_rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a source directory") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            all_rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

#[test]
fn the_reader_sees_paths_groups_and_parents() {
    let module = vec!["backend".to_owned(), "notices".to_owned()];
    let code = "use super::{db::Db, jobs::{self, Task}, AppState};\nuse crate::error::AppError;\n\
                let x = super::super::pages::x();";
    let paths: Vec<String> = references(&module, code)
        .into_iter()
        .map(|p| p.join("::"))
        .collect();
    assert_eq!(
        paths,
        [
            "backend::db",
            "backend::jobs",
            "backend::AppState",
            "error",
            "pages"
        ]
    );
    assert_eq!(
        written_tables("\"INSERT INTO jobs (a) VALUES ($1) ON CONFLICT (a) DO UPDATE SET a = 1\""),
        BTreeSet::from(["jobs".to_owned()])
    );
    let graph = Graph::from([
        ("a".to_owned(), BTreeSet::from(["b".to_owned()])),
        (
            "b".to_owned(),
            BTreeSet::from(["a".to_owned(), "c".to_owned()]),
        ),
        ("c".to_owned(), BTreeSet::new()),
    ]);
    assert_eq!(
        cycles(&graph),
        BTreeSet::from([vec!["a".to_owned(), "b".to_owned()]])
    );
}
