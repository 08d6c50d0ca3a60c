"""MailDevMailbox against a real MailDev on loopback, and `language_of` on e-mail-like texts."""
from __future__ import annotations

import json
import smtplib
import socket
import subprocess
import sys
import uuid
from email.message import EmailMessage

import httpx
import pytest

from harness.shop.mail_language import language_of
from harness.shop.mailcatcher import MailCatcherError, MailDevMailbox, text_of_html

from ..maildev import MailDev, MailDevUnavailable

# ---------------------------------------------------------------------------- language_of

# (language, subject + text) as shops write them: names, addresses, product names and numbers.
CONFIRMATIONS = [
    ("de", """Ihre Bestellung 10482 ist bestätigt
Hallo Anna Schmidt,
vielen Dank für Ihre Bestellung.
1 × Apple MacBook Air 13" M3 Midnight 8GB RAM 256GB SSD
1 × Logitech MX Master 3S Performance Wireless Mouse Graphite
Summe: 1.398,00 €
Lieferadresse: Anna Schmidt, 221B Baker Street, London NW1 6XE, United Kingdom
Voraussichtliche Lieferung: 12.03.–14.03.
Bei Fragen antworten Sie einfach auf diese E-Mail: support@shop.example.com"""),
    ("en", """Your order 55120 is confirmed
Hi Yamada Taro, thanks for your order.
1 × 無印良品 Organic Cotton Towel Set
Total: ¥12,800
Ship to: 山田太郎, 東京都渋谷区神南1-2-3, 150-0041
We will let you know when it ships. https://shop.example.com/orders/55120"""),
    ("en", """Your order 1042 is confirmed
Hi María José Fernández,
thanks for your order: Jamón Ibérico de Bellota 100g, Aceite de Oliva Virgen Extra La Chinata 500ml.
Total: $84.20
Ship to: Calle de Alcalá 42, 28014 Madrid, Spain
We'll email you when it ships."""),
    ("ja", """ご注文ありがとうございます（注文番号 55120）
山田太郎 様
このたびは Apple iPhone 15 Pro Max Clear Case with MagSafe をご注文いただきありがとうございます。
合計：¥12,800
お届け先：東京都渋谷区神南1-2-3
発送時にご連絡いたします。"""),
    ("fr", """Votre commande 20931 est confirmée
Bonjour Jean-Pierre Martin,
Merci pour votre commande : Samsung Galaxy S24 Ultra 512GB Titanium Black, Anker PowerCore 20000mAh.
Total : 1 529,00 €
Adresse de livraison : 14 Baker Street, Manchester M1 1AA
À bientôt !"""),
    ("nl", """Je bestelling 3312 is bevestigd
Hoi Sanne,
Bedankt voor je bestelling: Philips Hue White and Color Ambiance Starter Kit E27, Google Nest Hub (2nd Gen) Chalk.
Totaal: € 349,99
Bezorgadres: Keizersgracht 123, 1015 CJ Amsterdam
We laten het je weten zodra je pakket onderweg is."""),
    ("it", """Il tuo ordine 4410 è confermato
Ciao Giulia,
grazie per il tuo ordine: Dyson V15 Detect Absolute Cordless Vacuum Cleaner, De'Longhi Magnifica Evo.
Totale: 1.099,00 €
Indirizzo di consegna: Via Roma 10, 00184 Roma
Ti avviseremo quando il pacco partirà."""),
    ("es", """Tu pedido 7781 está confirmado
Hola Lucía,
gracias por tu pedido: Nintendo Switch OLED Model White, The Legend of Zelda: Tears of the Kingdom.
Total: 389,98 €
Dirección de entrega: Calle Mayor 5, 28013 Madrid
Te avisaremos cuando salga tu paquete."""),
    ("pt", """Seu pedido 5530 foi confirmado
Olá João,
obrigado pelo seu pedido: Xiaomi Redmi Note 13 Pro 256GB Midnight Black.
Total: R$ 1.899,00
Endereço de entrega: Rua Augusta 100, São Paulo - SP
Avisaremos quando o pacote for enviado."""),
    ("pl", """Twoje zamówienie 9921 zostało potwierdzone
Dzień dobry Katarzyna,
dziękujemy za zamówienie: Sony PlayStation 5 Slim Digital Edition, DualSense Wireless Controller.
Razem: 2 249,00 zł
Adres dostawy: ul. Marszałkowska 1, 00-624 Warszawa
Powiadomimy Cię, gdy paczka zostanie wysłana."""),
    ("ko", """주문이 확인되었습니다 (주문번호 2231)
김민수 님, Samsung Galaxy Buds3 Pro Silver 를 주문해 주셔서 감사합니다.
합계: ₩289,000
배송지: 서울특별시 강남구 테헤란로 123
발송되면 알려 드리겠습니다."""),
    ("zh", """您的订单 88213 已确认
王伟，您好！感谢您订购 Apple AirPods Pro (2nd generation) USB-C。
合计：¥1,899.00
收货地址：北京市朝阳区建国路88号
发货后我们会通知您。"""),
    ("zh", """您的訂單 1203 已確認
陳大文，您好！感謝您訂購 Apple Watch Series 9 GPS 45mm Midnight Aluminium Case。
合計：HK$ 3,199
送貨地址：香港中環皇后大道中100號
發貨後我們會通知您。"""),
    ("ar", """تم تأكيد طلبك رقم 58213
مرحباً أحمد، شكراً لطلبك: Apple Watch Series 9 GPS 45mm Midnight Aluminium Case
المجموع: 1,599.00 د.إ
عنوان التوصيل: شارع الشيخ زايد، دبي
سنخبرك عند شحن طلبك."""),
    ("sv", "Tack för din beställning! Ordernummer 7712. Totalt: 499 kr. "
           "Leverans 3–5 mars. Drottninggatan 10, 111 51 Stockholm."),
    ("cs", "Děkujeme za vaši objednávku! Číslo objednávky 2201. Celkem: 1 299 Kč. "
           "Doručení 3.–5. března. Václavské náměstí 1, 110 00 Praha."),
    ("tr", "Siparişiniz için teşekkür ederiz! Sipariş numarası 7781. "
           "Toplam: 1.299,00 TL. Teslimat 3-5 Mart. İstiklal Caddesi 10, İstanbul."),
    ("el", "Ευχαριστούμε για την παραγγελία σας! Αριθμός παραγγελίας 4410. "
           "Σύνολο: 59,90 €. Παράδοση 3–5 Μαρτίου. Οδός Ερμού 10, Αθήνα."),
    ("he", "תודה על ההזמנה שלך! מספר הזמנה 5521. סה\"כ: 349 ₪. משלוח צפוי 3–5 במרץ. רחוב דיזנגוף 50, תל אביב."),
    ("th", "ขอบคุณสำหรับการสั่งซื้อ! หมายเลขคำสั่งซื้อ 8812 ยอดรวม: 1,290 บาท จัดส่งภายในวันที่ 3–5 มีนาคม"),
    ("vi", "Cảm ơn bạn đã đặt hàng! Mã đơn hàng 6621. Tổng cộng: 1.290.000 ₫. "
           "Giao hàng dự kiến 3–5 tháng 3. 12 Lê Lợi, Quận 1, TP. Hồ Chí Minh."),
    ("nb", "Takk for bestillingen din! Ordrenummer 4412. Totalt: 599 kr. "
           "Levering 3.–5. mars. Karl Johans gate 1, 0154 Oslo."),
    ("de", "Ihre Anfrage SR-2291 ist eingegangen. Ein Mitarbeiter meldet sich innerhalb von 24 Stunden bei Ihnen."),
    ("fr", "Nous avons bien reçu votre demande. Un conseiller vous répondra sous 24 heures."),
    ("ja", "お問い合わせを受け付けました。担当者より24時間以内にご連絡いたします。"),
]


