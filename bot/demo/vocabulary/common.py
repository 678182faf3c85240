"""Shared vocabulary for the demo catalog generator (:mod:`bot.demo.catalog`).

This module holds the tables every category draws on: brands, colours, invented product-line
names, size charts, activity phrases and the sentence templates used for descriptions. The
categories and their product types live in the sibling modules (outerwear, clothing, gear, camp,
accessories).
Editing any of these tables changes the catalog; re-run ``.venv/bin/python -m bot.demo.catalog``.
"""

from dataclasses import dataclass, field

# Canonical order for the "features" and "activities" columns, so rows read consistently.
FEATURES = (
    "waterproof", "water-resistant", "breathable", "insulated", "packable", "lightweight", "windproof",
    "stretch", "quick-dry", "odour-resistant", "hooded", "reflective", "uv-protection", "recycled", "vegan",
    "grippy outsole", "ankle support", "cushioned", "freestanding", "4-season", "3-season",
    "hydration-compatible", "ventilated", "warm", "durable",
)
ACTIVITIES = (
    "hiking", "trail running", "skiing", "camping", "travel", "everyday", "climbing", "cycling",
    "mountaineering",
)

GenderWeights = tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class ProductType:
    """One kind of product (e.g. a 2.5-layer shell); each generated model instantiates one."""

    noun: str  # title text after the line name; may use {facts}
    kind: str  # short lower-case noun for sentences ("shell", "tent")
    price: tuple[int, int]  # EUR list-price range for the model
    materials: tuple[str, ...]  # alternatives, each "|"-joined; may use {facts}
    features: tuple[str, ...]  # always true for this type
    optional_features: tuple[str, ...]
    activities: tuple[str, ...]  # always plausible
    optional_activities: tuple[str, ...]
    details: tuple[str, ...]  # type-specific sentences; the first, always used, carries the key facts
    facts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    genders: GenderWeights | None = None  # overrides the category's weights
    sizes: str | None = None  # a SIZE_CHARTS key or a literal size list


@dataclass(frozen=True)
class Category:
    name: str
    prefix: str  # sku infix, e.g. "RJK" -> OF-RJK-0001
    target: int  # number of rows (colour variants) to generate
    genders: GenderWeights
    sizes: str  # default SIZE_CHARTS key
    fit: str | None  # FIT_SENTENCES group, if the gender cut is worth a sentence
    colours: tuple[str, ...]
    brands: tuple[str, ...]
    warranty: tuple[int, ...]
    openers: tuple[str, ...]
    types: tuple[ProductType, ...]


