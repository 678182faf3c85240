"""Outerwear categories of the demo catalog: rain, insulated and softshell jackets, and fleeces.

Feature and activity strings use "a|b|c?" where a trailing "?" marks an optional value that a
model may or may not get. Re-run ``.venv/bin/python -m bot.demo.catalog`` after editing.
"""

from bot.demo.vocabulary.common import APPAREL_COLOURS, Category, product_type

SPLIT = (("men", 45), ("women", 45), ("unisex", 10))

RAIN_JACKETS = Category(
    name="rain jackets", prefix="RJK", target=32, genders=SPLIT, sizes="letter", fit="apparel",
    colours=APPAREL_COLOURS,
    brands=("Northwind", "Tidewater", "Alpenlite", "Highmoor", "Summit Forge"),
    warranty=(24, 36),
    openers=(
        "The {name} is the layer to pack when the forecast can't make up its mind.",
        "{brand} designed the {line} {kind} for {acts}, whatever the sky is doing.",
        "When the clouds roll in on {acts}, the {line} is the jacket you reach for.",
        "Built for {acts}, the {line} keeps rain on the outside and you on the move.",
    ),
    types=(
        product_type(
            "2.5L Waterproof Shell Jacket", "shell", (110, 220),
            ("recycled nylon|2.5-layer waterproof membrane", "nylon ripstop|2.5-layer waterproof membrane"),
            "waterproof|breathable|hooded|lightweight|packable?", "hiking|travel?|everyday?|camping?",
            (
                "A 2.5-layer membrane rated to {hh} mm keeps rain out, and every seam is fully taped.",
                "Fully taped seams and a hood with a wired peak stand up to a proper downpour.",
                "At around {weight} g it is an easy jacket to carry all day.",
            ),
            facts={"hh": ("10,000", "15,000", "20,000"), "weight": ("240", "280", "310")},
        ),
        product_type(
            "3L Mountain Shell Jacket", "hardshell", (280, 420),
            ("nylon|3-layer waterproof membrane", "recycled nylon|3-layer waterproof membrane"),
            "waterproof|breathable|windproof|hooded|durable|ventilated?", "mountaineering|hiking|skiing?|climbing?",
            (
                "A three-layer membrane rated to {hh} mm, fully taped seams and water-resistant zips seal out storms.",
                "The helmet-compatible hood and pit zips are made for long days above the tree line.",
                "Reinforced shoulders stand up to pack straps and rough rock.",
            ),
            facts={"hh": ("20,000", "28,000")},
        ),
        product_type(
            "Packable Rain Jacket", "rain jacket", (90, 150),
            ("recycled polyester|waterproof membrane", "nylon|waterproof membrane"),
            "waterproof|packable|lightweight|hooded|breathable?|reflective?", "travel|hiking?|everyday?|camping?",
            (
                "Taped seams and a waterproof membrane handle a sudden shower without fuss.",
                "It stuffs into its own chest pocket and weighs just {weight} g.",
            ),
            facts={"weight": ("190", "220", "250")},
        ),
        product_type(
            "Waterproof Rain Parka", "parka", (160, 280),
            "recycled polyester|waterproof membrane|mesh lining",
            "waterproof|breathable|hooded|windproof", "everyday|travel|hiking?",
            (
                "A longer cut covers the hips, and a membrane with taped seams keeps the wet out on the way to work.",
                "The waterproof, breathable membrane and a mesh lining keep it comfortable from bus stop to office.",
            ),
        ),
        product_type(
            "Waterproof Cycling Jacket", "cycling jacket", (120, 220),
            "polyester|2.5-layer waterproof membrane",
            "waterproof|breathable|reflective|lightweight|ventilated?|packable?", "cycling|everyday?|travel?",
            (
                "A dropped tail and pre-shaped sleeves fit a riding position, while taped seams keep the spray out.",
                "Reflective trims and a waterproof membrane make it a year-round commuting jacket.",
            ),
        ),
        product_type(
            "Ultralight Running Shell", "running shell", (120, 230),
            "nylon|3-layer waterproof membrane",
            "waterproof|breathable|lightweight|packable|hooded", "trail running|hiking?",
            (
                "Weighing only {weight} g, it has the fully taped seams that mountain race kit lists ask for.",
                "It packs into a fist-sized pouch that rides in a running vest pocket.",
            ),
            facts={"weight": ("110", "135", "160")},
        ),
        product_type(
            "Stretch Waterproof Jacket", "jacket", (180, 300),
            "recycled nylon|stretch waterproof membrane",
            "waterproof|breathable|stretch|hooded|windproof?", "hiking|climbing?|travel?|skiing?",
            (
                "A stretch waterproof membrane and taped seams let you reach and scramble without the hem riding up.",
                "It is waterproof to {hh} mm yet moves more like a softshell.",
            ),
            facts={"hh": ("15,000", "20,000")},
        ),
    ),
)

