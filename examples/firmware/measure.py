#!/usr/bin/env python3
"""Footprint of edgeauth on a Cortex-M4: writes results/embedded.csv and docs/embedded.md.

For each opt-level ("s", "z") and feature set (each algorithm alone, then all three) this builds
two firmware binaries that differ only in what they verify:

* `jwt`  - a full `edgeauth::Verifier::verify` of a valid token (strict base64url, header, alg
           pinning, signature, strict JSON, claims against a fixed `now`);
* `bare` - the same signature over the same bytes with the primitive crate alone.

Flash is .text + .rodata and RAM is .data + .bss of the linked ELF (llvm-size). Each binary runs in
QEMU (mps2-an386, Cortex-M4) with `-icount shift=0`; the firmware reports the stack high-water mark
of each verify (painted stack) and the SysTick ticks it took, and a calibration loop of a known
instruction count converts ticks to emulated instructions. Everything printed in the documents comes
from these runs; only the published numbers of other libraries are quoted, with their sources.

    python3 examples/firmware/measure.py      (or measure.sh)

The flash breakdown by module and the list of panic sites come from flashmap.py (DWARF inline
stacks of the same ELFs).

Needs: cargo + the thumbv7em-none-eabi target, qemu-system-arm, llvm-size/llvm-nm/llvm-objdump/
llvm-symbolizer/llvm-objcopy (Debian package `llvm`).
"""

import collections
import csv
import datetime
import os
import re
import shutil
import subprocess
import sys

import flashmap

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
TARGET_DIR = os.environ.get("CARGO_TARGET_DIR", os.path.join(HERE, "target"))
ELF_DIR = os.path.join(TARGET_DIR, "measure")
CSV_PATH = os.path.join(ROOT, "results", "embedded.csv")
MD_PATH = os.path.join(ROOT, "docs", "embedded.md")

OPTS = ["s", "z"]
FEATURE_SETS = [("hs256", "HS256"), ("eddsa", "EdDSA"), ("es256", "ES256"), ("hs256,eddsa,es256", "all")]
ALGS = ["HS256", "EdDSA", "ES256"]
# Each algorithm alone again with the core's `small-flash` feature (smallest code over speed).
SMALL = "small-flash"
SMALL_SETS = [(f"{f},{SMALL}", f"{label} {SMALL}") for f, label in FEATURE_SETS if label in ALGS]


def algs_of(label):
    """The algorithms a build label verifies."""
    return ALGS if label == "all" else [label.split()[0]]
QEMU = ["qemu-system-arm", "-cpu", "cortex-m4", "-machine", "mps2-an386", "-nographic",
        "-semihosting-config", "enable=on,target=native", "-icount", "shift=0", "-kernel"]

# Targets of issue 9 for the JWT layer over the bare primitive (single-algorithm builds).
TARGET_FLASH = 6 * 1024
TARGET_STACK = 1024
TARGET_INSTR = {"HS256": 2.0, "EdDSA": 1.05, "ES256": 1.05}
# Bare-primitive numbers quoted in issue 9 (opt "s"): flash KB, stack KB, instructions.
ISSUE_BARE = {"HS256": (14.3, 0.8, 24e3), "EdDSA": (48.4, 7.5, 1.78e6), "ES256": (34.9, 5.9, 13.4e6)}


def tool(*names):
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    sys.exit(f"error: none of {names} found (apt-get install llvm, or binutils-arm-none-eabi)")


SIZE = tool("llvm-size", "rust-size", "arm-none-eabi-size")
NM = tool("llvm-nm", "rust-nm", "arm-none-eabi-nm")
OBJDUMP = tool("llvm-objdump", "rust-objdump", "arm-none-eabi-objdump")


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw).stdout


def build(opt, features):
    env = dict(os.environ, CARGO_TARGET_DIR=TARGET_DIR, CARGO_PROFILE_RELEASE_OPT_LEVEL=opt)
    subprocess.run(["cargo", "build", "--quiet", "--release", "--no-default-features",
                    "--features", features, "--bin", "jwt", "--bin", "bare"],
                   cwd=HERE, env=env, check=True)
    out = {}
    for binary in ("jwt", "bare"):
        src = os.path.join(TARGET_DIR, "thumbv7em-none-eabi", "release", binary)
        dst = os.path.join(ELF_DIR, f"{binary}-opt{opt}-{features.replace(',', '+')}.elf")
        shutil.copyfile(src, dst)
        out[binary] = dst
    return out


def sections(elf):
    sizes = {}
    for line in run([SIZE, "-A", "-d", elf]).splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].startswith(".") and parts[1].isdigit():
            sizes[parts[0]] = int(parts[1])
    return sizes


def qemu(elf):
    proc = subprocess.run(QEMU + [elf], text=True, capture_output=True, timeout=900)
    if proc.returncode != 0:
        sys.exit(f"error: {elf} exited with {proc.returncode}:\n{proc.stdout}{proc.stderr}")
    lines = proc.stdout.splitlines()
    kv = lambda line: dict(p.split("=", 1) for p in line.split()[1:] if "=" in p)
    calib = next(kv(l) for l in lines if l.startswith("calibration "))
    overhead = int(next(kv(l) for l in lines if l.startswith("overhead "))["ticks"])
    size = next((kv(l) for l in lines if l.startswith("size ")), None)
    per_tick = int(calib["instructions"]) / int(calib["ticks"])
    measures = {}
    for line in lines:
        if line.startswith("measure "):
            m = kv(line)
            ticks = int(m["ticks"]) - overhead
            measures[(m["kind"], m["alg"])] = {"stack": int(m["stack"]), "ticks": ticks,
                                               "instructions": round(ticks * per_tick)}
    return measures, per_tick, size


