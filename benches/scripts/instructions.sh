#!/usr/bin/env bash
# Instructions per operation (callgrind `Ir`) for every library in every benchmark group
# (`<alg>_verify` and `<alg>_encode` for each algorithm of `Alg::ALL`). Unlike criterion's
# wall-clock medians, instruction counts do not move when other processes share the CPU, so
# the ratios here are exact for this build (they ignore cache misses and instruction-level
# parallelism, which wall time includes).
#
# Usage: bash benches/scripts/instructions.sh [-o OUT.md] [GROUP ...]
#   GROUP   a group (`hs256_verify`) or a shell pattern (`'hs*'`, `'*_encode'`); default: all.
#   -o      where to write the Markdown table. Default: results/bench/instructions.md when every
#           group runs; when GROUPs are given, only the terminal (a partial table must not
#           replace the reference file by accident).
# Needs valgrind. Builds the op_loop bench binary (release) first.
#
# What is run is read from the code, not listed here: the algorithm slugs from `Alg::ALL` and
# `Alg::slug` (benches/src/fixture.rs), the library ids from `Library::ALL` and `Library::id`
# (benches/src/case.rs). Each (group, library) pair is first tried natively for one iteration;
# op_loop's "unknown library" / "has no" answers mean the pair does not exist (e.g. jwt-compact
# has no ES384, `edgeauth-fast` is ES256 verify only, RSA has no encode group) and it is
# skipped quietly. Any other failure is reported and makes the script exit non-zero.
#
# Loop lengths (N1, N2) per algorithm keep the measured difference at tens to hundreds of
# millions of instructions, far above the run-to-run jitter of the set-up, while the whole run
# stays short: each valgrind run costs ~1 s of start-up and set-up (~2 s for RSA, whose set-up
# signs the token and parses the key for every library), and callgrind executes roughly 200 M
# instructions/s. Measured per op: HMAC 15–63 k, EdDSA 0.2–0.7 M, ES256 0.3–3.3 M, ES384
# 1.8–9 M, RSA-2048 verify 0.3–2.6 M instructions. Set-up is deterministic except for RSA
# (jsonwebtoken's ECDSA encode draws a random nonce per op, which the loops average), where
# it varies by ~0.3–0.5 M instructions between runs (random blinding when the token is signed,
# a random salt for PS*): hence N2 − N1 = 400 for RSA (three full runs then agreed within 0.4%
# on every RSA row) although it is not slow. The full run (all groups, 91 pairs, 182
# valgrind runs) took 8 min 45 s on one core of a shared AMD EPYC (load average ~4);
# `hs256_verify` alone takes ~15 s.
set -euo pipefail
cd "$(dirname "$0")/../.."

invocation="bash benches/scripts/instructions.sh${*:+ $*}"
out=""
patterns=()
while (($#)); do
    case "$1" in
        -o) out="${2:?-o needs a file}"; shift 2 ;;
        -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "unknown option $1 (try --help)" >&2; exit 2 ;;
        *) patterns+=("$1"); shift ;;
    esac
