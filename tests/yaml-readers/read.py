"""Reads every YAML file journeymap wrote (the corpus: N.yaml beside N.json, the data
journeymap read from it) with Python's YAML readers and fails when one rejects a file or reads
data other than journeymap's: PyYAML's pure loader and its libyaml loader (YAML 1.1, with
dates, sexagesimal numbers, `=` and `<<`), and ruamel.yaml's safe loader (YAML 1.2).

Usage: python3 read.py CORPUS_DIR
       python3 read.py --go LINES CORPUS_DIR   (compare what read.go printed to LINES)
"""
import json
import math
import pathlib
import sys

import ruamel.yaml
import yaml


def same(a, b, at="$"):
    """Where `a` (a reader's data) differs from `b` (journeymap's), or None."""
    if isinstance(b, bool) or isinstance(a, bool):
        return None if a is b else f"{at}: {a!r} is not {b!r}"
    if isinstance(b, (int, float)) and isinstance(a, (int, float)):
        return None if math.isclose(a, b, rel_tol=1e-12) else f"{at}: {a!r} is not {b!r}"
    if type(a) is not type(b):
        return f"{at}: {type(a).__name__} {a!r} where journeymap reads {type(b).__name__} {b!r}"
    if isinstance(b, dict):
        if list(a) != list(b):
            return f"{at}: keys {list(a)} are not {list(b)}"
        for key in b:
            found = same(a[key], b[key], f"{at}.{key}")
            if found:
                return found
        return None
    if isinstance(b, list):
        if len(a) != len(b):
            return f"{at}: {len(a)} items, not {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            found = same(x, y, f"{at}[{i}]")
            if found:
                return found
        return None
    return None if a == b else f"{at}: {a!r} is not {b!r}"


def plain(data):
    """ruamel's containers as plain dicts and lists."""
    if isinstance(data, dict):
        return {str(k): plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [plain(v) for v in data]
    return data


def go_yaml(lines_path):
    """A reader that looks up what go-yaml (read.go) read from a file, by the file's name."""
    read = {}
    for line in pathlib.Path(lines_path).read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        read[entry["file"]] = entry

    def reader(path):
        entry = read.get(path.name)
        if entry is None:
            raise LookupError("read.go printed nothing for this file")
        if "error" in entry:
            raise ValueError(entry["error"])
        return entry["data"]

    return {"go-yaml v3": reader}


def main():
    arguments = sys.argv[1:]
    if arguments[:1] == ["--go"]:
        readers = go_yaml(arguments[1])
        arguments = arguments[2:]
    else:
        ruamel_safe = ruamel.yaml.YAML(typ="safe", pure=True)
        readers = {
            "PyYAML (pure)": lambda path: yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader),
            "PyYAML (libyaml)": lambda path: yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader),
            "ruamel.yaml (safe, 1.2)": lambda path: plain(ruamel_safe.load(path.read_text(encoding="utf-8"))),
        }
    corpus = pathlib.Path(arguments[0])
    files = sorted(corpus.glob("*.yaml"))
    if not files:
        sys.exit(f"no YAML files in {corpus}")
    failures = []
    for path in files:
        expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        for name, read in readers.items():
            try:
                found = same(read(path), expected)
            except Exception as error:  # a reader's refusal, whatever its type
                found = f"rejected: {type(error).__name__}: {str(error)[:300]}"
            if found:
                failures.append(f"{path.name}: {name}: {found}")
    for failure in failures[:40]:
        print(failure)
    if failures:
        sys.exit(f"{len(failures)} disagreements in {len(files)} files")
    print(f"{len(files)} files read the same by {', '.join(readers)}")


main()
