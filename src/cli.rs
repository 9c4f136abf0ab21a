//! The command line: commands and flags (clap), parsed here and in `main`
//! only, so the library never depends on how it was called.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "nota",
    version,
    about = "Builds accessible websites from beslisnota's and other government notes, and never publishes what is withheld."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a site: nota.toml, an example note and a .gitignore, in an empty or new folder.
    Init(InitArgs),
    /// Build the site into the output folder (replaced only when the build is clean).
    Build(BuildArgs),
    /// Do everything `build` does except writing; exit 1 when there are errors.
    Check(CheckArgs),
    /// Create a new note with front matter and the standard skeleton.
    New(NewArgs),
    /// Serve a live preview from memory; rebuilds on every save and reloads open pages.
    Serve(ServeArgs),
    /// Import a Word beslisnota (.docx) as a new note; refuses what it cannot carry over safely.
    Import(ImportArgs),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder of the new site (created when missing).
    #[arg(default_value = ".", value_name = "DIR")]
    pub dir: PathBuf,
    /// Add the missing files to a folder that is not empty; never overwrites.
    #[arg(long)]
    pub force: bool,
    /// Also write the built-in theme into themes/<theme>/, to edit all of it.
    #[arg(long)]
    pub theme: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The Word document (.docx).
    pub file: PathBuf,
    /// Path of the note under content/, e.g. 2024/mijn-nota [default: from the file name].
    #[arg(long, value_name = "PATH")]
    pub to: Option<String>,
    /// The note's title [default: the document's Title paragraph or properties].
    #[arg(long)]
    pub title: Option<String>,
    /// The note's date, YYYY-MM-DD [default: the letterhead's "Datum"].
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// The kind of document [default: the document's own "Beslisnota" line].
    #[arg(long = "type", value_name = "TYPE")]
    pub kind: Option<String>,
    /// The organisation [default: the letterhead or the document properties].
    #[arg(long, value_name = "NAME")]
    pub organisation: Option<String>,
    /// The kenmerk [default: the letterhead's "Kenmerk" or "Onze referentie"].
    #[arg(long)]
    pub kenmerk: Option<String>,
    #[command(flatten)]
    pub site: SiteArgs,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on; anything but 127.0.0.1 makes the preview visible to others.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDRESS")]
    pub bind: std::net::IpAddr,
    /// Include notes marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Open the site in the browser (with xdg-open).
    #[arg(long)]
    pub open: bool,
}

#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The site folder (with nota.toml, content/ and themes/).
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Where to write the site [default: <root>/public].
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Include notes marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Include notes marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// How to print the redaction overview: `text`, or `json` on stdout.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// Path of the note under content/, e.g. 2024/mijn-nota (".md" is added).
    pub path: String,
    /// The note's title [default: from the file name].
    #[arg(long)]
    pub title: Option<String>,
    /// The kind of note, which decides the skeleton.
    #[arg(long = "type", value_enum, default_value_t = NoteType::Beslisnota)]
    pub kind: NoteType,
    #[command(flatten)]
    pub site: SiteArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NoteType {
    Beslisnota,
    Kamerbrief,
    Beleidsreactie,
}
