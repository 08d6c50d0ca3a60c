from types import SimpleNamespace

from django.templatetags.static import static
from oscar.core.thumbnails import AbstractThumbnailer


class PlaceholderThumbnailer(AbstractThumbnailer):
    """The staging products have no images: every thumbnail is Oscar's own placeholder, served as a
    static file (no sorl-thumbnail or easy-thumbnails, no media files to serve)."""

    def generate_thumbnail(self, source, **opts):
        return SimpleNamespace(url=static("oscar/img/image_not_found.jpg"))

    def delete_thumbnails(self, source):
        pass
