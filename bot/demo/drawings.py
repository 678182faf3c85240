"""The shapes of the product pictures: one silhouette per kind of product, on a 200 × 200 canvas.

Each drawing returns SVG elements with three slots that :mod:`bot.demo.images` fills from the product's colour:
``{fill}`` for the product, ``{line}`` for its outline and ``{mark}`` for seams, zips and quilting (lighter
than a dark colour, darker than a light one). Soles, straps and poles keep neutral colours of their own, as
they have in a shop's photos.
"""

from __future__ import annotations

from collections.abc import Callable

# Parts that are not the product's colour.
SOLE = "#3b3b3d"
MIDSOLE = "#f2f0eb"
METAL = "#b9bec4"

Drawing = Callable[[], str]

SHAPE = 'fill="{fill}" stroke="{line}" stroke-width="3" stroke-linejoin="round"'
MARK = 'fill="none" stroke="{mark}" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round"'
FAINT = 'fill="none" stroke="{mark}" stroke-width="2" stroke-linecap="round" stroke-dasharray="1 5"'


def _jacket_body(hem: int = 164, cuff: int = 146) -> str:
    """Front view of a zipped jacket with its sleeves, the part every jacket and fleece shares."""
    return (f'<path {SHAPE} d="M78 42 L56 50 Q42 56 38 74 L28 {cuff} L48 {cuff + 2} L58 92 L58 {hem} '
            f'L142 {hem} L142 92 L152 {cuff + 2} L172 {cuff} L162 74 Q158 56 144 50 L122 42 Q100 54 78 42 Z"/>')


def rain_jacket() -> str:
    hood = f'<path {SHAPE} d="M76 46 C70 10 130 10 124 46 Q100 36 76 46 Z"/>'
    peak = f'<path {MARK} d="M82 28 Q100 18 118 28"/>'
    details = (f'<path {MARK} d="M100 48 L100 162 M66 122 L80 106 M134 122 L120 106 M30 136 L48 138 '
               f'M170 136 L152 138 M92 50 L92 162"/>')
    return hood + _jacket_body() + peak + details


def insulated_jacket() -> str:
    collar = f'<path {SHAPE} d="M78 30 L122 30 L122 46 Q100 56 78 46 Z"/>'
    baffles = "".join(f"M60 {y} Q100 {y + 6} 140 {y}" for y in (70, 92, 114, 136))
    sleeves = "M40 96 L56 98 M36 118 L54 120 M160 96 L144 98 M164 118 L146 120"
    return (_jacket_body() + collar
            + f'<path {MARK} d="{baffles} {sleeves} M100 48 L100 162 M100 30 L100 46"/>')


def softshell_jacket() -> str:
    collar = f'<path {SHAPE} d="M80 30 L120 30 L122 44 Q100 52 78 44 Z"/>'
    yoke = 'M58 78 Q100 88 142 78'
    return (_jacket_body() + collar
            + f'<path {MARK} d="M100 32 L100 162 M112 66 L132 60 M70 130 L70 112 M130 130 L130 112 {yoke}"/>')


def fleece() -> str:
    collar = f'<path {SHAPE} d="M80 32 Q100 28 120 32 L122 46 Q100 56 78 46 Z"/>'
    bands = "M58 152 L142 152 M29 134 L49 136 M171 134 L151 136"
    pile = "".join(f"M{x} {y} L{x + 1} {y}" for y in range(66, 148, 12) for x in range(68, 136, 12))
    return (_jacket_body() + collar
            + f'<path {MARK} d="M100 34 L100 82 {bands}"/><path {FAINT} d="{pile}"/>')


def base_layer() -> str:
    body = (f'<path {SHAPE} d="M84 40 L64 46 Q52 52 48 66 L40 148 L56 150 L64 84 L66 166 L134 166 L136 84 '
            f'L144 150 L160 148 L152 66 Q148 52 136 46 L116 40 Q100 58 84 40 Z"/>')
    return body + f'<path {MARK} d="M86 44 Q100 60 114 44 M84 42 L64 82 M116 42 L136 82 M66 156 L134 156"/>'


def trousers() -> str:
    legs = f'<path {SHAPE} d="M64 30 L136 30 L144 178 L108 178 L100 92 L92 178 L56 178 Z"/>'
    return legs + (f'<path {MARK} d="M64 42 L136 42 M100 42 L100 80 M66 52 Q78 62 80 42 M134 52 Q122 62 120 42 '
                   f'M70 118 L88 120 M130 118 L112 120"/>')


