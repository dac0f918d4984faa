"""What the court ordered: fine, expulsion, detention, amounts awarded, and whether an interpreter
was there."""

from __future__ import annotations

import re
from decimal import Decimal

from .base import Fact, Sentences

# --- What the court ordered --------------------------------------------------------------------------

_AMOUNT = re.compile(
    r"(?P<int>\d{1,3}(?:[ \u00a0]\d{3})+|\d+)(?:[,.](?P<frac>\d{1,2}))?\s*"
    r"(?:\([^)]{0,120}\)\s*)?"
    r"(?P<cur>руб(?:лей|ля|ль)?\.?|тенге|тг\.?)"
    r"(?:\s*(?P<kop>\d{1,2})\s*коп(?:еек|ейки|ейка)?\.?)?"
)


def _money(match: re.Match[str]) -> tuple[Decimal, str]:
    whole = Decimal(re.sub(r"[ \u00a0]", "", match.group("int")))
    cents = match.group("frac") or match.group("kop")
    if cents:
        whole += Decimal(cents.ljust(2, "0")) / 100
    currency = "KZT" if match.group("cur").startswith("т") else "RUB"
    return whole.quantize(Decimal("0.01")), currency


_FINE_IMPOSED = re.compile(r"штраф\w*[^.]{0,40}?в\s+(?:размере|сумме)")
_NO_EXPULSION = re.compile(
    r"без\s+(?:назначения\s+)?(?:дополнительного\s+)?(?:наказания\s+в\s+виде\s+)?(?:административного\s+)?"
    r"(?:принудительного\s+)?выдворени|выдворени\w*\s+не\s+(?:назнач|применя)"
)
_CONTROLLED = re.compile(
    r"контролируем\w*\s+самостоятельн\w*\s+выезд|самостоятельн\w*\s+(?:контролируем\w*\s+)?выезд"
)
_FORCED = re.compile(
    r"принудительн\w*\s+(?:административн\w*\s+)?выдворени|выдворени\w*[^.]{0,80}принудительн"
)
_EXPULSION = re.compile(r"выдворени")
# Within one sentence: a full stop counts as its end only before a capital letter, and not after an
# initial («Б.Т. в», «К. Т. Осмонова» do not end it).
_SAME_SENTENCE = r"(?:[^.\n]|\.(?!\s+[А-ЯЁ])|(?<=[\s.][А-ЯЁ])\.){0,200}?"
_DETENTION = re.compile(
    r"(?:[Пп]омест\w*|[Пп]омещ\w*|[Сс]одерж\w*|[Вв]одвор\w*)"
    + _SAME_SENTENCE
    + r"(?:[Сс]пециальн\w*\s+учреждени|[Цц]ентр\w*\s+временного\s+содержания|ЦВСИГ|СУВСИГ|ЦВСИ|"
    r"[Сс]пецприемник|[Сс]пециальн\w*\s+при[её]мник)"
)
_NO_DETENTION = re.compile(
    r"без\s+помещени|не\s+помещать|помещени\w*" + _SAME_SENTENCE + r"не\s+(?:требуется|имеется)"
)


def _first(pattern: re.Pattern[str], text: str, offset: int) -> int | None:
    match = pattern.search(text)
    return offset + match.start() if match else None


