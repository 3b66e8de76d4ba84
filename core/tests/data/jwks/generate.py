#!/usr/bin/env python3
"""Generates the RSA/EC test keys, the IdP-shaped JWKS documents and the signed tokens in this
folder. Everything is signed by OpenSSL (through `cryptography`), independently of edgeauth.

Run from the repository root:  python3 core/tests/data/jwks/generate.py
Requires: python3 with `cryptography` (>= 42). Key generation is random, so running it again
replaces every key and token (the tests read whatever is committed).
"""
import base64, datetime, hashlib, json, os

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.x509.oid import NameOID

HERE = os.path.dirname(os.path.abspath(__file__))
ISSUER = "https://login.example-idp.test/tenant-7f3c/v2.0"
AUDIENCE = "api://edge-gateway"
IAT = 1_800_000_000  # 2027-01-15; the tests validate at IAT + 60.


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def uint(value: int) -> str:
    return b64(value.to_bytes((value.bit_length() + 7) // 8, "big"))


def cert_for(key, cn: str) -> bytes:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=5 * 365))
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.DER)


def rsa_jwk(key, kid, alg=None, use="sig", with_cert=True):
    pub = key.public_key().public_numbers()
    jwk = {"kty": "RSA", "use": use, "kid": kid}
    if alg:
        jwk["alg"] = alg
    jwk["n"] = uint(pub.n)
    jwk["e"] = uint(pub.e)
    if with_cert:
        der = cert_for(key, f"{kid}.example-idp.test")
        jwk["x5t"] = b64(hashlib.sha1(der).digest())
        jwk["x5t#S256"] = b64(hashlib.sha256(der).digest())
        jwk["x5c"] = [base64.b64encode(der).decode()]
    return jwk


def ec_jwk(key, kid, crv, size, alg):
    pub = key.public_key().public_numbers()
    return {"kty": "EC", "use": "sig", "crv": crv, "kid": kid, "alg": alg,
            "x": b64(pub.x.to_bytes(size, "big")), "y": b64(pub.y.to_bytes(size, "big"))}


HASHES = {"256": hashes.SHA256, "384": hashes.SHA384, "512": hashes.SHA512}


def sign(key, alg: str, data: bytes) -> bytes:
    h = HASHES[alg[2:]]()
    if alg.startswith("RS"):
        return key.sign(data, padding.PKCS1v15(), h)
    if alg.startswith("PS"):
        return key.sign(data, padding.PSS(padding.MGF1(h), h.digest_size), h)
    size = {"ES256": 32, "ES384": 48}[alg]
    r, s = decode_dss_signature(key.sign(data, ec.ECDSA(h)))
    return r.to_bytes(size, "big") + s.to_bytes(size, "big")


def token(key, alg, kid, sub):
    header = {"alg": alg, "kid": kid, "typ": "JWT"}
    claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": sub, "iat": IAT, "nbf": IAT,
              "exp": IAT + 3600, "scp": "read write", "tid": "7f3c"}
    h = b64(json.dumps(header, separators=(",", ":")).encode())
    p = b64(json.dumps(claims, separators=(",", ":")).encode())
    return f"{h}.{p}.{b64(sign(key, alg, f'{h}.{p}'.encode()))}"


def pem(key) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def main():
    keys_dir = os.path.join(HERE, "keys")
    os.makedirs(keys_dir, exist_ok=True)
    # Signing keys of the sample IdP: (kid, bits, alg in the JWKS or None, alg used to sign).
    rsa_specs = [
        ("k2026-01-a9F3", 2048, "RS256", "RS256"),
        ("k2026-04-Qz71", 2048, None, "RS256"),  # no `alg`, like Microsoft Entra ID
        ("k2026-07-ps3K", 3072, "PS256", "PS256"),
        ("k2026-10-L4rg", 4096, "RS512", "RS512"),
    ]
    rsa_keys = {}
    for kid, bits, _, _ in rsa_specs:
        rsa_keys[kid] = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    enc_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    p256 = ec.generate_private_key(ec.SECP256R1())
    p384 = ec.generate_private_key(ec.SECP384R1())

    rsa_only = [rsa_jwk(rsa_keys[kid], kid, alg) for kid, _, alg, _ in rsa_specs]
    full = rsa_only + [
        rsa_jwk(enc_key, "enc-2026-01", "RSA-OAEP", use="enc"),
        ec_jwk(p256, "ec-p256-1", "P-256", 32, "ES256"),
        ec_jwk(p384, "ec-p384-1", "P-384", 48, "ES384"),
        {"kty": "OKP", "use": "enc", "crv": "X25519", "kid": "x25519-1",
         "x": b64(os.urandom(32))},
        {"kty": "AKP", "use": "sig", "alg": "ML-DSA-44", "kid": "pq-1",
         "pub": b64(os.urandom(64))},
    ]
    with open(os.path.join(HERE, "idp_jwks.json"), "w") as f:
        json.dump({"keys": full}, f, indent=2)
        f.write("\n")
    with open(os.path.join(HERE, "rsa4_jwks.json"), "w") as f:
        json.dump({"keys": rsa_only}, f, separators=(",", ":"))
        f.write("\n")

    tokens = []
    for kid, _, _, alg in rsa_specs:
        tokens.append({"kid": kid, "alg": alg, "token": token(rsa_keys[kid], alg, kid, "user-" + kid)})
    tokens.append({"kid": "ec-p256-1", "alg": "ES256", "token": token(p256, "ES256", "ec-p256-1", "svc-a")})
    tokens.append({"kid": "ec-p384-1", "alg": "ES384", "token": token(p384, "ES384", "ec-p384-1", "svc-b")})
    with open(os.path.join(HERE, "idp_tokens.json"), "w") as f:
        json.dump({"issuer": ISSUER, "audience": AUDIENCE, "now": IAT + 60, "tokens": tokens}, f, indent=2)
        f.write("\n")

    # Extra RSA keys for the property tests: one per supported width, and a 2049-bit modulus
    # (emLen = k - 1 in PSS, and the 3072-bit arithmetic width for a 2049-bit key).
    for bits in (2048, 3072, 4096):
        with open(os.path.join(keys_dir, f"rsa{bits}.pem"), "w") as f:
            f.write(pem(rsa.generate_private_key(public_exponent=65537, key_size=bits)))
    with open(os.path.join(keys_dir, "rsa2049.pem"), "w") as f:
        f.write(pem(odd_size_key(2049)))


def odd_size_key(bits: int):
    """OpenSSL rounds odd key sizes down, so build a `bits`-bit key from OpenSSL primes."""
    import subprocess
    def prime(b):
        out = subprocess.run(["openssl", "prime", "-generate", "-bits", str(b)],
                             capture_output=True, text=True, check=True).stdout
        return int(out.strip())
    e = 65537
    while True:
        p, q = prime(bits - bits // 2), prime(bits // 2)
        n = p * q
        phi = (p - 1) * (q - 1)
        if p != q and n.bit_length() == bits and phi % e != 0:
            break
    d = pow(e, -1, (p - 1) * (q - 1))
    numbers = rsa.RSAPrivateNumbers(p, q, d, rsa.rsa_crt_dmp1(d, p), rsa.rsa_crt_dmq1(d, q),
                                    rsa.rsa_crt_iqmp(p, q), rsa.RSAPublicNumbers(e, n))
    return numbers.private_key()


if __name__ == "__main__":
    main()
