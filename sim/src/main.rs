//! `edgeauth-sim` command line. The simulator lands with its own issue; until then this binary
//! says so and exits with a failure code instead of pretending to produce results.

fn main() -> std::process::ExitCode {
    eprintln!("edgeauth-sim: the simulator is not implemented yet");
    std::process::ExitCode::from(1)
}
