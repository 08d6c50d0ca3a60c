"""Multi-region simulation test harness for e-commerce.

The harness reaches the shop over HTTP and the browser only; it never imports the
reference storefront.
"""
__version__ = "0.1.0"
