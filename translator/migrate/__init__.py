"""Tenant migration: export a tenant to a bundle, plan, import through a journal, verify, roll back.

Everything is driven by the resource catalog (``translator.core.catalog``: families, ids,
references, dependency order), the mapping tables (``translator.translate``: bodies) and
``families.yaml`` (what the catalog does not say: each family's unique key, its scope, how a
binding or a publication is re-created).
"""
