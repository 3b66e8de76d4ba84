"""Where a linked firmware ELF's flash goes, by source module, and which panic calls it keeps.

Used by measure.py. Needs llvm-objdump, llvm-symbolizer, llvm-nm and llvm-objcopy (Debian package
`llvm`) and an ELF built with debug info (the firmware's release profile has `debug = 2`; debug
info is not loaded to the device and changes no code).

**Code (.text).** Every instruction and literal-pool word is symbolized with its inline stack
(`llvm-symbolizer --inlining`). Its bytes go to the innermost frame that is *not* the Rust
standard library: a `core` helper inlined into `edgeauth::json` counts for `edgeauth::json`, and
`base64` code inlined into edgeauth counts for `base64`. Only code made of library frames alone
(`memcpy`, `core::str::from_utf8`, ...) counts for the library module itself. Source paths map
to modules: `core/src/<m>` of this repository is `edgeauth::<m>` (`edgeauth::alg::<file>` for the
algorithm files), a registry path is its crate, the Rust library is `core::<m>`, and the
firmware's own sources are the harness.

**Constants (.rodata).** Compact tokens (text starting `eyJ`, the test fixtures) count as "token
fixtures". Named symbols go to their path's module. Anonymous constants (panic
locations, string literals, lookup tables) and the unnamed merged-string ranges between symbols go
to the module of the first instruction that loads their address (`movw`/`movt` pairs or literal
words; the most frequent loader other than the harness), then through pointers stored in other
constants (a panic location points at its file name).

**Panic sites.** Calls into the panic entry points of `core` (bounds checks, slicing, unwraps)
from outside the Rust library, each with the source line of its innermost non-library frame.
"""

import bisect
import collections
import json
import os
import re
import subprocess
import tempfile

PANIC_CALLEE = re.compile(
    r"core::panicking::|core::slice::index::|core::str::slice_error_fail|unwrap_failed|"
    r"core::option::expect_failed|copy_within|copy_from_slice|len_mismatch_fail")


def _run(cmd, stdin=None):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, input=stdin).stdout


def _tool(name):
    for candidate in (name, f"{name}-19", f"{name}-18", f"{name}-17", f"{name}-16", f"{name}-15",
                      f"{name}-14"):
        for d in os.environ.get("PATH", "").split(os.pathsep):
            if os.access(os.path.join(d, candidate), os.X_OK):
                return candidate
    raise SystemExit(f"error: {name} not found (apt-get install llvm)")


OBJDUMP, SYMBOLIZER, NM, OBJCOPY = (_tool(t) for t in (
    "llvm-objdump", "llvm-symbolizer", "llvm-nm", "llvm-objcopy"))


def module_of(path):
    """The module a source path belongs to, or None for an unknown path."""
    if not path:
        return None
    if path.startswith("/rustc/"):
        if "compiler-builtins" in path:
            return "compiler_builtins"
        m = re.search(r"/library/core/src/([^/]+)", path)
        return "core::" + m.group(1).removesuffix(".rs") if m else "Rust library"
    if "/examples/firmware/" in path:
        return "firmware harness"
    m = re.search(r"/core/src/(.*)$", path)
    if m:
        parts = m.group(1).split("/")
        if parts == ["lib.rs"]:
            # Code at line 0 is attributed to the crate root: compiler-generated glue.
            return "edgeauth (line 0, compiler-generated)"
        if parts[0] == "alg" and len(parts) > 1:
            return "edgeauth::alg::" + parts[1].removesuffix(".rs")
        return "edgeauth::" + parts[0].removesuffix(".rs")
    m = re.search(r"/registry/src/[^/]+/([A-Za-z0-9_\-]+?)-\d+\.\d+\.\d+[^/]*/", path)
    if m:
        return m.group(1).replace("-", "_")
    return None


