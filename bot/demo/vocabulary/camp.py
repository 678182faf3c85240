"""Tents and sleeping bags of the demo catalog.

Feature and activity strings use "a|b|c?" where a trailing "?" marks an optional value that a
model may or may not get. Re-run ``.venv/bin/python -m bot.demo.catalog`` after editing.
"""

from bot.demo.vocabulary.common import SLEEPING_BAG_COLOURS, TENT_COLOURS, Category, product_type

TENTS = Category(
    name="tents", prefix="TNT", target=22, genders=(("unisex", 1),), sizes="one", fit=None,
    colours=TENT_COLOURS,
    brands=("Alpenlite", "Summit Forge", "Ember & Pine", "Boreal Works"),
    warranty=(36, 60),
    openers=(
        "The {name} is a {kind} for {acts}.",
        "{brand_pos} {line} is a {kind} designed for {acts}.",
        "For {acts}, the {line} is a shelter you can count on.",
        "Quick to pitch and easy to live in, the {line} is made for {acts}.",
    ),
    types=(
        product_type(
            "1 Ultralight Tent", "one-person ultralight tent", (300, 480),
            "silicone-coated nylon ripstop|aluminium poles",
            "lightweight|waterproof|3-season|packable?", "camping|hiking",
            (
                "It sleeps one and packs down to just {weight} kg, with a single pole and a roomy vestibule.",
                "A {hh} mm flysheet and fully taped seams keep the rain out on exposed pitches.",
            ),
            facts={"weight": ("0.98", "1.1", "1.2"), "hh": ("3,000", "5,000")},
            sizes="1 person",
        ),
        product_type(
            "2 Ultralight Tent", "two-person ultralight tent", (380, 600),
            "silicone-coated nylon ripstop|aluminium poles",
            "lightweight|waterproof|3-season|freestanding", "camping|hiking",
            (
                "This two-person tent has a packed weight of just {weight} kg, with two doors and two vestibules.",
                "The {hh} mm flysheet and taped seams handle steady rain.",
            ),
            facts={"weight": ("1.3", "1.5", "1.7"), "hh": ("3,000", "5,000")},
            sizes="2 person",
        ),
        product_type(
            "2 Backpacking Tent", "two-person backpacking tent", (220, 360),
            "polyester ripstop|aluminium poles",
            "waterproof|3-season|freestanding|durable|lightweight?", "camping|hiking",
            (
                "It sleeps two, weighs {weight} kg packed and pitches outer-first to keep the inner dry.",
                "Two doors mean nobody climbs over anybody at night.",
            ),
            facts={"weight": ("2.1", "2.4")},
            sizes="2 person",
        ),
        product_type(
            "3 Backpacking Tent", "three-person backpacking tent", (280, 440),
            "polyester ripstop|aluminium poles",
            "waterproof|3-season|freestanding|ventilated", "camping|hiking",
            (
                "Room for three, a packed weight of {weight} kg and a {hh} mm flysheet.",
                "High vents and a mesh inner cut condensation on still nights.",
            ),
            facts={"weight": ("2.6", "2.9", "3.2"), "hh": ("3,000", "4,000")},
            sizes="3 person",
        ),
        product_type(
            "2 Mountain Tent", "four-season mountain tent", (550, 750),
            "nylon ripstop|aluminium poles|snow valances",
            "4-season|waterproof|windproof|freestanding|durable", "mountaineering|camping",
            (
                "It sleeps two, weighs {weight} kg and has a {hh} mm flysheet.",
                "A crossing-pole geodesic frame and snow valances hold firm in winter storms.",
            ),
            facts={"weight": ("2.8", "3.1", "3.4"), "hh": ("5,000", "7,000")},
            sizes="2 person",
        ),
        product_type(
            "4 Family Tent", "four-person family tent", (300, 520),
            "polyester|steel and fibreglass poles",
            "waterproof|3-season|ventilated|durable", "camping",
            (
                "Two bedrooms sleep four, and at {weight} kg it is built for the car boot rather than the backpack.",
                "A standing-height living area and mesh vents keep it comfortable on warm nights.",
            ),
            facts={"weight": ("8.5", "10.2", "11.8")},
            sizes="4 person",
        ),
        product_type(
            "6 Family Tunnel Tent", "six-person tunnel tent", (450, 750),
            "polyester|fibreglass poles",
            "waterproof|3-season|ventilated|durable", "camping",
            (
                "Three blackout bedrooms sleep six, and at {weight} kg packed it is a campsite basecamp.",
                "A large porch gives space to cook and store bikes on long summer holidays.",
            ),
            facts={"weight": ("14.5", "16.8")},
            sizes="6 person",
        ),
        product_type(
            "2 Dome Tent", "two-person dome tent", (150, 220),
            "polyester|fibreglass poles",
            "waterproof|freestanding|3-season", "camping",
            (
                "It sleeps two and weighs {weight} kg, an affordable tent for weekends and festivals.",
                "Colour-coded poles let two people pitch it in about ten minutes.",
            ),
            facts={"weight": ("2.8", "3.2")},
            sizes="2 person",
        ),
        product_type(
            "Bivy Shelter", "bivy shelter", (150, 250),
            "nylon ripstop|waterproof breathable membrane",
            "waterproof|breathable|lightweight|packable", "camping|mountaineering|hiking?",
            (
                "A one-person bivy with a pole-supported hood that weighs only {weight} kg.",
                "Its breathable membrane keeps dew and rain off your sleeping bag.",
            ),
            facts={"weight": ("0.45", "0.6")},
            sizes="1 person",
        ),
    ),
)

