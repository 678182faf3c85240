"""Footwear, backpacks and travel bags of the demo catalog.

Feature and activity strings use "a|b|c?" where a trailing "?" marks an optional value that a
model may or may not get. Re-run ``.venv/bin/python -m bot.demo.catalog`` after editing.
"""

from bot.demo.vocabulary.common import BOOT_COLOURS, PACK_COLOURS, SHOE_COLOURS, Category, product_type

FOOTWEAR_SPLIT = (("men", 46), ("women", 46), ("unisex", 8))
PACK_SPLIT = (("unisex", 1),)

HIKING_BOOTS = Category(
    name="hiking boots", prefix="BOT", target=28, genders=FOOTWEAR_SPLIT, sizes="shoe", fit="footwear",
    colours=BOOT_COLOURS,
    brands=("Cairn & Co", "Summit Forge", "Highmoor", "Alpenlite"),
    warranty=(12, 24),
    openers=(
        "The {name} is a dependable choice for {acts}.",
        "{brand} built the {line} {kind} for {acts} on every kind of ground.",
        "Sure-footed and comfortable from the first mile, the {line} is made for {acts}.",
        "For {acts}, the {line} {kind} gives you grip where it counts.",
    ),
    types=(
        product_type(
            "Waterproof Mid Hiking Boot", "mid boot", (140, 200),
            (
                "nubuck leather|waterproof membrane|rubber outsole",
                "recycled polyester mesh|waterproof membrane|rubber outsole",
            ),
            "waterproof|ankle support|grippy outsole|breathable|cushioned?|lightweight?", "hiking|camping?|travel?",
            (
                "A waterproof membrane, a supportive mid cut and {lug} mm rubber lugs handle mud, rock and wet grass.",
                "A cushioned EVA midsole keeps long days comfortable.",
            ),
            facts={"lug": ("4", "5")},
        ),
        product_type(
            "Leather Trekking Boot", "trekking boot", (200, 280),
            "full-grain leather|waterproof membrane|rubber outsole",
            "waterproof|ankle support|durable|grippy outsole", "hiking|mountaineering?|camping?",
            (
                "High ankle support and a stiff, grippy rubber sole with a nylon shank carry heavy loads well.",
                "A one-piece full-grain leather upper and protective rand shrug off scree and rough trails.",
            ),
        ),
        product_type(
            "Mountaineering Boot", "mountaineering boot", (240, 280),
            "suede leather|waterproof membrane|rubber outsole",
            "waterproof|ankle support|durable|warm|grippy outsole", "mountaineering|climbing?|hiking?",
            (
                "A stiff sole with a heel welt takes semi-automatic crampons for glaciers and winter ridges.",
                "A rubber rand and waterproof membrane keep snow and meltwater out.",
            ),
        ),
        product_type(
            "Waterproof Hiking Shoe", "hiking shoe", (110, 160),
            "recycled polyester mesh|waterproof membrane|rubber outsole",
            "waterproof|grippy outsole|lightweight|cushioned|breathable?", "hiking|travel|everyday?",
            (
                "A low-cut shoe with a waterproof membrane for fast hikes and well-made paths.",
                "Light and cushioned, it feels at home on the trail and at the airport.",
            ),
        ),
        product_type(
            "Vegan Hiking Boot", "hiking boot", (130, 180),
            "recycled polyester mesh|synthetic leather|waterproof membrane|rubber outsole",
            "vegan|waterproof|ankle support|lightweight|grippy outsole", "hiking|camping?|everyday?",
            (
                "The mid cut supports the ankle, and the lugged sole grips on wet ground.",
                "A synthetic upper and waterproof membrane give leather-like protection without animal materials.",
            ),
        ),
        product_type(
            "Insulated Winter Boot", "winter boot", (170, 240),
            "nubuck leather|waterproof membrane|{grams} g synthetic insulation|rubber outsole",
            "waterproof|insulated|warm|ankle support|grippy outsole", "hiking|everyday|camping?",
            (
                "{grams} g of synthetic insulation and a waterproof membrane keep toes warm in snow and slush.",
                "A cold-weather rubber compound stays grippy on icy paths.",
            ),
            facts={"grams": ("200", "400")},
        ),
        product_type(
            "Approach Shoe", "approach shoe", (120, 170),
            "suede leather|sticky rubber outsole",
            "grippy outsole|durable", "climbing|hiking",
            (
                "A sticky rubber climbing zone at the toe handles scrambles and walk-ins to the crag.",
                "A protective rubber rand and lace-to-toe fit let it edge like a climbing shoe.",
            ),
        ),
    ),
)

