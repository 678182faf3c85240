"""The words shoppers use for what shops sell, whatever the catalog: our own list, written here.

The NLU lookup tables (data/nlu/lookups.yml, written by :mod:`bot.nlu_lookups`) hold the live catalog's
vocabulary *and* these words, so a model trained while the shop sells the demo's outdoor gear still knows
"kurtas", "trainers" and "earrings" as product types, "mustard" as a colour and "Puma" as a brand when the
shop imports a fashion catalog before its next retrain. Words are lower case and singular where a shopper
also types the plural: the generator adds plurals ("dress" -> "dresses", "watch" -> "watches").

Brands are only names that are not also everyday English words: a lookup table is matched as whole words
anywhere in a message, and "only", "next" or "mango" would tag ordinary sentences as brands.
"""

from __future__ import annotations

PRODUCT_TYPES: tuple[str, ...] = (
    # tops
    "top", "crop top", "tank top", "blouse", "tee", "t-shirt", "t shirt", "tshirt", "graphic tee", "polo",
    "polo shirt", "polo t-shirt", "shirt", "casual shirt", "formal shirt", "linen shirt", "denim shirt",
    "flannel shirt",
    "tunic", "hoodie", "hoody", "sweatshirt", "sweater", "jumper", "cardigan", "pullover", "jacket",
    "denim jacket", "leather jacket", "bomber jacket", "puffer jacket", "windcheater", "coat", "overcoat",
    "trench coat", "blazer", "waistcoat", "suit", "shrug", "camisole",
    # ethnic wear
    "kurta", "kurti", "kurta set", "kurta pyjama", "saree", "sari", "lehenga", "lehenga choli", "dupatta",
    "salwar", "salwar suit", "churidar", "churidar leggings", "palazzo", "sherwani", "nehru jacket", "anarkali",
    "anarkali kurta", "dhoti", "silk saree", "banarasi saree", "georgette saree", "phulkari dupatta",
    "ethnic wear", "western wear", "party wear", "casual wear", "winter wear", "streetwear",
    # bottoms and one-pieces
    "jeans", "skinny jeans", "trousers", "formal trousers", "pants", "yoga pants", "chinos", "cargo pants",
    "cargos", "joggers", "track pants", "trackpants", "sweatpants", "shorts", "denim shorts", "bermuda shorts",
    "skirt", "mini skirt", "midi skirt", "denim skirt", "leggings", "jeggings", "tights", "dress", "maxi dress",
    "midi dress", "mini dress", "bodycon dress", "sundress", "frock", "gown", "jumpsuit", "playsuit", "dungarees",
    "co-ord set", "tracksuit",
    # innerwear, nightwear, sportswear
    "innerwear", "bra", "sports bra", "briefs", "boxers", "trunks", "vest", "thermals", "nightwear",
    "night suit", "pyjamas", "pajamas", "nightdress", "nighty", "loungewear", "robe", "swimsuit",
    "swimwear", "swim shorts", "bikini", "activewear", "gym wear", "sportswear",
    # footwear
    "shoes", "sneakers", "casual sneakers", "trainers", "running shoes", "sports shoes", "walking shoes",
    "casual shoes", "school shoes", "formal shoes", "canvas shoes", "heels", "high heels", "block heels",
    "stilettos", "wedges", "pumps",
    "sandals", "flat sandals", "flip flops", "flip-flops", "slippers", "sliders", "slides", "boots", "ankle boots",
    "chelsea boots", "loafers", "moccasins", "brogues", "oxfords", "flats", "ballet flats", "mules",
    "juttis", "kolhapuris", "floaters", "clogs",
    # accessories
    "watch", "smartwatch", "smart watch", "digital watch", "analog watch", "bag", "handbag", "tote bag", "sling bag",
    "shoulder bag", "clutch", "backpack",
    "laptop bag", "duffel bag", "trolley bag", "wallet", "purse", "belt", "sunglasses", "aviator sunglasses", "shades",
    "spectacle frames", "cap", "baseball cap", "hat", "beanie", "scarf", "scarves", "stole", "muffler", "gloves",
    "socks", "ankle socks",
    "tie", "bow tie", "cufflinks", "hair clip", "headband",
    # jewellery
    "jewellery", "jewelry", "earrings", "stud earrings", "studs", "jhumkas", "necklace", "pendant", "chain", "ring",
    "bracelet",
    "bangles", "anklet", "nose pin", "mangalsutra", "jewellery set",
    # beauty and fragrance that fashion shops often sell
    "perfume", "deodorant", "lipstick",
)

COLOURS: tuple[str, ...] = (
    "black", "white", "off white", "cream", "ivory", "beige", "brown", "tan", "camel", "khaki", "grey",
    "gray", "charcoal", "silver", "gold", "golden", "rose gold", "red", "maroon", "burgundy", "wine", "pink", "peach",
    "coral", "rose", "magenta", "fuchsia", "purple", "lavender", "lilac", "mauve", "violet", "blue",
    "navy", "navy blue", "royal blue", "sky blue", "light blue", "dark blue", "teal", "turquoise", "aqua",
    "green", "olive", "olive green", "mint", "sea green", "bottle green", "lime", "mustard", "yellow",
    "orange", "rust", "copper", "bronze", "multicolour", "multicolor", "nude", "denim",
)

BRANDS: tuple[str, ...] = (
    "nike", "adidas", "puma", "reebok", "asics", "skechers", "new balance", "fila", "converse",
    "levis", "levi's", "wrangler", "pepe jeans", "roadster", "hrx", "here&now", "mast & harbour",
    "dressberry", "sassafras", "biba", "fabindia", "w for woman", "aurelia", "libas", "anouk",
    "allen solly", "van heusen", "peter england", "louis philippe", "raymond", "u.s. polo assn.",
    "us polo", "tommy hilfiger", "calvin klein", "jack & jones", "vero moda", "zara", "h&m", "uniqlo",
    "forever 21", "marks & spencer", "fossil", "titan", "fastrack", "casio", "timex", "daniel wellington",
    "ray-ban", "rayban", "woodland", "bata", "red tape", "hush puppies", "clarks", "crocs", "wildcraft",
    "american tourister", "skybags", "lavie", "caprese", "baggit", "hidesign", "jockey", "enamor",
    "zivame", "clovia", "manyavar", "global desi",
)

# What shoppers of any shop buy for: sports and occasions ("for the gym", "for a wedding").
ACTIVITIES: tuple[str, ...] = (
    "gym", "workout", "yoga", "running", "jogging", "walking", "swimming", "cycling", "hiking", "trekking",
    "football", "cricket", "tennis", "badminton", "party", "wedding", "office", "travel", "beach", "festival",
    "date night", "sports", "dance",
)
