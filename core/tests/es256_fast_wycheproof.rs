//! Every Wycheproof ECDSA P-256/SHA-256 P1363 case through the precomputed ES256 key (all window
//! widths), against the expected result in the vector file, and against the plain `p256` key.
#![cfg(feature = "es256-fast")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use edgeauth::alg::es256_fast::{Es256Table, W4, W6, W8};
use edgeauth::{Es256PublicKey, VerifyingKey};
use std::path::PathBuf;

fn load() -> serde_json::Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/vectors/wycheproof/ecdsa_secp256r1_sha256_p1363_test.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn hex(v: &serde_json::Value) -> Vec<u8> {
    hex::decode(v.as_str().expect("hex string")).unwrap()
}

#[test]
fn wycheproof_p1363_all_cases() {
    let doc = load();
    assert_eq!(doc["algorithm"], "ECDSA");
    let (mut valid, mut invalid) = (0, 0);
    for group in doc["testGroups"].as_array().unwrap() {
        assert_eq!(group["sha"], "SHA-256");
        let public = Es256PublicKey::from_sec1(&hex(&group["publicKey"]["uncompressed"])).unwrap();
        let w4 = Box::new(Es256Table::<W4>::new(&public).unwrap());
        let w6 = Box::new(Es256Table::<W6>::new(&public).unwrap());
        let w8 = Box::new(Es256Table::<W8>::new(&public).unwrap());
        let plain = VerifyingKey::Es256(public);
        let fast = [
            VerifyingKey::es256_precomputed(&*w4),
            VerifyingKey::es256_precomputed(&*w6),
            VerifyingKey::es256_precomputed(&*w8),
        ];
        for case in group["tests"].as_array().unwrap() {
            let id = case["tcId"].as_u64().unwrap();
            let msg = hex(&case["msg"]);
            let sig = hex(&case["sig"]);
            let expected = match case["result"].as_str().unwrap() {
                "valid" => true,
                "invalid" => false,
                other => panic!("tcId {id}: unexpected result {other}"),
            };
            if expected {
                valid += 1;
            } else {
                invalid += 1;
            }
            assert_eq!(
                plain.verify_signature(&msg, &sig).is_ok(),
                expected,
                "plain key, tcId {id}"
            );
            for key in &fast {
                assert_eq!(
                    key.verify_signature(&msg, &sig).is_ok(),
                    expected,
                    "{key:?}, tcId {id} ({})",
                    case["comment"]
                );
            }
            assert_eq!(w8.verify(&msg, &sig).is_ok(), expected, "tcId {id}");
        }
    }
    // The file's own count: 173 valid, 89 invalid.
    assert_eq!((valid, invalid), (173, 89));
    assert_eq!(valid + invalid, doc["numberOfTests"].as_u64().unwrap());
}
