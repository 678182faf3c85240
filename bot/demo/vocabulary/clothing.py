"""Clothing categories of the demo catalog: base layers, trousers and shorts.

Feature and activity strings use "a|b|c?" where a trailing "?" marks an optional value that a
model may or may not get. Re-run ``.venv/bin/python -m bot.demo.catalog`` after editing.
"""

from bot.demo.vocabulary.common import APPAREL_COLOURS, BASE_LAYER_COLOURS, Category, product_type

SPLIT = (("men", 45), ("women", 45), ("unisex", 10))

BASE_LAYERS = Category(
    name="base layers", prefix="BSL", target=30, genders=SPLIT, sizes="letter", fit="apparel",
    colours=BASE_LAYER_COLOURS,
    brands=("Boreal Works", "Alpenlite", "Lowland Supply", "Trailwright"),
    warranty=(12, 24),
    openers=(
        "The {name}: a next-to-skin layer for {acts}.",
        "Next to the skin on {acts}, the {line} {kind} {is} all about comfort and moisture control.",
        "Every good layering system starts here: the {line} is built for {acts}.",
    ),
    types=(
        product_type(
            "Merino 200 Long-Sleeve Crew", "merino crew", (70, 110),
            "merino wool",
            "warm|odour-resistant|breathable", "skiing|hiking|mountaineering?|camping?|travel?",
            (
                "Midweight 200 g/m² merino regulates temperature on cold days and stays comfortable when damp.",
                "Flatlock seams sit smoothly under a pack and a harness.",
            ),
        ),
        product_type(
            "Merino 150 T-Shirt", "merino tee", (50, 80),
            "merino wool|nylon core",
            "odour-resistant|breathable|lightweight", "hiking|travel|trail running?|everyday?|camping?",
            (
                "Lightweight 150 g/m² merino spun around a nylon core for extra durability.",
                "It can be worn for days on the trail and still look fresh enough for the train home.",
            ),
        ),
        product_type(
            "Quick-Dry Technical Tee", "technical tee", (30, 50),
            "recycled polyester",
            "quick-dry|breathable|lightweight|uv-protection?|odour-resistant?", "trail running|hiking|cycling?|travel?",
            (
                "A fine polyester knit wicks sweat away and dries within minutes.",
                "It is a simple, hard-working tee for hot days and hard efforts.",
            ),
        ),
        product_type(
            "Merino 250 Base Layer Leggings", "base layer leggings", (65, 100),
            "merino wool|elastane",
            "warm|odour-resistant|breathable|stretch", "skiing|mountaineering?|hiking?|camping?",
            (
                "Heavyweight 250 g/m² merino leggings for the coldest days on the hill.",
                "A wide, soft waistband and gusseted crotch stay comfortable under ski trousers.",
            ),
        ),
        product_type(
            "Thermal Zip-Neck Top", "thermal top", (45, 75),
            ("polyester grid knit", "recycled polyester|elastane"),
            "warm|quick-dry|breathable|stretch", "skiing|hiking|trail running?|climbing?",
            (
                "A brushed grid knit traps warm air and moves sweat away quickly.",
                "The long zip neck lets you vent on climbs and seal up on descents.",
            ),
        ),
        product_type(
            "Sun Hoody", "sun hoody", (45, 70),
            "recycled polyester|elastane",
            "uv-protection|quick-dry|hooded|lightweight|breathable", "hiking|climbing?|travel?|trail running?",
            (
                "UPF 50+ fabric and a close-fitting hood protect you on long, exposed days in the sun.",
                "Thumb loops keep the sleeves over the backs of your hands.",
            ),
        ),
        product_type(
            "Merino Boxer Briefs", "boxer briefs", (30, 45),
            "merino wool|nylon|elastane",
            "odour-resistant|breathable|stretch|lightweight", "hiking|travel|trail running?|everyday?",
            (
                "Merino boxers that stay fresh on multi-day trips.",
                "Flat seams and a soft waistband prevent chafing over long miles.",
            ),
            genders=(("men", 1),),
        ),
        product_type(
            "Merino Sports Bra", "sports bra", (40, 60),
            "merino wool|nylon|elastane",
            "odour-resistant|breathable|stretch", "hiking|trail running|climbing?|travel?",
            (
                "A medium-support merino sports bra that stays fresh on multi-day trips.",
                "Wide straps and a soft band stay comfortable under a loaded pack.",
            ),
            genders=(("women", 1),),
        ),
    ),
)

