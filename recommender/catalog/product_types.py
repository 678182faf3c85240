"""Product types from titles ("Roadster Men Navy Slim Fit Jeans" is jeans), for a catalog without categories.

A shop's titles name what the product is, and in English the head noun comes last: "Slim Fit Jeans",
"Printed Kurta with Palazzos". So the type is the phrase of :data:`PRODUCT_TYPES` that ends nearest the end of
the title's first part (before "with", "&", "and", " - ": what follows is an extra or a shade, "Kurta with
Palazzos" is a kurta), the longest phrase winning at one end ("running shoes" over "shoes"). A title that names no type
("DODO & MOA Maroon") falls back to the first clause of the description that does.

Categories are plural, as the demo catalog's are ("rain jackets", "hiking boots"); each groups what shoppers
ask for by one name ("a-line dress", "maxi dress" and "shirt dress" are dresses), and stays separate where they
ask by a more specific one ("running shoes", "trolley bags"). The filter on a category admits the categories
it is the head of ("shoes" admits "running shoes", ``recommender.search.filter_mask``).
"""

from __future__ import annotations

import re

# Category -> the phrases that name it, singular; a plural in s/es is matched too, other plurals are listed.
PRODUCT_TYPES: dict[str, str] = {
    # tops
    "t-shirts": "t-shirt|t shirt|tshirt|tee|polo|polo t-shirt|henley|tank top",
    "shirts": "shirt|casual shirt|formal shirt|overshirt",
    "tops": "top|crop top|blouse|camisole|cami|bodysuit|tube top",
    "tunics": "tunic|kaftan|kurti top",
    "sweatshirts": "sweatshirt|hoodie|hoody|hooded sweatshirt",
    "sweaters": "sweater|pullover|jumper|cardigan",
    "jackets": "jacket|bomber|puffer|windcheater|gilet|shacket|parka|rain jacket|raincoat",
    "coats": "coat|overcoat|trench coat|trench",
    "blazers": "blazer|waistcoat",
    "shrugs": "shrug|cape|poncho|kimono",
    "suits": "suit|tuxedo|bandhgala",
    "sherwanis": "sherwani|achkan",
    # ethnic wear
    # A kurta set is a kurta with its bottom, as Myntra's "Kurta with Palazzos" is: shoppers ask for both as kurtas.
    "kurtas": "kurta|anarkali|anarkali kurta|kurta set|kurta pyjama|salwar suit|churidar suit|anarkali suit",
    "kurtis": "kurti",
    "sarees": "saree|sari",
    "lehengas": "lehenga|lehenga choli|ghagra|chaniya choli",
    "dupattas": "dupatta|stole|odhni",
    "salwars": "salwar|patiala|sharara|churidar|dhoti|dhoti pants",
    "dress materials": "dress material|unstitched dress material",
    "blouses": "saree blouse|choli",
    # bottoms
    "jeans": "jeans|jeggings|jean",
    "trousers": "trousers|trouser|pants|pant|cargos|cargo|cargo pants|chinos|chino|culottes|capris|capri",
    "track pants": "track pants|trackpants|track pant|joggers|jogger|sweatpants|lounge pants",
    "palazzos": "palazzos|palazzo|palazzo pants",
    "shorts": "shorts|bermudas|boxer shorts",
    "skirts": "skirt|skort",
    "leggings": "leggings|legging|tights|treggings|churidar leggings",
    # one-pieces and sets
    "dresses": "dress|frock|gown|maxi|sundress|shirt dress|t-shirt dress",
    "jumpsuits": "jumpsuit|playsuit|romper|dungarees|dungaree|co-ords|co-ord set|co-ord",
    "clothing sets": "clothing set|top and bottom set",
    "tracksuits": "tracksuit|track suit",
    "nightwear": "night suit|nightsuit|pyjamas|pyjama|pajamas|nightdress|night dress|nighty|nightie|robe|"
                 "bathrobe|lounge set|sleepwear|pyjama set|night suit set",
    # innerwear
    "bras": "bra|sports bra|bralette",
    "briefs": "brief|briefs|panties|panty|hipster|bikini brief|boxers|boxer|trunks|trunk",
    "vests": "vest|thermal|thermal top|slip|shapewear",
    "socks": "sock|socks|shoe liners|shoe liner|stockings|stocking",
    "swimwear": "swimwear|swimsuit|swim shorts|bikini|swimming costume",
    # footwear
    "shoes": "shoes|shoe|casual shoes|driving shoes|boat shoes",
    "sneakers": "sneakers|sneaker|trainers|trainer",
    "running shoes": "running shoes|running shoe",
    "sports shoes": "sports shoes|sports shoe|training shoes|training shoe|walking shoes|walking shoe|"
                    "football shoes|football shoe|basketball shoes|tennis shoes|gym shoes",
    "formal shoes": "formal shoes|formal shoe|derbys|derby|derbies|oxfords|oxford|brogues|brogue|monks|"
                    "monk strap|monk straps",
    "loafers": "loafers|loafer|slip-ons|slip-on|slip ons|moccasins|moccasin|espadrilles|espadrille",
    "boots": "boots|boot|chelsea boots|ankle boots",
    "heels": "heels|heel|pumps|pump|stilettos|stiletto|peep toes|peep toe|wedges|wedge|block heels",
    "flats": "flats|flat|ballerinas|ballerina|ballet flats|mules|mule|flatforms|flatform|mojaris|mojari|"
             "juttis|jutti|kolhapuris|clogs|clog",
    "sandals": "sandals|sandal|floaters|floater|gladiators",
    "flip flops": "flip-flops|flip-flop|flip flops|flip flop|sliders|slider|slippers|slipper|sliders|slides",
    # bags and small leather goods
    "bags": "bag|duffle bag|duffel bag|gym bag|messenger bag|travel bag|waist pouch|pouch",
    "handbags": "handbag|handheld bag|shoulder bag|tote bag|tote|sling bag|hobo bag|satchel|bucket bag|"
                "clutch|clutches|baguette",
    "backpacks": "backpack|rucksack|laptop backpack|school bag",
    "laptop bags": "laptop bag|laptop sleeve|briefcase",
    "trolley bags": "trolley bag|trolley|suitcase|luggage",
    "wallets": "wallet|purse|card holder|cardholder|money clip",
    "belts": "belt|suspenders",
    # accessories
    "watches": "watch|watches|smartwatch|smart watch|analogue watch|digital watch",
    "sunglasses": "sunglasses|sunglass|glasses|aviators|spectacle frames|eyewear",
    "caps": "cap|baseball cap|hat|beanie|bucket hat|beret",
    "scarves": "scarf|scarves|muffler|shawl|stole|bandana",
    "ties": "tie|bow tie|necktie",
    "cufflinks": "cufflinks|cufflink|tie pin|collar tips",
    "pocket squares": "pocket square",
    "gloves": "gloves|glove|mittens",
    "face masks": "face mask|outdoor mask|reusable mask",
    "umbrellas": "umbrella",
    "hair accessories": "hair clip|hairband|hair band|headband|scrunchie|hair tie|hair accessory|tiara|"
                        "hair pin|claw clip",
    "phone cases": "iphone case|phone case|mobile cover|phone cover|back cover|case|cover case",
    "headphones": "headphones|headphone|earphones|earphone|earbuds|speaker",
    "keychains": "keychain|key chain|keyring|key ring",
    # jewellery
    "earrings": "earrings|earring|studs|stud|jhumkas|jhumka|jhumkis|chandbalis|chandbali|hoops|hoop|"
                "danglers|drop earrings|ear cuff",
    "necklaces": "necklace|chain|pendant|choker|mangalsutra|locket",
    "rings": "ring|finger ring|toe ring",
    "bracelets": "bracelet|cuff|kada|charm bracelet",
    "bangles": "bangle|bangles",
    "anklets": "anklet|payal",
    "nose pins": "nose pin|nosepin|nose ring|nath",
    "maang tikkas": "maang tikka|maang tika|maang tikas|tikka|tika|matha patti",
    "jewellery sets": "jewellery set|jewelry set|necklace set",
    "brooches": "brooch|broach",
    # beauty
    "perfumes": "perfume|eau de toilette|eau de parfum|eau de cologne|edt|edp|cologne|body mist|mist|"
                "deodorant|deo|attar|fragrance",
    "lipsticks": "lipstick|lip crayon|lip colour|lip color|lip gloss|lip liner|lip balm|lip tint|lip serum|"
                 "lip stain",
    "nail polishes": "nail polish|nail paint|nail lacquer|nail enamel",
    "eye makeup": "kajal|eyeliner|eye liner|microliner|mascara|eyeshadow|eye shadow|eyeshadow palette|"
                  "eye quartet|brow pencil|eyebrow pencil",
    "face makeup": "foundation|concealer|compact|primer|blush|highlighter|bronzer|bb cream|cc cream|"
                   "face powder|powder|setting spray|makeup kit",
    "skin care": "face wash|cleanser|moisturiser|moisturizer|serum|face cream|cream|lotion|body lotion|"
                 "sunscreen|toner|face mask|peel off mask|mask|scrub|gel|face oil|night gel|beard wash|"
                 "skin care kit|face care kit|kit|wash|soap|body wash|shower gel",
    "hair care": "shampoo|conditioner|hair oil|hair serum|hair mask|hair colour|hair color",
    "makeup brushes": "makeup brush|brush|brush set|sponge|beauty blender",
    # home
    "curtains": "curtain|door curtain|window curtain|blind|blinds",
    "cushion covers": "cushion cover|cushion|pillow cover|pillowcase|pillow case|pillow",
    "bedsheets": "bedsheet|bed sheet|bedsheet set|fitted sheet|bed cover|bedspread",
    "blankets": "blanket|dohar|quilt|comforter|duvet|duvet cover|throw|razai",
    "rugs": "rug|carpet|dhurrie|runner|bath mat|bathmat|doormat|door mat|mat",
    "table linen": "placemat|table placemat|table runner|table cover|tablecloth|table cloth|napkin|coaster",
    "towels": "towel|bath towel|hand towel|face towel",
    "mugs": "mug|coffee mug|cup|cups|tea cup|glass|tumbler",
    "dinnerware": "plate|bowl|serving bowl|dinner set|platter|tray|serving tray|kulladh|kulhad|cutlery|"
                  "cutlery holder|jar|container|bottle|flask|kettle|teapot",
    "home decor": "showpiece|statue|figurine|idol|vase|planter|pot|artificial flowers|artificial flower|"
                  "artificial plant|candle|candle holder|diya|wall art|wall decor|painting|photo frame|frame|"
                  "mirror|wall hanging|dream catcher|wind chime|key holder|tissue holder|tissue box|box|"
                  "basket|bin|dry bin|organiser|organizer|desk organiser|shelf|shelves|wall shelf",
    "lamps": "lamp|table lamp|floor lamp|wall lamp|lantern|string lights|fairy lights|light|lights",
    "clocks": "clock|wall clock|table clock",
}
# Forms whose plural is no s/es away, and words that name no product on their own here.
_IRREGULAR = {"knives": "knife", "shelves": "shelf", "scarves": "scarf"}
# Phrases whose "&" or "and" joins no two products ("Tie & Dye Kurta", "Fit & Flare Dress").
_JOINED = ((re.compile(r"\btie\s*(?:&|and|n|-)\s*dye(?:d)?\b", re.I), "tie-dye"),
           (re.compile(r"\bfit\s*(?:&|and|n)\s*flare\b", re.I), "fit-and-flare"))
