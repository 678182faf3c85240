"""Accessories of the demo catalog: headwear, gloves, socks, gaiters, lights, bottles and small gear.

Feature and activity strings use "a|b|c?" where a trailing "?" marks an optional value that a
model may or may not get. Re-run ``.venv/bin/python -m bot.demo.catalog`` after editing.
"""

from bot.demo.vocabulary.common import ACCESSORY_COLOURS, Category, product_type

UNISEX = (("unisex", 1),)
HANDS_AND_FEET = (("men", 40), ("women", 40), ("unisex", 20))

ACCESSORIES = Category(
    name="accessories", prefix="ACC", target=56, genders=UNISEX, sizes="one", fit=None,
    colours=ACCESSORY_COLOURS,
    brands=("Northwind", "Cairn & Co", "Tidewater", "Lowland Supply", "Trailwright", "Ember & Pine"),
    warranty=(12, 24),
    openers=(
        "A small piece of kit that earns its place on {acts}: the {name}.",
        "{brand_pos} {line} {kind} {is} made for {acts}.",
        "Simple and well made, the {line} {kind} {is} ready for {acts}.",
        "Pack the {line} {kind} for {acts} and you won't regret it.",
    ),
    types=(
        product_type(
            "Merino Beanie", "beanie", (18, 35),
            "merino wool",
            "warm|odour-resistant|breathable?", "hiking|skiing|everyday|camping?",
            (
                "A double layer of fine merino keeps your ears warm without itching.",
                "It is thin enough to wear under a helmet or a hood.",
            ),
        ),
        product_type(
            "Fleece Neck Gaiter", "neck gaiter", (12, 22),
            "recycled polyester microfleece",
            "warm|lightweight", "skiing|hiking|cycling?",
            (
                "Wear it as a neck warmer, face mask or headband on cold, windy days.",
                "Soft microfleece seals the gap between collar and chin.",
            ),
        ),
        product_type(
            "Wide-Brim Sun Hat", "sun hat", (25, 45),
            "nylon|mesh panels",
            "uv-protection|lightweight|quick-dry|packable", "hiking|travel|camping?",
            (
                "A wide brim and UPF 50+ fabric shade your face and neck on long, bright days.",
                "A chin cord keeps it on in gusts, and it crushes into a pocket.",
            ),
        ),
        product_type(
            "Running Cap", "running cap", (20, 30),
            "recycled polyester|mesh panels",
            "lightweight|quick-dry|breathable|reflective", "trail running|hiking?",
            (
                "Laser-cut vents and a soft, foldable peak keep sun and sweat out of your eyes.",
                "It packs flat into a vest pocket.",
            ),
        ),
        product_type(
            "Waterproof Insulated Gloves", "gloves", (35, 60),
            "nylon|waterproof membrane|synthetic insulation|goat leather palm",
            "waterproof|insulated|warm|durable?", "skiing|mountaineering|hiking?",
            (
                "A waterproof insert and synthetic insulation keep hands warm and dry on the coldest days.",
                "Leather palms give grip on poles and ice axes.",
            ),
            genders=HANDS_AND_FEET, sizes="glove",
        ),
        product_type(
            "Merino Liner Gloves", "liner gloves", (15, 28),
            "merino wool|elastane",
            "lightweight|breathable|warm", "hiking|trail running|everyday?",
            (
                "Thin merino liners work alone on crisp mornings or under bigger mitts.",
                "Touchscreen-friendly fingertips mean you can keep them on to check the map.",
            ),
            genders=HANDS_AND_FEET, sizes="glove",
        ),
        product_type(
            "Insulated Mittens", "mittens", (40, 60),
            "nylon|waterproof membrane|synthetic insulation",
            "waterproof|insulated|warm", "skiing|mountaineering",
            (
                "Mittens keep fingers together for far more warmth than gloves.",
                "Long gauntlets seal over jacket cuffs, with wrist leashes so you can't drop them.",
            ),
            genders=UNISEX, sizes="glove",
        ),
        product_type(
            "Merino Hiking Socks", "hiking socks", (16, 26),
            "merino wool|nylon|elastane",
            "cushioned|odour-resistant|breathable", "hiking|camping?|travel?",
            (
                "Full cushioning underfoot and merino wool keep feet comfortable on long days in boots.",
                "A seamless toe and arch support prevent blisters.",
            ),
            genders=HANDS_AND_FEET, sizes="sock",
        ),
        product_type(
            "Trail Running Socks", "running socks", (12, 20),
            "recycled polyester|nylon|elastane",
            "lightweight|quick-dry|breathable", "trail running",
            (
                "Thin, quick-drying socks with a snug fit that won't slip on steep descents.",
                "A low cuff keeps grit out of your shoes.",
            ),
            genders=HANDS_AND_FEET, sizes="sock",
        ),
        product_type(
            "Merino Ski Socks", "ski socks", (20, 30),
            "merino wool|nylon|elastane",
            "warm|cushioned|odour-resistant", "skiing",
            (
                "Over-the-calf merino with shin padding for long days in ski boots.",
                "Targeted cushioning goes only where the boot presses.",
            ),
            genders=HANDS_AND_FEET, sizes="sock",
        ),
        product_type(
            "Waterproof Gaiters", "gaiters", (30, 55),
            "nylon|waterproof membrane|steel instep wire",
            "waterproof|breathable|durable", "hiking|mountaineering",
            (
                "Waterproof gaiters keep snow, mud and wet grass out of your boots.",
                "A steel instep cable and front zip make them quick to fit.",
            ),
            sizes="gaiter",
        ),
        product_type(
            "Rechargeable Headlamp", "headlamp", (30, 60),
            "polycarbonate housing|recycled polyester strap",
            "water-resistant|lightweight", "camping|trail running|hiking|mountaineering?",
            (
                "A {lumens}-lumen beam recharges over USB-C and has a red mode for reading in the tent.",
                "It is water-resistant and stays put on the head at a run.",
            ),
            facts={"lumens": ("350", "450", "600")},
        ),
        product_type(
            "Compact Headlamp", "headlamp", (15, 30),
            "polycarbonate housing|elastic strap",
            "lightweight|water-resistant", "camping|hiking|travel?",
            (
                "A {lumens}-lumen headlamp that runs on AAA batteries for emergencies and campsite chores.",
                "It weighs next to nothing, so it lives in the lid of your pack.",
            ),
            facts={"lumens": ("200", "250")},
        ),
        product_type(
            "Insulated Water Bottle", "insulated bottle", (25, 40),
            "stainless steel",
            "insulated|durable", "hiking|travel|everyday|camping?",
            (
                "Double-wall vacuum insulation keeps drinks cold for 24 hours or hot for 12.",
                "A leak-proof lid means it can travel in your bag.",
            ),
            sizes="bottle",
        ),
        product_type(
            "500 ml Soft Flask", "soft flask", (15, 25),
            "TPU",
            "lightweight|packable", "trail running|hiking?",
            (
                "A collapsible flask that shrinks as you drink, so nothing sloshes.",
                "It fits the chest pockets of most running vests.",
            ),
        ),
        product_type(
            "Aluminium Trekking Poles", "trekking poles", (45, 60),
            "aluminium|cork grips",
            "lightweight|durable", "hiking|mountaineering?",
            (
                "Lever locks adjust the length quickly, and cork grips stay comfortable in sweaty hands.",
                "They take weight off the knees on long descents.",
            ),
        ),
        product_type(
            "{litres} L Dry Bag", "dry bag", (12, 28),
            "TPU-coated nylon",
            "waterproof|lightweight", "camping|travel|hiking?",
            (
                "A roll-top closure keeps {litres} litres of kit dry in kayaks, rain and river crossings.",
                "Welded seams make it properly waterproof.",
            ),
            facts={"litres": ("5", "10", "20")},
        ),
        product_type(
            "Microfibre Travel Towel", "travel towel", (18, 35),
            "recycled polyester microfibre",
            "quick-dry|lightweight|packable", "travel|camping",
            (
                "Fine microfibre absorbs several times its weight and dries fast.",
                "It packs into a small mesh pouch.",
            ),
            sizes="towel",
        ),
    ),
)