@pytest.mark.parametrize("language, text", CONFIRMATIONS,
                         ids=[f"{n}-{lang}" for n, (lang, _) in enumerate(CONFIRMATIONS)])
def test_language_of_a_confirmation_mail(language, text):
    assert language_of(text) == language


def test_digits_addresses_and_links_are_not_read_as_words():
    # Read whole, the link makes this English.
    assert language_of("Paket unterwegs: https://www.shop-example.com/account/orders/tracking/status/shipment") == "de"
    assert language_of("Danke für Ihren Einkauf! Fragen: customer.service.team@shop-example.com") == "de"


@pytest.mark.parametrize("text, candidates, language", [
    ("Bestellung versandt: Sony WH-1000XM5 Wireless Headphones Black", ["de", "en"], "de"),
    ("Opravte prosím označená pole.", ["cs", "de", "en"], "cs"),              # alone: Slovak
    ("Klaim ini tidak dikenai biaya.", ["id", "en"], "id"),                    # alone: Malay
    ("Takk for bestillingen din! Vi sender pakken i morgen.", ["nb-NO", "en"], "nb"),
    ("您的訂單已確認，發貨後我們會通知您。", ["zh-Hant", "en"], "zh"),
])
def test_candidates_narrow_the_answer(text, candidates, language):
    assert language_of(text, candidates) == language


