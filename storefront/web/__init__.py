"""The commerce pages and JSON API: catalogue, cart, checkout and accounts, built on the
toolkit (storefront/toolkit/) beside the help, support and after-sales parts."""
