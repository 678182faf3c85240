"""Short answers to "what does breathable mean?": the terms a shopper meets in the finder's questions."""

from __future__ import annotations

import re

GLOSSARY: dict[str, str] = {
    "waterproof": "Keeps rain out completely, even in a long downpour: taped seams and a membrane or coating.",
    "water-resistant": "Sheds light rain and showers for a while, but soaks through in steady rain. "
                       "Lighter and more breathable than waterproof.",
    "breathable": "Lets the sweat vapour from your body escape, so you stay dry inside when you're working hard.",
    "windproof": "Blocks the wind, which is what chills you most on ridges and bikes.",
    "insulated": "Has a warm filling (down or synthetic) that traps heat: for cold days and standing still.",
    "warm": "Made to keep heat in: a thicker fabric or fill for cold weather.",
    "packable": "Squashes into its own pocket or a small bag, so it takes little room in a pack.",
    "lightweight": "Light for its kind, so you carry less; sometimes a little less durable.",
    "quick-dry": "Dries fast after rain, a river crossing or a wash.",
    "uv-protection": "The fabric blocks most of the sun's UV rays (often rated UPF 50).",
    "hooded": "Has a hood, often adjustable so it turns with your head.",
    "reflective": "Has reflective details that light up in headlights: for dusk and night.",
    "stretch": "Stretchy fabric that moves with you when you climb or scramble.",
    "recycled": "Made with recycled materials, such as polyester from plastic bottles.",
    "vegan": "No animal materials: no down, wool or leather.",
    "odour-resistant": "Treated or made of wool so it smells less after days of wear.",
    "durable": "Tough fabric and stitching that stand up to rock, brush and heavy use.",
    "ventilated": "Has vents or mesh panels to let heat out.",
    "cushioned": "Extra padding underfoot that softens each step on hard ground.",
    "grippy outsole": "A sole with deep lugs and sticky rubber that holds on wet rock and mud.",
    "ankle support": "A higher, stiffer cuff that steadies your ankle on rough ground and with a heavy pack.",
    "freestanding": "The tent stands up on its poles alone, without pegs: quick to pitch, even on rock.",
    "3-season": "For spring, summer and autumn: ventilated, but not built for heavy snow or storms.",
    "4-season": "Built for winter too: strong poles and little mesh, to stand up to snow and wind.",
    "hydration-compatible": "Has a sleeve and a port for a water bladder, so you can drink on the move.",
    "softshell": "A stretchy, breathable, wind- and shower-resistant jacket for active days; "
                 "not fully waterproof.",
    "hardshell": "A fully waterproof, windproof outer jacket for bad weather.",
    "fleece": "A soft, warm synthetic fabric that stays warm when damp and dries quickly.",
    "base layer": "The layer next to your skin: it moves sweat away so you stay dry and warm.",
    "down": "Feather insulation: the warmest for its weight, but it loses warmth when wet.",
    "synthetic insulation": "A polyester fill that keeps you warm even when damp; heavier than down.",
    "merino": "Fine, soft wool that keeps you warm, breathes and resists odour.",
    "gore-tex": "A well-known waterproof, breathable membrane used in jackets and boots.",
    "dwr": "Durable water repellent: a coating that makes rain bead up and roll off the outer fabric.",
    "ripstop": "Fabric woven with a reinforcing grid, so a small tear doesn't spread.",
    "hydrostatic head": "How waterproof a fabric is, in mm of water it holds back; 10,000 mm and up is very "
                        "waterproof.",
}
SPELLINGS = {"water resistant": "water-resistant", "water proof": "waterproof", "quick dry": "quick-dry",
             "uv protection": "uv-protection", "odor-resistant": "odour-resistant", "odour resistant":
             "odour-resistant", "three season": "3-season", "four season": "4-season", "3 season": "3-season",
             "4 season": "4-season", "soft shell": "softshell", "hard shell": "hardshell", "goretex": "gore-tex",
             "gore tex": "gore-tex", "baselayer": "base layer", "hydration compatible": "hydration-compatible",
             "insulation": "insulated", "breathability": "breathable", "wind proof": "windproof"}
_TERMS = re.compile(r"\b(" + "|".join(re.escape(t) for t in sorted([*GLOSSARY, *SPELLINGS], key=len, reverse=True))
                    + r")\b", re.I)


def terms_in(text: str) -> list[str]:
    """The glossary terms a message asks about, in the order asked."""
    found = [SPELLINGS.get(m.lower(), m.lower()) for m in _TERMS.findall(text)]
    return list(dict.fromkeys(found))


def explain(text: str, entities: list[dict] | None = None) -> str:
    """The answer to a question about terms; says so when no term is known."""
    words = " ".join([text, *(str(e.get("value")) for e in entities or [])])
    terms = terms_in(words)
    if not terms:
        return ("I don't have that term in my glossary. I can explain things like waterproof, breathable, "
                "insulated or softshell.")
    return "\n".join(f"{term.capitalize()}: {GLOSSARY[term]}" for term in terms[:3])
