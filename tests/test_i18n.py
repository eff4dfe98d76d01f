"""Every UI text exists in Dutch and English, and every key a template uses is defined."""

import re
from pathlib import Path

from waarborg.web.i18n import messages

TEMPLATES = Path(__file__).parents[1] / "src" / "waarborg" / "web" / "templates"
KEY = re.compile(r"""\bt\(\s*['"]([a-z0-9_.\-]+)['"]""")


def test_every_message_has_both_languages():
    missing = [k for k, v in messages().items() if not (isinstance(v, dict) and v.get("en") and v.get("nl"))]
    assert not missing, f"messages without en and nl: {missing}"


def test_every_template_key_exists():
    known = set(messages())
    used = {(p.name, k) for p in TEMPLATES.rglob("*.html") for k in KEY.findall(p.read_text("utf-8"))}

    def defined(key: str) -> bool:  # 'workflow.' ~ status: a prefix that some keys must carry
        return any(k.startswith(key) for k in known) if key.endswith(".") else key in known

    unknown = sorted(f"{name}: {key}" for name, key in used if not defined(key))
    assert not unknown, f"template keys without a message: {unknown}"
