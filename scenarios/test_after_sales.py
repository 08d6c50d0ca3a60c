"""After-sales: returns, refunds, warranty claims, and whose business an order is (AS-1, AS-2, AS-4,
CS-3, CS-7, PD-2)."""
import pytest

from harness import (AnotherCustomerTries, AskWhenTheRefundComes, ClaimTheWarranty, OpenTheOrder, OpenTheTicketPage,
                     PlaceAnOrder, ReadTheRefundEmail, RequestAReturn, TheOrderArrived, WriteToSupport,
                     personal_data_masked_as_the_policy_says, refund_comes_when_promised, refund_mail_in_its_language,
                     refund_time_the_same_everywhere, refused_to_another_customer, return_accepted_inside_the_window,
                     return_refused_after_the_window_quoting_the_policy, warranty_claim_refused_after_the_period,
                     warranty_claims_accepted_without_fees)

pytestmark = pytest.mark.after_sales


@pytest.mark.catalogue("AS-1", "AS-2", "CS-3", "CS-7")
@pytest.mark.applies_to(lambda policy: policy.returns is not None and policy.returns.days >= 1)
def test_return_inside_the_window(customer):
    """Returns an order on the return period's last day: accepted, refunded when and as every channel says"""
    customer.attempts_to(
        PlaceAnOrder.of_one_item(),
        TheOrderArrived.days_before_today(customer.policy.returns.days),
        RequestAReturn.of_the_order(),
        AskWhenTheRefundComes.of_the_chatbot(),
        ReadTheRefundEmail.for_the_return(),
    )
    customer.should(
        return_accepted_inside_the_window(),
        refund_comes_when_promised(),
        refund_time_the_same_everywhere(),
        refund_mail_in_its_language(),
    )


@pytest.mark.catalogue("AS-1")
@pytest.mark.applies_to(lambda policy: policy.returns is not None)
@pytest.mark.varies_with()
def test_return_after_the_window(customer):
    """Returns an order the day after the return period ended: refused, quoting the period and its last day"""
    customer.attempts_to(
        PlaceAnOrder.of_one_item(),
        TheOrderArrived.days_before_today(customer.policy.returns.days + 1),
        RequestAReturn.of_the_order(),
    )
    customer.should(return_refused_after_the_window_quoting_the_policy())


@pytest.mark.catalogue("AS-4")
@pytest.mark.applies_to(lambda policy: policy.warranty is not None and policy.warranty.months >= 1)
@pytest.mark.varies_with()
def test_warranty_claims(customer):
    """Claims the warranty a month after delivery and on the period's last day: accepted, free; the day after: refused"""
    last_day = TheOrderArrived.on_the_last_day_of_the_warranty(customer.policy)
    customer.attempts_to(
        PlaceAnOrder.of_one_item(),
        TheOrderArrived.days_before_today(min(30, last_day.days_ago)),
        ClaimTheWarranty.for_the_item(),
        PlaceAnOrder.of_one_item(),
        last_day,
        ClaimTheWarranty.for_the_item(),
        PlaceAnOrder.of_one_item(),
        TheOrderArrived.the_day_after_the_warranty_ended(customer.policy),
        ClaimTheWarranty.for_the_item(),
    )
    customer.should(
        warranty_claims_accepted_without_fees(),
        warranty_claim_refused_after_the_period(),
    )


@pytest.mark.catalogue("PD-2")
@pytest.mark.varies_with()
def test_order_return_and_ticket_stay_private(customer):
    """Order, return and ticket show its data masked as the policy says, and nothing to another customer"""
    customer.attempts_to(
        PlaceAnOrder.of_one_item(),
        TheOrderArrived.days_before_today(1),
        RequestAReturn.of_the_order(),
        WriteToSupport.about_the_order(),
        OpenTheOrder.as_its_owner(),
        OpenTheTicketPage.as_its_owner(),
        AnotherCustomerTries.to_open_them(),
    )
    customer.should(
        personal_data_masked_as_the_policy_says(),
        refused_to_another_customer(),
    )
