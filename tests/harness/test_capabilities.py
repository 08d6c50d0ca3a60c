"""What an adapter declares it can ask its shop: checked when the shop is built, loaded from
--adapter in one line per problem, and documented in docs/adapters.md as the code has it."""
from __future__ import annotations

import re
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from harness.adapter import make_shop
from harness.errors import UserInputError
from harness.shop import ALL, Capability, IdMap, NotOffered, capabilities
from harness.shop.reference import make_shop as reference

DOCS = Path(__file__).resolve().parents[2] / "docs" / "adapters.md"


def test_the_docs_list_every_capability_with_its_part_and_reason():
    rows = re.findall(r"^\| `(\w+)` \| (.+?) \| (\w+) \| (.+?) \|$", DOCS.read_text(encoding="utf-8"), re.M)
    documented = {name: (part, lacking) for name, _, part, lacking in rows}
    assert documented == {c.value: (c.part, c.lacking) for c in Capability}


def test_an_unknown_capability_is_named_with_the_nearest():
    with pytest.raises(ValueError, match=r"offers: 'chatbots' is not a capability \(did you mean chatbot\?\)"):
        capabilities(["catalogue", "chatbots"])


def test_a_declaration_that_does_not_add_up_is_refused():
    shop = reference("http://127.0.0.1:1")
    with pytest.raises(ValueError, match="declares chatbot but has no support part"):
        replace(shop, support=None)
    with pytest.raises(ValueError, match="declares confirmation_email but not mailbox, which it needs"):
        replace(shop, offers=ALL - {Capability.MAILBOX})


def test_switching_a_capability_off_takes_what_needs_it_along():
    shop = reference("http://127.0.0.1:1").without("cart")
    gone = ALL - shop.offers
    assert gone == {Capability.CART, Capability.GUEST_CHECKOUT, Capability.DELIVERY_ESTIMATES, Capability.ORDER_API,
                    Capability.CONFIRMATION_EMAIL}


def test_not_offered_carries_its_reason():
    assert NotOffered(Capability.CHATBOT).why == "the adapter has no chatbot"
    assert NotOffered("order_api", "the shop's API is read-only").why == "the shop's API is read-only"


def test_ids_map_both_ways_and_pass_the_rest_through():
    payments = IdMap({"card": "stripe_card", "invoice": "bank-invoice"})
    assert payments.to_shop("card") == "stripe_card" and payments.to_policy("bank-invoice") == "invoice"
    assert payments.to_shop("paypal") == "paypal" and payments.all_to_policy(["stripe_card", "x"]) == ["card", "x"]
    with pytest.raises(ValueError):
        IdMap({"card": "one", "sepa": "one"})


@pytest.fixture
def adapters(tmp_path, monkeypatch):
    (tmp_path / "odd_adapters.py").write_text(
        "from harness.shop import Shop\n"
        "def not_a_shop(url):\n    return {'url': url}\n"
        "def muddled(url):\n    return Shop(url, offers=['chatbot'])\n"
        "def crashing(url):\n    raise RuntimeError('no staging token')\n"
        "NOT_CALLABLE = 3\n", encoding="utf-8")
    (tmp_path / "broken_import.py").write_text("import no_such_dependency_here\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield
    for name in ("odd_adapters", "broken_import"):
        sys.modules.pop(name, None)


@pytest.mark.parametrize("spec, says", [
    ("nosuch.module:make_shop", "--adapter: 'nosuch.module:make_shop': no module 'nosuch.module'; is its package "
                                "installed or on PYTHONPATH?"),
    ("broken_import:make_shop", "--adapter: 'broken_import:make_shop': broken_import imports "
                                "'no_such_dependency_here', which is not installed"),
    ("odd_adapters:nothing_here", "--adapter: 'odd_adapters:nothing_here': odd_adapters has no 'nothing_here'"),
    ("odd_adapters:NOT_CALLABLE", "--adapter: 'odd_adapters:NOT_CALLABLE': NOT_CALLABLE is not a function building a Shop"),
    ("odd_adapters:not_a_shop", "--adapter: odd_adapters:not_a_shop: returned dict, not a harness.shop.Shop"),
    ("odd_adapters:muddled", "--adapter: odd_adapters:muddled: declares chatbot but has no support part"),
    ("odd_adapters:crashing", "--adapter: odd_adapters:crashing: building the shop failed: RuntimeError: no staging token"),
    ("os:path", "--adapter: 'os:path': path is not a function building a Shop"),
    ("odd_adapters:", "--adapter: 'odd_adapters:' is not module:function (e.g. yourpackage.shop:make_shop)"),
])
def test_a_bad_adapter_is_refused_in_one_line(adapters, spec, says):
    with pytest.raises(UserInputError) as refused:
        make_shop(spec, "http://127.0.0.1:1")
    assert str(refused.value) == says
