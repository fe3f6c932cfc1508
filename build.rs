//! Embeds the bundled pathway (the one `.ron` file in `pathways/`) and its scenario files, so
//! the engine names no pathway and `carepath scenarios` and `train` work from any directory.

use std::fmt::Write;
use std::path::Path;

fn main() {
    // Read when the script runs, not when it is compiled: a build script compiled once can be
    // run for another checkout sharing the target folder.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    bundle_pathway(Path::new(&manifest), Path::new(&out_dir));
    let dir = Path::new(&manifest).join("pathways/scenarios");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "ron"));
    files.sort();
    let mut out = String::from("&[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = f.file_name().unwrap_or_default().to_string_lossy();
        writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            f.display().to_string()
        )
        .ok();
    }
    out.push(']');
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("bundled_scenarios.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}

/// Writes `bundled_pathway.rs`: the text and the name of the one pathway in `pathways/`.
fn bundle_pathway(manifest: &Path, out_dir: &Path) {
    let dir = manifest.join("pathways");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.is_file() && p.extension().is_some_and(|e| e == "ron"));
    files.sort();
    let [file] = files.as_slice() else {
        panic!(
            "pathways/ must hold exactly one .ron file, the pathway compiled into carepath; it holds {}",
            files.len()
        );
    };
    println!("cargo:rerun-if-changed={}", file.display());
    let name = format!(
        "pathways/{}",
        file.file_name().unwrap_or_default().to_string_lossy()
    );
    let code = format!(
        "/// The pathway compiled into the binary.\n\
         pub const BUNDLED: &str = include_str!({:?});\n\n\
         /// Name shown for the embedded pathway in messages.\n\
         pub const BUNDLED_NAME: &str = {name:?};\n",
        file.display().to_string()
    );
    std::fs::write(out_dir.join("bundled_pathway.rs"), code).expect("OUT_DIR is writable");
}
