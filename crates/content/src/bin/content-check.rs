//! `content-check [DIR]`: compile the book in DIR (default `content`) and report.
//!
//! Prints each error as `file:line: message` and exits 1, or prints one summary line.
//! `content-check --print-css` prints the code-highlighting stylesheet instead.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--print-css") {
        print!("{}", content::highlight_css());
        return ExitCode::SUCCESS;
    }
    if args.iter().any(|a| a == "-h" || a == "--help") || args.len() > 1 {
        eprintln!("usage: content-check [DIR]    (default DIR: content)\n       content-check --print-css");
        return if args.len() > 1 {
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        };
    }
    let dir = PathBuf::from(args.first().map_or("content", String::as_str));
    let start = Instant::now();
    match content::compile_book(&dir, "") {
        Ok(book) => {
            println!(
                "{}: {} pages, {} words, {} cards, {} widgets ({} ms)",
                dir.display(),
                book.pages.len(),
                book.word_count(),
                book.card_count(),
                book.widget_count(),
                start.elapsed().as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(diags) => {
            for d in &diags {
                println!("{d}");
            }
            eprintln!(
                "{} error{}",
                diags.len(),
                if diags.len() == 1 { "" } else { "s" }
            );
            ExitCode::FAILURE
        }
    }
}