INSULATED_JACKETS = Category(
    name="insulated jackets", prefix="INS", target=32, genders=SPLIT, sizes="letter", fit="apparel",
    colours=APPAREL_COLOURS,
    brands=("Northwind", "Summit Forge", "Boreal Works", "Alpenlite", "Ember & Pine"),
    warranty=(24, 36),
    openers=(
        "The {name} is serious warmth for {acts} in the cold.",
        "{brand} built the {line} {kind} to keep you warm through {acts}.",
        "When winter sets in, the {line} is the {kind} that makes {acts} a pleasure.",
        "Made for {acts} in the cold, the {line} traps heat without the bulk.",
    ),
    types=(
        product_type(
            "Down Hooded Parka", "parka", (320, 480),
            ("{fill}-fill goose down|nylon ripstop", "{fill}-fill responsibly sourced duck down|recycled polyester"),
            "insulated|warm|hooded|windproof|water-resistant?", "everyday|travel?|skiing?|hiking?",
            (
                "Packed with {fill}-fill down, it is cut long to cover the hips on the coldest days.",
                "A fleece-lined collar, insulated hood and two-way zip make it a proper winter coat.",
                "Sewn-through baffles keep the down evenly spread, so there are no cold spots.",
            ),
            facts={"fill": ("700", "750", "800")},
        ),
        product_type(
            "Down Jacket", "down jacket", (180, 320),
            ("{fill}-fill goose down|nylon ripstop", "{fill}-fill duck down|recycled nylon"),
            "insulated|warm|packable|lightweight|hooded?|water-resistant?",
            "hiking|camping?|travel?|mountaineering?|everyday?",
            (
                "Stitch-through baffles filled with {fill}-fill down give a lot of warmth for very little weight.",
                "It compresses into its own pocket, ready for summit stops and chilly campsites.",
                "The {fill}-fill down lofts quickly after being packed away.",
            ),
            facts={"fill": ("650", "700", "800")},
        ),
        product_type(
            "Synthetic Insulated Jacket", "insulated jacket", (140, 240),
            ("recycled polyester|{grams} g/m² synthetic insulation", "nylon ripstop|{grams} g/m² synthetic insulation"),
            "insulated|warm|water-resistant|packable?|hooded?|breathable?",
            "hiking|climbing|camping?|skiing?|everyday?",
            (
                "Its {grams} g/m² synthetic fill keeps insulating even when damp, unlike down.",
                "Synthetic insulation makes it a dependable choice for wet, cold climates.",
            ),
            facts={"grams": ("60", "80", "100", "133")},
        ),
        product_type(
            "Hybrid Insulated Jacket", "hybrid jacket", (160, 260),
            "{fill}-fill goose down|stretch fleece side panels|nylon",
            "insulated|warm|breathable|stretch", "hiking|climbing|skiing?|mountaineering?",
            (
                "Down fills the core, while stretch fleece panels under the arms let heat escape when you work hard.",
                "A body-mapped mid layer: {fill}-fill down where you need warmth, stretch where you need to move.",
            ),
            facts={"fill": ("700", "800")},
        ),
        product_type(
            "Insulated Ski Jacket", "ski jacket", (220, 420),
            "polyester|waterproof membrane|synthetic insulation",
            "insulated|waterproof|warm|hooded|breathable|ventilated?", "skiing|everyday?",
            (
                "A waterproof membrane, taped seams, a powder skirt and a helmet-compatible hood handle any storm.",
                "Synthetic insulation, a lift-pass pocket and underarm vents are tuned for full days on the mountain.",
            ),
        ),
        product_type(
            "Expedition Down Parka", "expedition parka", (400, 480),
            "{fill}-fill goose down|windproof nylon ripstop",
            "insulated|warm|windproof|hooded|durable|water-resistant", "mountaineering|camping?|skiing?",
            (
                "Box-wall baffles packed with {fill}-fill down keep you warm on belays and summit pushes in deep cold.",
                "An oversized hood and a two-way zip that works over a harness make it a true expedition piece.",
            ),
            facts={"fill": ("800", "850")},
        ),
        product_type(
            "Down Gilet", "gilet", (120, 180),
            "{fill}-fill duck down|recycled nylon",
            "insulated|warm|packable|lightweight", "hiking|everyday|travel?|camping?",
            (
                "A {fill}-fill down gilet keeps your core warm while leaving your arms free.",
                "It layers under a shell or over a fleece and packs into its own pocket.",
            ),
            facts={"fill": ("600", "650", "700")},
        ),
    ),
)