def shorts() -> str:
    legs = f'<path {SHAPE} d="M62 56 L138 56 L150 136 L106 140 L100 100 L94 140 L50 136 Z"/>'
    return legs + (f'<path {MARK} d="M62 68 L138 68 M100 68 L100 94 M64 78 Q78 88 80 68 M136 78 Q122 88 120 68 '
                   f'M54 126 L94 130 M146 126 L106 130"/>')


def hiking_boot() -> str:
    sole = (f'<path fill="{SOLE}" stroke="{SOLE}" stroke-width="3" stroke-linejoin="round" '
            f'd="M38 150 L170 150 Q174 166 160 170 L48 170 Q36 168 38 150 Z"/>')
    upper = (f'<path {SHAPE} d="M54 42 L94 38 L102 92 Q134 100 160 124 Q174 136 168 152 L40 152 '
             f'Q34 144 38 132 L46 90 Q50 60 54 42 Z"/>')
    laces = "".join(f"M{92 + i * 3} {50 + i * 12} L{104 + i * 3} {46 + i * 12}" for i in range(4))
    lugs = "".join(f"M{x} 170 L{x} 164" for x in range(56, 160, 14))
    return (sole + upper + f'<path {MARK} d="{laces} M54 48 L92 44 M120 140 Q146 136 166 142 '
            f'M40 128 Q70 134 96 120"/><path stroke="#000" stroke-opacity=".35" stroke-width="3" d="{lugs}"/>')


def trail_shoe() -> str:
    outsole = (f'<path fill="{SOLE}" stroke="{SOLE}" stroke-width="3" stroke-linejoin="round" '
               f'd="M36 160 L172 160 Q174 170 164 172 L46 172 Q34 170 36 160 Z"/>')
    midsole = (f'<path fill="{MIDSOLE}" stroke="#c9c5bd" stroke-width="3" stroke-linejoin="round" '
               f'd="M34 140 L170 146 Q176 156 170 162 L40 162 Q30 156 34 140 Z"/>')
    upper = (f'<path {SHAPE} d="M40 142 Q34 104 46 86 Q58 80 70 90 Q80 98 92 92 L106 90 Q140 104 162 128 '
             f'Q174 138 170 148 Z"/>')
    laces = "".join(f"M{96 + i * 9} {98 + i * 6} L{104 + i * 9} {92 + i * 6}" for i in range(4))
    return outsole + midsole + upper + f'<path {MARK} d="{laces} M58 136 Q92 108 132 134 M46 90 Q50 116 42 138"/>'


def backpack() -> str:
    straps = (f'<path fill="none" stroke="{SOLE}" stroke-width="7" stroke-linecap="round" '
              f'd="M66 70 Q50 110 62 160 M134 70 Q150 110 138 160"/>')
    loop = '<path fill="none" stroke="{line}" stroke-width="4" d="M90 40 Q100 26 110 40"/>'
    body = f'<rect {SHAPE} x="60" y="40" width="80" height="134" rx="26"/>'
    lid = f'<path {SHAPE} d="M60 74 Q60 40 100 40 Q140 40 140 74 Q100 84 60 74 Z"/>'
    pocket = f'<rect {SHAPE} x="72" y="112" width="56" height="48" rx="12"/>'
    return (straps + loop + body + lid + pocket
            + f'<path {MARK} d="M72 122 L128 122 M84 90 L116 90"/>')


def travel_bag() -> str:
    handles = (f'<path fill="none" stroke="{SOLE}" stroke-width="6" stroke-linecap="round" '
               f'd="M72 88 Q76 54 100 54 Q124 54 128 88"/>')
    body = f'<rect {SHAPE} x="26" y="82" width="148" height="84" rx="40"/>'
    ends = f'<path {MARK} d="M52 86 Q40 124 52 162 M148 86 Q160 124 148 162"/>'
    return handles + body + ends + f'<path {MARK} d="M60 96 L140 96 M70 130 L130 130"/>'


def tent() -> str:
    guys = f'<path fill="none" stroke="{METAL}" stroke-width="2" d="M46 112 L14 168 M154 112 L186 168"/>'
    fly = f'<path {SHAPE} d="M20 168 Q34 60 100 40 Q166 60 180 168 Z"/>'
    door = '<path fill="#000" fill-opacity=".28" d="M72 168 Q76 96 100 84 Q124 96 128 168 Z"/>'
    return (guys + fly + door
            + f'<path {MARK} d="M100 42 L100 84 M42 150 Q70 64 100 42 Q130 64 158 150"/>'
            + '<path stroke="#8a8478" stroke-width="3" d="M8 170 L192 170"/>')


