//! Semihosting output without `core::fmt`, so the measured binaries carry no formatting code.

use cortex_m_semihosting::hio::{self, HostStream};

/// A line writer to the host's stdout. Output errors are ignored: there is nowhere to report
/// them, and a missing line makes `run.sh` fail anyway.
pub struct Out {
    stream: Option<HostStream>,
}

impl Out {
    /// Opens the host's stdout.
    pub fn new() -> Self {
        Out {
            stream: hio::hstdout().ok(),
        }
    }

    /// Writes `s`.
    pub fn str(&mut self, s: &str) -> &mut Self {
        self.bytes(s.as_bytes())
    }

    /// Writes raw bytes. Numbers go out through here rather than through `core::str::from_utf8`:
    /// that would link UTF-8 validation (about 530 B with its table) into the `bare` binaries
    /// too, and hide what the JWT layer's own UTF-8 checks cost in the baseline.
    fn bytes(&mut self, b: &[u8]) -> &mut Self {
        if let Some(stream) = self.stream.as_mut() {
            let _ = stream.write_all(b);
        }
        self
    }

    /// Writes `n` in decimal. Written without indexing, so it has no panic path: a bounds check
    /// here would link `core::fmt` (its panic message formats the index) into both measured
    /// binaries and hide that cost in the `bare` baseline.
    pub fn u64(&mut self, mut n: u64) -> &mut Self {
        let mut digits = [0u8; 20];
        let mut len = 0;
        for d in digits.iter_mut().rev() {
            *d = b'0' + (n % 10) as u8;
            len += 1;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        let start = digits.len().saturating_sub(len);
        match digits.get(start..) {
            Some(s) => self.bytes(s),
            _ => self,
        }
    }

    /// Ends the line.
    pub fn nl(&mut self) -> &mut Self {
        self.str("\n")
    }
}

impl Default for Out {
    fn default() -> Self {
        Self::new()
    }
}

impl core::fmt::Write for Out {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        self.str(s);
        Ok(())
    }
}
