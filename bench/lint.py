"""The lint section of the bench: `platformctl lint` against `cfn-lint` on the same inputs.

Inputs are the lint corpus (tests/lint-corpus, every template in one invocation) and
synthetic templates of N resources written to a temporary directory: a realistic mix of
networking, messaging, storage, IAM and Lambda resources wired together with Ref, GetAtt
and Sub, repeated until N is reached. Both linters run as a user would run them (one
process per input, start-up included); the median of several runs is reported, with
cfn-lint given fewer runs on the large inputs because each takes seconds to minutes.
"""
import json
import os
import statistics
import time
import subprocess

SIZES = (1, 500, 1000, 5000)


def _group(i):
    """One slice of an application: eight resources referring to each other."""
    s = f"{i:05d}"
    return {
        f"Topic{s}": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": f"events-{s}"}},
        f"Queue{s}": {
            "Type": "AWS::SQS::Queue",
            "DeletionPolicy": "Delete",
            "UpdateReplacePolicy": "Delete",
            "Properties": {"QueueName": f"events-{s}", "SqsManagedSseEnabled": True,
                           "VisibilityTimeout": 120, "MessageRetentionPeriod": "345600"},
        },
        f"Subscription{s}": {
            "Type": "AWS::SNS::Subscription",
            "Properties": {"TopicArn": {"Ref": f"Topic{s}"}, "Protocol": "sqs",
                           "Endpoint": {"Fn::GetAtt": [f"Queue{s}", "Arn"]}},
        },
        f"Role{s}": {
            "Type": "AWS::IAM::Role",
            "Properties": {
                "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                     "Action": "sts:AssumeRole"}]},
                "Policies": [{"PolicyName": "consume", "PolicyDocument": {
                    "Version": "2012-10-17", "Statement": [
                        {"Effect": "Allow", "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage"],
                         "Resource": {"Fn::GetAtt": [f"Queue{s}", "Arn"]}}]}}],
            },
        },
        f"Logs{s}": {
            "Type": "AWS::Logs::LogGroup",
            "DeletionPolicy": "Delete",
            "UpdateReplacePolicy": "Delete",
            "Properties": {"LogGroupName": f"/aws/lambda/consumer-{s}", "RetentionInDays": 30},
        },
        f"Consumer{s}": {
            "Type": "AWS::Lambda::Function",
            "DependsOn": f"Logs{s}",
            "Properties": {
                "FunctionName": f"consumer-{s}", "Runtime": "python3.12",
                "Handler": "index.handler", "MemorySize": 256, "Timeout": 60,
                "Role": {"Fn::GetAtt": [f"Role{s}", "Arn"]},
                "Code": {"ZipFile": "def handler(event, context):\n    return None\n"},
                "Environment": {"Variables": {"QUEUE_URL": {"Ref": f"Queue{s}"}}},
            },
        },
        f"Mapping{s}": {
            "Type": "AWS::Lambda::EventSourceMapping",
            "Properties": {"FunctionName": {"Ref": f"Consumer{s}"}, "BatchSize": 10,
                           "EventSourceArn": {"Fn::GetAtt": [f"Queue{s}", "Arn"]}},
        },
        f"Group{s}": {
            "Type": "AWS::EC2::SecurityGroup",
            "Properties": {
                "GroupDescription": {"Fn::Sub": f"consumer {s} in ${{AWS::StackName}}"},
                "VpcId": "vpc-0123456789abcdef0",
                "SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
                                          "CidrIp": "10.0.0.0/8", "Description": "HTTPS"}],
            },
        },
    }


def synthetic_template(n):
    """A template of exactly `n` resources."""
    resources = {}
    i = 0
    while len(resources) < n:
        for name, body in _group(i).items():
            if len(resources) < n:
                resources[name] = body
        i += 1
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": f"Synthetic template of {n} resources for the lint bench",
        "Resources": resources,
    }