TROUSERS = Category(
    name="trousers", prefix="TRS", target=28, genders=SPLIT, sizes="waist", fit="apparel",
    colours=("black", "navy", "olive", "grey", "charcoal", "sand", "green", "blue"),
    brands=("Cairn & Co", "Summit Forge", "Lowland Supply", "Highmoor"),
    warranty=(24, 36),
    openers=(
        "The {name} are made for {acts}.",
        "{brand_pos} {line} {kind} are built for {acts}.",
        "Made for {acts}, the {line} {kind} move with you mile after mile.",
    ),
    types=(
        product_type(
            "Convertible Hiking Trousers", "hiking trousers", (70, 110),
            "nylon|elastane",
            "quick-dry|stretch|lightweight|uv-protection?", "hiking|travel|camping?",
            (
                "Zip-off legs turn them into shorts when the afternoon heats up.",
                "Lightweight stretch nylon dries fast after a river crossing.",
            ),
        ),
        product_type(
            "Softshell Mountain Trousers", "mountain trousers", (110, 180),
            "double-weave nylon|elastane",
            "stretch|water-resistant|durable|windproof", "hiking|mountaineering|climbing?|skiing?",
            (
                "Durable double-weave softshell with reinforced instep patches for scree and crampons.",
                "A water-repellent finish and articulated knees make them a three-season mountain trouser.",
            ),
        ),
        product_type(
            "Waterproof Overtrousers", "overtrousers", (80, 160),
            "recycled nylon|2.5-layer waterproof membrane",
            "waterproof|breathable|packable|lightweight", "hiking|cycling?|camping?|travel?",
            (
                "Full-length side zips let you pull them on over boots when the rain arrives.",
                "Taped seams and a waterproof membrane keep your legs dry in persistent rain.",
            ),
            sizes="letter",
        ),
        product_type(
            "Climbing Trousers", "climbing trousers", (70, 110),
            ("organic cotton canvas|elastane", "nylon|elastane"),
            "stretch|durable", "climbing|everyday?|hiking?",
            (
                "A gusseted crotch and articulated knees give full freedom for high steps.",
                "Tough, stretchy fabric holds up to rough rock and long days at the crag.",
            ),
        ),
        product_type(
            "Insulated Ski Trousers", "ski trousers", (150, 220),
            "polyester|waterproof membrane|synthetic insulation",
            "waterproof|insulated|warm|breathable|ventilated?", "skiing",
            (
                "Taped seams, light synthetic insulation and snow gaiters keep you warm and dry on the lift.",
                "Reinforced kick patches protect the hems from ski edges.",
            ),
            sizes="letter",
        ),
        product_type(
            "Travel Chinos", "travel chinos", (60, 100),
            "nylon|elastane",
            "stretch|quick-dry|water-resistant?", "travel|everyday|hiking?",
            (
                "They look like smart chinos but dry overnight in a hotel room.",
                "A hidden zip pocket keeps a passport safe on travel days.",
            ),
        ),
        product_type(
            "Winter Hiking Trousers", "winter trousers", (90, 140),
            "polyester|elastane|brushed fleece lining",
            "warm|water-resistant|stretch|windproof", "hiking|skiing?|camping?",
            (
                "A brushed fleece lining makes them warm enough for frosty walks without long johns.",
                "Windproof stretch fabric sheds snow and keeps the chill off.",
            ),
        ),
    ),
)

SHORTS = Category(
    name="shorts", prefix="SHR", target=22, genders=SPLIT, sizes="letter", fit="apparel",
    colours=APPAREL_COLOURS,
    brands=("Tidewater", "Trailwright", "Lowland Supply", "Cairn & Co"),
    warranty=(12, 24),
    openers=(
        "The {name} are cut for {acts}.",
        "{brand_pos} {line} {kind} keep things simple on {acts}.",
        "For {acts} in the heat, the {line} {kind} are hard to beat.",
    ),
    types=(
        product_type(
            "Hiking Shorts", "hiking shorts", (50, 80),
            "nylon|elastane",
            "stretch|quick-dry|lightweight|uv-protection?", "hiking|travel?|climbing?|camping?",
            (
                "Stretch nylon with a built-in belt and zip pockets for maps and snacks.",
                "They dry in minutes after a dip in a mountain lake.",
            ),
            sizes="waist",
        ),
        product_type(
            "5-Inch Running Shorts", "running shorts", (40, 65),
            "recycled polyester|mesh liner",
            "lightweight|quick-dry|breathable|reflective?", "trail running",
            (
                "A 5-inch inseam, built-in mesh liner and a gel pocket at the back.",
                "Feather-light fabric that barely registers on long runs.",
            ),
        ),
        product_type(
            "2-in-1 Running Shorts", "running shorts", (50, 75),
            "recycled polyester|elastane",
            "lightweight|quick-dry|stretch|reflective?", "trail running|everyday?",
            (
                "A stretch inner short with phone pockets sits under a loose, light outer layer.",
                "Chafe-free seams suit long runs in the heat.",
            ),
        ),
        product_type(
            "Climbing Shorts", "climbing shorts", (55, 85),
            "organic cotton canvas|elastane",
            "stretch|durable", "climbing|everyday?",
            (
                "A gusseted crotch and stretch canvas allow high steps and wide bridges.",
                "A brush loop and chalk-bag clip sit on the waistband.",
            ),
        ),
        product_type(
            "Cargo Travel Shorts", "cargo shorts", (45, 75),
            "nylon|elastane",
            "quick-dry|stretch|uv-protection?", "travel|everyday|hiking?|camping?",
            (
                "Secure zip cargo pockets hold a passport, phone and wallet.",
                "They wash in a sink and dry overnight.",
            ),
            sizes="waist",
        ),
        product_type(
            "Trail Bike Shorts", "bike shorts", (60, 90),
            "nylon|elastane|padded liner",
            "stretch|durable|ventilated", "cycling",
            (
                "A removable padded liner and tough stretch outer make them ready for long days in the saddle.",
                "Zipped vents let air in on hot climbs.",
            ),
        ),
    ),
)
