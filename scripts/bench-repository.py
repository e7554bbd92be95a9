#!/usr/bin/env python3
"""Times `journeymap site` and `journeymap insights` on generated repositories of maps.

Each repository holds N maps of 50 steps (5 stages of 10) under team folders, sharing a
library of personas and channels named in journeymap.toml, with pain points (some with
tickets and severities), opportunities addressing them, dated evidence with a basis, owners,
tags and reviews: the text a real repository carries, so that every page and figure has work
to do. Every map is made from its number alone, so runs are repeatable.

    python3 scripts/bench-repository.py [--bin target/release/journeymap] [--maps 1000,4000]

Prints, per size, the wall time and peak memory (GNU time's maximum resident set) of each
command, the best of --runs runs, and the ratio between sizes (linear growth reads as the
ratio of the map counts).
"""

import argparse
import os
import shutil
import subprocess
import tempfile

STEPS_PER_STAGE = 10
STAGES = 5
TEAMS = ["retail", "business", "mortgages", "cards", "support", "onboarding", "savings", "fraud"]
CHANNELS = ["web", "app", "phone", "chat", "email", "branch-kiosk", "advisor-call", "in-person"]
VERBS = ["Opens", "Checks", "Fills in", "Waits for", "Calls about", "Uploads", "Reviews",
         "Confirms", "Pays", "Compares", "Asks about", "Receives", "Signs", "Cancels"]
THINGS = ["the application", "a statement", "the card limit", "an address change",
          "the mortgage offer", "a refund", "the identity check", "a savings goal",
          "the overdraft", "a chargeback", "the welcome pack", "a payment reminder"]
FEELINGS = ["curious", "rushed", "relieved", "annoyed", "confused", "calm", "anxious"]
BASES = ["observed", "reported", "assumed"]
SEVERITIES = ["low", "medium", "high"]


def library():
    return """journeymap: 1
title: Shared people and channels
personas:
  - id: new-customer
    name: Ana, new to the bank
    description: Moved for work; has never banked online.
    goals: [Get paid within a week]
    empathy:
      says: [Why again?]
      feels: [Unsure]
  - id: small-business
    name: Tomás, café owner
    goals: [See takings at a glance]
  - id: retiree
    name: Maria, retired teacher
    frustrations: [Small print]
channels:
  - id: branch-kiosk
    name: Branch kiosk
    color: "#2b6cb0"
  - id: advisor-call
    name: Advisor video call
    color: "#9c4221"
"""


def one_map(n):
    team = TEAMS[n % len(TEAMS)]
    lines = [
        "journeymap: 1",
        f"id: journey-{n}",
        f"title: {team.title()} journey {n}, {VERBS[n % len(VERBS)].lower()} {THINGS[n % len(THINGS)]}",
        f"owner: {team.title()} squad {n % 5}",
        f"tags: [{team}, wave-{n % 7}]",
        "review:",
        f"  last: 202{4 + n % 3}-{1 + n % 12:02d}-{1 + n % 28:02d}",
        "  every: quarterly",
        "personas: [new-customer, small-business, retiree]",
        "stages:",
    ]
    pain = 0
    for s in range(STAGES):
        lines += [f"  - id: stage-{s}", f"    name: Stage {s} of journey {n}", "    steps:"]
        for k in range(STEPS_PER_STAGE):
            i = s * STEPS_PER_STAGE + k
            seed = n * 131 + i * 17
            lines += [
                f"      - id: step-{i}",
                f"        name: {VERBS[seed % len(VERBS)]} {THINGS[(seed // 3) % len(THINGS)]}",
                f"        description: Step {i} of journey {n}, where the customer "
                f"{VERBS[(seed // 5) % len(VERBS)].lower()} {THINGS[(seed // 7) % len(THINGS)]}.",
                f"        touchpoints: [{CHANNELS[seed % len(CHANNELS)]}, {CHANNELS[(seed // 11) % len(CHANNELS)]}]",
                "        emotion:",
                f"          new-customer: {(seed % 5) - 2}",
                f"          small-business: {((seed // 5) % 5) - 2}",
                f"          retiree: {((seed // 25) % 5) - 2}",
                f"        feeling: {FEELINGS[seed % len(FEELINGS)]}",
                "        evidence:",
                f"          - text: Research round {seed % 9}",
                f"            date: 202{3 + seed % 4}-{1 + seed % 12:02d}-{1 + seed % 28:02d}",
                f"            basis: {BASES[seed % 3]}",
            ]
            if i % 3 == 0:
                lines += [
                    "        pain_points:",
                    f"          - id: pain-{pain}",
                    f"            text: Pain {pain} of journey {n}, {THINGS[seed % len(THINGS)]} is unclear",
                    f"            severity: {SEVERITIES[seed % 3]}",
                    f"            tickets: [CX-{n * 100 + pain}]",
                ]
                if i % 6 == 0:
                    lines += [
                        "        opportunities:",
                        f"          - text: Explain {THINGS[seed % len(THINGS)]} up front",
                        f"            addresses: [pain-{pain}]",
                        f"            owner: {team.title()} design",
                    ]
                pain += 1
            lines.append(f"        owners: [{team.title()} operations]")
    return "\n".join(lines) + "\n"


def make(root, count):
    os.makedirs(root)
    os.makedirs(os.path.join(root, ".git"))  # the repository's boundary
    os.makedirs(os.path.join(root, "shared"))
    with open(os.path.join(root, "shared", "people.library.yaml"), "w") as f:
        f.write(library())
    with open(os.path.join(root, "journeymap.toml"), "w") as f:
        f.write('libraries = ["shared/people.library.yaml"]\n\n[links]\n'
                'ticket = "https://tracker.example/browse/{id}"\n')
    for n in range(count):
        folder = os.path.join(root, TEAMS[n % len(TEAMS)])
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"journey-{n}.journey.yaml"), "w") as f:
            f.write(one_map(n))


def timed(args, runs):
    best = None
    for _ in range(runs):
        out = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + args,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if out.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed:\n{out.stderr}")
        seconds, kib = out.stderr.strip().splitlines()[-1].split()
        result = (float(seconds), int(kib) / 1024)
        best = result if best is None or result[0] < best[0] else best
    return best


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default="target/release/journeymap")
    parser.add_argument("--maps", default="1000,4000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    binary = os.path.abspath(args.bin)
    sizes = [int(n) for n in args.maps.split(",")]
    results = {}
    work = tempfile.mkdtemp(prefix="jm-bench-repository-")
    try:
        for count in sizes:
            root = os.path.join(work, f"repo-{count}")
            make(root, count)
            site = os.path.join(work, f"site-{count}")
            results[count] = {
                "site": timed([binary, "site", root, "-o", site, "--today", "2026-11-30"], args.runs),
                "insights": timed([binary, "insights", root, "--format", "json",
                                   "--today", "2026-11-30"], args.runs),
            }
            pages = sum(len(files) for _, _, files in os.walk(site))
            print(f"{count} maps x {STAGES * STEPS_PER_STAGE} steps ({pages} pages):")
            for command, (seconds, mib) in results[count].items():
                print(f"  {command:9} {seconds:6.2f} s  {mib:7.1f} MiB peak")
            shutil.rmtree(site)
        if len(sizes) == 2:
            a, b = sizes
            for command in ["site", "insights"]:
                ratio = results[b][command][0] / results[a][command][0]
                print(f"{command}: {b} maps take {ratio:.2f}x the time of {a} "
                      f"(linear would be {b / a:.2f}x)")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