def sleeping_bag() -> str:
    bag = (f'<path {SHAPE} d="M100 20 C144 20 150 56 144 82 L134 176 Q100 186 66 176 L56 82 '
           f'C50 56 56 20 100 20 Z"/>')
    face = '<ellipse fill="#000" fill-opacity=".3" cx="100" cy="52" rx="22" ry="17"/>'
    quilting = "".join(f"M{60 + i} {y} Q100 {y + 8} {140 - i} {y}" for i, y in ((0, 86), (2, 110), (4, 134),
                                                                                  (6, 158)))
    return bag + face + f'<path {MARK} d="{quilting} M136 90 L128 170"/>'


def hat() -> str:
    pompom = f'<circle {SHAPE} cx="100" cy="46" r="14"/>'
    crown = f'<path {SHAPE} d="M54 142 Q52 64 100 60 Q148 64 146 142 Z"/>'
    cuff = f'<rect {SHAPE} x="50" y="124" width="100" height="34" rx="8"/>'
    ribs = "".join(f"M{x} 130 L{x} 152" for x in range(62, 146, 10))
    return pompom + crown + cuff + f'<path {MARK} d="{ribs}"/>'


def mitten() -> str:
    hand = (f'<path {SHAPE} d="M70 176 L70 94 Q70 40 104 40 Q136 40 136 92 L136 112 Q160 96 164 114 '
            f'Q166 130 136 150 L136 176 Z"/>')
    return hand + f'<path {MARK} d="M70 150 L136 150 M136 112 Q130 128 136 150"/>'


def sock() -> str:
    foot = (f'<path {SHAPE} d="M76 24 L124 24 L124 116 Q124 132 138 140 L162 154 Q176 164 166 176 '
            f'Q156 188 138 178 L90 154 Q76 146 76 128 Z"/>')
    ribs = "".join(f"M{x} 30 L{x} 52" for x in range(86, 122, 8))
    return foot + f'<path {MARK} d="{ribs} M76 58 L124 58 M146 146 Q134 164 150 182 M76 124 Q98 126 104 150"/>'


def bottle() -> str:
    cap = f'<rect fill="{SOLE}" stroke="{SOLE}" stroke-width="3" x="84" y="26" width="32" height="22" rx="5"/>'
    body = (f'<path {SHAPE} d="M86 48 L114 48 L116 62 Q132 68 132 86 L132 166 Q132 178 120 178 L80 178 '
            f'Q68 178 68 166 L68 86 Q68 68 84 62 Z"/>')
    return cap + body + f'<path {MARK} d="M68 100 L132 100 M68 142 L132 142"/>'


def stuff_sack() -> str:
    roll = f'<rect {SHAPE} x="62" y="34" width="76" height="26" rx="10"/>'
    bag = f'<path {SHAPE} d="M66 58 L134 58 Q150 120 140 170 Q100 182 60 170 Q50 120 66 58 Z"/>'
    buckle = f'<rect fill="{SOLE}" x="92" y="40" width="16" height="14" rx="3"/>'
    return bag + roll + buckle + f'<path {MARK} d="M62 100 Q100 108 138 100"/>'


def placeholder() -> str:
    """A clothes hanger and a swatch: nothing that claims to be the product."""
    hanger = ('<path fill="none" stroke="#9a968d" stroke-width="5" stroke-linecap="round" stroke-linejoin="round" '
              'd="M92 52 Q92 36 104 36 Q116 36 114 50 Q112 60 100 66 L34 112 Q28 118 38 120 L162 120 '
              'Q172 118 166 112 L100 66"/>')
    return hanger + f'<circle {SHAPE} cx="100" cy="152" r="18"/>'


DRAWINGS: dict[str, Drawing] = {
    "rain jacket": rain_jacket, "insulated jacket": insulated_jacket, "softshell jacket": softshell_jacket,
    "fleece": fleece, "base layer": base_layer, "trousers": trousers, "shorts": shorts,
    "hiking boot": hiking_boot, "trail shoe": trail_shoe, "backpack": backpack, "travel bag": travel_bag,
    "tent": tent, "sleeping bag": sleeping_bag, "hat": hat, "mitten": mitten, "sock": sock, "bottle": bottle,
    "stuff sack": stuff_sack, "placeholder": placeholder,
}
