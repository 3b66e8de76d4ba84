#!/usr/bin/env bash
# Builds the firmware for each algorithm alone (HS256, EdDSA, ES256, RS256) and all together (with
# HS384/HS512 too), runs the `cases` binary in QEMU
# (MPS2 AN386, Cortex-M4, semihosting) with a timeout, and checks that the output is exactly the
# expected lines and the exit status 0.
#
#   bash examples/firmware/run.sh          # from anywhere; needs qemu-system-arm and
#                                          # `rustup target add thumbv7em-none-eabi`
#   FIRMWARE_FEATURE_SETS="hs256 hmac" bash examples/firmware/run.sh   # only these feature sets
#
# The expected lines are written here, independently of the firmware's own checks: each token
# case must be refused with exactly this `edgeauth::Error` variant.
set -euo pipefail
cd "$(dirname "$0")"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
TIMEOUT="${FIRMWARE_TIMEOUT:-120}"
QEMU=(qemu-system-arm -cpu cortex-m4 -machine mps2-an386 -nographic
      -semihosting-config enable=on,target=native -kernel)

command -v qemu-system-arm >/dev/null || { echo "error: qemu-system-arm not found (apt-get install -y qemu-system-arm)" >&2; exit 1; }

# token_lines ALG SWAPPED_TO SWAP_ERROR
token_lines() {
    cat <<LINES
$1 valid (sub, door, kid read back): accepted
$1 nested-to-depth-limit: accepted
$1 tampered-payload: refused InvalidSignature
$1 tampered-signature: refused InvalidSignature
$1 expired: refused Expired
$1 wrong-audience: refused InvalidAudience
$1 alg-swapped-to-$2: refused $3
LINES
}

# expected FEATURES -> the exact output of `cases` built with those features.
expected() {
    local features=",$1," hs256=0 hs512=0 n=0
    # `hmac` is HS256 + HS384 + HS512; `hs256` is HS256 alone.
    [[ $features == *,hs256,* || $features == *,hmac,* ]] && hs256=1
    [[ $features == *,hmac,* ]] && hs512=1
    # A token re-signed with another algorithm meets the key bound to its `kid` when that
    # algorithm is compiled in (AlgorithmMismatch); otherwise its header is refused first.
    local swap=UnsupportedAlgorithm hs_swap=UnsupportedAlgorithm
    ((hs256)) && swap=AlgorithmMismatch
    ((hs512)) && hs_swap=AlgorithmMismatch
    if ((hs256)); then token_lines HS256 HS512 $hs_swap; n=$((n + 7)); fi
    if [[ $features == *,eddsa,* ]]; then token_lines EdDSA HS256 $swap; n=$((n + 7)); fi
    if [[ $features == *,es256,* ]]; then token_lines ES256 HS256 $swap; n=$((n + 7)); fi
    if [[ $features == *,rsa,* ]]; then token_lines RS256 HS256 $swap; n=$((n + 7)); fi
    if ((hs256)); then
        echo "session signed-cookie (id read back): accepted"
        echo "session tampered-cookie: refused BadTag"
        n=$((n + 2))
    fi
    echo "session table-check (user read back): accepted"
    echo "session table-idle: refused IdleTimeout"
    n=$((n + 2))
    echo "done: $n passed, 0 failed"
}

status=0
# The last set runs every case again through the core's `small-flash` code (no member index, no
# one-pass segment decoder, no base64url table, Ed25519 through `verify_strict`): the same lines.
for features in ${FIRMWARE_FEATURE_SETS:-hs256 eddsa es256 rsa hmac,eddsa,es256,rsa hmac,eddsa,es256,rsa,small-flash}; do
    echo "--- firmware features: $features"
    cargo build --quiet --release --no-default-features --features "$features" --bin cases
    elf="$CARGO_TARGET_DIR/thumbv7em-none-eabi/release/cases"
    set +e
    actual="$(timeout "$TIMEOUT" "${QEMU[@]}" "$elf" 2>&1)"
    code=$?
    set -e
    if [[ $code -ne 0 ]]; then
        echo "FAIL: exit status $code (124 = timeout after ${TIMEOUT}s)"
        status=1
    fi
    if ! diff -u <(expected "$features") <(printf '%s\n' "$actual"); then
        echo "FAIL: output differs from the expected lines (- expected, + actual)"
        status=1
    else
        echo "ok: $(printf '%s\n' "$actual" | wc -l) lines as expected, exit status $code"
    fi
done
if [[ $status -ne 0 ]]; then
    echo "firmware run: FAILED" >&2
fi
exit $status
