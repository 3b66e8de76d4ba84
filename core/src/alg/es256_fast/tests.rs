//! Unit tests of the hand-written formulas, the generator tables and the table multiplication,
//! all checked against `p256`'s own point arithmetic (`ProjectivePoint`, complete formulas).

use super::point::{Affine, Fe, Jacobian, to_affine};
use super::{Es256Table, W4, W6, W8, Window, generator_entry, generator_mul, table_mul};
use crate::alg::es256::Es256PublicKey;
use p256::elliptic_curve::ff::PrimeField as _;
use p256::elliptic_curve::group::Group as _;
use p256::elliptic_curve::ops::Reduce as _;
use p256::elliptic_curve::point::AffineCoordinates as _;
use p256::elliptic_curve::sec1::ToSec1Point as _;
use p256::{AffinePoint, FieldBytes, ProjectivePoint, Scalar, U256};

/// `p256`'s affine point in our representation; `None` at infinity.
fn ours(p: &ProjectivePoint) -> Option<Affine> {
    let a = p.to_affine();
    if bool::from(a.is_identity()) {
        return None;
    }
    Some(Affine {
        x: Fe::from_repr(a.x()).unwrap(),
        y: Fe::from_repr(a.y()).unwrap(),
    })
}

/// A Jacobian point equal to `p` but with a non-trivial `Z` (`Z = λ`, so the formulas really see
/// projective inputs).
fn scaled(p: &Affine, lambda: u64) -> Jacobian {
    let l = Fe::from_u64(lambda);
    let l2 = l.square();
    Jacobian {
        x: p.x.multiply(&l2),
        y: p.y.multiply(&l2).multiply(&l),
        z: l,
    }
}

fn scalar_hex(hex: &str) -> Scalar {
    Scalar::reduce(&U256::from_be_hex(hex))
}

fn point(k: u64) -> ProjectivePoint {
    ProjectivePoint::GENERATOR * Scalar::from(k)
}

fn key(k: u64) -> Es256PublicKey {
    let p = point(k).to_affine().to_sec1_point(false);
    Es256PublicKey::from_sec1(p.as_bytes()).unwrap()
}

#[test]
fn double_matches_p256_and_keeps_infinity() {
    for k in [1u64, 2, 3, 0xdead_beef, u64::MAX] {
        let p = ours(&point(k)).unwrap();
        let twice = scaled(&p, k.wrapping_add(7)).double();
        assert_eq!(to_affine(&twice), ours(&point(k).double()), "k = {k}");
    }
    assert!(Jacobian::IDENTITY.double().is_identity());
}

#[test]
fn mixed_addition_general_case() {
    for (a, b) in [(1u64, 2u64), (5, 3), (1000, 999_999), (u64::MAX, 12345)] {
        let p = scaled(&ours(&point(a)).unwrap(), a ^ 0x55);
        let q = ours(&point(b)).unwrap();
        assert_eq!(to_affine(&p.add_affine(&q)), ours(&(point(a) + point(b))));
        assert_eq!(to_affine(&p.sub_affine(&q)), ours(&(point(a) - point(b))));
    }
}

#[test]
fn mixed_addition_special_cases() {
    let p = ours(&point(42)).unwrap();
    let pj = scaled(&p, 9);
    // P + P is a doubling.
    assert_eq!(to_affine(&pj.add_affine(&p)), ours(&point(84)));
    // P − P and P + (−P) are the point at infinity.
    assert!(pj.sub_affine(&p).is_identity());
    assert!(pj.add_affine(&p.neg()).is_identity());
    // Identity + Q = Q.
    assert_eq!(to_affine(&Jacobian::IDENTITY.add_affine(&p)), Some(p));
    assert_eq!(
        to_affine(&Jacobian::IDENTITY.sub_affine(&p)),
        ours(&-point(42))
    );
    // The identity has no affine form.
    assert_eq!(to_affine(&Jacobian::IDENTITY), None);
    // −(−P) = P, and −P has the same x.
    assert_eq!(p.neg().neg(), p);
    assert_eq!(p.neg().x, p.x);
}

#[test]
fn montgomery_bytes_round_trip() {
    let p = ours(&point(77)).unwrap();
    assert_eq!(Affine::from_montgomery_le(&p.to_montgomery_le()), p);
    // Montgomery form of 1 is 2²⁵⁶ mod p = 2²⁵⁶ − p.
    let one = Affine {
        x: Fe::ONE,
        y: Fe::ONE,
    }
    .to_montgomery_le();
    let r_mod_p =
        U256::from_be_hex("00000000fffffffeffffffffffffffffffffffff000000000000000000000001");
    assert_eq!(one[..32], r_mod_p.to_le_bytes().as_ref()[..]);
}