TRAIL_RUNNING_SHOES = Category(
    name="trail running shoes", prefix="TRL", target=26, genders=FOOTWEAR_SPLIT, sizes="shoe", fit="footwear",
    colours=SHOE_COLOURS,
    brands=("Trailwright", "Alpenlite", "Highmoor", "Northwind"),
    warranty=(12,),
    openers=(
        "The {name} is built for {acts}.",
        "{brand_pos} {line} {kind} loves {acts}.",
        "Fast, light and sure-footed, the {line} is made for {acts}.",
    ),
    types=(
        product_type(
            "Trail-Running Shoe", "trail shoe", (120, 160),
            "engineered mesh|EVA midsole|rubber outsole",
            "grippy outsole|cushioned|breathable|lightweight|vegan?", "trail running|hiking?",
            (
                "{lug} mm lugs and a {drop} mm drop balance grip and ground feel on mixed trails.",
                "A breathable mesh upper and a rock plate protect against sharp stones.",
            ),
            facts={"lug": ("4", "5"), "drop": ("4", "6", "8")},
        ),
        product_type(
            "Max-Cushion Trail Shoe", "cushioned trail shoe", (150, 190),
            "engineered mesh|supercritical foam midsole|rubber outsole",
            "cushioned|grippy outsole|breathable", "trail running|hiking?|everyday?",
            (
                "A {stack} mm stack of responsive foam soaks up impact on long runs and ultras.",
                "The wide platform feels stable even when your legs are tired.",
            ),
            facts={"stack": ("35", "38", "40")},
        ),
        product_type(
            "Waterproof Trail-Running Shoe", "waterproof trail shoe", (140, 180),
            "mesh|waterproof membrane|rubber outsole",
            "waterproof|grippy outsole|cushioned", "trail running|hiking?",
            (
                "A waterproof membrane keeps feet dry through wet grass and winter puddles.",
                "A gusseted tongue keeps grit and snow out of the shoe.",
            ),
        ),
        product_type(
            "Fell Running Shoe", "fell shoe", (110, 150),
            "synthetic mesh|rubber outsole",
            "grippy outsole|lightweight|durable?", "trail running",
            (
                "Aggressive {lug} mm lugs bite into bog, wet grass and steep mud.",
                "A low, close-fitting build keeps you stable on off-camber slopes.",
            ),
            facts={"lug": ("6", "7", "8")},
        ),
        product_type(
            "Ultralight Race Shoe", "race shoe", (140, 180),
            "monofilament mesh|EVA midsole|rubber outsole",
            "lightweight|breathable|cushioned|grippy outsole", "trail running",
            (
                "At just {weight} g per shoe it is built for race day and fast training.",
                "A snug mesh upper locks the foot down on technical descents.",
            ),
            facts={"weight": ("220", "240", "255")},
        ),
        product_type(
            "Road-to-Trail Shoe", "hybrid shoe", (110, 150),
            "engineered mesh|EVA midsole|rubber outsole",
            "cushioned|breathable|reflective|grippy outsole?", "trail running|everyday",
            (
                "Shallow lugs roll smoothly on tarmac and still grip on gravel paths.",
                "It is a do-it-all shoe for runs that start at the front door.",
            ),
        ),
    ),
)

BACKPACKS = Category(
    name="backpacks", prefix="PCK", target=30, genders=(("unisex", 85), ("women", 15)), sizes="one", fit="pack",
    colours=PACK_COLOURS,
    brands=("Cairn & Co", "Alpenlite", "Summit Forge", "Highmoor", "Trailwright"),
    warranty=(36, 60),
    openers=(
        "The {name} is a pack built for {acts}.",
        "{brand_pos} {line} {kind} carries what you need for {acts}.",
        "Comfortable, organised and tough, the {line} is ready for {acts}.",
    ),
    types=(
        product_type(
            "{litres} Daypack", "daypack", (60, 120),
            "recycled nylon ripstop|mesh back panel",
            "lightweight|hydration-compatible|ventilated|water-resistant?|reflective?",
            "hiking|travel?|everyday?|cycling?",
            (
                "{litres} litres hold a day's worth of layers, food and water.",
                "A suspended mesh back panel keeps air moving between you and the pack.",
            ),
            facts={"litres": ("18", "22", "26")},
        ),
        product_type(
            "{litres} Trekking Pack", "trekking pack", (180, 300),
            "nylon ripstop|aluminium frame|mesh back panel",
            "ventilated|hydration-compatible|durable", "hiking|camping|mountaineering?|travel?",
            (
                "An adjustable back system and aluminium frame carry {litres} litres of kit on multi-day treks.",
                "A sleeping bag compartment, lid pocket and rain cover are all included.",
            ),
            facts={"litres": ("45", "55", "65")},
            sizes="torso",
        ),
        product_type(
            "{litres} Alpine Pack", "alpine pack", (140, 220),
            "UHMWPE ripstop|nylon",
            "lightweight|durable|water-resistant", "mountaineering|climbing|skiing?",
            (
                "Ice-axe loops, a rope strap and a removable hip belt keep the {litres}-litre body clean and simple.",
                "Tough, water-resistant fabric stands up to rock and snow.",
            ),
            facts={"litres": ("30", "38", "45")},
        ),
        product_type(
            "{litres} Ultralight Pack", "ultralight pack", (160, 260),
            "UHMWPE ripstop|foam back panel",
            "lightweight|water-resistant|hydration-compatible", "hiking|camping",
            (
                "A frameless {litres}-litre pack that weighs under {weight} g for long-distance trails.",
                "Large stretch pockets keep water and snacks within reach.",
            ),
            facts={"litres": ("40", "50"), "weight": ("700", "850")},
        ),
        product_type(
            "{litres} Running Vest", "running vest", (90, 160),
            "stretch mesh|recycled nylon",
            "lightweight|hydration-compatible|breathable|reflective?", "trail running|hiking?",
            (
                "A close-fitting {litres}-litre vest with two soft flasks on the chest.",
                "It sits high and snug so nothing bounces on rough descents.",
            ),
            facts={"litres": ("5", "8", "12")},
            genders=(("men", 40), ("women", 40), ("unisex", 20)),
            sizes="vest",
        ),
        product_type(
            "{litres} Ski Touring Pack", "ski touring pack", (120, 200),
            "nylon ripstop|foam back panel",
            "durable|hydration-compatible|water-resistant", "skiing|mountaineering?",
            (
                "A dedicated avalanche tool pocket and A-frame ski carry make it ready for the backcountry.",
                "Back-panel access to the {litres}-litre body lets you reach kit without laying the pack in the snow.",
            ),
            facts={"litres": ("25", "32")},
        ),
        product_type(
            "{litres} Commuter Backpack", "commuter pack", (70, 140),
            "recycled polyester|TPU coating",
            "water-resistant|reflective|durable", "everyday|cycling|travel?",
            (
                "A padded laptop sleeve and organiser pocket suit the daily commute.",
                "A roll-top closes the {litres}-litre main compartment against rain.",
            ),
            facts={"litres": ("20", "24", "28")},
        ),
    ),
)

