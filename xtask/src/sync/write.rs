//! Atomic output: every file is written to a temporary file in its own
//! directory first (a rename is only atomic within one filesystem), and the
//! renames happen only once all of them are fully written. An error before
//! that point leaves the existing files untouched.

use std::io::Write;
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use super::Error;

/// Writes each `(path, contents)` atomically; creates missing parent
/// directories.
pub fn write_all(files: &[(PathBuf, &[u8])]) -> Result<(), Error> {
    let mut staged = Vec::with_capacity(files.len());
    for (path, contents) in files {
        staged.push((stage(path, contents)?, path));
    }
    for (temp, path) in staged {
        temp.persist(path)
            .map_err(|e| Error::new(format!("cannot replace {}: {}", path.display(), e.error)))?;
    }
    Ok(())
}

fn stage(path: &Path, contents: &[u8]) -> Result<NamedTempFile, Error> {
    let fail = |e: std::io::Error| Error::new(format!("cannot write {}: {e}", path.display()));
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(fail)?;
    let mut temp = NamedTempFile::new_in(dir).map_err(fail)?;
    temp.write_all(contents).map_err(fail)?;
    temp.as_file().sync_all().map_err(fail)?;
    // A temp file is created 0600; a vendored spec should stay readable, so
    // keep the old file's mode, or use 0644 for a new file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let permissions = std::fs::metadata(path)
            .map(|m| m.permissions())
            .unwrap_or_else(|_| std::fs::Permissions::from_mode(0o644));
        std::fs::set_permissions(temp.path(), permissions).map_err(fail)?;
    }
    Ok(temp)
}
