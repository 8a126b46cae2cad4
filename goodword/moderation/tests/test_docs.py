"""docs/moderation.md and the code agree on the grounds and which action each one serves."""

import re
from pathlib import Path

from django.conf import settings

from goodword.moderation.models import Action, Ground, grounds_for


def test_every_ground_is_documented_with_the_actions_it_serves():
    text = (Path(settings.BASE_DIR) / "docs" / "moderation.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(\w+)` \| ([a-z, ]+) \|", text, flags=re.M))
    assert set(rows) >= set(Ground.values)
    for ground in Ground:
        documented = rows[ground.value]
        assert ("dismiss" in documented) == (ground in grounds_for(Action.DISMISS))
        assert ("lift" in documented) == (ground in grounds_for(Action.LIFT))
        assert ("sanctions" in documented) == (ground in grounds_for(Action.WARN))
