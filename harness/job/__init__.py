"""Jobs that tie the pieces together: `harness run` (journeys, load, report) and `harness rehearse`."""
