"""The Azerbaijani catalog: English message (the key, exactly as written in the code) → Azerbaijani.

Keep the placeholders (`{name}`) identical on both sides; tests/test_i18n.py checks that every message
written with `_()` anywhere in generator/ has an entry here with the same placeholders.
"""
from __future__ import annotations

AZ: dict[str, str] = {
}