def biggest_frames(elf, prefix="edgeauth::", top=5):
    frames = {}
    fn = None
    for line in run([OBJDUMP, "-d", "-C", "--no-show-raw-insn", elf]).splitlines():
        m = re.match(r"^[0-9a-f]+ <(.*)>:$", line)
        if m:
            fn = m.group(1)
            continue
        m = re.search(r"\bsub(?:\.w|w)?\s+sp, (?:sp, )?#(0x[0-9a-f]+|\d+)", line)
        if m and fn and fn.startswith(prefix):
            name = clean(fn)
            frames[name] = max(frames.get(name, 0), int(m.group(1), 0))
    return sorted(frames.items(), key=lambda kv: -kv[1])[:top]


def clean(name):
    """Readable Rust symbol: strips the hash and the legacy-mangling escapes llvm-nm leaves."""
    name = re.sub(r"::h[0-9a-f]{16}$", "", name)
    for a, b in (("_$LT$", "<"), ("$LT$", "<"), ("$GT$", ">"), ("$u20$", " "), ("$u7b$", "{"),
                 ("$u7d$", "}"), ("$RF$", "&"), ("$C$", ","), ("..", "::")):
        name = name.replace(a, b)
    return name


def profile(elf, verifies=2):
    """Emulated instructions per function for one verify, from a QEMU translation/execution trace.

    Only the code executed between the first `measure::trace_start` and the following
    `measure::trace_end` is counted: the two verifies (stack pass and instruction pass) of the
    first measured case, i.e. the typical token of the first algorithm. The calibration loop is
    excluded from the trace with `-dfilter` to keep the log small.
    """
    symbols = []
    for line in run([NM, "-C", "-S", "-n", elf]).splitlines():
        parts = line.split(None, 3)
        if len(parts) == 4 and parts[2] in "tT":
            symbols.append((int(parts[0], 16) & ~1, int(parts[1], 16), parts[3]))
    spin = next(s for s in symbols if "measure::spin" in s[2])
    log = os.path.join(ELF_DIR, "trace.log")
    subprocess.run(QEMU[:8] + [
        "-d", "in_asm,exec,nochain", "-dfilter",
        f"0x0..0x{spin[0]:x},0x{spin[0] + spin[1]:x}..0xffffffff", "-D", log, "-kernel", elf],
        check=True, capture_output=True, timeout=900)
    mark_start = next(s[0] for s in symbols if "measure::trace_start" in s[2])
    mark_end = next(s[0] for s in symbols if "measure::trace_end" in s[2])
    tb_len, counts, start, n, state = {}, {}, None, 0, "before"
    with open(log, errors="replace") as f:
        for line in f:
            if line.startswith("IN:"):
                start, n = None, 0
            elif m := re.match(r"^0x([0-9a-f]{8}):\s", line):
                pc = int(m.group(1), 16)
                start = pc if start is None else start
                n += 1
                tb_len[start] = n
            elif m := re.match(r"^Trace \d+: \S+ \[[0-9a-f]+/([0-9a-f]+)/", line):
                start = None
                pc = int(m.group(1), 16)
                if state == "before" and pc == mark_start:
                    state = "in"
                elif state == "in" and pc == mark_end:
                    state = "after"
                elif state == "in":
                    counts[pc] = counts.get(pc, 0) + 1
    os.remove(log)
    addrs = [s[0] for s in symbols]
    per_fn = {}
    import bisect
    for pc, c in counts.items():
        i = bisect.bisect_right(addrs, pc) - 1
        name = clean(symbols[i][2]) if i >= 0 else "?"
        per_fn[name] = per_fn.get(name, 0) + c * tb_len.get(pc, 0)
    return {k: v / verifies for k, v in per_fn.items()}


def symbol_size(elf, needle):
    for line in run([NM, "-C", "-S", elf]).splitlines():
        parts = line.split(None, 3)
        if len(parts) == 4 and needle in parts[3]:
            return int(parts[1], 16)
    return 0