# What follows "with", "&", "and" is an extra; what follows " - " a shade or a variant ("Lip Color - Red Coat").
_CONNECTORS = re.compile(r"\s+(?:with|&|and|-|–)\s+", re.I)
# Categories that name what several garments make up together.
OUTFITS = frozenset({"nightwear", "clothing sets", "tracksuits", "suits", "jewellery sets"})
_SET = re.compile(r"\bsets?\s*$", re.I)
_CLAUSES = re.compile(r"[.,;:!?\n]+|(?<=[a-z])(?=[A-Z])")  # Myntra runs sentences together: "lockOne handle"
_TYPE_OF: dict[str, str] = {}
for _category, _forms in PRODUCT_TYPES.items():
    for _form in _forms.split("|"):
        _TYPE_OF.setdefault(_form, _category)  # a form listed twice keeps its first, most likely category
    _TYPE_OF.setdefault(_category, _category)
_PHRASES = re.compile(r"(?<![\w-])(" + "|".join(re.escape(form) for form in sorted(_TYPE_OF, key=len, reverse=True))
                      + r")(?:s|es)?(?![\w-])", re.I)


def _end_most(text: str) -> str | None:
    """The type phrase ending nearest the end of ``text``, the longest winning at one end."""
    best: tuple[tuple[int, int], str] | None = None
    for match in _PHRASES.finditer(text):
        phrase = match.group(1).lower()
        key = (match.end(), len(phrase))
        if best is None or key > best[0]:
            best = (key, phrase)
    return _TYPE_OF[_IRREGULAR.get(best[1], best[1])] if best else None


