"""Help centre and chatbot: policy pages and answers built from the market's settings."""
