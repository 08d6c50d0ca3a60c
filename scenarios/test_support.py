"""Support: help in the customer's language, a chatbot that states the policy, and a person who
takes over with the whole conversation (SA-4, CS-1..4, CS-6..10)."""
import pytest

from harness import (COMPLAINTS, POLICY_QUESTIONS, AskTheApi, AskTheChatbot, EscalateTheTicket, OpenTheContactPage,
                     OpenTheHelpCentre, OpenTheTicket, ReadTheAcknowledgementMail, TalkToAPerson,
                     channels_agree_with_the_policy, chatbot_speaks_its_language, chatbot_states_the_policy,
                     complaints_get_their_remedy, escalation_keeps_the_conversation,
                     first_response_target_as_the_policy_states, help_centre_speaks_its_language, one_refund_time,
                     person_within_reach, promise_in_its_time_zone_within_opening_hours, request_acknowledged,
                     support_hours_in_its_time_zone, support_lists_what_the_policy_promises,
                     support_within_reach_in_its_language, ticket_in_its_language)

pytestmark = [pytest.mark.support, pytest.mark.applies_to(lambda policy: policy.support is not None)]


@pytest.mark.catalogue("SA-4", "CS-7", "CS-6", "CS-3")
def test_finds_help_in_its_language(customer):
    """Finds help in its language, with hours in its time zone, offered only what its market is promised"""
    customer.attempts_to(OpenTheHelpCentre(), OpenTheContactPage())
    customer.should(
        help_centre_speaks_its_language(),
        support_within_reach_in_its_language(),
        support_lists_what_the_policy_promises(),
        support_hours_in_its_time_zone(),
        first_response_target_as_the_policy_states(),
    )


@pytest.mark.catalogue("CS-1", "CS-3", "CS-4", "CS-7", "CS-8")
def test_chatbot_answers_as_the_policy_states(customer):
    """The chatbot answers every policy question and complaint as the policy and the help pages state"""
    customer.attempts_to(
        OpenTheHelpCentre(),
        AskTheChatbot.about(*POLICY_QUESTIONS, *COMPLAINTS),
        AskTheApi(),
    )
    customer.should(
        chatbot_states_the_policy(),
        one_refund_time(),
        complaints_get_their_remedy(),
        chatbot_speaks_its_language(),
        channels_agree_with_the_policy(),
    )


@pytest.mark.catalogue("CS-2", "CS-10", "CS-6", "CS-9", "CS-7")
def test_a_person_takes_over_with_the_conversation(customer):
    """A person takes over from the chatbot within three steps and keeps the conversation when escalated"""
    customer.attempts_to(
        OpenTheContactPage(),
        AskTheChatbot.about("damaged_parcel"),
        TalkToAPerson(),
        ReadTheAcknowledgementMail(),
        OpenTheTicket(),
        EscalateTheTicket(),
    )
    customer.should(
        person_within_reach(),
        request_acknowledged(),
        promise_in_its_time_zone_within_opening_hours(),
        ticket_in_its_language(),
        escalation_keeps_the_conversation(),
    )