SOFTSHELL_JACKETS = Category(
    name="softshell jackets", prefix="SFT", target=24, genders=SPLIT, sizes="letter", fit="apparel",
    colours=APPAREL_COLOURS,
    brands=("Northwind", "Summit Forge", "Tidewater", "Highmoor"),
    warranty=(24, 36),
    openers=(
        "The {name} is a breathable, stretchy layer for {acts}.",
        "{brand_pos} {line} {kind} is the jacket you'll wear all day on {acts}.",
        "For {acts} in changeable weather, the {line} hits the sweet spot between breathability and protection.",
    ),
    types=(
        product_type(
            "Softshell Jacket", "softshell", (120, 220),
            "stretch woven nylon|elastane",
            "stretch|water-resistant|breathable|windproof|hooded?|durable?", "hiking|climbing|skiing?|everyday?",
            (
                "Double-weave stretch fabric sheds showers and blocks wind, and breathes far better than a hardshell.",
                "It is not waterproof, but the water-repellent finish handles drizzle and snow.",
            ),
        ),
        product_type(
            "Hooded Alpine Softshell", "alpine softshell", (180, 260),
            "double-weave nylon|elastane|brushed interior",
            "stretch|water-resistant|windproof|hooded|durable|breathable", "mountaineering|climbing|skiing?",
            (
                "A brushed interior adds warmth, and the helmet-compatible hood fits under or over a helmet.",
                "Tough double-weave fabric resists abrasion from rock and ice tools.",
            ),
        ),
        product_type(
            "Windproof Softshell Jacket", "wind jacket", (90, 150),
            "recycled polyester|elastane",
            "windproof|lightweight|packable|water-resistant", "trail running|hiking|cycling?",
            (
                "A thin, windproof fabric cuts the chill on exposed ridges and stuffs into its own pocket.",
                "It weighs next to nothing and is the first layer on when the wind picks up.",
            ),
        ),
        product_type(
            "Fleece-Lined Softshell Jacket", "softshell", (130, 210),
            "polyester|elastane|brushed fleece lining",
            "warm|windproof|water-resistant|stretch", "hiking|everyday|skiing?|travel?",
            (
                "A brushed fleece lining adds warmth for cold, dry days.",
                "The windproof outer and soft fleece inside make it a one-jacket answer for crisp autumn walks.",
            ),
        ),
        product_type(
            "Ski Touring Softshell", "touring softshell", (170, 250),
            "nylon|elastane",
            "stretch|breathable|water-resistant|ventilated|windproof", "skiing|mountaineering?",
            (
                "Long vent zips and a highly breathable stretch weave keep you from overheating on the skin track.",
                "It is cut to move freely on kick turns and layers over a base layer on the climb.",
            ),
        ),
        product_type(
            "Cycling Softshell Jacket", "cycling softshell", (110, 190),
            "polyester|elastane|brushed interior",
            "windproof|water-resistant|reflective|stretch|warm?", "cycling|everyday?",
            (
                "A windproof front, a dropped hem and rear pockets suit cold morning rides.",
                "Reflective details and a water-repellent finish make it a solid winter commuter.",
            ),
        ),
    ),
)

