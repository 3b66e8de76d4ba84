//! The functional check: every fixture case through the full edgeauth verifier, one line each.
//!
//! A case prints `<ALG> <case>: accepted (…)` or `<ALG> <case>: refused <Error variant>`; a case
//! whose outcome differs from the expectation prints `FAIL …` and the run exits with status 1.
//! `run.sh` holds the expected lines independently and compares them.

#![no_std]
#![no_main]

use core::fmt::Write as _;
use cortex_m_rt::entry;
use edgeauth::{Error, KeySet, Validation, Verifier};
use edgeauth_firmware::fixtures::{self, AUDIENCE, DOOR, FIXED_NOW, ISSUER, SUBJECT};
use edgeauth_firmware::out::Out;
use edgeauth_firmware::{fail, succeed};

/// Up to four keys (one per algorithm).
type Keys = KeySet<'static, 4>;

/// What a case expects from `Verifier::verify`.
#[derive(Clone, Copy)]
enum Expect {
    Accept,
    Refuse(Error),
}

struct Run {
    out: Out,
    passed: u32,
    failed: u32,
}

impl Run {
    fn report(&mut self, alg: &str, case: &str, expect: Expect, got: Result<(), Error>) {
        let ok = match (expect, got) {
            (Expect::Accept, Ok(())) => true,
            (Expect::Refuse(e), Err(g)) => e == g,
            _ => false,
        };
        if ok {
            self.passed += 1;
        } else {
            self.failed += 1;
            self.out.str("FAIL ");
        }
        let _ = match got {
            Ok(()) => write!(self.out, "{alg} {case}: accepted"),
            Err(e) => write!(self.out, "{alg} {case}: refused {e:?}"),
        };
        if !ok {
            let _ = match expect {
                Expect::Accept => write!(self.out, " (expected: accepted)"),
                Expect::Refuse(e) => write!(self.out, " (expected: refused {e:?})"),
            };
        }
        self.out.nl();
    }

    /// Runs the six token cases of one algorithm.
    fn token_cases(&mut self, keys: &Keys, alg: &str, t: &fixtures::Tokens) {
        let verifier = Verifier::new(keys);
        let validation = Validation::new(FIXED_NOW)
            .issuers(&[ISSUER])
            .audiences(&[AUDIENCE]);
        // About 3/4 of the token length; the largest fixtures (RS256, nested) are ~620 bytes.
        let mut scratch = [0u8; 512];

        // The valid token: accepted, and its claims read back without allocation.
        let got = verifier
            .verify(t.valid, &validation, &mut scratch)
            .and_then(|v| {
                let sub = v.claims().sub();
                let door = v.str_claim("door")?;
                if sub == Some(SUBJECT) && door == Some(DOOR) && v.kid() == Some(t.kid) {
                    Ok(())
                } else {
                    Err(Error::CustomClaimType)
                }
            });
        self.report(alg, "valid (sub, door, kid read back)", Expect::Accept, got);

        // Header and payload nested to the JSON depth limit: still accepted.
        let got = verifier
            .verify(t.nested_valid, &validation, &mut scratch)
            .map(drop);
        self.report(alg, "nested-to-depth-limit", Expect::Accept, got);

        let refused = [
            (
                "tampered-payload",
                t.tampered_payload,
                Error::InvalidSignature,
            ),
            (
                "tampered-signature",
                t.tampered_signature,
                Error::InvalidSignature,
            ),
            ("expired", t.expired, Error::Expired),
            ("wrong-audience", t.wrong_audience, Error::InvalidAudience),
        ];
        for (case, token, error) in refused {
            let got = verifier.verify(token, &validation, &mut scratch).map(drop);
            self.report(alg, case, Expect::Refuse(error), got);
        }

        // The swapped `alg` names a key of another algorithm: the key bound to `kid` refuses it
        // when that algorithm is compiled in; otherwise the header is refused before any key.
        let swapped_supported =
            edgeauth::Algorithm::from_name(t.swapped_to).is_some_and(|a| a.is_supported());
        let error = if swapped_supported {
            Error::AlgorithmMismatch
        } else {
            Error::UnsupportedAlgorithm
        };
        let got = verifier
            .verify(t.alg_swapped, &validation, &mut scratch)
            .map(drop);
        let mut case = [0u8; 32];
        let case = label(&mut case, "alg-swapped-to-", t.swapped_to);
        self.report(alg, case, Expect::Refuse(error), got);
    }
}

