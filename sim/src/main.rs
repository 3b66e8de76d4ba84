//! `edgeauth-sim` command line (see `edgeauth_sim::cli`).

fn main() -> std::process::ExitCode {
    edgeauth_sim::cli::main()
}
