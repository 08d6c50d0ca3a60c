"""VAT and tax ids of business buyers: only where the country has a scheme a shop asks for, each
valid by python-stdnum (check digits computed, then the whole id checked once), written as the
country writes it (DE123456789, CHE-123.456.789 MWST, 12.345.678/0001-95 ...).

Markets without such a scheme, or whose scheme stdnum cannot check (US: no VAT; HK: none; AE,
SA, PH, NG, MY, ZA: no stdnum module for their VAT or sales-tax numbers), give "".
"""
from __future__ import annotations

import importlib
import random
import string
from functools import cache

from stdnum import luhn
from stdnum.iso7064 import mod_11_10

TRIES = 8
# Makers whose check digit cannot always be made (a weighted sum modulo 11 that would need a 10):
# their ids are checked and made again; the others compute a correct one every time (the property
# tests check them all with stdnum), and checking each would cost as much as the rest of a persona.
RETRY = frozenset({"NL", "DK", "FI", "PL", "NO", "CH", "VN", "NZ", "KR", "TW"})

# market -> stdnum module that checks the id as written, and the prefix to strip before it does
SCHEMES: dict[str, tuple[str, str]] = {
    "DE": ("de.vat", ""), "AT": ("at.uid", ""), "FR": ("fr.tva", ""), "BE": ("be.vat", ""), "NL": ("nl.btw", ""),
    "LU": ("lu.tva", ""), "IE": ("ie.vat", ""), "ES": ("es.nif", ""), "PT": ("pt.nif", ""), "IT": ("it.iva", ""),
    "SE": ("se.vat", ""), "DK": ("dk.cvr", ""), "FI": ("fi.alv", ""), "PL": ("pl.nip", ""), "CZ": ("cz.dic", ""),
    "GR": ("gr.vat", ""), "GB": ("gb.vat", ""), "NO": ("no.mva", ""), "CH": ("ch.vat", ""),
    "CA": ("ca.bn", ""), "MX": ("mx.rfc", ""), "BR": ("br.cnpj", ""), "AR": ("ar.cuit", ""), "CL": ("cl.rut", ""),
    "CO": ("co.nit", ""), "JP": ("jp.cn", "T"), "CN": ("cn.uscc", ""), "TW": ("tw.ubn", ""), "KR": ("kr.brn", ""),
    "SG": ("sg.uen", ""), "IN": ("in_.gstin", ""), "ID": ("id.npwp", ""), "TH": ("th.tin", ""), "VN": ("vn.mst", ""),
    "IL": ("il.hp", ""), "TR": ("tr.vkn", ""), "AU": ("au.abn", ""), "NZ": ("nz.ird", ""), "EG": ("eg.tn", ""),
    "MA": ("ma.ice", ""), "KE": ("ke.pin", ""),
}
# The state of a GSTIN (first two digits): the state of the buyer's city.
GST_STATES = {"IN-DL": "07", "IN-MH": "27", "IN-KA": "29", "IN-TN": "33", "IN-WB": "19", "IN-GJ": "24", "IN-JK": "01",
              "IN-LA": "38", "IN-AN": "35", "IN-LD": "31"}


@cache
def checker(market: str):
    """The stdnum module that checks `market`'s ids, and the prefix its ids carry before the number
    stdnum takes (JP's "T" of a qualified-invoice registration number); None without a scheme."""
    scheme = SCHEMES.get(market)
    if scheme is None:
        return None
    return importlib.import_module(f"stdnum.{scheme[0]}"), scheme[1]


def is_valid(market: str, value: str) -> bool:
    found = checker(market)
    if found is None:
        return value == ""
    module, prefix = found
    return value.startswith(prefix) and module.is_valid(value[len(prefix):])


def tax_id(market: str, rng: random.Random, region: str | None = None) -> str:
    """A business buyer's id for `market`, or "" where the country has none stdnum checks."""
    make = _MAKERS.get(market)
    if make is None:
        return ""
    if market not in RETRY:
        return make(rng, region)
    for _ in range(TRIES):
        value = make(rng, region)
        if is_valid(market, value):
            return value
    return ""


def _digits(rng: random.Random, n: int, first: str = "") -> str:
    k = n - len(first)
    return first + f"{rng.randrange(10 ** k):0{k}d}" if k > 0 else first


def _last_digit(body: str, ok) -> str:
    """`body` and the check digit that makes `ok(number)` true (checksum schemes stdnum gives no
    calculator for)."""
    for d in "0123456789":
        if ok(body + d):
            return body + d
    return body + "0"