def _owner(frames):
    """Module of one instruction from its inline stack (innermost frame first)."""
    for f in frames:
        name = f.get("FileName", "")
        if name and not name.startswith("/rustc/"):
            owner = module_of(name)
            if owner:
                return owner
    # Library frames only. The line table can name a library file for code of a function of
    # this repository (LTO merges debug locations), so the function's own name decides first.
    outer = frames[-1].get("FunctionName", "") if frames else ""
    if re.match(r"(edgeauth_firmware|jwt|bare|cases)::", outer):
        return "firmware harness"
    if m := re.match(r"edgeauth::([a-z0-9_]+)", outer):
        return "edgeauth::" + m.group(1)
    for f in reversed(frames):
        owner = module_of(f.get("FileName", ""))
        if owner:
            return owner
    return "runtime without line info (cortex-m-rt)"


def _symbolize(elf, addrs):
    out = _run([SYMBOLIZER, f"--obj={elf}", "--inlining", "--output-style=JSON"],
               "\n".join(hex(a) for a in addrs))
    return [json.loads(line).get("Symbol", []) for line in out.splitlines()]


def _sections(elf):
    secs = {}
    for line in _run([OBJDUMP, "-h", elf]).splitlines():
        p = line.split()
        if len(p) >= 5 and p[1].startswith("."):
            secs[p[1]] = (int(p[3], 16), int(p[2], 16))
    return secs


def _disassembly(elf):
    """Addresses of every instruction/data word of .text and the addresses the code loads."""
    addrs, refs, movw = [], [], {}
    for line in _run([OBJDUMP, "-d", "--no-show-raw-insn", elf]).splitlines():
        m = re.match(r"^ +([0-9a-f]+):\s*(.*)$", line)
        if not m:
            continue
        a, insn = int(m.group(1), 16), m.group(2)
        addrs.append(a)
        if w := re.search(r"\.word\s+0x([0-9a-f]+)", insn):
            refs.append((a, int(w.group(1), 16)))
        if w := re.search(r"\bmovw\s+(\w+), #(\d+)", insn):
            movw[w.group(1)] = int(w.group(2))
            refs.append((a, int(w.group(2))))
        if (w := re.search(r"\bmovt\s+(\w+), #(\d+)", insn)) and w.group(1) in movw:
            refs.append((a, (int(w.group(2)) << 16) | movw.pop(w.group(1))))
    return addrs, refs


