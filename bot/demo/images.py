"""Product pictures for a catalog without photos: a silhouette of the kind of product, in its colour.

The demo catalog's ``image_url`` is ``/static/products/<sku>.svg``; the web app draws that picture from the
product's category, colour and title (:mod:`bot.web.images`). Each demo category has its own drawing
(accessories one per kind: hats, gloves, socks, bottles, and a stuff sack for the rest); another catalog's
categories are matched by their words ("Rain Coats" draws a jacket), and anything else gets a neutral
placeholder rather than a picture of the wrong thing.
"""

from __future__ import annotations

import html
import re

from bot.demo.drawings import DRAWINGS

BACKGROUND = "#f4f2ee"
NEUTRAL = "#9aa3ad"  # a colour the catalog does not name, or none
SIZE = 400  # pixels a browser gives the picture before any CSS; the drawing is 200 units square

# The catalog's colour words, and other common ones, as a shop's photos would show them.
COLOURS = {
    "black": "#2d2e31", "white": "#f8f8f6", "grey": "#8d949c", "gray": "#8d949c", "charcoal": "#46494f",
    "silver": "#c3c7cc", "navy": "#25395f", "blue": "#2f6db0", "teal": "#1f8787", "turquoise": "#35b1ae",
    "green": "#3e8750", "olive": "#6b7042", "khaki": "#a99b66", "lime": "#9cc13c", "yellow": "#efbf2c",
    "mustard": "#c8991f", "gold": "#c9a23a", "orange": "#e6772c", "rust": "#a8492b", "red": "#c8373b",
    "coral": "#ec7a62", "pink": "#e37f9f", "magenta": "#b5367f", "purple": "#6c4a9b", "lavender": "#b3a4d8",
    "burgundy": "#7c2437", "maroon": "#6d1f2c", "brown": "#7a4f2e", "tan": "#c09a6c", "sand": "#d7c39c",
    "beige": "#dccbaa", "cream": "#f1e8d1", "peach": "#f2b48b",
}

# The demo catalog's categories; accessories are told apart by their titles.
CATEGORY_KINDS = {
    "rain jackets": "rain jacket", "insulated jackets": "insulated jacket", "softshell jackets": "softshell jacket",
    "fleeces": "fleece", "base layers": "base layer", "trousers": "trousers", "shorts": "shorts",
    "hiking boots": "hiking boot", "trail running shoes": "trail shoe", "backpacks": "backpack",
    "travel bags": "travel bag", "tents": "tent", "sleeping bags": "sleeping bag",
}
ACCESSORY_WORDS = (("hat", ("beanie", "hat", "cap")), ("mitten", ("glove", "mitten", "mitt")), ("sock", ("sock",)),
                   ("bottle", ("bottle", "flask")))
ACCESSORY = "stuff sack"
# Words of another catalog's categories or titles, most specific first ("sleeping bag" before "bag").
KIND_WORDS = (
    ("sleeping bag", ("sleeping",)), ("backpack", ("backpack", "rucksack", "daypack")),
    ("hiking boot", ("boot",)), ("trail shoe", ("shoe", "sneaker", "trainer")), ("tent", ("tent", "shelter")),
    ("travel bag", ("duffel", "luggage", "suitcase", "bag")), ("insulated jacket", ("parka", "puffer", "gilet")),
    ("softshell jacket", ("softshell",)), ("fleece", ("fleece", "hoodie", "hoody", "sweatshirt", "sweater")),
    ("rain jacket", ("jacket", "coat", "shell", "anorak")),
    ("trousers", ("trouser", "pant", "jean", "legging", "chino")), ("shorts", ("short",)),
    ("base layer", ("shirt", "tee", "top", "base layer")), *ACCESSORY_WORDS,
)
PLACEHOLDER = "placeholder"

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def colour_hex(color: str | None) -> str | None:
    """The hex colour for a catalog's colour words ("Navy Blue" → navy), None when no word is known."""
    words = re.findall(r"[a-z]+", (color or "").lower())
    return COLOURS.get(" ".join(words)) or next((COLOURS[word] for word in words if word in COLOURS), None)


def _names(text: str | None, words: tuple[str, ...]) -> bool:
    # Whole words, singular or plural: "Bootcut Jeans" are no boot, a "Pantaloons" dress no trousers.
    return any(re.search(rf"\b{re.escape(word)}(?:s|es)?\b", (text or "").lower()) for word in words)


def drawing_kind(category: str | None, title: str | None = None) -> str:
    """Which drawing shows a product: by its demo category, else by the words of its category, then its title."""
    name = (category or "").strip().lower()
    if name in CATEGORY_KINDS:
        return CATEGORY_KINDS[name]
    if name == "accessories":
        return next((kind for kind, words in ACCESSORY_WORDS if _names(title, words)), ACCESSORY)
    for text in (category, title):
        kind = next((kind for kind, words in KIND_WORDS if _names(text, words)), None)
        if kind:
            return kind
    return PLACEHOLDER


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16)


def _mix(hex_colour: str, towards: int, share: float) -> str:
    """``hex_colour`` moved ``share`` of the way to white (255) or black (0)."""
    return "#" + "".join(f"{round(c + (towards - c) * share):02x}" for c in _rgb(hex_colour))


def _is_dark(hex_colour: str) -> bool:
    red, green, blue = _rgb(hex_colour)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue < 110


def _text(value: str) -> str:
    """Catalog text made safe for SVG: markup escaped, characters XML cannot hold dropped."""
    return html.escape(_NOT_XML.sub("", value), quote=True)


def product_svg(category: str | None, color: str | None, title: str | None = None) -> str:
    """The picture of a product as an SVG document; ``title`` names it for screen readers."""
    fill = colour_hex(color) or NEUTRAL
    mark = _mix(fill, 255, 0.45) if _is_dark(fill) else _mix(fill, 0, 0.3)
    shapes = DRAWINGS[drawing_kind(category, title)]().format(fill=fill, line=_mix(fill, 0, 0.4), mark=mark)
    label = _text(title or category or "product")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200" width="{SIZE}" height="{SIZE}" '
            f'role="img" aria-label="{label}"><title>{label}</title>'
            f'<rect width="200" height="200" fill="{BACKGROUND}"/>'
            f'<ellipse cx="100" cy="184" rx="74" ry="7" fill="#000" fill-opacity=".07"/>{shapes}</svg>')
