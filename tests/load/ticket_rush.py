"""A locustfile for the support gate: customers who mostly open tickets (twenty users open
about three a second), which a healthy desk answers at once and a crippled one cannot keep up with."""
from harness.load import ShopUser, constant, task


class TicketRush(ShopUser):
    wait_time = constant(2)

    @task(4)
    def open_a_ticket(self):
        self.open_ticket(self.visit(), "Where is my parcel?")

    @task(6)
    def look_at_the_tickets(self):
        self.follow_up_tickets()