def find_orders(text: str, sentences: Sentences, operative: int | None, proceeding: str) -> dict[str, Fact]:
    start = operative if operative is not None else 0
    part = text[start:]
    sure = 0.95 if operative is not None else 0.6
    facts: dict[str, Fact] = {}

    # Lower case, with every full stop that ends a sentence turned into «§» (same length), so that
    # «[^§]» stays within one sentence even across initials and «ч. 1.1 ст. 18.8».
    lowered = re.sub(r"(?<![\s.][А-ЯЁ])\.(?=\s+[А-ЯЁA-Z«]|\s*$)", "§", part, flags=re.M).lower()
    # An appeal that strikes the expulsion out of the first decision and leaves the rest standing.
    removed = re.search(r"исключить[^§]{0,300}?выдворени", lowered)
    upheld = re.search(r"оставить\s+без\s+изменени", lowered)

    # Expulsion and its form.
    where: int | None
    if removed:
        expulsion = Fact("none", sentences.at(start + removed.start()), 0.7)
    elif (where := _first(_NO_EXPULSION, part, start)) is not None:
        expulsion = Fact("none", sentences.at(where), sure)
    elif (where := _first(_CONTROLLED, part, start)) is not None:
        expulsion = Fact("controlled_departure", sentences.at(where), sure)
    elif (where := _first(_FORCED, part, start)) is not None:
        expulsion = Fact("forced", sentences.at(where), sure)
    elif (where := _first(_EXPULSION, part, start)) is not None:
        # Expulsion without its form: in practice a forced one, but the text does not say.
        expulsion = Fact("forced", sentences.at(where), 0.6)
    else:
        expulsion = Fact("none", "", sure)
    facts["expulsion"] = expulsion

    detention = _DETENTION.search(part)
    if removed:
        facts["detention"] = Fact(False, sentences.at(start + removed.start()), 0.7)
    elif detention and not _NO_DETENTION.search(part):
        facts["detention"] = Fact(True, sentences.at(start + detention.start()), sure)
    else:
        facts["detention"] = Fact(False, "", sure)

    # The outcome.
    outcome: str
    where = None
    fine_elsewhere: re.Match[str] | None = None
    claim = re.search(r"исков\w*\s+(?:заявлени|требовани)|\bиск(?:а|е|ом)?\b", lowered)
    if (
        claim
        and proceeding in ("civil", "administrative")
        and not re.search(r"административн\w+\s+штраф", lowered)
    ):
        partly = re.search(
            r"удовлетворить\s+частично|частично\s+удовлетворить|в\s+остальной\s+части", lowered
        )
        rejected = re.search(
            r"в\s+удовлетворени\w*[^§]{0,200}?отказать|в\s+иске\s+отказать|оставить\s+без\s+удовлетворения",
            lowered,
        )
        granted = re.search(r"удовлетворить|взыскать", lowered)
        if partly:
            outcome, where = "claim_partly_granted", partly.start()
        elif rejected and not (granted and granted.start() < rejected.start()):
            outcome, where = "claim_rejected", rejected.start()
        elif granted:
            outcome, where = "claim_granted", granted.start()
        else:
            outcome = "other"
    elif proceeding == "criminal":
        acquit = re.search(r"оправда", lowered)
        dismissed = re.search(r"уголовное\s+дело[^§]{0,120}прекратить|прекратить[^§]{0,80}уголовн", lowered)
        prison = re.search(r"лишени\w+\s+свободы", lowered)
        suspended = re.search(r"условн\w*|ст(?:\.|атьи)\s*73\s+УК", part)
        fine = re.search(r"штраф", lowered)
        if acquit:
            outcome, where = "acquittal", acquit.start()
        elif dismissed:
            outcome, where = "dismissed", dismissed.start()
        elif prison and suspended:
            outcome, where = "suspended_sentence", suspended.start()
        elif prison:
            outcome, where = "imprisonment", prison.start()
        elif fine:
            outcome, where = "fine", fine.start()
        else:
            outcome = "other"
    else:
        dismissed = re.search(
            r"производство\s+по\s+делу[^§]{0,200}?прекратить|прекратить\s+производство", lowered
        )
        fine = re.search(r"штраф", lowered)
        expelled = expulsion.value != "none"
        if not fine and upheld and not dismissed:
            # The fine stands as the first decision imposed it, quoted before the operative part.
            quoted = _FINE_IMPOSED.search(text, 0, start)
            if quoted:
                fine_elsewhere = quoted
        if dismissed:
            outcome, where = "dismissed", dismissed.start()
        elif fine and expelled:
            outcome, where = "fine_and_expulsion", fine.start()
        elif fine:
            outcome, where = "fine", fine.start()
        elif fine_elsewhere is not None:
            outcome = "fine_and_expulsion" if expelled else "fine"
        elif expelled:
            outcome, where = "expulsion", _first(_EXPULSION, part, 0)
        else:
            outcome = "other"
    if outcome in ("dismissed", "acquittal"):
        # Nothing was ordered: a mention of expulsion or of the centre is the order being undone.
        facts["expulsion"] = Fact("none", "", sure)
        facts["detention"] = Fact(False, "", sure)
    if fine_elsewhere is not None:
        facts["outcome"] = Fact(outcome, sentences.at(fine_elsewhere.start()), 0.7)
    else:
        facts["outcome"] = Fact(
            outcome,
            sentences.at(start + where) if where is not None else "",
            sure if outcome != "other" else 0.5,
        )

    # The fine: its amount in the sentence that imposes it.
    fine_amount: Fact = Fact(None, "", sure)
    currency: str | None = None
    if outcome in ("fine", "fine_and_expulsion"):
        imposed = _FINE_IMPOSED.search(part)
        if fine_elsewhere is not None:
            window = text[fine_elsewhere.start() : fine_elsewhere.start() + 400]
            amount = _AMOUNT.search(window)
            if amount:
                value, currency = _money(amount)
            fine_amount = Fact(f"{value}" if amount else None, sentences.at(fine_elsewhere.start()), 0.7)
        elif imposed:
            window = part[imposed.start() : imposed.start() + 400]
            amount = _AMOUNT.search(window)
            if amount:
                value, currency = _money(amount)
                fine_amount = Fact(f"{value}", sentences.at(start + imposed.start()), sure)
            elif re.search(r"МРП|месячн\w+\s+расч[её]тн\w+\s+показател", window):
                # Only the number of monthly calculation indices: the sum depends on the year's index.
                currency = "KZT"
                fine_amount = Fact(None, sentences.at(start + imposed.start()), 0.5)
            else:
                fine_amount = Fact(None, sentences.at(start + imposed.start()), 0.5)
        else:
            fine_amount = Fact(None, "", 0.5)
    facts["fine_amount"] = fine_amount

    # The sum awarded to the claimant (not the state duty «в доход бюджета»).
    awarded: Fact = Fact(None, "", sure)
    if outcome in ("claim_granted", "claim_partly_granted"):
        total = re.search(r"(?:всего|итого)[^.]{0,60}?", part, re.I)
        amounts: list[Decimal] = []
        first_at: int | None = None
        if total:
            amount = _AMOUNT.search(part, total.end())
            if amount and amount.start() - total.end() < 60:
                value, currency = _money(amount)
                amounts = [value]
                first_at = total.start()
        if not amounts:
            for sentence in re.finditer(r"[Вв]зыскать[^§\n]*", lowered):
                sentence_text = part[sentence.start() : sentence.end()]
                body = sentence_text
                if "в пользу" not in body or "в доход" in body:
                    continue
                for amount in _AMOUNT.finditer(body):
                    value, currency = _money(amount)
                    amounts.append(value)
                first_at = first_at if first_at is not None else sentence.start()
        if amounts and first_at is not None:
            awarded = Fact(f"{sum(amounts, Decimal('0.00'))}", sentences.at(start + first_at), sure)
        else:
            awarded = Fact(None, "", 0.5)
    facts["awarded_amount"] = awarded
    facts["currency"] = Fact(currency, fine_amount.sentence or awarded.sentence, sure)
    return facts


