"""Tasks and questions journeys are written in; each calls the shop only through its adapter."""