def test_a_language_outside_the_candidates_is_not_answered():
    assert language_of(CONFIRMATIONS[0][1], ["fr", "it"]) != "de"
    assert language_of(CONFIRMATIONS[0][1], ["xx"]) is None


@pytest.mark.parametrize("text", ["", "Danke!", "ご注文", "Order 1234", "Hallo Anna", "12.03.2024 – 1.398,00 €",
                                  "anna@example.com"])
def test_too_little_to_judge_is_none(text):
    assert language_of(text) is None


def test_the_same_text_gets_the_same_answer_every_time():
    texts = [text for _, text in CONFIRMATIONS]
    here = [language_of(text) for text in texts]
    assert all([language_of(text) for text in texts] == here for _ in range(5))
    elsewhere = subprocess.run(
        [sys.executable, "-c", "import json, sys; from harness.shop.mail_language import language_of; "
                               "print(json.dumps([language_of(t) for t in json.load(sys.stdin)]))"],
        input=json.dumps(texts), capture_output=True, text=True, check=True)
    assert json.loads(elsewhere.stdout) == here


def test_html_as_text():
    html = ("<html><head><title>Shop</title><style>p {color: red}</style></head><body><h1>Your order</h1>"
            "<p>Thanks &amp; regards,<br>the shop</p><table><tr><td>1 ×</td><td>Mug</td></tr></table>"
            "<script>alert(1)</script></body></html>")
    assert text_of_html(html) == "Your order\n\nThanks & regards,\nthe shop\n\n1 ×\n\nMug"


# ---------------------------------------------------------------------------- MailDevMailbox, real MailDev


@pytest.fixture(scope="module")
def maildev():
    try:
        with MailDev() as running:
            yield running
    except MailDevUnavailable as exc:
        pytest.skip(str(exc))


GERMAN = ("Ihre Bestellung 10482 ist bestätigt", CONFIRMATIONS[0][1].split("\n", 1)[1] + "\n")
FRENCH = ("Commande 20931", "Merci ! Total : 129,00 €\n")  # "fr-CH": the header, not a judgement
ENGLISH_HTML = ("Your order has shipped",
                "<html><body><h1>Your order is on its way</h1><p>Hi John, your parcel left our warehouse "
                "today &amp; should reach you within two days.<br>Thank you for shopping with us.</p></body></html>\n")
DUTCH = ("Je bestelling 3312 is verzonden", "Hoi Sanne, je pakket is onderweg en wordt morgen bezorgd.\n")


