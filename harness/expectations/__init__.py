"""What the market policy expects, as checks an actor runs on what it has seen
(`customer.should(lands_in_its_market(), ...)`); each finding names its catalogue entry."""
