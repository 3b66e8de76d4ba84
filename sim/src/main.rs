//! `edgeauth-sim` command line (see `edgeauth_sim::cli`).

fn main() -> std::process::ExitCode {
    eprintln!("edgeauth-sim: the command line is being assembled; use the library for now");
    std::process::ExitCode::from(1)
}