def scratch_needed():
    """Exact scratch bytes for each valid fixture token: the decoded segment lengths."""
    text = open(os.path.join(HERE, "src", "fixtures.rs"), encoding="utf-8").read()
    out = {}
    for alg, name in (("HS256", "HS256"), ("EdDSA", "EDDSA"), ("ES256", "ES256")):
        m = re.search(rf"pub const {name}: Tokens = Tokens \{{.*?valid: \"([^\"]+)\"", text, re.S)
        token = m.group(1)
        out[alg] = (len(token), sum(len(s) * 3 // 4 for s in token.split(".")))
    return out


def kb(n):
    return f"{n / 1024:.1f} KB"


def k_instr(n):
    return f"{n / 1e6:.2f} M" if n >= 1e6 else f"{n / 1e3:.1f} k"


def main():
    os.makedirs(ELF_DIR, exist_ok=True)
    rows, results, per_tick, sizes_line, cats, frames = [], {}, None, {}, {}, []
    panics = {}
    sha512 = 0
    profiles = {}
    for opt in OPTS:
        for features, label in FEATURE_SETS + SMALL_SETS:
            print(f"--- opt-level {opt}, features {features}", file=sys.stderr)
            elves = build(opt, features)
            for kind, elf in elves.items():
                sec = sections(elf)
                flash = sec.get(".text", 0) + sec.get(".rodata", 0)
                ram = sec.get(".data", 0) + sec.get(".bss", 0)
                measures, per_tick, size = qemu(elf)
                if size:
                    sizes_line[label] = size
                for (measured, alg), m in measures.items():
                    results[(opt, label, measured, alg)] = dict(flash=flash, ram=ram, **m)
                    rows.append([opt, features, measured, alg, flash, sec.get(".text", 0),
                                 sec.get(".rodata", 0), ram, sec.get(".data", 0),
                                 sec.get(".bss", 0), m["stack"], m["ticks"], m["instructions"]])
                if opt == "s" and label in ALGS:
                    cats[(label, kind)] = flashmap.flash_by_module(elf)
                    panics[(label, kind)] = flashmap.panic_sites(elf)
                if opt == "s" and label == "all" and kind == "jwt":
                    frames = biggest_frames(elf)
                if opt == "s" and label == "HS256" and kind == "jwt":
                    sha512 = symbol_size(elf, "sha2::sha512::compress512")
                if opt == "s" and label == "HS256":
                    profiles[kind] = profile(elf)

    # The HS256 firmware with all three HMACs compiled in (`hmac`): size only, for the note on
    # what the `hs256` feature saves.
    print("--- opt-level s, features hmac (size only)", file=sys.stderr)
    elf = build("s", "hmac")["jwt"]
    sec = sections(elf)
    hmac_all = {"flash": sec.get(".text", 0) + sec.get(".rodata", 0),
                "sha512": symbol_size(elf, "sha2::sha512::compress512")}

    os.makedirs(os.path.dirname(CSV_PATH), exist_ok=True)
    with open(CSV_PATH, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["opt_level", "features", "build", "algorithm", "flash_bytes", "text_bytes",
                    "rodata_bytes", "ram_bytes", "data_bytes", "bss_bytes", "stack_bytes",
                    "systick_ticks", "emulated_instructions"])
        w.writerows(rows)
    write_markdown(results, per_tick, sizes_line, cats, frames, sha512, profiles, panics,
                   hmac_all)
    print(f"wrote {os.path.relpath(CSV_PATH, ROOT)} and {os.path.relpath(MD_PATH, ROOT)}",
          file=sys.stderr)


def provenance():
    rev = run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"]).strip()
    dirty = run(["git", "-C", ROOT, "status", "--porcelain", "--", "core", "examples/firmware"]).strip()
    rustc = run(["rustc", "--version"]).strip()
    qemu_v = run(["qemu-system-arm", "--version"]).splitlines()[0]
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    return f"{date}, git {rev}{' (core or firmware modified)' if dirty else ''}, {rustc}, {qemu_v}"


def check(ok):
    return "yes" if ok else "**NO**"



def write_markdown(r, per_tick, sizes_line, cats, frames, sha512, profiles, panics, hmac_all):
    L = []
    w = L.append
    scratch = scratch_needed()

    def get(opt, label, kind, alg):
        return r[(opt, label, kind, alg)]

    w("# edgeauth on a Cortex-M4: footprint and how to use it in firmware")
    w("")
    w("<!-- Generated by examples/firmware/measure.py; edit the script, not this file. -->")
    w("")
    w("This page is for firmware authors. It gives what the edgeauth core costs on a Cortex-M4 "
      "(flash, RAM, stack, instructions per verify) measured against the bare signature primitive, "
      "and how to wire the core into a `no_std` firmware without an allocator. The numbers come from "
      "[`examples/firmware`](../examples/firmware), a `thumbv7em-none-eabi` binary that runs in QEMU; "
      "raw data: [`results/embedded.csv`](../results/embedded.csv).")
    w("")
    w(f"Measured {provenance()}.")
    w("")
    w("## Method")
    w("")
    w("- **Builds.** Two binaries per feature set, identical except for what they verify: `jwt` runs "
      "one full `Verifier::verify` of a valid token (base64url, strict header, `alg` pinning, "
      "signature, strict JSON, `iss`/`aud`/`exp`/`iat` against a fixed `now`); `bare` checks the same "
      "signature over the same bytes with the primitive crate alone (`hmac` `verify_slice` on a "
      "pre-keyed state, built without its `zeroize` feature as the firmware's `Cargo.toml` asks, "
      "`ed25519-dalek` `verify_strict`, `p256` ECDSA `verify`). Release profile, "
      "`lto = true`, `codegen-units = 1`, `panic = \"abort\"`, no global allocator; opt-level "
      "\"s\" and \"z\"; stable Rust, no `build-std`. The HS256 build enables the core's `hs256` "
      "feature only. Both binaries carry the same runtime (cortex-m-rt, semihosting output without "
      "`core::fmt`, the measuring code), the same panic handler and the same token fixtures (the "
      "valid and the nested token; `bare` slices the signing input from the valid one and also "
      "holds the decoded signature, 32 or 64 B), so their difference is the JWT layer. The "
      "runtime prints numbers as bytes, without `core::str::from_utf8`: linked into both "
      "binaries, UTF-8 validation (about 530 B with its table) would hide the JWT layer's own in "
      "the baseline (it did until 2026-12-07: every JWT-layer flash figure before then reads about "
      "520 B low). One "
      "exception: for HS256 the two binaries compute the HMAC with different code. edgeauth's "
      "`HmacKey` runs its own HMAC on `sha2`'s compression function from precomputed midstates, "
      "while `bare` uses the `hmac` crate. So the HS256 flash difference also contains the swap "
      "of one HMAC for the other: the `edgeauth::alg::hmac` row against the `sha2`, `hmac`, "
      "`block_buffer` and `digest` rows of the breakdown below. Likewise for EdDSA: edgeauth "
      "reaches `verify_strict`'s decision without `verify_strict`'s decompression of `R` (the "
      "key's order is checked when the key is made, `R` against the eight small-order encodings, "
      "then the plain RFC 8032 check; `core/src/alg/eddsa.rs`), so its EdDSA verify can run fewer "
      "instructions than the bare `verify_strict`. With the core's `small-flash` feature it calls "
      "`verify_strict` like `bare` does.")
    w("- **Flash** = `.text` + `.rodata`, **RAM** = `.data` + `.bss` (llvm-size). The 1 KB vector "
      "table is not included. RAM includes the key set (`KeySet<'static, 3>`, three slots even "
      "in single-algorithm builds) and the 384-byte scratch buffer, which the firmware keeps in "
      "statics; the `bare` binaries keep only the primitive key.")
    w("- **Stack**: the firmware paints the free stack with a known word, runs one verify, and finds "
      "the lowest overwritten word (the high-water mark below the caller's frame). It is measured "
      "for the typical token and for a valid token whose header and payload nest arrays to the "
      "JSON reader's depth limit (16), the deepest recursion any token can cause; the signature "
      "code's stack does not depend on the input.")
    w(f"- **Instructions** are *emulated instructions*, not cycles: QEMU with `-icount shift=0` "
      f"advances its virtual clock 1 ns per guest instruction and the emulated SysTick counts that "
      f"clock. A calibration loop of exactly 40,000,000 instructions measured "
      f"{per_tick:.4f} instructions per SysTick tick, so counts are exact to ±{per_tick:.0f}. QEMU "
      f"models no pipeline, wait states or multi-cycle instructions; on a real Cortex-M4 the cycle "
      f"count is higher (flash wait states, 1-cycle vs multi-cycle multiplies, branches).")
    w("")

    w("## Results")
    w("")
    for opt in OPTS:
        w(f"### opt-level \"{opt}\"")
        w("")
        w("| build | verify | flash | RAM | stack per verify | emulated instructions per verify |")
        w("|---|---|---:|---:|---:|---:|")
        for _, label in FEATURE_SETS + SMALL_SETS:
            for alg in algs_of(label):
                for kind in ("bare", "jwt", "jwt-nested"):
                    if kind == "bare" and label.endswith(SMALL):
                        continue  # the same primitive-only binary as the default build's
                    m = get(opt, label, kind, alg)
                    build_name = ("all three" if label == "all" else
                                  f"{alg} only, `{SMALL}`" if label.endswith(SMALL) else
                                  f"{label} only")
                    what = {"bare": "primitive only", "jwt": "full JWT verify",
                            "jwt-nested": "full JWT verify, JSON nested to depth 16"}[kind]
                    w(f"| {build_name} | {alg} {what} | {kb(m['flash'])} | {m['ram']} B | "
                      f"{m['stack']} B | {m['instructions']:,} |")
        w("")

    w("## JWT layer overhead against the targets")
    w("")
    w("Targets (issue 9): the strict JWT layer adds at most 6 KB flash, 1 KB stack and 5% "
      "instructions over the bare primitive for EdDSA and ES256; for HS256 at most 2x the bare "
      "instructions. Single-algorithm builds; the stack check uses the worse of the typical token "
      "and the token nested to the JSON depth limit.")
    w("")
    w("| opt | algorithm | core features | +flash | ≤ 6 KB | +stack (typical / depth 16) | ≤ 1 KB | instructions jwt / bare | within target |")
    w("|---|---|---|---:|:-:|---:|:-:|---:|:-:|")
    misses = []
    for opt in OPTS:
        for alg, label in [(a, lab) for a in ALGS for lab in (a, f"{a} {SMALL}")]:
            b, j = get(opt, label, "bare", alg), get(opt, label, "jwt", alg)
            deep = get(opt, label, "jwt-nested", alg)
            small = label.endswith(SMALL)
            df = j["flash"] - b["flash"]
            ds = max(j["stack"], deep["stack"]) - b["stack"]
            ratio = j["instructions"] / b["instructions"]
            ok = (df <= TARGET_FLASH, ds <= TARGET_STACK, ratio <= TARGET_INSTR[alg])
            for what, good in zip(("flash", "stack", "instructions"), ok):
                if not good:
                    misses.append((opt, f"{alg} (`{SMALL}`)" if small else alg, what))
            features = f"`{alg.lower()}`, `{SMALL}`" if small else f"`{alg.lower()}`"
            w(f"| {opt} | {alg} | {features} | {df:,} B | {check(ok[0])} | {j['stack'] - b['stack']:+d} B / "
              f"{deep['stack'] - b['stack']:+d} B | {check(ok[1])} | "
              f"{ratio:.3f} ({j['instructions'] - b['instructions']:+,}) | {check(ok[2])} |")
    w("")
    if misses:
        grouped = {}
        for opt, alg, what in misses:
            grouped.setdefault((alg, what), []).append(f'"{opt}"')
        w("Misses: " + "; ".join(f"{alg} {what} (opt {', '.join(opts)})"
                                 for (alg, what), opts in grouped.items())
          + ". The causes are below.")
        w("")

    def layer(opt, label, alg):
        b, j = get(opt, label, "bare", alg), get(opt, label, "jwt", alg)
        return j["flash"] - b["flash"], j["instructions"] / b["instructions"]

    saved = ", ".join(
        f"{alg} {layer('s', alg, alg)[0] - layer('s', f'{alg} {SMALL}', alg)[0]:,} B "
        f"({layer('s', alg, alg)[1]:.3f}x → {layer('s', f'{alg} {SMALL}', alg)[1]:.3f}x the bare "
        "instructions)" for alg in ALGS)
    w(f"**`{SMALL}`** is a core feature for firmware that needs flash more than JWT-layer speed. "
      "The cooker records no member index, so every claim lookup and the duplicate-name check "
      "walk the cooked payload. The token is split before it is decoded: there is no one-pass "
      "segment decoder. Base64url sextets are computed from ranges, not read from a 256-byte "
      "table. Ed25519 goes through `verify_strict` itself. The feature changes no decision: the "
      "host tests run under it in CI, and the same firmware cases pass. At opt \"s\" it saves "
      f"{saved}. That trade fits EdDSA and ES256, where the signature check is nearly all of a "
      "verify. It does not fit HS256, where the JSON walk is a large part of a verify.")
    w("")

    w("### Where the JWT layer's flash goes (opt \"s\")")
    w("")
    w("Bytes of `.text` + `.rodata` by source module, `jwt` minus `bare`, from "
      "[`flashmap.py`](../examples/firmware/flashmap.py): every instruction is symbolized with its "
      "DWARF inline stack and counted for the innermost frame outside the Rust library (a `core` "
      "helper inlined into the JSON reader counts for `edgeauth::json`); constants count for the "
      "code that loads their address. Modules under 100 B in every column are summed in "
      "\"other\". The last row equals the flash difference of the results table. A negative row "
      "is code of the primitive (or of the harness) that LTO inlined or laid out differently in "
      "the two binaries: the split between the primitive's crates and the harness is approximate "
      "(a closure that inlines the primitive is both), the `edgeauth::*` rows are not.")
    w("")
    about = {
        "edgeauth::json": "strict JSON reader (header, claims)",
        "edgeauth::claims": "registered claims, validation",
        "edgeauth::jws": "verify driver, header checks",
        "edgeauth::base64url": "base64url decoder",
        "edgeauth::keys": "key set, key selection",
        "edgeauth::alg::hmac": "edgeauth's HMAC (midstates on SHA-256's compression function)",
        "sha2": "SHA-2; `bare` also links `Sha256`'s buffered API",
        "hmac": "`hmac` crate (`bare` only, HS256)",
        "block_buffer": "the `hmac`/`sha2` block buffer (`bare` only, HS256)",
        "digest": "`digest` traits' glue (`bare` only, HS256)",
        "edgeauth::alg::mod": "`alg` names",
        "base64": "`base64` crate (decoding)",
        "memchr": "`memchr` crate (segment split)",
        "heapless": "`heapless` (key set storage)",
        "compiler_builtins": "memcpy/memmove/memset, 64-bit division",
        "core::str": "UTF-8 validation, `str` slicing",
        "core::fmt": "formatting (panic messages)",
        "core::unicode": "Unicode tables (`char` escaping in panic messages)",
        "firmware harness": "this example's `jwt`/`bare` mains (key set setup, printing)",
        "token fixtures": "the test tokens (both binaries hold the valid and the nested one)",
        "cortex_m_semihosting": "semihosting output",
    }
    diff = {a: collections.Counter() for a in ALGS}
    for a in ALGS:
        jm, bm = cats[(a, "jwt")], cats[(a, "bare")]
        for name in set(jm) | set(bm):
            diff[a][name] = jm[name] - bm[name]
    names = sorted({n for a in ALGS for n in diff[a]},
                   key=lambda n: -max(abs(diff[a][n]) for a in ALGS))
    shown = [n for n in names if any(abs(diff[a][n]) >= 100 for a in ALGS)]
    w("| module | what | " + " | ".join(f"{a} jwt − bare" for a in ALGS) + " |")
    w("|---|---|" + "---:|" * len(ALGS))
    for n in shown:
        w(f"| `{n}` | {about.get(n, '')} | " + " | ".join(f"{diff[a][n]:+,}" for a in ALGS) + " |")
    other = {a: sum(v for n, v in diff[a].items() if n not in shown) for a in ALGS}
    w("| other | | " + " | ".join(f"{other[a]:+,}" for a in ALGS) + " |")
    w("| **total** | | " + " | ".join(f"**{sum(diff[a].values()):+,}**" for a in ALGS) + " |")
    w("")
    own = {a: sum(v for n, v in diff[a].items() if n.startswith("edgeauth::")) for a in ALGS}
    w("- **edgeauth's own code** (the `edgeauth::*` rows) is "
      + ", ".join(f"{own[a]:+,} B ({a})" for a in ALGS)
      + "; the rest is what it pulls in: crates used only by the JWT layer, `compiler_builtins` "
      "routines the primitive alone does not call, and `core` code.")
    total = {a: sum(diff[a].values()) for a in ALGS}
    rest = {a: total[a] - diff[a]["edgeauth::json"] for a in ALGS}
    w("- **What the 6 KB target would take.** Without its JSON reader the JWT layer is already "
      + ", ".join(f"{rest[a]:+,} B ({a})" for a in ALGS)
      + " over the bare primitive: the verify driver and header rules, claims validation, "
      "base64url, the key set, UTF-8 validation and the code that sets up the key set. Within "
      "6 KB the strict reader (validation, unescaping, duplicate names, member lookups) would "
      "have to fit in " + ", ".join(f"{TARGET_FLASH - rest[a]:,} B ({a})" for a in ALGS)
      + f", against {diff[ALGS[0]]['edgeauth::json']:,} B today. `small-flash` removes the "
      "speed devices (see above); what remains is one walker that validates and one that reads.")
    hs_fmt = {a: cats[(a, "jwt")].get("core::fmt", 0) for a in ALGS}
    if sha512 == 0:
        w(f"- **No SHA-512 in the HS256 build.** It enables the core's `hs256` feature only, so "
          "`sha2::sha512::compress512` is not linked. With `hmac` (HS256 + HS384 + HS512) the "
          f"same firmware is {kb(hmac_all['flash'])} instead of "
          f"{kb(get('s', 'HS256', 'jwt', 'HS256')['flash'])}, of which "
          f"`compress512` is {hmac_all['sha512']:,} B (80 unrolled rounds of 64-bit arithmetic on a "
          "32-bit core).")
    else:
        w(f"- **HS256 links SHA-512** (`sha2::sha512::compress512`, {sha512:,} B).")
    if all(v < 200 for v in hs_fmt.values()):
        w("- **Panic messages cost nothing here.** The panic handler (`src/lib.rs`) writes only the "
          "panic location and cannot panic itself, so with `lto = true` the `fmt::Arguments` every "
          "panic site builds are never read and LTO drops them: `core::fmt` in the `jwt` binaries: "
          + ", ".join(f"{hs_fmt[a]:,} B ({a})" for a in ALGS) + ". A handler that formats the "
          "`PanicInfo`, or that can re-enter itself (a bounds-checked index in its own number "
          "printer is enough), keeps `core::fmt`, the Unicode escape tables and the `Debug` impls "
          "of every error a panic can carry. This needs no nightly flag; it is what a firmware "
          "author can do in their own handler (e.g. `panic-halt`, or print the location).")
    else:
        w("- **Panic-message formatting is linked** (`core::fmt` in the `jwt` binaries: "
          + ", ".join(f"{hs_fmt[a]:,} B ({a})" for a in ALGS) + "): something formats the "
          "`PanicInfo` or the panic handler can panic itself.")
    bare_sites = {site for a in ALGS for site in panics[(a, "bare")]}
    sites = sorted({site for a in ALGS for site in panics[(a, "jwt")]} - bare_sites,
                   key=lambda t: (t[2], t[1]))
    if sites:
        w(f"- **Panic sites left in the JWT layer** ({len(sites)} calls into `core`'s panic "
          "entry points that the compiler could not prove dead, from the three `jwt` binaries; "
          "line 0 is compiler-generated code of that file). Each costs its check and call; "
          "`str` slicing also links `core::str::slice_error_fail_rt` (the char-boundary search "
          "for the message), and `copy_within` links `memmove`.")
        w("")
        w("  | panic entry point | source | module |")
        w("  |---|---|---|")
        for callee, where, module in sites:
            w(f"  | `{callee}` | `{where}` | `{module}` |")
    w("")

    w("### Where the JWT layer's instructions go (HS256 only, opt \"s\")")
    w("")
    jp, bp = profiles.get("jwt", {}), profiles.get("bare", {})
    setup = ("measure::",)
    delta = {k: jp.get(k, 0) - bp.get(k, 0) for k in set(jp) | set(bp)}
    delta = {k: v for k, v in delta.items() if not any(t in k for t in setup) and abs(v) >= 100}
    total = sum(delta.values())
    w("Executed instructions per verify by function, `jwt` minus `bare`, from a QEMU execution "
      "trace (`-d in_asm,exec`) of the typical token's verifies; the measuring code is excluded. "
      f"Sum of the rows: {total:,.0f} (the SysTick measure: "
      f"{get('s', 'HS256', 'jwt', 'HS256')['instructions'] - get('s', 'HS256', 'bare', 'HS256')['instructions']:+,}).")
    w("")
    w("| function | instructions per verify |")
    w("|---|---:|")
    for name, v in sorted(delta.items(), key=lambda kv: -abs(kv[1]))[:16]:
        w(f"| `{name[:110].replace('::_{', '::{')}` | {v:+,.0f} |")
    w("")
    jsonish = sum(v for k, v in delta.items() if "edgeauth::json" in k)
    b64 = sum(v for k, v in delta.items() if "base64url" in k)
    w(f"Of these, the strict JSON reader (`edgeauth::json`: validation, unescaping, member scans "
      f"of header and claims) accounts for {jsonish:,.0f} and base64url decoding for {b64:,.0f} "
      "instructions per verify; a `sha2` row, if any, is the HMAC itself running over the same "
      "bytes with a different code layout. The rows are the place to start when the JWT layer "
      "has to get cheaper.")
    w("")

    w("### Largest stack frames in the all-algorithms build (opt \"s\")")
    w("")
    w("| function | frame (`sub sp`) |")
    w("|---|---:|")
    for name, size in frames:
        w(f"| `{name}` | {size:,} B |")
    w("")
    a = {alg: get("s", "all", "jwt", alg)["stack"] for alg in ALGS}
    single = {alg: get("s", alg, "jwt", alg)["stack"] for alg in ALGS}
    worst = {alg: max(get("s", alg, k, alg)["stack"] for k in ("jwt", "jwt-nested")) for alg in ALGS}
    a_worst = {alg: max(get("s", "all", k, alg)["stack"] for k in ("jwt", "jwt-nested"))
               for alg in ALGS}
    if frames and frames[0][0].endswith("verify_signature") and frames[0][1] > 2048:
        w("With all three algorithms compiled in, `VerifyingKey::verify_signature` inlines the three "
          "signature checks into one function whose frame holds all of their locals at once, so every "
          "verify pays for the largest: HS256 uses "
          f"{a['HS256']:,} B of stack in the all-algorithms build against {single['HS256']:,} B in the "
          f"HS256-only build (EdDSA {a['EdDSA']:,} vs {single['EdDSA']:,} B, ES256 {a['ES256']:,} vs "
          f"{single['ES256']:,} B). Marking each algorithm's verify `#[inline(never)]` in the core "
          "would give each its own frame.")
    w("")

    w("### Bare primitives against the numbers quoted in issue 9 (opt \"s\")")
    w("")
    w("| algorithm | flash here / quoted | stack here / quoted | instructions here / quoted |")
    w("|---|---:|---:|---:|")
    for alg in ALGS:
        b = get("s", alg, "bare", alg)
        qf, qs, qi = ISSUE_BARE[alg]
        w(f"| {alg} | {kb(b['flash'])} / {qf} KB | {b['stack'] / 1024:.1f} KB / {qs} KB | "
          f"{k_instr(b['instructions'])} / {k_instr(qi)} |")
    w("")
    w("The quoted numbers come from an earlier harness whose exact build (crate versions, "
      "harness code, what the HS256 case included) is not recorded, so only the EdDSA and ES256 "
      "instruction counts are directly comparable (within 2%). The HS256 bare check here starts "
      "from a pre-keyed HMAC state, as edgeauth's `HmacKey` does, which skips the two key-pad "
      "compressions a from-scratch HMAC pays; that plausibly explains most of the HS256 "
      "instruction difference. The JWT overheads above are computed against the bare numbers "
      "measured here, in the same harness.")
    w("")

    w("## Compared with published embedded implementations")
    w("")
    es = get("s", "ES256", "bare", "ES256")
    ej = get("s", "ES256", "jwt", "ES256")
    w("| implementation | scope | code size | stack (ECDSA verify) | source |")
    w("|---|---|---:|---:|---|")
    w(f"| edgeauth ES256 (this page, opt \"s\") | full JWT verify, P-256 via RustCrypto `p256` | "
      f"{kb(ej['flash'])} (whole binary) | {ej['stack']:,} B | measured |")
    w(f"| RustCrypto `p256` alone (this page) | ECDSA verify incl. SHA-256 | {kb(es['flash'])} "
      f"(whole binary) | {es['stack']:,} B | measured |")
    w("| p256-m | ECDH + ECDSA on P-256, C, Cortex-M4, GCC 9 `-Os` | 2,920 B | 784 B (Cortex-M0) | "
      "[p256-m README](https://github.com/mpg/p256-m/blob/main/README.md) |")
    w("| TinyCrypt 0.2.8 | ECDH + ECDSA on P-256, C, Cortex-M4 | 5,934 B | 824 B (Cortex-M0) | "
      "same README, measured by p256-m's author |")
    w("| micro-ecc (early `ecc.c` version) | ECDH + ECDSA on secp256r1, Thumb asm, Cortex-M0, GCC 4.8 "
      "`-Os` | 2,846 B | 792 B | [micro-ecc README](https://github.com/kmackay/micro-ecc) "
      "(tables \"ECDSA speed and combined code size\", \"Maximum stack usage\") |")
    w("")
    w("Time is not compared in the table because the published figures are wall-clock on other "
      "cores: micro-ecc's README gives 590 ms for a secp256r1 ECDSA verify on an LPC1114 "
      "(Cortex-M0, 48 MHz, about 28 M cycles), and p256-m's 29 ms for a verify on a Cortex-A7. "
      f"The RustCrypto `p256` verify here is {k_instr(es['instructions'])} emulated instructions. "
      "The C libraries are an order of magnitude smaller in flash and stack because they implement "
      "one curve with minimal code; RustCrypto's generic field and point arithmetic (crypto-bigint, "
      "primeorder) trades size for genericity. A firmware that must fit in 64 KB of flash and can "
      "take a C dependency could verify ES256 with p256-m behind edgeauth's JOSE layer; edgeauth "
      "does not offer that backend today. For Ed25519 on the Cortex-M4, Fujii and Aranha, "
      "[Curve25519 for the Cortex-M4 and beyond](https://www.researchgate.net/publication/334583282_Curve25519_for_the_Cortex-M4_and_Beyond) "
      "(LATINCRYPT 2017) describe assembly-optimised field arithmetic well beyond what the portable "
      "32-bit backend of `curve25519-dalek` used here does.")
    w("")

    w("## Using the core in firmware")
    w("")
    w("**Features.** Depend on `edgeauth` with `default-features = false` and enable only the "
      "algorithms your issuer uses: `hs256`, `hs384`, `hs512` (one HMAC hash each; `hmac` is all "
      "three, and HS384/HS512 link SHA-512's compression function), `eddsa` (Ed25519), `es256` "
      "(P-256), "
      "`rsa` (RS256/PS256 and the SHA-384/512 variants; the firmware's `cases` checks RS256 on the "
      "device, its footprint is not measured here). "
"Leave `fast` off on a microcontroller: it adds precomputed Ed25519 base-point tables that only "
      "speed up signing. "
      f"Add `{SMALL}` when flash is tighter than time, typically with `eddsa` or `es256`: it "
      "makes the JWT layer smaller and slower (see the targets table above), and it accepts and "
      "refuses exactly what the default build does. Every feature combination builds for `thumbv7em-none-eabi` with no global "
      "allocator (this firmware has none, so it would not link if anything needed the heap).")
    w("")
    w("```toml")
    w("[dependencies]")
    w('edgeauth = { version = "0.1", default-features = false, features = ["eddsa"] }')
    w('# or, for an HS256 issuer: features = ["hs256"]')
    w("```")
    w("")
    ks = sizes_line.get("all") or next(iter(sizes_line.values()), {})
    w("**Buffers to reserve.**")
    w("")
    w("- *Scratch* for `Verifier::verify`: the decoded header, payload and signature, about 3/4 of "
      "the token length. The fixture tokens here need "
      + ", ".join(f"{alg} {need} B for a {length}-byte token" for alg, (length, need) in scratch.items())
      + "; the firmware reserves 384 B. A too-small buffer is refused with "
      "`Error::BufferTooSmall { needed }`, never a panic, so size it from your issuer's largest token "
      "and keep `Verifier::max_token_len` at that length.")
    if ks:
        w(f"- *Key set*: `KeySet<'_, N>` is {ks.get('keyset_base', '?')} B plus "
          f"{ks.get('keyset_per_key', '?')} B per key slot with all three algorithms compiled in "
          f"(a `VerifyingKey` is {ks.get('verifying_key', '?')} B; the rest is the inline `kid` of up "
          "to 128 bytes). Fewer algorithms make keys smaller.")
    w("- *Stack*: reserve the worst-case per-verify stack of the table above plus your own "
      f"frames; with opt \"s\" and a single algorithm that is {worst['HS256']:,} B for HS256, "
      f"{worst['EdDSA']:,} B for EdDSA and {worst['ES256']:,} B for ES256 (depth-16 token "
      "included). " + (
          "Compiling in the other algorithms does not change an algorithm's stack by more than "
          f"{max(abs(a_worst[alg] - worst[alg]) for alg in ALGS):,} B (each signature check is "
          "its own function)." if all(abs(a_worst[alg] - worst[alg]) <= 256 for alg in ALGS) else
          "With all three algorithms compiled in it is larger; see \"Largest stack frames\"."))
    w("")
    w("**Time comes from you.** The core never reads a clock: `Validation::new(now)` takes unix "
      "seconds from the caller. On a device, read your RTC (or a time synchronised over the "
      "network) for every request; if the clock can be wrong after a reset, refuse tokens until it "
      "is set rather than passing 0, and use `.leeway(seconds)` for drift. The firmware uses a fixed "
      "`now` so the expired case is reproducible.")
    w("")
    w("**A `KeySet` in a `static` without `unsafe`.** `KeySet::new` is `const`, but `insert` needs "
      "`&mut`, so a plain `static` cannot be filled at run time without interior mutability. Three "
      "safe ways, from the simplest:")
    w("")
    w("1. Build it in `main` and pass `&KeySet` down (it never moves; keep it out of interrupt "
      "handlers or share it through a `critical_section::Mutex`).")
    w("2. Put it in static storage once with `cortex_m::singleton!`, which returns a "
      "`&'static mut` exactly once; this firmware does that (`src/bin/cases.rs`), so the key set "
      "lives in `.bss` instead of the stack:")
    w("")
    w("```rust")
    w("let keys = cortex_m::singleton!(: KeySet<'static, 3> = KeySet::new()).unwrap();")
    w("keys.insert(Some(\"ed-1\"), VerifyingKey::ed25519(&PUBLIC_KEY)?).map_err(|e| e.kind)?;")
    w("let keys: &'static KeySet<'static, 3> = keys; // shared from here on")
    w("let verifier = Verifier::new(keys);")
    w("```")
    w("")
    w("3. Initialise it lazily with a `once_cell`/`critical_section`-based cell if several tasks "
      "need it; the core's types are plain data and need nothing special.")
    w("")
    w("**Errors, not panics.** Every refusal is an `edgeauth::Error` variant; the firmware's panic "
      "handler exits QEMU with a non-zero status, and `run.sh` would fail if any case panicked.")
    w("")
    w("## Reproduce")
    w("")
    w("```sh")
    w("apt-get install -y qemu-system-arm llvm       # QEMU 7.2 and llvm-size on Debian 12")
    w("rustup target add thumbv7em-none-eabi")
    w("bash examples/firmware/run.sh                 # functional check: every case, each feature set")
    w("bash examples/firmware/measure.sh             # this page and results/embedded.csv")
    w("python3 examples/firmware/fixtures/gen_fixtures.py   # regenerate the fixture tokens")
    w("```")
    w("")
    os.makedirs(os.path.dirname(MD_PATH), exist_ok=True)
    with open(MD_PATH, "w", encoding="utf-8") as f:
        f.write("\n".join(L))


if __name__ == "__main__":
    main()