def split_extras(text: str) -> list[str]:
    """A title's parts, the product first and the extras after it ("Kurta", "Palazzos")."""
    for pattern, joined in _JOINED:
        text = pattern.sub(joined, text)
    return _CONNECTORS.split(text)


def type_in(text: str) -> str | None:
    """The product type a title names: the end-most type phrase of its first part that names one, unless the
    title ends with an outfit its parts make up ("Shirt and Pyjama Night Suit" is nightwear)."""
    parts = split_extras(text)
    if len(parts) > 1 and (whole := _end_most(parts[-1])) in OUTFITS:
        return whole
    for part in parts:
        if _SET.search(part) and len(found := _types(part)) > 1:
            return found[0]  # "Kurta Churidar Dupatta Set": a list of garments sold together is its first
        if found := _end_most(part):
            return found
    return None


def _types(text: str) -> list[str]:
    return [_TYPE_OF[_IRREGULAR.get(m.group(1).lower(), m.group(1).lower())] for m in _PHRASES.finditer(text)]


def product_type(title: str, description: str | None = None, brand: str | None = None) -> str | None:
    """The category of a product from its title, else from the first clause of its description naming a type;
    None when neither names one. A title that starts with the brand is read without it ("Pepe Jeans Boys Green &
    Navy Striped Sweater" is a sweater)."""
    if brand and title.lower().startswith(brand.lower()):
        title = title[len(brand):]
    if found := type_in(title):
        return found
    for clause in _CLAUSES.split(description or "")[:6]:  # the head of a description says what it is
        if clause and (found := type_in(clause)):
            return found
    return None
