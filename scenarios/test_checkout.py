"""Checkout: guest and registered, delivery coverage, payment, promotion, tax, currency, and the
order confirmed as it was placed, personal data masked where the market masks it (SA-2, SA-6,
AS-3, AS-5, SA-3, PD-1, PD-2)."""
import pytest

from harness import (AcceptConsent, ChooseShipping, EnterTheAddress, FillTheCart, Land, LookUpTheOrder, Pay,
                     PlaceTheOrder, ReadTheConfirmationMail, Register, TryDeliveryTo, confirmation_agrees_with_the_cart,
                     confirmation_mail_agrees_with_the_order, currency_the_same_at_every_step, delivers_inside_coverage,
                     delivers_to_its_address, gets_back_what_it_typed, gets_the_promotion_as_advertised,
                     masks_personal_data_on_the_confirmation, offers_no_payment_method_beyond_the_markets,
                     offers_the_markets_payment_methods, order_api_keeps_what_it_typed, prefills_its_account_details,
                     refuses_outside_coverage_clearly, totals_follow_the_tax_rule)

pytestmark = pytest.mark.checkout


@pytest.mark.catalogue("SA-2", "SA-6", "AS-3", "AS-5", "SA-3", "PD-1", "PD-2")
@pytest.mark.varies_with("language", "archetype", "payment", "tax region",
                         archetypes=("first_time", "gift_sender", "business"))  # the returning check out registered
def test_guest_checkout(customer):
    """Checks out as a guest: promotion, delivery, payment and tax as the market's policy says, confirmed as placed"""
    customer.attempts_to(
        Land.on_the_shop(),
        AcceptConsent.if_asked(),
        FillTheCart.up_to_the_promotion(),
        EnterTheAddress.of_its_own(),
        ChooseShipping.the_first_offered(),
        Pay.with_its_own_method(),
        PlaceTheOrder.now(),
        ReadTheConfirmationMail.in_its_inbox(),
        LookUpTheOrder.through_the_api(),
    )
    customer.should(
        gets_the_promotion_as_advertised(),
        delivers_to_its_address(),
        offers_the_markets_payment_methods(),
        offers_no_payment_method_beyond_the_markets(),
        totals_follow_the_tax_rule(),
        currency_the_same_at_every_step(),
        confirmation_agrees_with_the_cart(),
        gets_back_what_it_typed(),
        masks_personal_data_on_the_confirmation(),
        confirmation_mail_agrees_with_the_order(),
        order_api_keeps_what_it_typed(),
    )


@pytest.mark.catalogue("PD-1", "SA-2", "SA-6", "SA-3", "PD-2")
@pytest.mark.varies_with("language", "archetype", "payment", archetypes=("returning",))
def test_registered_checkout(customer):
    """Checks out with its new account: its details prefilled and its order confirmed as typed"""
    customer.attempts_to(
        Land.on_the_shop(),
        AcceptConsent.if_asked(),
        Register.an_account(),
        FillTheCart.with_one_item(),
        EnterTheAddress.of_its_own(),
        ChooseShipping.the_first_offered(),
        Pay.with_its_own_method(),
        PlaceTheOrder.now(),
        ReadTheConfirmationMail.in_its_inbox(),
        LookUpTheOrder.through_the_api(),
    )
    customer.should(
        prefills_its_account_details(),
        delivers_to_its_address(),
        offers_the_markets_payment_methods(),
        offers_no_payment_method_beyond_the_markets(),
        currency_the_same_at_every_step(),
        confirmation_agrees_with_the_cart(),
        gets_back_what_it_typed(),
        masks_personal_data_on_the_confirmation(),
        confirmation_mail_agrees_with_the_order(),
        order_api_keeps_what_it_typed(),
    )


@pytest.mark.catalogue("SA-2")
@pytest.mark.applies_to(lambda policy: policy.delivery is not None)
@pytest.mark.varies_with()  # it tries the policy's example places, whoever walks
def test_delivery_coverage(customer):
    """Gets shipping methods and an estimate inside coverage, a clear refusal before payment outside it"""
    customer.attempts_to(
        Land.on_the_shop(),
        AcceptConsent.if_asked(),
        FillTheCart.with_one_item(),
        TryDeliveryTo.the_example_places(),
    )
    customer.should(
        delivers_inside_coverage(),
        refuses_outside_coverage_clearly(),
    )
