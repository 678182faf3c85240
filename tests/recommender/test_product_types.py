"""Product types read from titles and descriptions, for catalogs without a category column."""

import csv
import itertools
from pathlib import Path

import pytest

from recommender.catalog.importer import validate
from recommender.catalog.product_types import PRODUCT_TYPES, product_type
from recommender.catalog.reader import parse_mapping, read_records
from recommender.catalog.rows import parse_row
from tests.conftest import SHARED_DATA

MYNTRA = SHARED_DATA / "catalogs" / "myntra" / "myntra_products_catalog.csv"
MYNTRA_MAP = parse_mapping(["sku=Product_ID", "title=Product_Name", "brand=Product_Brand", "gender=Gender",
                            "price=Price", "description=Description", "color=Primary_Color"])


@pytest.mark.parametrize(("title", "expected"), [
    ("Roadster Men Navy Slim Fit Jeans", "jeans"),
    ("Puma Men Black Running Shoes", "running shoes"),
    ("Biba Women Red Printed Kurta with Palazzos", "kurtas"),
    ("Anouk Women Green Printed Kurta with Trousers & Dupatta", "kurtas"),
    ("Libas Women Blue Tie & Dye Straight Kurta", "kurtas"),
    ("Sassafras Women Black Solid Fit & Flare Dress", "dresses"),
    ("Tokyo Talkies Women Mustard Printed Maxi Dress", "dresses"),
    ("HRX by Hrithik Roshan Men Grey Printed Round Neck T-shirt", "t-shirts"),
    ("Highlander Men Navy Blue & Maroon Slim Fit Checked Casual Shirt", "shirts"),
    ("Vero Moda Women White Printed Shirt Style Top", "tops"),
    ("Nike Men Blue Mid-Top Sneakers", "sneakers"),
    ("Red Tape Men Brown Leather Formal Derbys", "formal shoes"),
    ("Catwalk Women Black Solid Peep Toes", "heels"),
    ("Mochi Women Gold-Toned Embellished Open Toe Flats", "flats"),
    ("American Tourister Unisex Blue Printed Medium Trolley Bag", "trolley bags"),
    ("Lavie Women Tan Brown Solid Shoulder Bag", "handbags"),
    ("Wildcraft Unisex Grey Laptop Backpack", "backpacks"),
    ("Fastrack Men Black Analogue Watch 3089SL05", "watches"),
    ("Sonari Pack of 2 Full-Coverage Bras afreen", "bras"),
    ("Zaveri Pearls Gold-Toned Contemporary Jhumkas", "earrings"),
    ("Mitera Pink Printed Poly Georgette Saree", "sarees"),
    ("Davidoff Men Cool Water Eau De Toilette 125 ml", "perfumes"),
    ("Lakme 9To5 Primer + Matte Lip Color - Red Coat 3.6 g", "lipsticks"),
    ("Cortina Set of 2 Blue Printed Door Curtains", "curtains"),
    ("Free Authority Batman featured Navy Tshirt for Men", "t-shirts"),
    ("Gini and Jony Girls Pink Printed T-shirt with Shorts", "t-shirts"),
    ("Bonjour Women Pack of 4 Assorted Shoe Liners", "socks"),
    ("Nike Men Black Solid Joggers", "track pants"),
    ("ADORENITE Women Pink Solid Satin Shirt and Pyjama Night Suit", "nightwear"),
    ("AURELIA Women Teal Kurta Churidar Dupatta Set", "kurtas"),
    ("Libas Women Green Printed Kurta Set", "kurtas"),
])
def test_the_type_a_title_names_is_its_head_noun(title: str, expected: str) -> None:
    assert product_type(title) == expected


def test_a_brand_that_names_a_type_is_not_read_as_one() -> None:
    title = "Pepe Jeans Boys Green & Navy Blue Striped Pullover Sweater"
    assert product_type(title, brand="Pepe Jeans") == "sweaters"


def test_a_title_without_a_type_falls_back_to_the_description_and_else_to_none() -> None:
    description = "Maroon solid woven A-line dress, has a round neck, three-quarter sleeves, flared hem"
    assert product_type("DODO & MOA Maroon", description) == "dresses"
    assert product_type("DODO & MOA Maroon", "Soft, comfortable, and made to last") is None
    assert product_type("Krafted With Happiness Red Wraparound Rakhi") is None


@pytest.mark.parametrize("category", sorted(PRODUCT_TYPES))
def test_each_category_read_as_a_title_is_itself(category: str) -> None:
    """A category's own name, singular or plural, names it: the one a shopper types finds it."""
    assert product_type(f"Brand Women Blue {category}") == category


def test_a_row_without_a_category_gets_its_type_and_a_stated_category_wins() -> None:
    row = {"sku": "1", "title": "Roadster Men Navy Slim Fit Jeans", "price": "1299", "brand": "Roadster"}
    assert parse_row(row).category == "jeans"
    assert parse_row({**row, "category": "Denim"}).category == "denim"
    assert parse_row({**row, "title": "Roadster Men Navy"}).category is None


@pytest.mark.skipif(not MYNTRA.exists(), reason=f"the Myntra catalog is not at {MYNTRA} (../shared/data absent)")
def test_most_of_the_first_300_myntra_products_get_a_category(tmp_path: Path) -> None:
    sample = tmp_path / "myntra_300.csv"
    with MYNTRA.open(encoding="utf-8", newline="") as source, sample.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(itertools.islice(csv.reader(source), 301))  # the header and 300 rows
    rows, rejected = validate(read_records(sample, MYNTRA_MAP))
    assert (len(rows), rejected) == (300, [])
    typed = [row for row in rows if row.category]
    assert len(typed) >= 0.95 * len(rows)
    assert {"jeans", "kurtas", "shirts", "t-shirts"} <= {row.category for row in typed}


def test_suggestions_read_a_requests_category_as_the_search_does(tmp_path: Path) -> None:
    from recommender.index.live import LiveIndex
    from recommender.index.versions import IndexStore
    from recommender.query import Filters
    from recommender.ranking.wishes import understand_request
    from tests.recommender.test_index_versions import make_build

    build = make_build(4)
    build.attrs["category"] = ["kurtas", "trousers", "t-shirts", "shirts"]
    store = IndexStore(tmp_path)
    store.publish(build)
    index = LiveIndex(store).get()
    for text, category in [("pink kurta with trousers", "kurtas"), ("grey lounge t shirt", "t-shirts")]:
        assert understand_request(index, text, {}, Filters()).filters.category == category