SLEEPING_BAGS = Category(
    name="sleeping bags", prefix="SLP", target=22, genders=(("unisex", 65), ("women", 35)), sizes="sleeping",
    fit="sleep", colours=SLEEPING_BAG_COLOURS,
    brands=("Boreal Works", "Alpenlite", "Northwind", "Ember & Pine"),
    warranty=(36, 60),
    openers=(
        "The {name} is a sleeping bag for {acts}.",
        "{brand_pos} {line} {kind} keeps you warm on {acts}.",
        "Warm, packable and comfortable, the {line} is made for {acts}.",
    ),
    types=(
        product_type(
            "+5 Down Sleeping Bag", "summer down bag", (220, 320),
            "{fill}-fill goose down|nylon ripstop",
            "insulated|lightweight|packable", "hiking|camping|travel?",
            (
                "Rated to a comfort temperature of +5 °C, it is filled with {fill}-fill down and weighs {weight} g.",
                "It compresses to the size of a loaf of bread for summer treks.",
            ),
            facts={"fill": ("700", "800"), "weight": ("520", "650")},
        ),
        product_type(
            "-5 Down Sleeping Bag", "three-season down bag", (280, 420),
            "{fill}-fill goose down|nylon ripstop",
            "insulated|warm|3-season|packable", "camping|hiking|mountaineering?",
            (
                "Rated to -5 °C comfort, with {fill}-fill down, a draught collar and a shaped hood.",
                "Box-wall baffles prevent cold spots through spring and autumn nights.",
            ),
            facts={"fill": ("650", "750")},
        ),
        product_type(
            "-18 Expedition Down Sleeping Bag", "expedition bag", (420, 520),
            "{fill}-fill goose down|water-resistant nylon",
            "insulated|warm|4-season|water-resistant", "mountaineering|camping",
            (
                "Rated to -18 °C comfort and packed with {fill}-fill down for high camps and polar nights.",
                "A water-resistant shell protects the down from frost and tent condensation.",
            ),
            facts={"fill": ("800", "850")},
            genders=(("unisex", 1),),
        ),
        product_type(
            "+2 Synthetic Sleeping Bag", "synthetic bag", (80, 150),
            "recycled polyester|synthetic insulation",
            "insulated|3-season|durable", "camping|hiking?|travel?",
            (
                "Synthetic insulation rated to +2 °C comfort stays warm even in a damp tent.",
                "It is easy to wash and tough enough for years of campsite use.",
            ),
        ),
        product_type(
            "Rectangular Camping Sleeping Bag", "rectangular bag", (60, 110),
            "polyester|synthetic insulation|brushed cotton lining",
            "insulated|warm", "camping",
            (
                "Rated to +8 °C comfort, it unzips fully to use as a duvet.",
                "A roomy rectangular shape with a brushed cotton lining feels like your bed at home.",
            ),
            genders=(("unisex", 1),),
        ),
        product_type(
            "Silk Sleeping Bag Liner", "sleeping bag liner", (40, 70),
            "silk",
            "lightweight|packable", "travel|camping",
            (
                "A silk liner adds a little warmth and keeps your sleeping bag clean.",
                "It weighs about {weight} g and doubles as a sheet in hostels.",
            ),
            facts={"weight": ("120", "140")},
            genders=(("unisex", 1),),
            sizes="one",
        ),
    ),
)
