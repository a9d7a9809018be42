"""Glyphs for the reader: ballot boxes, and characters set in symbol fonts (Wingdings, Symbol),
which Word draws as pictures of the font's code points rather than the letters stored."""
from __future__ import annotations

CHECKED, UNCHECKED = "\u2612", "\u2610"
#: symbol-font code points worth mapping (checkboxes, bullets); an unmapped w:sym is dropped, unmapped
#: typed text is kept as stored
SYMBOLS = {
    ("wingdings", "f0fe"): "\u2611", ("wingdings", "f0fd"): CHECKED, ("wingdings", "f078"): CHECKED,
    ("wingdings", "f0a8"): UNCHECKED, ("wingdings", "f06f"): UNCHECKED, ("wingdings", "f09f"): "\u2022",
    ("wingdings", "f0a7"): "\u25aa", ("wingdings", "f0d8"): "\u27a2", ("wingdings", "f0fc"): "\u2713",
    ("wingdings 2", "f0a3"): UNCHECKED, ("wingdings 2", "f053"): CHECKED, ("wingdings 2", "f052"): "\u2611",
    ("wingdings 2", "f054"): CHECKED, ("symbol", "f0b7"): "\u2022", ("symbol", "f02d"): "-",
}
SYMBOL_FONTS = {font for font, _ in SYMBOLS}


def symbol_char(font: str, code: str) -> str | None:
    """A w:sym character (font name, hex code like "F0FE" or "FE") as text; None when unmapped."""
    code = code.lower()
    return SYMBOLS.get((font.lower(), code if code.startswith("f0") else "f0" + code[-2:]))


def symbol_text(text: str, font: str) -> str:
    """Text typed in a symbol font as Word draws it: "þ" in Wingdings is ☑, "¨" is ☐ (the
    font's code points, plain or in the F0xx private-use range); unmapped characters are kept."""
    shown = []
    for char in text:
        code = ord(char) & 0xFF if ord(char) < 0x100 or 0xF000 <= ord(char) <= 0xF0FF else None
        shown.append(SYMBOLS.get((font, f"f0{code:02x}"), char) if code is not None else char)
    return "".join(shown)