FLEECES = Category(
    name="fleeces", prefix="FLC", target=26, genders=SPLIT, sizes="letter", fit="apparel",
    colours=APPAREL_COLOURS,
    brands=("Northwind", "Cairn & Co", "Lowland Supply", "Boreal Works", "Ember & Pine"),
    warranty=(24, 36),
    openers=(
        "The {name} is a cosy mid layer for {acts}.",
        "{brand_pos} {line} {kind} is the warm layer you'll pull on for {acts}.",
        "Soft, warm and easy to layer, the {line} is made for {acts}.",
        "From {acts} to lazy evenings, the {line} earns its place in the wardrobe.",
    ),
    types=(
        product_type(
            "Grid Fleece Hoody", "grid fleece", (70, 120),
            "recycled polyester grid fleece",
            "breathable|stretch|hooded|quick-dry|warm|lightweight?",
            "hiking|climbing|skiing?|trail running?|mountaineering?",
            (
                "A grid-back fleece channels moisture away and breathes well on steep climbs.",
                "The close-fitting hood sits neatly under a helmet or a shell hood.",
            ),
        ),
        product_type(
            "Full-Zip Fleece Jacket", "fleece jacket", (60, 110),
            ("recycled polyester fleece", "polyester microfleece"),
            "warm|breathable|quick-dry?|durable?", "hiking|everyday|camping?|travel?",
            (
                "A classic full-zip fleece with two hand pockets and a chest pocket.",
                "Its midweight fleece is warm on its own and layers easily under a shell.",
            ),
        ),
        product_type(
            "High-Pile Fleece Jacket", "high-pile fleece", (90, 160),
            "recycled polyester high-pile fleece|nylon overlays",
            "warm|durable?", "everyday|camping|travel?|hiking?",
            (
                "Deep-pile fleece traps a lot of warmth, and nylon overlays protect the shoulders and pockets.",
                "It is the fleece you'll want around the campfire.",
            ),
        ),
        product_type(
            "Half-Zip Fleece Pullover", "fleece pullover", (50, 90),
            "polyester microfleece",
            "warm|breathable|lightweight", "hiking|everyday?|skiing?|camping?",
            (
                "A lightweight microfleece with a half zip for quick temperature control.",
                "It is the layer to wear under a shell on cold hikes.",
            ),
        ),
        product_type(
            "Merino-Blend Fleece Jacket", "merino fleece", (110, 160),
            "merino wool|recycled polyester",
            "warm|odour-resistant|breathable", "hiking|travel|everyday?|skiing?",
            (
                "Merino on the inside regulates temperature and resists odour on long trips.",
                "A merino-blend face looks smart enough for travel days.",
            ),
        ),
        product_type(
            "Fleece Vest", "fleece vest", (45, 80),
            "recycled polyester fleece",
            "warm|lightweight|breathable?", "hiking|everyday|camping?|travel?",
            (
                "A fleece vest keeps your core warm and your arms free.",
                "It slips under a jacket without adding bulk at the sleeves.",
            ),
        ),
    ),
)