# --- Interpreter -------------------------------------------------------------------------------------

_INTERPRETER_YES = re.compile(
    r"с\s+участием\s+(?:[\w-]+\s+){0,4}?переводчика|при\s+(?:помощи|участии)\s+переводчика|"
    r"через\s+переводчика|с\s+помощью\s+переводчика|переводчик\w*\s+(?:ФИО|[А-ЯЁ][а-яё]+\s+[А-ЯЁ]\.)|"
    r"услуг\w*\s+переводчика\s+(?:были\s+)?(?:предоставлен|обеспечен)|переводчику\s+разъяснен|"
    r"переводчик\w*\s+предупрежд[её]н|заведомо\s+неправильный\s+перевод",
    re.I,
)
_INTERPRETER_NO = re.compile(
    r"в\s+(?:услугах|помощи)\s+переводчика\s+не\s+нужда|от\s+(?:услуг\s+)?переводчика(?:\s+\S+){0,3}?\s+отказал|"
    r"переводчик\w*\s+не\s+(?:нуждается|требуется|нужен)|не\s+нуждается\s+в\s+(?:услугах\s+|помощи\s+)?переводчик|"
    r"русским\s+языком\s+владеет\s+свободно,?\s+в\s+переводчике\s+не\s+нуждается",
    re.I,
)


def find_interpreter(text: str, sentences: Sentences) -> Fact:
    for yes in _INTERPRETER_YES.finditer(text):
        sentence = sentences.at(yes.start())
        if not _INTERPRETER_NO.search(sentence):  # «от услуг переводчика Асанов Б.Т. отказался»
            return Fact(True, sentence, 0.95)
    no = _INTERPRETER_NO.search(text)
    if no:
        return Fact(False, sentences.at(no.start()), 0.95)
    return Fact(None, "", 0.9)
