//! The `nota` binary: parses the command line, calls the library, prints
//! findings and a summary, and turns the outcome into an exit code
//! (0 ok, 1 content errors, 2 usage or fatal errors).

mod cli;

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command, Format, NoteType};
use nota::config::{Config, ConfigError, Flags};
use nota::diagnostic::{self, Diagnostic};
use nota::disclosure;
use nota::new_note::{self, Kind};
use nota::pipeline::{self, Report};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Init(args) => init(&args),
        Command::Build(args) => {
            let flags = Flags {
                root: args.site.root,
                output: args.output,
                drafts: args.drafts,
            };
            run_pipeline(&flags, Mode::Build, Format::Text)
        }
        Command::Check(args) => {
            let flags = Flags {
                root: args.site.root,
                output: None,
                drafts: args.drafts,
            };
            run_pipeline(&flags, Mode::Check, args.format)
        }
        Command::New(args) => new(&args),
        Command::Serve(args) => serve(&args),
        Command::Import(args) => import(&args),
    }
}

fn serve(args: &cli::ServeArgs) -> ExitCode {
    let flags = Flags {
        root: args.site.root.clone(),
        output: None,
        drafts: args.drafts,
    };
    let options = nota::serve::Options {
        bind: args.bind,
        port: args.port,
        open: args.open,
    };
    match nota::serve::serve(&flags, &options, &mut print_serve_event) {
        Ok(()) => ExitCode::SUCCESS,
        Err(nota::serve::ServeError::Config(ConfigError::Invalid(problems))) => {
            print_diagnostics(&problems);
            eprintln!(
                "nota: {} error{} in nota.toml; not serving",
                problems.len(),
                plural(problems.len())
            );
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn print_serve_event(event: nota::serve::Event<'_>) {
    use nota::serve::{Event, Outcome};
    match event {
        Event::Listening { url } => println!("nota: serving {url} (Ctrl-C stops)"),
        Event::Warning(message) => eprintln!("warning: {message}"),
        Event::Stopped => println!("nota: stopped"),
        Event::Built { outcome, changed } => {
            let what = match changed {
                [] => "built".to_string(),
                [one] => format!("rebuilt after a change to {}", shown(one)),
                many => format!("rebuilt after changes to {} files", many.len()),
            };
            match outcome {
                Outcome::Ok { report } | Outcome::Errors { report } => {
                    print_diagnostics(&report.diagnostics);
                    let (warnings, errors) = diagnostic::count(&report.diagnostics);
                    let result = match (errors, changed.is_empty()) {
                        (0, true) => "ready",
                        (0, false) => "reloading open pages",
                        (_, true) => "nothing to serve until they are fixed",
                        (_, false) => "still serving the last good site",
                    };
                    println!(
                        "nota: {what}: {} note{} ({} reused), {} warning{}, {} error{} in {:.3} s; {result}",
                        report.notes_read,
                        plural(report.notes_read),
                        report.reused.pages,
                        warnings,
                        plural(warnings),
                        errors,
                        plural(errors),
                        report.elapsed.as_secs_f64(),
                    );
                }
                Outcome::Config { diagnostics } => {
                    print_diagnostics(diagnostics);
                    println!(
                        "nota: {what}: nota.toml has errors; still serving the last good site"
                    );
                }
                Outcome::Fatal { message } => {
                    eprintln!("error: {message}");
                    println!("nota: {what}: failed; still serving the last good site");
                }
            }
        }
    }
}

/// A changed path as the user knows it: relative to the current folder.
fn shown(path: &std::path::Path) -> String {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| {
            path.strip_prefix(cwd)
                .ok()
                .map(std::path::Path::to_path_buf)
        })
        .unwrap_or_else(|| path.to_path_buf());
    diagnostic::display_path(&relative)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Build,
    Check,
}

fn load_config(flags: &Flags) -> Result<Config, ExitCode> {
    Config::load(flags).map_err(|e| match e {
        ConfigError::Invalid(problems) => {
            print_diagnostics(&problems);
            eprintln!(
                "nota: {} error{} in nota.toml; nothing was built",
                problems.len(),
                plural(problems.len())
            );
            ExitCode::from(1)
        }
        other => {
            eprintln!("error: {other}");
            ExitCode::from(2)
        }
    })
}

fn run_pipeline(flags: &Flags, mode: Mode, format: Format) -> ExitCode {
    let config = match load_config(flags) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let result = match mode {
        Mode::Build => pipeline::build(&config),
        Mode::Check => pipeline::check(&config),
    };
    match result {
        Ok(report) => {
            print_diagnostics(&report.diagnostics);
            if mode == Mode::Check {
                print_redaction_overview(&report, format);
            }
            if format == Format::Text {
                print_summary(&report, &config, mode);
            }
            if report.has_errors() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(fatal) => {
            eprintln!("error: {fatal}");
            ExitCode::from(2)
        }
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let mut err = std::io::stderr().lock();
    for d in diagnostics {
        let _ = writeln!(err, "{}", d.render());
    }
}

/// `nota check`: what each note withholds.
fn print_redaction_overview(report: &Report, format: Format) {
    match format {
        Format::Text => {
            print!("{}", disclosure::overview_text(&report.redactions));
            print!(
                "{}",
                nota::personal_data::overview_text(
                    report
                        .redactions
                        .iter()
                        .map(|n| (n.path.as_path(), n.personal_data.as_slice()))
                )
            );
        }
        Format::Json => {
            let (warnings, errors) = diagnostic::count(&report.diagnostics);
            println!(
                "{}",
                disclosure::overview_json(&report.redactions, errors, warnings)
            );
        }
    }
}

fn print_summary(report: &Report, config: &Config, mode: Mode) {
    let (warnings, errors) = diagnostic::count(&report.diagnostics);
    let seconds = report.elapsed.as_secs_f64();
    let outcome = match (mode, errors) {
        (Mode::Build, 0) => format!("written to {}", config.output.display()),
        (Mode::Build, _) => "nothing written; the previous output is unchanged".to_string(),
        (Mode::Check, _) => "checked, nothing written".to_string(),
    };
    let pages = if mode == Mode::Build && errors == 0 {
        report.pages_written
    } else {
        0
    };
    println!(
        "nota: {} note{} read, {} page{} written, {} warning{}, {} error{} in {seconds:.2} s ({outcome})",
        report.notes_read,
        plural(report.notes_read),
        pages,
        plural(pages),
        warnings,
        plural(warnings),
        errors,
        plural(errors),
    );
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The configuration of the site at `root`, for the commands that only read it.
fn config_at(root: &std::path::Path) -> Result<Config, ExitCode> {
    load_config(&Flags {
        root: root.to_path_buf(),
        ..Flags::default()
    })
}

fn new(args: &cli::NewArgs) -> ExitCode {
    let config = match config_at(&args.site.root) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let kind = match args.kind {
        NoteType::Beslisnota => Kind::Beslisnota,
        NoteType::Kamerbrief => Kind::Kamerbrief,
        NoteType::Beleidsreactie => Kind::Beleidsreactie,
    };
    let result = new_note::target(&config, &args.path).and_then(|path| {
        let title = args
            .title
            .clone()
            .unwrap_or_else(|| new_note::title_from_path(&args.path));
        let today = jiff::ZonedDateTime::now().date();
        let text = new_note::text(&title, kind, &config.organisation, today);
        nota::output::create_new_file(&path, &text).map_err(|source| {
            if source.kind() == std::io::ErrorKind::AlreadyExists {
                new_note::NewError::Exists(path.display().to_string())
            } else {
                new_note::NewError::Io {
                    path: path.display().to_string(),
                    source,
                }
            }
        })?;
        Ok(path)
    });
    match result {
        Ok(path) => {
            println!("nota: created {}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn init(args: &cli::InitArgs) -> ExitCode {
    let request = nota::init::Request {
        dir: args.dir.clone(),
        force: args.force,
        theme: args.theme,
        today: jiff::ZonedDateTime::now().date(),
    };
    match nota::init::run(&request) {
        Ok(outcome) => {
            for path in &outcome.written {
                println!("nota: created {path}");
            }
            for path in &outcome.kept {
                println!("nota: kept {path} (already there)");
            }
            if outcome.example_skipped {
                println!("nota: content/ already has notes, so no example note was added");
            }
            let cd = if args.dir == std::path::Path::new(".") {
                String::new()
            } else {
                format!("cd {} && ", diagnostic::display_path(&args.dir))
            };
            println!(
                "nota: next: edit nota.toml (title, base_url, organisation, [woo] publisher, [accessibility] contact), then {cd}nota build (or nota serve for a preview)"
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn import(args: &cli::ImportArgs) -> ExitCode {
    use nota::import::{self, ImportError, ImportRequest};
    let config = match config_at(&args.site.root) {
        Ok(c) => c,
        Err(code) => return code,
    };
    if let Some(date) = &args.date
        && date.parse::<jiff::civil::Date>().is_err()
    {
        eprintln!("error: --date {date} is not a date: write it as YYYY-MM-DD, e.g. 2024-03-21");
        return ExitCode::from(2);
    }
    let request = ImportRequest {
        config: &config,
        file: args.file.clone(),
        to: args.to.clone(),
        overrides: import::Overrides {
            title: args.title.clone(),
            date: args.date.clone(),
            kind: args.kind.clone(),
            organisation: args.organisation.clone(),
            kenmerk: args.kenmerk.clone(),
        },
    };
    match import::run(&request) {
        Ok(outcome) => {
            print_import(&config, &args.file, &outcome);
            ExitCode::SUCCESS
        }
        Err(ImportError::Refused(problems)) => {
            print_diagnostics(&problems);
            eprintln!(
                "nota: {} not imported ({} problem{}); nothing was written",
                diagnostic::display_path(&args.file),
                problems.len(),
                plural(problems.len())
            );
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn print_import(config: &Config, file: &std::path::Path, outcome: &nota::import::ImportOutcome) {
    let s = &outcome.stats;
    let written = outcome
        .path
        .strip_prefix(&config.root)
        .unwrap_or(&outcome.path);
    println!(
        "nota: imported {} into {}",
        diagnostic::display_path(file),
        diagnostic::display_path(written)
    );
    println!(
        "nota: {} heading{} ({} numbered by Word), {} paragraph{}, {} list item{}, {} table{}, {} footnote{}, {} withheld passage{}",
        s.headings,
        plural(s.headings),
        s.numbered_headings,
        s.paragraphs,
        plural(s.paragraphs),
        s.list_items,
        plural(s.list_items),
        s.tables,
        plural(s.tables),
        s.footnotes,
        plural(s.footnotes),
        s.withheld,
        plural(s.withheld),
    );
    let letterhead = &outcome.letterhead;
    if !letterhead.read.is_empty() || !letterhead.left_out.is_empty() {
        let left_out = if letterhead.left_out.is_empty() {
            String::new()
        } else {
            format!("; left out: {}", letterhead.left_out.join(", "))
        };
        println!(
            "nota: letterhead read into the front matter: {}{left_out}",
            letterhead.read.join(", ")
        );
    }
    if outcome.toc_paragraphs > 0 {
        println!(
            "nota: Word's table of contents ({} paragraph{}) left out; the page has its own",
            outcome.toc_paragraphs,
            plural(outcome.toc_paragraphs)
        );
    }
    print_diagnostics(&outcome.findings);
    if outcome.section5_needs_decision {
        println!(
            "nota: section 5 has content, so the note will not build until its front matter decides:\n      woo:\n        section5: publish   # the text is a reviewed public motivation\n      or `section5: redact` with `grounds: [\"5.1.2e\"]` to withhold it"
        );
    }
    let (_, errors) = diagnostic::count(&outcome.findings);
    if errors > 0 {
        println!(
            "nota: nota build will report {errors} error{} in the note; fix them in {}",
            plural(errors),
            diagnostic::display_path(written)
        );
    }
}