def flash_by_module(elf, detail=None):
    """Bytes of .text + .rodata per module (see the module documentation). With `detail` (a
    dict), also lists each constant under its owner: (address, size, symbol name or None)."""
    secs = _sections(elf)
    text_start, text_size = secs[".text"]
    addrs, refs = _disassembly(elf)
    bounds = addrs + [text_start + text_size]
    sums = collections.Counter()
    owner_at = {}
    for i, frames in enumerate(_symbolize(elf, addrs)):
        owner = _owner(frames)
        owner_at[addrs[i]] = owner
        sums[owner] += bounds[i + 1] - addrs[i]

    ro_start, ro_size = secs.get(".rodata", (0, 0))
    ro_end = ro_start + ro_size
    named = []
    for line in _run([NM, "-C", "-S", "-n", elf]).splitlines():
        p = line.split(None, 3)
        if len(p) == 4 and p[2] in "rR" and ro_start <= int(p[0], 16) < ro_end:
            named.append((int(p[0], 16), int(p[1], 16), p[3]))
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "rodata.bin")
        _run([OBJCOPY, "-O", "binary", "--only-section=.rodata", elf, path])
        with open(path, "rb") as f:
            ro = f.read()
    # Unnamed ranges, split at every address the code loads or a constant points at (a `&str`
    # field of a static struct), become entries of their own.
    stored = {int.from_bytes(ro[k:k + 4], "little") for k in range(0, len(ro) - 3, 4)}
    targets = sorted({t for _, t in refs if ro_start <= t < ro_end}
                     | {t for t in stored if ro_start <= t < ro_end})
    entries, at = [], ro_start
    for s, end in [(s, s + n) for s, n, _ in named] + [(ro_end, ro_end)]:
        if s > at:
            cuts = [at] + [t for t in targets if at < t < s] + [s]
            entries += [(a, b - a, None) for a, b in zip(cuts, cuts[1:])]
        at = max(at, end)
    entries = sorted(entries + named)
    starts = [e[0] for e in entries]

    def entry_at(addr):
        i = bisect.bisect_right(starts, addr) - 1
        if i >= 0 and entries[i][0] <= addr < entries[i][0] + max(entries[i][1], 1):
            return i
        return None

    # The most frequent loader wins; the harness only when nothing else loads the constant
    # (LLVM often hoists an address load of inlined library code into the calling function).
    loaders = collections.defaultdict(collections.Counter)
    for a, t in refs:
        i = entry_at(t)
        if i is not None:
            loaders[i][owner_at.get(a, "?")] += 1
    user = {}
    for i, votes in loaders.items():
        ranked = [o for o, _ in votes.most_common() if o != "firmware harness"]
        user[i] = ranked[0] if ranked else "firmware harness"
    for _ in range(3):  # constants that point at constants (panic location -> file name)
        for i, (s, n, _) in enumerate(entries):
            if i not in user:
                continue
            off = s - ro_start
            for k in range(off - off % 4, off + n, 4):
                if 0 <= k <= len(ro) - 4:
                    j = entry_at(int.from_bytes(ro[k:k + 4], "little"))
                    if j is not None and j not in user:
                        user[j] = user[i]
    covered = 0
    for i, (s, n, name) in enumerate(entries):
        covered += n
        off = s - ro_start
        if ro[off:off + 3] == b"eyJ" and n >= 64:
            # A compact token (base64url of `{"`): the test fixtures both binaries hold, which
            # would otherwise count for whichever code loads their address first.
            owner = "token fixtures"
        elif name is None or name.startswith(".L"):
            owner = user.get(i, "constants not loaded by code")
        else:
            m = re.match(r"^<?([a-z_][a-z0-9_]*)(?:::([a-z_][a-z0-9_]*))?", name)
            owner = name
            if m:
                owner = m.group(1)
                if owner in ("edgeauth", "core") and m.group(2):
                    owner = f"{owner}::{m.group(2)}"
        sums[owner] += n
        if detail is not None:
            detail.setdefault(owner, []).append((s, n, name))
    sums["alignment padding"] += ro_size - covered
    return sums


def panic_sites(elf):
    """(panic entry point, source location, calling function) for every call into a panic
    path from code outside the Rust library."""
    sites, fn = [], None
    for line in _run([OBJDUMP, "-d", "-C", "--no-show-raw-insn", elf]).splitlines():
        m = re.match(r"^[0-9a-f]+ <(.*)>:$", line)
        if m:
            fn = m.group(1)
            continue
        m = re.match(r"^ +([0-9a-f]+):\s+(?:bl|b|b\.w|blx)\s+0x[0-9a-f]+ <(.*?)(?:\+0x[0-9a-f]+)?>",
                     line)
        if m and PANIC_CALLEE.search(m.group(2)) and not PANIC_CALLEE.search(fn or ""):
            sites.append((int(m.group(1), 16), m.group(2)))
    out = []
    for (addr, callee), frames in zip(sites, _symbolize(elf, [a for a, _ in sites])):
        user = next((f for f in frames if not f.get("FileName", "/rustc/").startswith("/rustc/")),
                    None)
        if user is None:
            continue
        where = re.sub(r"^.*/(core/src|examples/firmware/src|registry/src/[^/]+)/", "",
                       user["FileName"])
        callee = re.sub(r"::h[0-9a-f]{16}$", "", callee)
        callee = re.sub(r"^core::slice::_\$LT\$impl\$u20\$\$u5b\$T\$u5d\$\$GT\$::", "<[T]>::", callee)
        out.append((callee, f"{where}:{user.get('Line', 0)}", module_of(user["FileName"]) or "?"))
    return sorted(set(out), key=lambda s: (s[2], s[1], s[0]))
