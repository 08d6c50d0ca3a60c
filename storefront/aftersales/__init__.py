"""After-sales: returns, refunds and warranty claims on placed orders."""