done
if ((${#patterns[@]} == 0)); then
    patterns=('*')
    out="${out:-results/bench/instructions.md}"
fi

# The string arms of `TYPE::VARIANT => "…"` in FILE, in the order of `pub const ALL: [TYPE; n]`.
ids_in_order() {
    awk -v ty="$1" '
        match($0, ty "::[A-Za-z0-9]+ => \"[^\"]+\"") {
            arm = substr($0, RSTART, RLENGTH); split(arm, p, " => "); gsub(/"/, "", p[2])
            id[p[1]] = p[2]
        }
        $0 ~ "pub const ALL: \\[" ty ";" { in_all = 1; next }
        in_all && /\];/ { in_all = 0 }
        in_all && match($0, ty "::[A-Za-z0-9]+") { order[++n] = substr($0, RSTART, RLENGTH) }
        END { for (i = 1; i <= n; i++) if (order[i] in id) print id[order[i]] }
    ' "$2"
}
mapfile -t algs < <(ids_in_order Alg benches/src/fixture.rs)
mapfile -t libs < <(ids_in_order Library benches/src/case.rs)
if ((${#algs[@]} == 0 || ${#libs[@]} == 0)); then
    echo "could not read Alg::ALL / Library::ALL and their ids from benches/src; update this script" >&2
    exit 1
fi

build_log=$(cargo bench -p edgeauth-benches --bench op_loop --no-run 2>&1) || {
    echo "$build_log" >&2
    exit 1
}
bin=$(sed -n 's/^ *Executable .*op_loop\.rs (\(.*\))$/\1/p' <<<"$build_log" | tail -1)
[[ -x "$bin" ]] || { echo "op_loop binary not found in cargo's output" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Total Ir of one run of `op_loop GROUP LIB N`.
ir() {
    valgrind --tool=callgrind --callgrind-out-file="$tmp/cg" "$bin" "$1" "$2" "$3" \
        >/dev/null 2>"$tmp/vg.err" || { tail -3 "$tmp/vg.err" >&2; return 1; }
    awk '/^summary:/ {print $2}' "$tmp/cg"
}

selected() {
    local p
    for p in "${patterns[@]}"; do
        # shellcheck disable=SC2053 # the pattern is meant to glob
        [[ "$1" == $p ]] && return 0
    done
    return 1
}

rows=()
hmac_floors=()
failed=0
start=$SECONDS
for alg in "${algs[@]}"; do
    case "$alg" in
        hs*) n1=200; n2=1200 ;;
        eddsa) n1=20; n2=120 ;;
        es384) n1=5; n2=25 ;;
        rs* | ps*) n1=10; n2=410 ;;
        *) n1=10; n2=60 ;; # es256
    esac
    for op in verify encode; do
        group="${alg}_$op"
        selected "$group" || continue
        floor=""
        for lib in "${libs[@]}"; do
            if ! "$bin" "$group" "$lib" 1 >/dev/null 2>"$tmp/probe.err"; then
                if ! grep -q "unknown library\|has no $op" "$tmp/probe.err"; then
                    echo "$group $lib FAILED: $(cat "$tmp/probe.err")" >&2
                    failed=1
                fi
                continue
            fi
            if ! a=$(ir "$group" "$lib" "$n1") || ! b=$(ir "$group" "$lib" "$n2") \
                || [[ -z "$a" || -z "$b" ]]; then
                echo "$group $lib FAILED under valgrind" >&2
                failed=1
                continue
            fi
            per=$(((b - a) / (n2 - n1)))
            [[ "$lib" == floor ]] && floor=$per
            [[ "$lib" == floor && "$alg" == hs* ]] && hmac_floors+=("$per")
            ratio=$(awk -v p="$per" -v f="$floor" 'BEGIN { if (f > 0) printf "%.2f×", p / f; else print "–" }')
            rows+=("| \`$group\` | $lib | $per | $ratio |")
            printf '%-14s %-15s %10s  %s floor  (N=%s/%s, %ss elapsed)\n' \
                "$group" "$lib" "$per" "$ratio" "$n1" "$n2" "$((SECONDS - start))"
        done
    done
done
((${#rows[@]})) || { echo "no group matched: ${patterns[*]}" >&2; exit 1; }

hmac_range=""
if ((${#hmac_floors[@]})); then
    hmac_range=$(printf '%s\n' "${hmac_floors[@]}" | sort -n | awk 'NR == 1 { lo = $1 } { hi = $1 }
        END { printf lo == hi ? "%.1f k" : "%.1f–%.1f k", lo / 1000, hi / 1000 }')
fi
if [[ -n "$out" ]]; then
    {
        echo "# Instructions per operation (callgrind)"
        echo
        echo "Generated by \`$invocation\` on $(date -u '+%Y-%m-%d %H:%M UTC'), commit \`$(git rev-parse --short=12 HEAD)\`$(git diff --quiet HEAD -- core benches || echo ' plus uncommitted changes'), $(valgrind --version)."
        echo "Each figure is (Ir(N₂) − Ir(N₁)) / (N₂ − N₁) for two loop lengths of \`op_loop GROUP LIBRARY N\`, so set-up is excluded."
        echo
        echo "Valgrind's CPU model has no SHA extensions (SHA-NI): under callgrind every SHA-2 (HMAC,"
        echo "the RSA/ECDSA message hashes) runs the software compressor${hmac_range:+: the HS* floors here are}"
        echo "${hmac_range:+$hmac_range instructions, }while natively a SHA-NI HMAC-SHA-256 verify takes ~330 ns. Ratios to"
        echo "the HS* floors therefore understate each library's overhead over the bare HMAC relative to a"
        echo "SHA-NI build; criterion's ratios (\`summary.md\`) are the native ones."
        echo
        echo "Rows with randomness are not exactly reproducible. RSA: the set-up signs the token with"
        echo "random blinding (and a random PSS salt) and varies by ~0.3–0.5 M instructions between runs,"
        echo "spread over N₂ − N₁ = 400 operations: in three full runs of one build every RSA row agreed"
        echo "within 0.4%. jsonwebtoken's ECDSA encode (aws-lc, random nonce per signature) moved by up"
        echo "to 1.1%. Every other row was identical in all runs."
        echo
        echo "| group | library | instructions/op | × floor |"
        echo "|---|---|---:|---:|"
        printf '%s\n' "${rows[@]}"
    } >"$out"
    echo "wrote $out"
fi
echo "total ${SECONDS}s"
exit "$failed"
