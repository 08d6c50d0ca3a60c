"""Customer support: tickets, callbacks, e-mail to support, escalation and the simulated desk."""
