//! What an administrator installing carepath for a team uses: the version with the bundled
//! pathway, shell completions, the manual page, each command's own options (issue 13).

use assert_cmd::cargo::cargo_bin_cmd;

fn run(args: &[&str]) -> (String, String, i32) {
    let out = cargo_bin_cmd!("carepath")
        .args(args)
        .env_remove("LANG")
        .output()
        .expect("runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn the_version_names_the_bundled_pathway_and_its_sha256() {
    use sha2::Digest;
    let bytes = std::fs::read("pathways/ketamine-chronic-pain.ron").unwrap();
    let sha: String = sha2::Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let loaded = carepath::pathway::load::PathwaySource::Bundled
        .load()
        .unwrap();
    for flag in ["--version", "-V"] {
        let (out, _, code) = run(&[flag]);
        assert_eq!(code, 0);
        assert!(
            out.starts_with(&format!("carepath {}", env!("CARGO_PKG_VERSION"))),
            "{out}"
        );
        assert!(out.contains(&loaded.pathway.id), "{out}");
        assert!(out.contains(&loaded.pathway.version), "{out}");
        assert!(out.contains(&sha), "{out}");
    }
}

#[test]
fn completions_are_printed_for_each_shell() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef carepath"),
        ("fish", "complete -c carepath"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let (out, err, code) = run(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {err}");
        assert!(out.contains(marker), "{shell}: {out}");
        for command in ["check", "route", "train", "forget"] {
            assert!(out.contains(command), "{shell} lacks {command}");
        }
    }
    // The bash script is valid bash.
    if std::process::Command::new("bash")
        .arg("--version")
        .output()
        .is_ok()
    {
        let (script, _, _) = run(&["completions", "bash"]);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("carepath.bash");
        std::fs::write(&file, script).unwrap();
        let checked = std::process::Command::new("bash")
            .arg("-n")
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            checked.status.success(),
            "{}",
            String::from_utf8_lossy(&checked.stderr)
        );
    }
    let (_, err, code) = run(&["completions", "tcsh"]);
    assert_eq!(code, 2);
    assert!(err.contains("bash"), "{err}");
}

#[test]
fn the_manual_page_is_roff_and_names_every_command() {
    let (out, _, code) = run(&["man"]);
    assert_eq!(code, 0);
    assert!(out.contains(".TH carepath 1"), "{out}");
    assert!(out.contains(env!("CARGO_PKG_VERSION")), "{out}");
    for command in [
        "check",
        "route",
        "scenarios",
        "train",
        "graph",
        "explain",
        "diff",
        "forget",
    ] {
        assert!(out.contains(command), "{command} missing");
    }
}

/// Each command lists only the options it uses.
#[test]
fn each_command_lists_only_its_own_options() {
    let wizard_only = [
        "--mode",
        "--no-save",
        "--plain",
        "--high-contrast",
        "--resume-within",
    ];
    for (command, absent, present) in [
        (
            "check",
            &["--lang"][..],
            &["--pathway", "--review-months"][..],
        ),
        ("graph", &[][..], &["--pathway", "--lang", "--format"][..]),
        ("diff", &["--pathway"][..], &["--lang"][..]),
        ("forget", &["--pathway"][..], &["--lang", "--summaries"][..]),
        ("explain", &[][..], &["--pathway", "--lang"][..]),
        (
            "scenarios",
            &["--lang"][..],
            &["--pathway", "--coverage"][..],
        ),
    ] {
        let (out, _, code) = run(&[command, "--help"]);
        assert_eq!(code, 0, "{command}");
        for flag in wizard_only.iter().chain(absent) {
            assert!(!out.contains(flag), "{command} --help lists {flag}:\n{out}");
        }
        for flag in present {
            assert!(out.contains(flag), "{command} --help lacks {flag}:\n{out}");
        }
    }
    let (out, _, _) = run(&["route", "--help"]);
    assert!(
        out.contains("--mode") && out.contains("--lang") && !out.contains("--no-save"),
        "{out}"
    );
    // Options given before the command still apply, as before.
    let (out, _, code) = run(&["--lang", "fr", "route", "-a", "safety=crisis"]);
    assert_eq!(code, 0);
    assert!(out.contains("règle R1"), "{out}");
}

#[test]
fn train_takes_the_options_that_apply_and_says_why_not_plain() {
    let (out, _, _) = run(&["train", "--help"]);
    for flag in ["--no-save", "--high-contrast", "--lang", "--pathway"] {
        assert!(out.contains(flag), "train --help lacks {flag}");
    }
    // Accepted: without a terminal the trainer says it needs one, in the language asked for,
    // not that the option is wrong.
    let (_, err, code) = run(&["train", "--no-save", "--high-contrast", "--lang", "fr"]);
    assert_eq!(code, 2);
    assert!(err.contains("besoin d'un terminal"), "{err}");
    assert!(!err.contains("unexpected argument"), "{err}");
    let (_, err, code) = run(&["train", "--plain"]);
    assert_eq!(code, 2);
    assert!(err.contains("full-screen wizard"), "{err}");
}

#[test]
fn help_about_help_and_about_a_command_works() {
    let (out, err, code) = run(&["help", "--help"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("carepath help [COMMAND]"), "{out}");
    let (out, _, code) = run(&["help", "route"]);
    assert_eq!(code, 0);
    assert!(out.contains("Usage: carepath route"), "{out}");
    let (_, err, code) = run(&["help", "nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("Commands: check, route"), "{err}");
}
