"""Make the bundled emoji fallback font: Noto Emoji (monochrome, OFL) as a static TrueType font.

ReportLab embeds TrueType fonts with glyf outlines but does not read font variations, so the
variable Noto Emoji (``NotoEmoji[wght].ttf``, as Noto publishes it; the PyPI package
``manimgx-fonts`` carries it too) is instantiated at the regular weight:

    python tools/make_emoji_font.py path/to/NotoEmoji[wght].ttf

writes ``expertteam/resources/fonts/NotoEmoji-Regular.ttf``. Needs fontTools (a test
dependency). The licence (SIL OFL 1.1) is ``expertteam/resources/fonts/LICENSE-NotoEmoji.txt``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

TARGET = Path(__file__).resolve().parent.parent / "expertteam" / "resources" / "fonts" / \
    "NotoEmoji-Regular.ttf"


def main(source: str) -> int:
    font = TTFont(source)
    static = instancer.instantiateVariableFont(font, {"wght": 400}, updateFontNames=False)
    for table in ("STAT",):
        if table in static:
            del static[table]
    static.save(str(TARGET))
    print(f"written: {TARGET} ({TARGET.stat().st_size // 1024} KiB, "
          f"{len(static.getBestCmap())} characters)")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        raise SystemExit(2)
    raise SystemExit(main(sys.argv[1]))
