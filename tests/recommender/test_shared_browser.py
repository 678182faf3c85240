"""A browser two customers used: its anonymous id belongs to the first, and the second's calls never join or
overwrite the first's history."""

from sqlalchemy.orm import Session

from recommender.shoppers.identity import find_shopper
from recommender.shoppers.profile import shopper_profile
from recommender.shoppers.recording import record_events
from tests.recommender.shoppers_helpers import order, product, track


def test_a_second_customer_on_the_same_browser_gets_a_history_of_their_own(session: Session) -> None:
    record_events(session, [order("O-1", [product("R1")], "shared-browser", user="cust-1")])
    report = record_events(session, [track("Product Viewed", "shared-browser", user="cust-2", sku="T1"),
                                     {"type": "identify", "anonymousId": "shared-browser", "userId": "cust-2"}])
    session.commit()
    assert report.rejected == [] and report.recorded == 1
    first, second = find_shopper(session, "cust-1"), find_shopper(session, "cust-2")
    assert first is not None and second is not None and first.id != second.id
    assert first.customer_id == "cust-1" and find_shopper(session, "shared-browser").id == first.id
    assert [p.sku for p in shopper_profile(session, "cust-2").recently_purchased] == []
    assert [p.sku for p in shopper_profile(session, "cust-1").recently_purchased] == ["R1"]


def test_two_known_customers_are_never_merged_through_a_browser(session: Session) -> None:
    record_events(session, [order("O-1", [product("R1")], "shared-browser", user="cust-1"),
                            order("O-2", [product("T1")], "other-browser", user="cust-2")])
    report = record_events(session, [track("Product Added", "shared-browser", user="cust-2", sku="B1")])
    session.commit()
    assert report.recorded == 1 and report.shoppers_merged == 0
    assert [p.sku for p in shopper_profile(session, "cust-2").recently_carted] == ["B1"]
    assert shopper_profile(session, "cust-1").recently_carted == []
