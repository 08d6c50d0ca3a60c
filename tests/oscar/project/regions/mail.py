"""Django's SMTP and file mail backends, each message tagged with the language it was written in
(`Content-Language`: the request's language, which Oscar renders its e-mail templates in), and
with a Message-ID of the shop's own domain (Django's would ask the resolver for this host's name)."""
from email.utils import make_msgid

from django.core.mail.backends import filebased, smtp
from django.utils.translation import get_language

MESSAGE_ID_DOMAIN = "oscar-staging.test"


class _TagsLanguage:
    def send_messages(self, email_messages):
        language = get_language()
        for message in email_messages:
            if language:
                message.extra_headers.setdefault("Content-Language", language)
            message.extra_headers.setdefault("Message-ID", make_msgid(domain=MESSAGE_ID_DOMAIN))
        return super().send_messages(email_messages)


class SMTPBackend(_TagsLanguage, smtp.EmailBackend):
    pass


class FileBackend(_TagsLanguage, filebased.EmailBackend):
    pass