def _mod(name: str):
    return importlib.import_module(f"stdnum.{name}")


def _de(rng, _):
    body = _digits(rng, 8, str(rng.randint(1, 9)))
    return "DE" + body + mod_11_10.calc_check_digit(body)


def _fr(rng, _):
    siren = _digits(rng, 8, str(rng.randint(3, 9)))
    siren += luhn.calc_check_digit(siren)
    return f"FR{int(siren + '12') % 97:02d}{siren}"


def _nl(rng, _):
    bsn = _last_digit(_digits(rng, 8, str(rng.randint(1, 8))), lambda n: _mod("nl.bsn").checksum(n) == 0)
    return f"NL{bsn}B01"


def _it(rng, _):
    body = _digits(rng, 7, "0") + f"{rng.randint(1, 100):03d}"
    return "IT" + body + luhn.calc_check_digit(body)


def _se(rng, _):
    body = _digits(rng, 9, "55")  # 55...: aktiebolag
    return "SE" + body + luhn.calc_check_digit(body) + "01"


def _checksum_zero(prefix: str, module: str, first: str, n: int):
    def make(rng, _):
        body = _digits(rng, n - 1, first or str(rng.randint(1, 9)))
        return prefix + _last_digit(body, lambda x: _mod(module).checksum(x) == 0)
    return make


def _be(rng, _):
    body = _digits(rng, 8, "0" + str(rng.randint(2, 9)))
    return f"BE{body}{97 - int(body) % 97:02d}"


def _at(rng, _):
    body = "U" + _digits(rng, 7)
    return "AT" + body + _mod("at.uid").calc_check_digit(body)


def _lu(rng, _):
    body = _digits(rng, 6, str(rng.randint(1, 9)))
    return "LU" + body + _mod("lu.tva").calc_check_digits(body)


def _ie(rng, _):
    body = _digits(rng, 7, str(rng.randint(6, 9)))
    return "IE" + body + _mod("ie.vat").calc_check_digit(body)


def _es(rng, _):
    body = rng.choice("AB") + _digits(rng, 7)  # A: sociedad anónima, B: sociedad limitada
    return "ES" + body + _mod("es.cif").calc_check_digits(body)[0]


def _pt(rng, _):
    body = _digits(rng, 8, "5")
    return "PT" + body + _mod("pt.nif").calc_check_digit(body)


def _cz(rng, _):
    body = _digits(rng, 7, str(rng.randint(1, 8)))
    return "CZ" + body + _mod("cz.dic").calc_check_digit_legal(body)


def _gr(rng, _):
    body = _digits(rng, 8, str(rng.randint(8, 9)))
    return "EL" + body + _mod("gr.vat").calc_check_digit(body)


def _gb(rng, _):
    body = _digits(rng, 7, str(rng.randint(1, 9)))
    weighted = sum(w * int(n) for w, n in zip((8, 7, 6, 5, 4, 3, 2), body))
    return "GB" + _mod("gb.vat").format(f"{body}{-weighted % 97:02d}")  # weighted sum 0 modulo 97


def _no(rng, _):
    orgnr = _last_digit(_digits(rng, 8, "9"), lambda n: _mod("no.orgnr").checksum(n) == 0)
    return _mod("no.mva").format(orgnr + "MVA")


def _ch(rng, _):
    body = _digits(rng, 8, str(rng.randint(1, 4)))
    uid = "CHE" + body + _mod("ch.uid").calc_check_digit(body)
    return _mod("ch.uid").format(uid) + " " + rng.choice(("MWST", "TVA", "IVA"))


def _ca(rng, _):
    body = _digits(rng, 8, str(rng.randint(1, 8)))
    return f"{body}{luhn.calc_check_digit(body)} RT0001"


def _mx(rng, _):
    letters = "".join(rng.choice(string.ascii_uppercase) for _ in range(3))
    date = f"{rng.randint(80, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    body = letters + date + rng.choice("123456789ABCDEFGHJKLMNPRSTUV") + rng.choice("123456789ABCDEFGHJKLMNPRSTUVWXYZ")
    return body + _mod("mx.rfc").calc_check_digit(body)


def _br(rng, _):
    body = _digits(rng, 8, str(rng.randint(1, 9))) + "0001"
    return _mod("br.cnpj").format(body + _mod("br.cnpj").calc_check_digits(body))


def _ar(rng, _):
    body = rng.choice(("30", "33")) + _digits(rng, 8, str(rng.randint(5, 7)))
    check = _mod("ar.cuit").calc_check_digit(body)
    return _mod("ar.cuit").format(body + check)


