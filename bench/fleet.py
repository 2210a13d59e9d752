"""The fleet section: synth, check-network and plan over generated fleets of 1, 100 and
1,000 environments, each a customer spec that extends examples/fleet/base.yaml (sizes and
regions varied), timed like the commands section."""
import os
import shutil

SIZES = ["Small", "Medium", "Large"]
REGIONS = ["us-east-1", "eu-central-1", "us-west-2"]


def generate(root, work, n):
    """A directory of `n` environments and their base; returns its path."""
    fleet = os.path.join(work, f"fleet-{n}")
    os.makedirs(fleet, exist_ok=True)
    shutil.copy(os.path.join(root, "examples", "fleet", "base.yaml"), fleet)
    for i in range(n):
        size, region = SIZES[i % 3], REGIONS[(i // 3) % 3]
        # Environments live in their own accounts: blocks may repeat across the fleet.
        second = i % 256
        text = (
            "extends: base.yaml\n"
            f"name: customer-{i:04d}\n"
            f"region: {region}\n"
            f"environment_size: {size}\n"
            f"tags:\n  customer: c{i:04d}\n"
            "network:\n"
            f"  vpc_cidr: 10.{second}.0.0/16\n"
            f"  private_subnets: [10.{second}.0.0/19, 10.{second}.32.0/19]\n"
            f"  public_subnets: [10.{second}.240.0/24, 10.{second}.241.0/24]\n"
        )
        with open(os.path.join(fleet, f"customer-{i:04d}.yaml"), "w") as f:
            f.write(text)
    return fleet


def cases(bin_path, root, work):
    """(name, argv, ok exit codes) for each fleet case."""
    for n in (1, 100, 1000):
        fleet = generate(root, work, n)
        yield f"fleet plan {n}", [bin_path, "plan", fleet], (0,)
    fleet = os.path.join(work, "fleet-1000")
    yield "fleet check-network 1000", [bin_path, "check-network", fleet], (0,)
    yield "fleet synth 100", [bin_path, "synth", os.path.join(work, "fleet-100"), "-o",
                              os.path.join(work, "fleet-100-out")], (0,)
