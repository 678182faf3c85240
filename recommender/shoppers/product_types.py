"""Product types from Online Retail's descriptions ("WHITE HANGING HEART T-LIGHT HOLDER" is a t-light holder).

The file has no category column; the type a description names stands in for one, so that category affinity,
price-against-category and micro-segments have something to work with.
"""

from __future__ import annotations

import re

# Product types by the words of a description. The match nearest the end wins ("CAKE TINS PANTRY DESIGN" is a
# tin), a longer phrase beats a word inside it, a trailing plural S/ES is allowed. A ~motif (or material) names the
# product only when nothing else does: the heart on a "CARD HOLDER GINGHAM HEART" is its print, a "WICKER HEART"
# is the product.
PRODUCT_TYPES: tuple[tuple[str, str], ...] = (
    ("t-light holder", "T-LIGHT HOLDER|TEA LIGHT HOLDER|TLIGHT HOLDER|TEALIGHT HOLDER|VOTIVE|VOTIVE HOLDER"),
    ("candle holder", "CANDLE HOLDER|CANDLEHOLDER|CANDLESTICK|CANDLE STICK|CANDLESTAND|CANDLEPOT|CANDLE POT"
                      "|CANDLE RING|CANDLE PLATE"),
    ("candle", "CANDLE|T-LIGHT|TEA LIGHT|TEALIGHT|MATCHES"),
    ("home fragrance", "INCENSE|DIFFUSER|FRAGRANCE|OIL BURNER|POT POURRI|SACHET|INCENSE HOLDER"),
    ("bag", "~BAG|HANDBAG|WASHBAG|SHOPPER|TOTE|BACKPACK|RUCKSACK|SATCHEL|LUNCH BAG|JUMBO BAG"),
    ("party supplies", "PARTY BAG|BALLOON|PARTY CONE|INVITE|PAPER PLATE|PAPER CUP|STRAW|NAPKIN|PARTY HAT|~PARTY"
                       "|COCKTAIL PARASOL|CAKE CANDLE|BIRTHDAY CANDLE|CONFETTI|PINATA|PAPER DOILY|PAPER DOILIES"),
    ("mug", "MUG"), ("cup", "CUP|SAUCER|TEACUP|BEAKER|CUP AND SAUCER|TUMBLER|EGG CUP|GOBLET"),
    ("card", "CARD|GREETING CARD|POSTCARD|MINICARD"),
    ("wrapping", "WRAP|GIFT WRAP|WRAPPING PAPER|GIFT BAG|GIFT TAG|TAG|RIBBON|TISSUE|RIBBON REEL|CELLOPHANE"),
    ("box", "BOX|TRINKET BOX|RECIPE BOX|CASKET|CHEST"),
    ("sign", "SIGN|PLAQUE|NUMBER TILE|DOOR SIGN|METAL SIGN|DOOR NUMBER|CHALKBOARD|BLACKBOARD|~LETTER|DOORSIGN"),
    ("frame", "CARD HOLDER|CARDHOLDER|FRAME|PHOTOFRAME|PHOTO FRAME|PICTURE FRAME|PHOTO CLIP|PHOTO CUBE"),
    ("clock", "CLOCK"), ("cushion", "CUSHION|CUSHION COVER|FILLER PAD|CUSHION PAD|~COVER"),
    ("decoration", "DECORATION|DEC|DECS|WREATH|BAUBLE|MOBILE|BELL|ORNAMENT|STOCKING|TINSEL|HONEYCOMB FAN|~FAN"
                   "|PAPER CHAIN KIT|SNOWFLAKE|WINDCHIME|CHIME|SUNCATCHER|CHRISTMAS TREE|DROPLET|ROSETTE|~HEART"
                   "|~STAR|~TREE|~ANGEL|~FLOWER|~HANGING|~FELT|~FEATHER|~PICK|~DOILY|~BUNNY|~RABBIT|~DUCK|~CHICK"
                   "|DISCO BALL"),
    ("ornament", "FIGURE|FIGURINE|STATUE|BUST|DOORSTOP|DOOR STOP|PAPERWEIGHT|P'WEIGHT|SNOW GLOBE|VASE|~MUSHROOM"),
    ("hot water bottle", "HOT WATER BOTTLE|HOTTIE|HAND WARMER|WARMER|HEAT PACK"),
    ("bottle", "BOTTLE|WATER BOTTLE|FLASK|CARAFE|DECANTER"), ("tin", "~TIN|CAKE TIN|BISCUIT TIN"),
    ("jar", "JAR|STORAGE JAR|JAM JAR"),
    ("bowl", "BOWL|DISH|SOAP DISH"), ("plate", "PLATE|DINNER PLATE|SIDE PLATE|PLATTER"),
    ("cake stand", "CAKE STAND|CAKESTAND|CAKE PLATE|TIER STAND"),
    ("baking", "CAKE CASE|BAKING|MOULD|CUTTER|BAKING CASE|ICING|ROLLING PIN|PIE DISH|CAKE DOILY|CAKE DOILIES"),
    ("doormat", "DOORMAT|DOOR MAT|~MAT"),
    ("umbrella", "UMBRELLA|PARASOL|PONCHO"), ("bunting", "BUNTING|PENNANT|~FLAG"),
    ("garland", "GARLAND|STRING OF|~CHAIN"),
    ("lantern", "LANTERN"),
    ("furniture", "CHAIR|STOOL|POUFFE|HAMMOCK|LOVE SEAT|SIDE TABLE|BENCH|SCREEN|PARTITION PANEL|COAT STAND|~TABLE"),
    ("lighting", "~LIGHT|LAMP|LAMPSHADE|CHANDELIER|FAIRY LIGHTS|LIGHT CHAIN|TORCH|LED|NIGHT LIGHT|LIGHTBULB"),
    ("hanger", "HANGER|COAT HANGER|COAT RACK|HOOK|PEG|KEY HOLDER|~HOLDER|KNOB|DRAWER KNOB"),
    ("jewellery", "NECKLACE|NECKLAC|NECKL|BRACELET|BRACLET|EARRINGS|EARRING|~RING|BANGLE|BROOCH|PENDANT|~CHARM"
                  "|BEAD|JEWEL|CHOKER|ANKLET|CUFFLINKS|LARIAT|JEWELLERY STAND|JEWELLERY SET|~BADGE"),
    ("hair accessory", "HAIR CLIP|HAIRCLIP|HAIRSLIDE|HAIR SLIDE|HAIR BAND|HAIRBAND|HAIR GRIP|HAIR COMB|COMB"
                       "|SCRUNCHIE|HAIR TIE|ALICE BAND|TIARA"),
    ("notebook", "NOTEBOOK|NOTE BOOK|JOURNAL|SKETCHBOOK|NOTEPAD|NOTE PAD|MEMO PAD|DIARY|ADDRESS BOOK|JOTTER"
                 "|EXERCISE BOOK|POCKET BOOK|MEMOBOARD"),
    ("stationery", "~PEN|PENCIL|RUBBER|ERASER|RULER|SHARPENER|STICKER|TAPE|ENVELOPE|WRITING SET|CALENDAR|ALBUM"
                   "|STAMP|CRAYON|CHALK|PAPER CLIP|BOOKMARK|BOOK MARK|LABEL|WRITING PAPER|PLANNER|PENCIL CASE"
                   "|PEN CASE|BOOK COVER|BOOKCOVER|PASSPORT COVER|LUGGAGE TAG|STATIONERY|HOLE PUNCH|~BOOK"
                   "|TAPE MEASURE|MEASURING TAPE|SCISSOR|TATTOO"),
    ("toy", "TOY|DOLL|JIGSAW|PUZZLE|~GAME|SPINNING TOP|MARBLES|SKIPPING ROPE|KITE|YO-YO|TEDDY|PLAYHOUSE|ROCKET"
            "|HELICOPTER|SOLDIER|PUPPET|BLOCKS|DOMINOES|PLAYING CARDS|BUBBLES|KNITTING NANCY|WATER PISTOL|DRUM"
            "|SOFT TOY|RATTLE|WHISTLE|SCOOTER|DRAWING SLATE|BINGO|MODELLING CLAY|INFLATABLE|ROCKING HORSE"),
    ("craft kit", "KIT|~CRAFT|SEWING|KNITTING|EMBROIDERY|FELTCRAFT|COLOURING|PAINT SET|PAINTING SET|LOLLY MAKERS"),
    ("mirror", "MIRROR"),
    ("tray", "TRAY"), ("cutlery", "CUTLERY|SPOON|FORK|KNIFE|CHOPSTICK|CAKE SLICE|TEASPOON"),
    ("tableware", "COASTER|PLACEMAT|PLACE SETTING|JUG|TEAPOT|TEA COSY|COSY|WINE GLASS|TEA SET|MILK JUG|SALT|PEPPER"
                  "|CRUET|~EGG|TOAST RACK|TOASTRACK|TABLECLOTH|TABLE CLOTH|RUNNER|~GLASS"),
    ("kitchen textile", "APRON|TEA TOWEL|OVEN GLOVE|OVEN MITT|POT HOLDER|DISH CLOTH|TOWEL"),
    ("kitchenware", "SCALES|BREAD BIN|COLANDER|CHOPPING BOARD|LUNCH BOX|LUNCHBOX|GRATER|TIMER|SIEVE|WHISK|~PAN"
                    "|SPATULA|MEASURING|SAUCEPAN|FUNNEL|CONTAINER|~BOARD|SHOPPING LIST|CORER|BRUSH|PEELER|OPENER"
                    "|~KITCHEN"),
    ("magnet", "MAGNET"),
    ("storage", "CABINET|DRAWER|BASKET|BUCKET|CRATE|HAMPER|TIDY|ORGANISER|STORAGE|TRUNK|~BIN|SHELF|~CASE|~RACK"
                "|LETTER RACK|MAGAZINE RACK"),
    ("garden", "PLANT POT|PLANTER|~POT|HERB MARKER|WATERING CAN|BIRD FEEDER|BIRDHOUSE|BIRD HOUSE|BIRD TABLE|SEED"
               "|GNOME|THERMOMETER|WINDMILL|TROWEL|SPADE|GLOVES|~PLANT|GARDEN KNEELER|~GARDEN|FLY SWAT"),
    ("purse", "PURSE|WALLET|MONEY BANK|MONEY BOX|PIGGY BANK"),
    ("home textile", "CURTAIN|THROW|BLANKET|QUILT|FLANNEL|RUG|BEDSPREAD|PILLOW|PILLOWCASE|DUVET|TABLE RUNNER"),
    ("bathroom", "SOAP|TOILETRY|BATH|SPONGE|TOOTHBRUSH|SHOWER|LIP GLOSS|NAIL|BALM|TOILET|BATHROOM SET"),
    ("wall art", "WALL ART|PICTURE|~PRINT|POSTER|CANVAS|WALL HANGING|~TILE|WALL STICKER|WALL DECAL"),
    ("key ring", "KEYRING|KEY RING|KEY FOB|KEYCHAIN|KEY-CHAIN"),
    ("clothing", "SCARF|HAT|GLOVE|SOCKS|SLIPPERS|SHAWL|WELLIES|BIB|T-SHIRT|BEANIE|EAR MUFFS|SUNGLASSES|RAIN MAC"
                 "|HEADPHONES|SOMBRERO|SOCK"),
    ("pet", "DOG COLLAR|DOG BOWL|CAT BOWL|PET|DOG LEAD|CAT COLLAR"),
    ("food", "~CHOCOLATE|SWEETS|LOLLIPOP|~TEA|~COFFEE|~JAM|BISCUIT|~CANDY|~SUGAR"),
)
_TYPE_OF = {w.lstrip("~"): kind for kind, words in reversed(PRODUCT_TYPES) for w in words.split("|")}
_MOTIFS = frozenset(w[1:] for _, words in PRODUCT_TYPES for w in words.split("|") if w.startswith("~"))
_TYPE_WORDS = re.compile(r"(?<![\w'-])(" + "|".join(re.escape(w) for w in sorted(_TYPE_OF, key=len, reverse=True))
                         + r")(?:S|ES)?(?![\w'-])")
_PACKAGING = re.compile(r"^(?:(?:BOX|PACK|SET|BAG|TUB|BUNDLE|TUBE|JAR|TIN)(?: OF)?(?: \d+\S*)?|S(?:ET)?/\d+)\s+")
_EXTRAS = re.compile(r" (?:WITH|W|\+|&) ")  # what follows "with" is an extra, not the product


def product_type(description: str) -> str:
    """The kind of product a description names (``"t-light holder"``, ``"bag"``, ...), else ``"other"``."""
    text = re.sub(r"\s+", " ", description.upper()).strip()
    unpacked = _PACKAGING.sub("", text)  # "BAG 125g SWIRLY MARBLES" are marbles
    for motifs in (False, True):
        for part in (_EXTRAS.split(unpacked)[0], unpacked, text):
            best: tuple[tuple[int, int], str] | None = None
            for match in _TYPE_WORDS.finditer(part):
                word = match.group(1)
                if (word in _MOTIFS) == motifs and (best is None or (match.end(), len(word)) >= best[0]):
                    best = ((match.end(), len(word)), word)
            if best:
                return _TYPE_OF[best[1]]
    return "other"
