#!/usr/bin/env python3
"""Derive the translator's spec data from the vendor reference material and the official SDK.

Inputs (read-only):
  * ``<reference>/catalog/{v1.0,v2,errors}.json``  - the parsed vendor docs (see its README.md)
  * the official SDK ``huaweicloudsdkapig.v2``       - v2 operations and models
  * ``scripts/spec_overrides.yaml``                   - hand-curated corrections, each with a reason

Outputs (in this repository):
  * ``translator/spec/v1.0.json``, ``translator/spec/v2.json``, ``translator/spec/errors.json``
  * ``translator/spec/DERIVATION.md``                 - what was derived, dropped, added, overridden
  * ``fixtures/samples/<version>/<op_id>.json``       - the doc samples per operation

Pipeline per version (see DERIVATION.md "Method"):
  1. catalog fields -> spec fields (types, required, enums, ranges, lengths, defaults)
  2. overrides with ``stage: catalog``
  3. v2 only: merge with the SDK (field sets and types from the SDK, constraints from the catalog);
     add the SDK-only operations of the seed families
  4. sample-driven fixes (not for SDK-matched v2 ops: there the SDK is authoritative)
     - object fields whose samples are lists become arrays, keys present in samples but missing from
       the tables are added with the sample's type; guessed enums contradicted by samples are dropped;
       ``nullable`` from samples
  5. overrides (default stage ``final``)
  6. every sample is validated against the result; violations are listed in DERIVATION.md

The output is deterministic: run it twice and the bytes are identical.

The code lives in the package ``scripts/derive/``; this script is its entry point.
"""

from __future__ import annotations

import sys

from derive.driver import main

if __name__ == "__main__":
    sys.exit(main())
