"""The harness's shipped data (installed as the package harness.data): the market policy in policy/, the persona reference data in data/ (its README says what each file holds)."""
