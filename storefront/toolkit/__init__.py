"""The HTTP toolkit every part's pages and API are built with: the request's context, forms,
access to customers' resources, rendering with the page chrome, and the answer to a visitor
the shop does not serve.

It sits below the commerce pages (web/) and the help, support and after-sales parts, and
imports none of them: it knows the loaded shop, its database and its settings, nothing that
is built on it.
"""
