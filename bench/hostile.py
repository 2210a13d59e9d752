"""The hostile-input section of the bench: wall time and peak RSS of `lint` and `validate`
on every file of tests/hostile/, and on the inputs only a running process can make (block
nesting and a wide document too big to commit, a symbolic link loop, a dangling link).

The budget is 1 s and 256 MiB per input; a row over it is marked, and the section fails.
"""
import os

BUDGET_MS = 1000.0
BUDGET_MIB = 256.0


def _generated(work):
    """(name, path) of the inputs made here rather than committed."""
    made = []
    for levels in (10_000, 500):
        path = os.path.join(work, f"deep-block-{levels}.yaml")
        with open(path, "w") as f:
            f.writelines(" " * i + "a:\n" for i in range(levels))
        made.append((f"deep-block-{levels}.yaml (made)", path))
    wide = os.path.join(work, "wide.yaml")
    with open(wide, "w") as f:
        n = (8 * 1024 * 1024 - 2) // 2
        f.write("[" + "x," * (n - 1) + "x]")
    made.append(("wide.yaml, 4M one-letter scalars (made)", wide))
    # The worst a document within the node limit can cost: a flow mapping just under it.
    edge = os.path.join(work, "edge-map.yaml")
    with open(edge, "w") as f:
        f.write("{" + ",".join(f"k{i}: 1" for i in range(124_990)) + "}")
    made.append(("edge-map.yaml, 124,990 keys, just within (made)", edge))
    template = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n'
    loop = os.path.join(work, "link-loop")
    os.makedirs(os.path.join(loop, "sub"))
    with open(os.path.join(loop, "t.yaml"), "w") as f:
        f.write(template)
    os.symlink("..", os.path.join(loop, "sub", "up"))
    made.append(("link loop sub/up -> .. (made)", loop))
    dangling = os.path.join(work, "dangling")
    os.makedirs(dangling)
    with open(os.path.join(dangling, "t.yaml"), "w") as f:
        f.write(template)
    os.symlink("nowhere.yaml", os.path.join(dangling, "x.yaml"))
    made.append(("dangling x.yaml (made)", dangling))
    return made


def run(bin_path, root, work, runs, measure):
    """Times every hostile input; returns one row per input and command."""
    corpus_dir = os.path.join(root, "tests", "hostile")
    inputs = [(f, os.path.join(corpus_dir, f)) for f in sorted(os.listdir(corpus_dir))
              if not f.endswith(".md")]
    inputs += _generated(work)
    rows = []
    for name, path in inputs:
        commands = [("lint", [bin_path, "lint", path])]
        if os.path.isfile(path):
            commands.append(("validate", [bin_path, "validate", path]))
        for command, argv in commands:
            r = measure(f"{command} {name}", argv, runs, root, ok_codes=(0, 1, 2))
            r["within_budget"] = r["max_ms"] <= BUDGET_MS and r["peak_rss_mib"] <= BUDGET_MIB
            rows.append(r)
    return rows


def print_table(rows):
    print()
    print(f"{'hostile input':<52} {'runs':>5} {'median ms':>10} {'max ms':>8} {'peak MiB':>9}")
    for r in rows:
        mark = "" if r["within_budget"] else "  OVER BUDGET"
        print(f"{r['case']:<52} {r['runs']:>5} {r['median_ms']:>10.2f} {r['max_ms']:>8.2f} "
              f"{r['peak_rss_mib']:>9.1f}{mark}")
