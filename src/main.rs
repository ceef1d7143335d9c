//! `atazan`: the bot, and the tools its operators run (see `atazan --help`).

fn main() -> std::process::ExitCode {
    atazan::cli::main()
}