/// `prefix` + `suffix` in `buf` (both ASCII and short).
fn label<'b>(buf: &'b mut [u8; 32], prefix: &'static str, suffix: &str) -> &'b str {
    let n = prefix.len() + suffix.len();
    if n > buf.len() {
        return prefix;
    }
    buf[..prefix.len()].copy_from_slice(prefix.as_bytes());
    buf[prefix.len()..n].copy_from_slice(suffix.as_bytes());
    core::str::from_utf8(&buf[..n]).unwrap_or(prefix)
}

#[entry]
fn main() -> ! {
    // The key set lives in a `static` (`.bss`, not the stack) without any `unsafe` in user code:
    // `singleton!` hands out the `&'static mut` exactly once.
    let Some(keys) = cortex_m::singleton!(: Keys = KeySet::new()) else {
        fail()
    };
    if build_keys(keys).is_err() {
        Out::new().str("FAIL key set could not be built").nl();
        fail()
    }
    let keys: &Keys = keys;

    let mut run = Run {
        out: Out::new(),
        passed: 0,
        failed: 0,
    };
    #[cfg(feature = "hs256")]
    run.token_cases(keys, "HS256", &fixtures::HS256);
    #[cfg(feature = "eddsa")]
    run.token_cases(keys, "EdDSA", &fixtures::EDDSA);
    #[cfg(feature = "es256")]
    run.token_cases(keys, "ES256", &fixtures::ES256);
    #[cfg(feature = "rsa")]
    run.token_cases(keys, "RS256", &fixtures::RS256);
    session::cases(&mut run);

    let _ = writeln!(
        run.out,
        "done: {} passed, {} failed",
        run.passed, run.failed
    );
    if run.failed == 0 { succeed() } else { fail() }
}

/// Inserts the fixture keys of every enabled algorithm.
fn build_keys(keys: &mut Keys) -> Result<(), Error> {
    let _ = &keys;
    #[cfg(feature = "hs256")]
    insert(
        keys,
        fixtures::HS256.kid,
        edgeauth::VerifyingKey::hs256(fixtures::HS256_SECRET)?,
    )?;
    #[cfg(feature = "eddsa")]
    insert(
        keys,
        fixtures::EDDSA.kid,
        edgeauth::VerifyingKey::ed25519(fixtures::ED25519_PUBLIC)?,
    )?;
    #[cfg(feature = "es256")]
    insert(
        keys,
        fixtures::ES256.kid,
        edgeauth::VerifyingKey::es256_sec1(fixtures::ES256_PUBLIC_SEC1)?,
    )?;
    #[cfg(feature = "rsa")]
    insert(
        keys,
        fixtures::RS256.kid,
        edgeauth::VerifyingKey::rsa(edgeauth::Algorithm::Rs256, fixtures::RSA_N, fixtures::RSA_E)?,
    )?;
    Ok(())
}

#[cfg(any(
    feature = "hs256",
    feature = "eddsa",
    feature = "es256",
    feature = "rsa"
))]
fn insert(keys: &mut Keys, kid: &str, key: edgeauth::VerifyingKey<'static>) -> Result<(), Error> {
    keys.insert(Some(kid), key).map_err(|_| Error::InvalidKey)
}

/// Session checks with `edgeauth::session` and `edgeauth::cookie` (public API only).
mod session {
    use super::Run;
    use edgeauth::session::{SessionConfig, SessionError, SessionTable, SplitToken};
    use edgeauth_firmware::fixtures::FIXED_NOW;