@pytest.fixture(scope="module")
def inbox(maildev):
    """Five mails: three to `anna` only, one to `bob` only, then one to both (To header written in
    another case than `anna`'s)."""
    run = uuid.uuid4().hex[:8]
    anna, bob = f"anna.{run}@example.com", f"bob.{run}@example.net"
    mails = [
        _message(anna, *GERMAN),
        _message(anna, *FRENCH, language="fr-CH"),
        _message(anna, *ENGLISH_HTML, subtype="html"),
        _message(bob, "Votre colis", "Bonjour Bob, votre colis est en route et arrive demain.\n"),
        _message(f"Bob <{bob}>, Anna <{anna.upper()}>", *DUTCH),
    ]
    with smtplib.SMTP("127.0.0.1", maildev.smtp_port, timeout=10) as smtp:
        for mail in mails:
            smtp.send_message(mail)
    return anna, bob


@pytest.fixture
def mailbox(maildev):
    with MailDevMailbox(maildev.url) as mailbox:
        yield mailbox


def test_messages_to_an_address_oldest_first(mailbox, inbox):
    anna, bob = inbox
    mails = mailbox.messages(anna)
    assert [m.subject for m in mails] == [GERMAN[0], FRENCH[0], ENGLISH_HTML[0], DUTCH[0]]
    assert [m.to for m in mails] == [anna, anna, anna, anna.upper()]
    assert [m.subject for m in mailbox.messages(bob.upper())] == ["Votre colis", DUTCH[0]]
    assert mailbox.messages(f"nobody.{anna}") == []


def test_language_from_the_header_else_from_the_words(mailbox, inbox):
    assert [m.language for m in mailbox.messages(inbox[0])] == ["de", "fr-CH", "en", "nl"]


def test_text_and_html(mailbox, inbox):
    german, french, english, dutch = mailbox.messages(inbox[0])
    assert (german.text, german.html) == (GERMAN[1], "")
    assert (french.text, french.html) == (FRENCH[1], "")
    assert english.html == ENGLISH_HTML[1]
    assert english.text == ("Your order is on its way\n\nHi John, your parcel left our warehouse today & should "
                            "reach you within two days.\nThank you for shopping with us.")
    assert dutch.text == DUTCH[1]


def test_the_language_of_the_body_part(maildev, mailbox):
    """Python's EmailMessage moves a Content-Language set before add_alternative into the text part."""
    to = f"carla.{uuid.uuid4().hex[:8]}@example.com"
    msg = _message(to, "Ordine 4410", "Grazie!\n")
    msg["Content-Language"] = "it-CH"
    msg.add_alternative("<p>Grazie!</p>\n", subtype="html")
    assert "Content-Language" not in msg
    with smtplib.SMTP("127.0.0.1", maildev.smtp_port, timeout=10) as smtp:
        smtp.send_message(msg)
    [mail] = mailbox.messages(to)
    assert (mail.language, mail.text, mail.html) == ("it-CH", "Grazie!\n", "<p>Grazie!</p>\n")


def test_an_unreachable_catcher_is_named_in_one_line():
    with socket.socket() as s:  # a loopback port nothing listens on
        s.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{s.getsockname()[1]}"
    with MailDevMailbox(url) as mailbox, pytest.raises(MailCatcherError) as caught:
        mailbox.messages("anna@example.com")
    assert url in str(caught.value) and "\n" not in str(caught.value)


def test_an_answer_that_is_not_json_is_named_in_one_line():
    def page(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/healthz":
            return httpx.Response(200, json=True)
        return httpx.Response(200, html="<html>\n<body>Sign in</body>\n</html>")
    client = httpx.Client(transport=httpx.MockTransport(page))
    with client, pytest.raises(MailCatcherError) as caught:
        MailDevMailbox("http://catcher.test:1080", client).messages("anna@example.com")
    assert "http://catcher.test:1080" in str(caught.value) and "not the JSON" in str(caught.value)
    assert "\n" not in str(caught.value)


def _message(to: str, subject: str, body: str, language: str | None = None, subtype: str = "plain") -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "shop@storefront.example.org"
    msg["To"] = to
    msg["Subject"] = subject
    msg.set_content(body, subtype=subtype)
    if language:  # after set_content, which drops Content-* headers set before it
        msg["Content-Language"] = language
    return msg
