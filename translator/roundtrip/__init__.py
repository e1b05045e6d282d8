"""Round trips of the mapping tables on generated messages (the lens laws), for the test suite and
the ``apig-translator roundtrip`` command alike: ``strategies`` builds valid messages from the spec
(with a per-field and a per-object rule hook), ``rules_strategies`` fills those hooks from the docs'
value rules (``rule_formats``, ``rule_relations``, ``rule_facts``; ``rule_violations`` draws values
breaking one rule on purpose), ``laws`` checks one message there and back, ``run`` drives hypothesis
over the cases and shrinks a failure. The only part of the package that imports hypothesis:
``import translator`` does not load it.
"""