    /// Reports a session case, mapping session errors onto the same line format.
    fn report(
        run: &mut Run,
        case: &str,
        expect: Result<(), SessionError>,
        got: Result<(), SessionError>,
    ) {
        use core::fmt::Write as _;
        let ok = expect == got;
        if ok {
            run.passed += 1;
        } else {
            run.failed += 1;
            run.out.str("FAIL ");
        }
        let _ = match got {
            Ok(()) => write!(run.out, "session {case}: accepted"),
            Err(e) => write!(run.out, "session {case}: refused {e:?}"),
        };
        if !ok {
            let _ = write!(run.out, " (expected: {expect:?})");
        }
        run.out.nl();
    }

    pub(super) fn cases(run: &mut Run) {
        #[cfg(feature = "hs256")]
        signed_cookie(run);
        table(run);
    }

    /// A `Cookie` header from the host fixtures: its `__Host-sid` value is `id.tag`, tagged by the
    /// Python generator with HMAC-SHA256 under the documented context label.
    #[cfg(feature = "hs256")]
    fn signed_cookie(run: &mut Run) {
        use edgeauth::cookie::find_cookie;
        use edgeauth::session::{IdSigner, IdSigningKey};
        use edgeauth_firmware::fixtures::{
            COOKIE_HEADER, COOKIE_HEADER_TAMPERED, SESSION_ID, SESSION_KEY,
        };

        let signer = IdSigner::new(IdSigningKey::from_bytes(SESSION_KEY));
        let check = |header: &str| -> Result<(), SessionError> {
            let value = find_cookie(header.as_bytes(), "__Host-sid")
                .ok()
                .flatten()
                .ok_or(SessionError::Malformed)?;
            let id = signer.verify(value)?;
            if id == SESSION_ID {
                Ok(())
            } else {
                Err(SessionError::Invalid)
            }
        };
        report(
            run,
            "signed-cookie (id read back)",
            Ok(()),
            check(COOKIE_HEADER),
        );
        report(
            run,
            "tampered-cookie",
            Err(SessionError::BadTag),
            check(COOKIE_HEADER_TAMPERED),
        );
    }

    /// The heap-free session table: create, encode as a cookie value, parse, check, time out.
    fn table(run: &mut Run) {
        let mut rng = DemoRng(0x9E37_79B9_7F4A_7C15);
        let mut table: SessionTable<8> = SessionTable::new(SessionConfig::DEFAULT);
        let result = (|| {
            let token = table.create(17, 0, &mut rng, FIXED_NOW)?;
            let mut buf = [0u8; 96];
            let text = token.encode(&mut buf)?;
            let presented = SplitToken::<32>::parse(text.as_bytes())?;
            let info = table.check(&presented, FIXED_NOW + 60)?;
            let idle = table.check(&presented, FIXED_NOW + SessionConfig::DEFAULT.idle_timeout);
            Ok::<_, SessionError>((info.user, idle))
        })();
        match result {
            Ok((user, idle)) => {
                report(
                    run,
                    "table-check (user read back)",
                    Ok(()),
                    if user == 17 {
                        Ok(())
                    } else {
                        Err(SessionError::Invalid)
                    },
                );
                report(
                    run,
                    "table-idle",
                    Err(SessionError::IdleTimeout),
                    idle.map(drop),
                );
            }
            Err(e) => report(run, "table-check (user read back)", Ok(()), Err(e)),
        }
    }

    /// A deterministic generator for the demo ONLY: QEMU's MPS2 board has no entropy source. A
    /// real device passes its hardware TRNG (or a CSPRNG seeded from it) to `create`; session
    /// identifiers from this generator are predictable.
    struct DemoRng(u64);

    impl rand_core::TryRng for DemoRng {
        type Error = core::convert::Infallible;
        fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
            Ok((self.try_next_u64()? >> 32) as u32)
        }
        fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
            // xorshift64* (Vigna 2016): fine for a demo, not a CSPRNG.
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            Ok(self.0.wrapping_mul(0x2545_F491_4F6C_DD1D))
        }
        fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
            for chunk in dst.chunks_mut(8) {
                let word = self.try_next_u64()?.to_le_bytes();
                chunk.copy_from_slice(&word[..chunk.len()]);
            }
            Ok(())
        }
    }

    impl rand_core::TryCryptoRng for DemoRng {}
}