def _median_ms(argv, runs):
    walls = []
    for _ in range(runs):
        start = time.perf_counter()
        code = subprocess.call(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        walls.append((time.perf_counter() - start) * 1000.0)
        # platformctl: 0 clean, 1 findings; cfn-lint: a bit mask of 2/4/8 for findings.
        if code not in (0, 1) and code % 2 == 1:
            raise SystemExit(f"bench: {argv[0]} exited {code}: {' '.join(argv)}")
    return statistics.median(walls)


def run(bin_path, cfn_lint, root, work, runs, cfn_runs):
    """Times both linters on every input; returns one row per input."""
    corpus_dir = os.path.join(root, "tests", "lint-corpus")
    corpus = sorted(
        os.path.join(d, f) for d, _, files in os.walk(corpus_dir) for f in files
        if f.endswith((".yaml", ".json"))
    )
    inputs = [("corpus", corpus, None)]
    for n in SIZES:
        path = os.path.join(work, f"synthetic-{n}.json")
        with open(path, "w") as f:
            json.dump(synthetic_template(n), f, indent=1)
        inputs.append((f"synthetic {n}", [path], n))
    rows = []
    for name, files, resources in inputs:
        if resources is None:
            resources = sum(_count_resources(f) for f in files)
        ours = _median_ms([bin_path, "lint", *files], runs)
        # cfn-lint takes long on the big inputs: fewer runs there (reported in the table);
        # none at all when asked for none (platformctl timed alone).
        theirs_runs = cfn_runs if (resources or 0) < 5000 else max(1, cfn_runs // 3)
        theirs_runs = min(theirs_runs, cfn_runs)
        theirs = _median_ms([cfn_lint, "--", *files], theirs_runs) if theirs_runs else float("nan")
        rows.append({
            "input": name, "files": len(files), "resources": resources,
            "platformctl_runs": runs, "platformctl_ms": ours,
            "cfn_lint_runs": theirs_runs, "cfn_lint_ms": theirs,
            "speedup": theirs / ours,
            "platformctl_us_per_resource": ours * 1000.0 / resources,
            "cfn_lint_ms_per_resource": theirs / resources,
        })
    return rows


def _count_resources(path):
    # A rough count for the per-resource column: top-level resource entries.
    count = 0
    inside = False
    with open(path) as f:
        text = f.read()
    if path.endswith(".json"):
        try:
            return max(1, len(json.loads(text).get("Resources", {})))
        except (ValueError, AttributeError):
            return 1
    for line in text.splitlines():
        if line.startswith("Resources:"):
            inside = True
        elif line and not line.startswith((" ", "#")):
            inside = False
        elif inside and line.startswith("  ") and not line.startswith("   ") and line.rstrip().endswith(":"):
            count += 1
    return max(1, count)


def _region(path):
    """The `# region: R` line of a corpus entry, if any (both linters then check R)."""
    if not path.endswith(".yaml"):
        return None
    with open(path) as f:
        for line in f:
            if not line.startswith("#"):
                break
            if line.startswith("# region:"):
                return line.split(":", 1)[1].strip()
    return None


def _templates(d, recursive=False):
    found = []
    for base, dirs, files in os.walk(d):
        found += [os.path.join(base, f) for f in files
                  if f.endswith((".yaml", ".yml", ".json", ".template")) and not f.endswith(".child.yaml")]
        if not recursive:
            break
    return sorted(found)


def cfn_lint_fixtures(root, kind="bad"):
    """cfn-lint's own bad- or good-template fixtures (test/fixtures/templates/<kind>), from
    the source distribution of the pinned cfn-lint on PyPI, unpacked under bench/.cache (not
    in the repository). None when it cannot be fetched."""
    pin = next(l.strip() for l in open(os.path.join(root, "scripts", "requirements-tools.txt"))
               if l.startswith("cfn-lint=="))
    version = pin.split("==")[1]
    cache = os.path.join(root, "bench", ".cache")
    d = os.path.join(cache, f"cfn_lint-{version}", "test", "fixtures", "templates", kind)
    if not os.path.isdir(d):
        os.makedirs(cache, exist_ok=True)
        pip = os.path.join(root, ".venv", "bin", "pip")
        got = subprocess.run([pip, "download", pin, "--no-deps", "--no-binary", ":all:", "-d", cache],
                             capture_output=True, text=True)
        archive = os.path.join(cache, f"cfn_lint-{version}.tar.gz")
        if got.returncode != 0 or not os.path.exists(archive):
            return None
        import tarfile
        with tarfile.open(archive) as tar:
            members = [m for m in tar.getmembers() if f"/test/fixtures/templates/{kind}/" in m.name]
            tar.extractall(cache, members=members, filter="data")
    return d


def catch_rate(bin_path, cfn_lint, root):
    """How many defective templates each linter flags with an error: the corpus's bad/
    (defects both linters know) and beyond-cfn-lint/ (defects only platformctl knows),
    and cfn-lint's own bad-template fixtures, which were written to trip cfn-lint."""
    groups = [(sub, _templates(os.path.join(root, "tests", "lint-corpus", sub)))
              for sub in ("bad", "beyond-cfn-lint")]
    fixtures = cfn_lint_fixtures(root)
    if fixtures:
        groups.append(("cfn-lint fixtures", _templates(fixtures, recursive=True)))
    rate = {}
    for sub, paths in groups:
        ours = theirs = 0
        by_region = {}
        for path in paths:
            region = _region(path)
            argv = [bin_path, "lint", "--format", "json"]
            if region:
                argv += ["--region", region]
            out = subprocess.run(argv + [path], capture_output=True, text=True).stdout
            ours += any(f["severity"] == "error" for f in json.loads(out or "[]"))
            by_region.setdefault(region, []).append(path)
        for region, group in by_region.items():
            argv = [cfn_lint, "--format", "json"]
            if region:
                argv += ["--regions", region]
            out = subprocess.run(argv + ["--"] + group, capture_output=True, text=True).stdout
            flagged = {os.path.abspath(f["Filename"]) for f in json.loads(out or "[]")
                       if f["Level"] == "Error"}
            theirs += sum(1 for p in group if os.path.abspath(p) in flagged)
        rate[sub] = {"templates": len(paths), "platformctl": ours, "cfn_lint": theirs}
    return rate


def print_catch_rate(rate):
    print()
    print("defective templates flagged with an error:")
    total = {k: sum(r[k] for r in rate.values()) for k in ("templates", "platformctl", "cfn_lint")}
    for sub, r in list(rate.items()) + [("all", total)]:
        n = r["templates"]
        print(f"  {sub:<16} {n:>3} templates: platformctl {r['platformctl']:>3} "
              f"({100.0 * r['platformctl'] / n:.0f}%), cfn-lint {r['cfn_lint']:>3} "
              f"({100.0 * r['cfn_lint'] / n:.0f}%)")


def print_table(rows):
    print()
    print(f"{'lint input':<16} {'files':>5} {'resources':>9} {'platformctl ms':>15} "
          f"{'cfn-lint ms':>12} {'speed-up':>9} {'us/res (ours)':>13} {'ms/res (cfn-lint)':>17}")
    for r in rows:
        print(f"{r['input']:<16} {r['files']:>5} {r['resources']:>9} "
              f"{r['platformctl_ms']:>10.1f} (x{r['platformctl_runs']}) "
              f"{r['cfn_lint_ms']:>7.0f} (x{r['cfn_lint_runs']}) {r['speedup']:>8.0f}x "
              f"{r['platformctl_us_per_resource']:>13.1f} {r['cfn_lint_ms_per_resource']:>17.2f}")


def false_errors(bin_path, root):
    """Error findings platformctl reports on cfn-lint's good fixtures, by rule: each is a
    false error or a rule that judges differently by design (see the README)."""
    good = cfn_lint_fixtures(root, "good")
    if not good:
        return None
    paths = _templates(good, recursive=True)
    out = subprocess.run([bin_path, "lint", "--format", "json"] + paths,
                         capture_output=True, text=True).stdout
    errors = [f for f in json.loads(out or "[]") if f["severity"] == "error"]
    by_rule = {}
    for f in errors:
        by_rule[f["code"]] = by_rule.get(f["code"], 0) + 1
    files = {f["location"]["file"] for f in errors}
    return {"templates": len(paths), "errors": len(errors), "files": len(files),
            "by_rule": dict(sorted(by_rule.items(), key=lambda kv: -kv[1]))}


def print_false_errors(found):
    if not found:
        return
    print()
    print(f"cfn-lint's good fixtures: {found['errors']} errors in {found['files']} "
          f"of {found['templates']} templates")
    print("  " + ", ".join(f"{rule} {n}" for rule, n in found["by_rule"].items()))
