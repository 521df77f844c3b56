//! The `kis-book` command: the library's command line (`kis_book::cli`)
//! parses and runs a command; an error is printed here once, with its
//! chain, and picks the exit code.

use std::process::ExitCode;

fn main() -> ExitCode {
    match kis_book::cli::run(kis_book::cli::parse()) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