TRAVEL_BAGS = Category(
    name="travel bags", prefix="BAG", target=22, genders=PACK_SPLIT, sizes="one", fit=None,
    colours=PACK_COLOURS,
    brands=("Tidewater", "Lowland Supply", "Cairn & Co", "Ember & Pine"),
    warranty=(24, 60),
    openers=(
        "The {name} is made for {acts}.",
        "{brand_pos} {line} {kind} makes {acts} simpler.",
        "Organised, tough and easy to carry, the {line} is built for {acts}.",
    ),
    types=(
        product_type(
            "{litres} L Duffel Bag", "duffel", (90, 170),
            "TPU-laminated polyester|nylon webbing",
            "water-resistant|durable|packable?", "travel|camping?|climbing?",
            (
                "Padded shoulder straps turn the {litres}-litre duffel into a backpack for the walk from the station.",
                "Its weather-resistant laminated fabric shrugs off rain and rough baggage handlers.",
            ),
            facts={"litres": ("40", "60", "90")},
        ),
        product_type(
            "{litres} L Wheeled Duffel", "wheeled duffel", (180, 260),
            "recycled polyester ripstop|aluminium frame",
            "durable|water-resistant", "travel",
            (
                "Oversized wheels and a rigid frame roll over cobbles and gravel.",
                "{litres} litres swallow bulky kit for long trips.",
            ),
            facts={"litres": ("70", "95")},
        ),
        product_type(
            "{litres} L Travel Pack", "travel pack", (150, 230),
            "recycled nylon|padded back panel",
            "durable|water-resistant|ventilated", "travel|hiking?",
            (
                "A {litres}-litre carry-on that opens like a suitcase and carries like a backpack.",
                "Stowable harness and hip belt tuck away for check-in.",
            ),
            facts={"litres": ("35", "40", "45")},
        ),
        product_type(
            "{litres} L Packable Daypack", "packable daypack", (40, 60),
            "silicone-coated nylon",
            "packable|lightweight|water-resistant", "travel|hiking|everyday?",
            (
                "It folds into its own pocket and lives in your luggage until you need a day bag.",
                "{litres} litres take a jacket, water and camera for a day of sightseeing.",
            ),
            facts={"litres": ("16", "20")},
        ),
        product_type(
            "Hip Pack", "hip pack", (35, 60),
            "recycled nylon|mesh strap",
            "water-resistant|lightweight", "travel|everyday|hiking?",
            (
                "A {litres}-litre hip pack for phone, keys and passport.",
                "It wears around the waist or across the body.",
            ),
            facts={"litres": ("2", "3", "5")},
        ),
        product_type(
            "Packing Cube Set", "packing cube set", (30, 50),
            "recycled nylon ripstop|mesh panels",
            "lightweight|packable", "travel",
            (
                "Three cubes in different sizes keep clothes organised and compressed.",
                "Mesh panels let you see what is inside without unzipping.",
            ),
        ),
        product_type(
            "Hanging Wash Bag", "wash bag", (25, 45),
            "recycled polyester|TPU lining",
            "water-resistant|lightweight", "travel|camping",
            (
                "A hook lets it hang from a door or branch, with a mirror and wipe-clean lining inside.",
                "Zipped mesh pockets keep toiletries in order.",
            ),
        ),
    ),
)
