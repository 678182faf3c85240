"""Property tests for the web API's request models: whatever JSON arrives, the model refuses it naming a
field, or what it admits goes through the ranking without an error."""

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from bot.services import Services
from bot.suggestions import suggest_for
from bot.web.schemas import MAX_PRICE, MAX_TEXT, SuggestBody
from recommender.encoder import Encoder
from recommender.query import Filters
from recommender.ranking import SuggestRequest
from tests.bot.web_helpers import stocked_services

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12)
FIELDS = ["text", "answers", "filters", "exclude", "exclude_brands", "k", "more_like", "not_like", "shopper_id"]
FILTERS = ["gender", "category", "min_price", "max_price", "color", "size", "in_stock"]
ANSWERS = ["activity", "conditions", "features", "fit", "category", "colour", "size", "budget"]
words = st.sampled_from(["hiking", "rain", "women", "black", "waterproof", "under 150", "", " ", "\x00", "x" * 120])
loose = json_values | words | st.floats(min_value=-1, max_value=2 * MAX_PRICE) | st.lists(words, max_size=3)
bodies = st.fixed_dictionaries({}, optional={
    "text": st.text(max_size=MAX_TEXT + 5) | json_values,
    "filters": st.fixed_dictionaries({}, optional=dict.fromkeys(FILTERS, loose)) | json_values,
    "answers": st.fixed_dictionaries({}, optional=dict.fromkeys(ANSWERS, loose)) | json_values,
    "k": st.integers(-5, 120) | json_values,
    "exclude": st.lists(st.sampled_from(["R1", "T1", "nope"]), max_size=3) | json_values,
})


def _validated(raw: Any) -> SuggestBody | None:
    try:
        return SuggestBody.model_validate(raw)
    except ValidationError as exc:
        for error in exc.errors():
            # A body that is not an object is refused as a whole (FastAPI names it "body"); an unknown key is
            # named itself.
            if not isinstance(raw, dict):
                assert not error["loc"], error
            else:
                assert error["loc"][0] in FIELDS or error["loc"][0] in raw, error
        return None


@given(json_values)
@settings(max_examples=300)
def test_any_json_is_refused_naming_a_field_or_admitted(raw: Any) -> None:
    _validated(raw)


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory, encoder: Encoder) -> Services:
    return stocked_services(tmp_path_factory.mktemp("schemas"), encoder)


@given(bodies)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_what_is_admitted_ranks_without_error(services: Services, raw: dict[str, Any]) -> None:
    body = _validated(raw)
    if body is None:
        return
    request = SuggestRequest(text=body.text, answers=body.answers.as_answers(),
                             filters=Filters(**body.filters.model_dump()), exclude=frozenset(body.exclude), k=body.k)
    result = suggest_for(services, request)
    assert len(result.items) <= body.k
    limit = body.filters.max_price
    assert limit is None or all(min(s.price, s.sale_price or s.price) <= limit + 0.005 for s in result.items)
