#!/usr/bin/env python3
"""The package's copyright file and CycloneDX SBOM, from `cargo metadata` alone.

    packaging/licences.py copyright > copyright                 # who and which licence
    packaging/licences.py texts > dependency-licences.txt       # every licence text shipped
    packaging/licences.py sbom VERSION COMMIT > fieldvault.cdx.json

Both list exactly the crates compiled into the released binary (normal dependencies of
the `fieldvault` package with the features the package is built with, for x86_64 Linux),
read from Cargo.lock with `--locked --offline`, so nothing is fetched. Both are
deterministic: the same commit gives the same bytes (no time, no random serial number),
which keeps `packaging/check-reproducible` meaningful for them too.
"""

import hashlib
import json
import os
import subprocess
import sys
import tomllib

FEATURES = "sound"
TARGET = "x86_64-unknown-linux-gnu"
LICENCE_FILES = ("LICENSE", "LICENCE", "COPYING", "COPYRIGHT", "NOTICE", "UNLICENSE")


def metadata():
    out = subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--locked", "--offline",
         "--features", FEATURES, "--filter-platform", TARGET],
        check=True, capture_output=True, text=True,
    ).stdout
    return json.loads(out)


def shipped(meta):
    """The packages compiled into the binary: normal dependencies reached from the root."""
    packages = {p["id"]: p for p in meta["packages"]}
    nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
    root = next(p["id"] for p in meta["packages"] if p["name"] == "fieldvault" and p["source"] is None)
    seen, todo = set(), [root]
    while todo:
        node = nodes[todo.pop()]
        if node["id"] in seen:
            continue
        seen.add(node["id"])
        for dep in node["deps"]:
            if any(k["kind"] is None for k in dep["dep_kinds"]):
                todo.append(dep["pkg"])
    return sorted((packages[i] for i in seen), key=lambda p: (p["name"], p["version"]))


def licence_texts(package):
    folder = os.path.dirname(package["manifest_path"])
    texts = []
    for name in sorted(os.listdir(folder)):
        if name.upper().startswith(LICENCE_FILES) and os.path.isfile(os.path.join(folder, name)):
            with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as f:
                texts.append((name, f.read().strip()))
    return texts


def copyright_file(meta):
    lines = [
        "fieldvault — offline-first encrypted interview recorder",
        "",
        "fieldvault itself: Copyright the fieldvault developers. Licensed under the Apache",
        "License, Version 2.0: /usr/share/common-licenses/Apache-2.0.",
        "",
        "The binary embeds the NanumGothic font (Copyright NAVER Corporation), licensed",
        "under the SIL Open Font License 1.1: /usr/share/doc/fieldvault/NanumGothic-OFL.txt.",
        "",
        "It also embeds SQLCipher (BSD-style, Zetetic LLC; SQLite is in the public domain)",
        "and OpenSSL (Apache-2.0), built from source through the crates below, and these",
        "Rust crates, each under the licence named. The licence texts the crates ship are in",
        "/usr/share/doc/fieldvault/dependency-licences.txt.gz.",
        "",
    ]
    for package in shipped(meta):
        if package["source"] is None:
            continue
        licence = package.get("license") or "see its licence file"
        lines.append(f"  {package['name']} {package['version']}: {licence}")
    return "\n".join(lines) + "\n"


def licence_texts_file(meta):
    by_text = {}
    for package in shipped(meta):
        if package["source"] is None:
            continue
        for name, text in licence_texts(package):
            key = hashlib.sha256(text.encode()).hexdigest()
            by_text.setdefault(key, (text, []))[1].append(f"{package['name']} {package['version']} ({name})")
    lines = ["The licence texts shipped by the crates compiled into fieldvault, each once,", "with the crates that ship it.", ""]
    for key in sorted(by_text, key=lambda k: by_text[k][1][0]):
        text, owners = by_text[key]
        lines.append("=" * 78)
        lines.append("Shipped by: " + ", ".join(owners))
        lines.append("-" * 78)
        lines.append(text)
        lines.append("")
    return "\n".join(lines) + "\n"


def checksums():
    """Each registry crate's SHA-256 as Cargo.lock records it."""
    with open("Cargo.lock", "rb") as f:
        lock = tomllib.load(f)
    return {(p["name"], p["version"]): p["checksum"] for p in lock["package"] if "checksum" in p}


def sbom(meta, version, commit):
    sums = checksums()
    components = []
    for package in shipped(meta):
        if package["source"] is None:
            continue
        component = {
            "type": "library",
            "bom-ref": f"pkg:cargo/{package['name']}@{package['version']}",
            "name": package["name"],
            "version": package["version"],
            "purl": f"pkg:cargo/{package['name']}@{package['version']}",
        }
        if package.get("license"):
            component["licenses"] = [{"expression": package["license"]}]
        checksum = sums.get((package["name"], package["version"]))
        if checksum:
            component["hashes"] = [{"alg": "SHA-256", "content": checksum}]
        components.append(component)
    document = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.5",
        "version": 1,
        "metadata": {
            "component": {
                "type": "application",
                "bom-ref": "fieldvault",
                "name": "fieldvault",
                "version": version,
                "licenses": [{"expression": "Apache-2.0"}],
                "properties": [{"name": "git:commit", "value": commit}],
            },
        },
        "components": components,
        "dependencies": [{"ref": "fieldvault", "dependsOn": [c["bom-ref"] for c in components]}],
    }
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def main():
    meta = metadata()
    if sys.argv[1:2] == ["copyright"]:
        sys.stdout.write(copyright_file(meta))
    elif sys.argv[1:2] == ["texts"]:
        sys.stdout.write(licence_texts_file(meta))
    elif sys.argv[1:2] == ["sbom"] and len(sys.argv) == 4:
        sys.stdout.write(sbom(meta, sys.argv[2], sys.argv[3]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