def product_type(
    noun: str,
    kind: str,
    price: tuple[int, int],
    materials: str | tuple[str, ...],
    features: str,
    activities: str,
    details: tuple[str, ...],
    *,
    facts: dict[str, tuple[str, ...]] | None = None,
    genders: GenderWeights | None = None,
    sizes: str | None = None,
) -> ProductType:
    """Build a ProductType from compact strings: "a|b|c?" where a trailing "?" marks optional."""

    def split(spec: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        items = [item.strip() for item in spec.split("|") if item.strip()]
        required = tuple(item for item in items if not item.endswith("?"))
        optional = tuple(item[:-1] for item in items if item.endswith("?"))
        return required, optional

    feats, opt_feats = split(features)
    acts, opt_acts = split(activities)
    for name in (*feats, *opt_feats):
        if name not in FEATURES:
            raise ValueError(f"unknown feature {name!r} in {noun!r}")
    for name in (*acts, *opt_acts):
        if name not in ACTIVITIES:
            raise ValueError(f"unknown activity {name!r} in {noun!r}")
    return ProductType(
        noun=noun,
        kind=kind,
        price=price,
        materials=(materials,) if isinstance(materials, str) else materials,
        features=feats,
        optional_features=opt_feats,
        activities=acts,
        optional_activities=opt_acts,
        details=details,
        facts=facts or {},
        genders=genders,
        sizes=sizes,
    )


BRANDS = (
    "Northwind", "Cairn & Co", "Alpenlite", "Tidewater", "Summit Forge",
    "Lowland Supply", "Boreal Works", "Highmoor", "Trailwright", "Ember & Pine",
)

# Invented product-line names; each category draws its own lines without repeats.
LINE_NAMES = (
    "Ridgeline", "Kestrel", "Scree", "Cirrus", "Talus", "Corrie", "Bothy", "Tarn", "Fellside", "Harrier",
    "Merlin", "Skerry", "Moraine", "Cornice", "Serac", "Lichen", "Bracken", "Heath", "Alder", "Rowan",
    "Larch", "Juniper", "Fjell", "Vidda", "Drumlin", "Esker", "Arete", "Gully", "Couloir", "Nunatak",
    "Solstice", "Meridian", "Zenith", "Stratus", "Tundra", "Taiga", "Mistral", "Sirocco", "Foehn",
    "Chinook", "Squall", "Pika", "Chamois", "Ptarmigan", "Dipper", "Wren", "Plover", "Curlew", "Fulmar",
    "Gannet", "Petrel", "Shearwater", "Heron", "Lynx", "Otter", "Marten", "Stoat", "Ember", "Flint",
    "Granite", "Basalt", "Schist", "Quartz", "Shale", "Birch", "Spruce", "Cedar", "Hemlock", "Aspen",
    "Willow", "Borealis", "Headwall", "Bergwind", "Sundog", "Waymark", "Cragside", "Snowline", "Glen",
)

SIZE_CHARTS: dict[str, dict[str, str]] = {
    "letter": {"men": "S|M|L|XL|XXL", "women": "XS|S|M|L|XL", "unisex": "XS|S|M|L|XL"},
    # Walking trousers are sold by waist (men, inches) and EU dress size (women).
    "waist": {"men": "28|30|32|34|36|38", "women": "34|36|38|40|42|44", "unisex": "XS|S|M|L|XL"},
    "shoe": {
        "men": "38|39|40|41|42|43|44|45|46",
        "women": "36|37|38|39|40|41|42",
        "unisex": "36|37|38|39|40|41|42|43|44|45|46",
    },
    "sock": {"men": "39-42|43-46", "women": "35-38|39-42", "unisex": "35-38|39-42|43-46"},
    "glove": {"men": "S|M|L|XL", "women": "XS|S|M|L", "unisex": "S|M|L|XL"},
    "torso": {"men": "M/L|L/XL", "women": "XS/S|S/M", "unisex": "S/M|M/L"},
    "vest": {"men": "S|M|L|XL", "women": "XS|S|M|L", "unisex": "S|M|L"},
    "gaiter": {"unisex": "S/M|L/XL"},
    "sleeping": {"unisex": "regular|long"},
    "bottle": {"unisex": "500 ml|750 ml|1 L"},
    "towel": {"unisex": "M|L|XL"},
    "one": {"unisex": "one size"},
}

# Several phrasings per activity so descriptions of similar products differ.
ACTIVITY_PHRASES: dict[str, tuple[str, ...]] = {
    "hiking": ("day hikes", "hill walking", "long days on the trail", "multi-day treks", "hut-to-hut hikes"),
    "trail running": ("trail runs", "fast mountain running", "muddy trail races", "long runs off-road"),
    "skiing": ("ski tours", "days on the slopes", "resort ski days", "backcountry ski days"),
    "camping": ("camping weekends", "nights under canvas", "wild camping trips", "campsite evenings"),
    "travel": ("trips abroad", "city breaks", "long-haul trips", "backpacking trips"),
    "everyday": ("the daily commute", "errands around town", "dog walks", "weekend strolls"),
    "climbing": ("crag days", "climbing days", "multi-pitch routes", "bouldering sessions"),
    "cycling": ("bike commutes", "cycle tours", "gravel rides"),
    "mountaineering": ("mountaineering trips", "alpine routes", "winter mountain days", "high-mountain objectives"),
}

# Sentences keyed by feature; a row only uses one whose feature it actually has.
FEATURE_SENTENCES: dict[str, tuple[str, ...]] = {
    "packable": (
        "Packs down small enough to live in the bottom of your bag.",
        "When not in use, the {line} squashes into a corner of your pack.",
    ),
    "lightweight": (
        "Light enough to carry as a just-in-case piece.",
        "Low weight means less to carry on long days.",
    ),
    "reflective": (
        "Reflective details catch headlights on dark evenings.",
        "Reflective trims keep you visible when the light fades.",
    ),
    "recycled": (
        "The main fabric is made from recycled fibres.",
        "Recycled materials lower the footprint without cutting corners on performance.",
    ),
    "odour-resistant": (
        "Natural odour resistance means several days of wear between washes.",
        "Odour resistance is a real bonus on multi-day trips.",
    ),
    "uv-protection": ("The fabric is rated UPF 50+ for long, exposed days in the sun.",),
    "stretch": (
        "Stretch in the fabric lets you move freely on high steps and scrambles.",
        "A touch of elastane keeps the fit from ever feeling restrictive.",
    ),
    "quick-dry": (
        "Dries quickly after a rinse in a sink or a passing shower.",
        "Quick-drying fabric means a damp start is soon forgotten.",
    ),
    "hydration-compatible": ("An internal sleeve and hose port take a hydration reservoir.",),
    "vegan": ("Made without any animal-derived materials.",),
    "ventilated": ("Ventilation helps dump heat when the effort ramps up.",),
    "durable": (
        "Built to survive season after season of hard use.",
        "Reinforced at the wear points and made to last.",
    ),
    "windproof": ("Shrugs off the wind on exposed ridges and open moorland.",),
    "breathable": ("Moisture escapes easily, so you stay comfortable on the move.",),
    "water-resistant": ("A water-repellent finish sheds light rain and snow.",),
    "cushioned": ("Generous cushioning takes the sting out of long descents.",),
    "grippy outsole": ("Deep lugs bite into mud, wet rock and loose gravel.",),
    "freestanding": ("Being freestanding, it pitches on rock slabs and platforms where pegs won't go.",),
    "warm": ("Holds on to warmth when the temperature drops.",),
    "hooded": ("The adjustable hood turns with your head instead of blocking your view.",),
}

FIT_SENTENCES: dict[str, dict[str, tuple[str, ...]]] = {
    "apparel": {
        "women": (
            "Cut specifically for women, with a shape that follows the body.",
            "The women's fit is tailored from scratch rather than simply scaled down.",
        ),
        "men": ("The men's cut is athletic without being restrictive.", "A regular men's fit leaves room to move."),
        "unisex": ("The relaxed unisex cut works for most body shapes.",),
    },
    "footwear": {
        "women": ("Built on a women's-specific last with a narrower heel.",),
        "men": ("The men's last gives a little more room in the forefoot.",),
    },
    "pack": {
        "women": ("A women's-specific harness with a shorter back and curved shoulder straps improves the fit.",),
    },
    "sleep": {
        "women": ("The women's version adds insulation at the hips and feet, where many sleepers feel the cold.",),
    },
}

WARRANTY_WORDS = {12: "one-year", 24: "two-year", 36: "three-year", 60: "five-year"}

CLOSERS = (
    "Backed by {brand_pos} {warranty} warranty.",
    "Covered by the {brand} {warranty} warranty.",
    "{brand} offers repairs for the life of the product.",
)

# Colour palettes per family of products.
APPAREL_COLOURS = (
    "black", "navy", "red", "green", "olive", "blue", "grey", "orange", "yellow", "purple", "teal",
    "burgundy", "charcoal", "sand",
)
BASE_LAYER_COLOURS = ("black", "navy", "charcoal", "grey", "burgundy", "teal", "white", "olive", "blue")
BOOT_COLOURS = ("brown", "black", "grey", "olive", "charcoal", "sand", "burgundy", "navy")
SHOE_COLOURS = ("black", "grey", "blue", "red", "olive", "teal", "orange", "charcoal", "purple", "yellow")
PACK_COLOURS = ("black", "grey", "navy", "olive", "red", "blue", "teal", "orange", "charcoal", "sand")
TENT_COLOURS = ("green", "olive", "sand", "orange", "grey", "yellow")
SLEEPING_BAG_COLOURS = ("blue", "red", "orange", "green", "grey", "navy", "teal", "charcoal")
ACCESSORY_COLOURS = (
    "black", "navy", "red", "green", "orange", "grey", "teal", "yellow", "purple", "white", "blue", "sand",
    "charcoal",
)
