"""The emulator's caller authentication: :class:`translator.core.auth.CallerAuth` with the
configured ``X-Auth-Token`` and AK/SK pair (open when neither is set)."""

from __future__ import annotations

from translator.core.auth import CallerAuth, KeyLookup
from translator.emulator.config import EmulatorConfig


def _lookup(config: EmulatorConfig) -> KeyLookup | None:
    if not (config.ak and config.sk):
        return None
    return {config.ak: config.sk}.get


class Authenticator(CallerAuth):
    """Checks each request against the configured token and AK/SK."""

    def __init__(self, config: EmulatorConfig) -> None:
        super().__init__(config.token, _lookup(config))
