//! The integration tests of kis-book, as one test binary: each module runs
//! the real `kis-book` binary (or the library) on fixture books and checks
//! what a user would check: figures, messages, files written.

mod common;

mod book_input;
mod budget;
mod check;
mod check_formats;
mod ci;
mod codes;
mod compare;
mod csv_lines;
mod diff;
mod edition;
mod editors;
mod front_door;
mod gate;
mod git_repo;
mod images;
mod incremental;
mod invariant;
mod layout;
mod lists;
mod money;
mod pdf;
mod preview;
mod publication;
mod publishing;
mod rebuild;
mod schema_and_new;
mod scripts;
mod seed_coverage;
mod serve;
mod site;
mod site_address;
mod site_scale;
mod snapshots;
mod staging;
mod typst_project;
mod werkplan_2019;
mod words;
mod workbook;