/// `j·2^(w·i)·G` by `p256` scalar multiplication.
fn expected_generator_entry<W: Window>(row: usize, j: u64) -> Option<Affine> {
    let shift = Scalar::from(2u64).pow_vartime(&U256::from_u64((W::BITS as usize * row) as u64));
    ours(&(ProjectivePoint::GENERATOR * (shift * Scalar::from(j))))
}

fn check_generator_table<W: Window>() {
    assert_eq!(
        W::generator_table().len(),
        Es256Table::<W>::TABLE_BYTES,
        "w = {}",
        W::BITS
    );
    for row in 0..W::WINDOWS {
        let all = row < 2 || row == W::WINDOWS - 1;
        for j in 1..=W::HALF as u64 {
            if all || j == 1 || j == 3 || j == W::HALF as u64 {
                let index = row * W::HALF + j as usize - 1;
                assert_eq!(
                    generator_entry::<W>(index),
                    expected_generator_entry::<W>(row, j),
                    "w = {}, row {row}, j = {j}",
                    W::BITS
                );
            }
        }
    }
    assert_eq!(generator_entry::<W>(W::WINDOWS * W::HALF), None);
}

#[test]
fn generator_tables_match_p256() {
    check_generator_table::<W4>();
    check_generator_table::<W6>();
    check_generator_table::<W8>();
}

/// Scalars where recoding goes wrong first: 0, 1, n − 1, 2²⁵⁵, digits at ±2^(w−1), and values
/// whose top digit produces the extra carry row.
fn edge_scalars() -> [Scalar; 14] {
    [
        Scalar::ZERO,
        Scalar::ONE,
        Scalar::from(2u64),
        -Scalar::ONE,
        -Scalar::from(2u64),
        scalar_hex("8000000000000000000000000000000000000000000000000000000000000000"),
        scalar_hex("8888888888888888888888888888888888888888888888888888888888888888"),
        scalar_hex("7777777777777777777777777777777777777777777777777777777777777777"),
        scalar_hex("8080808080808080808080808080808080808080808080808080808080808080"),
        scalar_hex("7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f"),
        scalar_hex("ffffffff00000000fffffffffffffffffffffffffffffffffffffffffffffff0"),
        scalar_hex("0000000000000000000000000000000000000000000000000000000000000080"),
        scalar_hex("00000000000000000000000000000000ffffffffffffffffffffffffffffffff"),
        scalar_hex("7fffffff800000007fffffffffffffffde737d56d38bcf4279dce5617e3192a8"),
    ]
}

fn check_table_mul<W: Window>() {
    let key_scalar = 0x1234_5678_9abc_def1u64;
    let table = Es256Table::<W>::new(&key(key_scalar)).unwrap();
    let q = point(key_scalar);
    let mut scalars = edge_scalars().to_vec();
    let mut x = Scalar::from(0x9e37_79b9_7f4a_7c15u64);
    for _ in 0..16 {
        x = x.square() + Scalar::from(W::BITS as u64);
        scalars.push(x);
    }
    for k in &scalars {
        assert_eq!(
            table_mul(&table, k),
            ours(&(q * k)),
            "w = {}, k = {k:?}",
            W::BITS
        );
        assert_eq!(
            generator_mul::<W>(k),
            ours(&(ProjectivePoint::GENERATOR * k)),
            "w = {}, k = {k:?}",
            W::BITS
        );
    }
}

#[test]
fn table_multiplication_matches_p256_w4() {
    check_table_mul::<W4>();
}

#[test]
fn table_multiplication_matches_p256_w6() {
    check_table_mul::<W6>();
}

#[test]
fn table_multiplication_matches_p256_w8() {
    check_table_mul::<W8>();
}

#[test]
fn top_carry_digit_is_used() {
    // n − 1 has top byte 0xff: its last 8-bit digit is negative and carries into the extra row.
    let digits: heapless::Vec<_, 64> = super::window::signed_digits::<W8>(&-Scalar::ONE).collect();
    assert_eq!(digits.last(), Some(&(32, 1, false)));
    let digits: heapless::Vec<_, 80> = super::window::signed_digits::<W4>(&-Scalar::ONE).collect();
    assert_eq!(digits.last(), Some(&(64, 1, false)));
    // 2²⁵⁵ is a single digit 2^(w−1) in the top regular row, no carry.
    let k = scalar_hex("8000000000000000000000000000000000000000000000000000000000000000");
    let digits: heapless::Vec<_, 64> = super::window::signed_digits::<W8>(&k).collect();
    assert_eq!(digits.as_slice(), &[(31, 128, false)]);
}

#[test]
fn empty_table_refuses_and_new_table_knows_its_key() {
    let empty = Es256Table::<W4>::EMPTY;
    assert!(empty.public_key().is_none());
    assert!(empty.verify(b"msg", &[1u8; 64]).is_err());
    let k = key(5);
    let table = Es256Table::<W4>::new(&k).unwrap();
    assert_eq!(table.public_key(), Some(&k));
    let _ = (AffinePoint::GENERATOR, FieldBytes::default());
}