def _cl(rng, _):
    body = str(rng.randint(76_000_000, 77_999_999))
    return _mod("cl.rut").format(body + _mod("cl.rut").calc_check_digit(body))


def _co(rng, _):
    body = str(rng.randint(800_000_000, 901_999_999))
    return _mod("co.nit").format(body + _mod("co.nit").calc_check_digit(body))


def _jp(rng, _):
    body = _digits(rng, 12, str(rng.randint(1, 9)))
    return "T" + _mod("jp.cn").calc_check_digit(body) + body


def _cn(rng, _):
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = "91" + rng.choice(("110000", "310000", "440100", "440300", "320100", "330100", "510100"))
    body += "".join(rng.choice(alphabet) for _ in range(9))
    return body + _mod("cn.uscc").calc_check_digit(body)


def _tw(rng, _):
    return _last_digit(_digits(rng, 7, str(rng.randint(1, 9))), lambda n: _mod("tw.ubn").calc_checksum(n) == 0)


def _kr(rng, _):
    return _mod("kr.brn").format(f"{rng.randint(101, 899)}{rng.randint(81, 88):02d}{_digits(rng, 5, '0')}")


def _sg(rng, _):
    body = f"{rng.randint(1995, 2024)}{_digits(rng, 5)}"
    return body + _mod("sg.uen").calc_local_company_check_digit(body)


def _in(rng, region):
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    pan = "".join(rng.choice(string.ascii_uppercase) for _ in range(3)) + "C" + rng.choice(string.ascii_uppercase)
    pan += _digits(rng, 4) + rng.choice(string.ascii_uppercase)
    body = GST_STATES.get(region or "", "27") + pan + "1Z"
    return body + luhn.calc_check_digit(body, alphabet)


def _id(rng, _):
    body = _digits(rng, 8, "0" + str(rng.randint(1, 9)))
    number = body + luhn.calc_check_digit(body) + _digits(rng, 3) + "000"
    return _mod("id.npwp").format(number)


def _th(rng, _):
    body = "0" + _digits(rng, 11, "10")
    return body + _mod("th.moa").calc_check_digit(body)


def _vn(rng, _):
    body = f"0{rng.randint(1, 9)}" + _digits(rng, 7, str(rng.randint(1, 9)))
    return body + _mod("vn.mst").calc_check_digit(body)


def _il(rng, _):
    body = _digits(rng, 8, "51")
    return body + luhn.calc_check_digit(body)


def _tr(rng, _):
    body = _digits(rng, 9, str(rng.randint(1, 9)))
    return body + _mod("tr.vkn").calc_check_digit(body)


def _au(rng, _):
    body = _digits(rng, 9, str(rng.randint(1, 9)))
    return _mod("au.abn").format(_mod("au.abn").calc_check_digits(body) + body)


def _nz(rng, _):
    body = _digits(rng, 7, str(rng.randint(1, 9)))
    return _mod("nz.ird").format(body + _mod("nz.ird").calc_check_digit(body))


def _eg(rng, _):
    return _mod("eg.tn").format(_digits(rng, 9, str(rng.randint(1, 9))))


def _ma(rng, _):
    body = _digits(rng, 13, "00")
    return f"{body}{-int(body) * 100 % 97:02d}"  # the whole number a multiple of 97


def _ke(rng, _):
    return f"P05{_digits(rng, 7)}{rng.choice(string.ascii_uppercase)}"


_MAKERS = {
    "DE": _de, "AT": _at, "FR": _fr, "BE": _be, "NL": _nl, "LU": _lu, "IE": _ie, "ES": _es, "PT": _pt, "IT": _it,
    "SE": _se, "DK": _checksum_zero("DK", "dk.cvr", "", 8), "FI": _checksum_zero("FI", "fi.alv", "", 8),
    "PL": _checksum_zero("PL", "pl.nip", "", 10), "CZ": _cz, "GR": _gr, "GB": _gb, "NO": _no, "CH": _ch,
    "CA": _ca, "MX": _mx, "BR": _br, "AR": _ar, "CL": _cl, "CO": _co, "JP": _jp, "CN": _cn, "TW": _tw, "KR": _kr,
    "SG": _sg, "IN": _in, "ID": _id, "TH": _th, "VN": _vn, "IL": _il, "TR": _tr, "AU": _au, "NZ": _nz, "EG": _eg,
    "MA": _ma, "KE": _ke,
}
