"""The consent to personal-data processing (152-ФЗ ст. 9), versioned.

The text a visitor sees on the form is the text stored on the consultation, with the operator
(the РЦ of the chosen region) filled in. A change of wording gets a new CONSENT_VERSION, so each
stored consent says which edition was accepted.
"""

from django.utils.html import escape

CONSENT_VERSION = "2026-01"
CONSENT_TERM_YEARS = 3
OPERATOR_PLACEHOLDER = "ресурсный центр поддержки СОНКО того субъекта РФ, который вы выбрали в поле «Регион»"

CONSENT_TEMPLATE = """Согласие на обработку персональных данных (редакция {version})

Свободно, своей волей и в своём интересе даю согласие оператору — {operator} (далее — Оператор) — на обработку моих персональных данных в соответствии с Федеральным законом от 27.07.2006 № 152-ФЗ «О персональных данных».

Какие данные: имя (фамилия, имя, отчество — в том объёме, в каком я их указал), адрес электронной почты, номер телефона, наименование, ИНН или ОГРН организации или инициативной группы, которую я представляю, и сведения, которые я сообщаю в тексте вопроса.

Цель: рассмотрение моего вопроса, подготовка и направление ответа, связь со мной по вопросу, просьба оценить консультацию, учёт поддержки, оказанной организации.

Действия с данными: сбор, запись, систематизация, накопление, хранение, уточнение, извлечение, использование, блокирование, удаление и уничтожение, с использованием средств автоматизации и без них. Оператор не передаёт мои данные третьим лицам и не публикует их. В журнал и реестр получателей поддержки вносятся сведения об организации, но не мои персональные данные.

Срок: согласие действует {term} года со дня его предоставления или до его отзыва. После отзыва или окончания срока данные уничтожаются в течение 30 дней, если закон не требует иного.

Отзыв: я могу в любой момент отозвать согласие, направив Оператору письменное заявление по его почтовому адресу или адресу электронной почты (ч. 2 ст. 9 Федерального закона № 152-ФЗ)."""


def operator_label(*, full_name: str, inn: str = "", address: str = "") -> str:
    details = ", ".join(part for part in (f"ИНН {inn}" if inn else "", address) if part)
    return f"{full_name} ({details})" if details else full_name


def consent_text(*, operator: str = OPERATOR_PLACEHOLDER) -> str:
    return CONSENT_TEMPLATE.format(version=CONSENT_VERSION, operator=operator, term=CONSENT_TERM_YEARS)


def consent_html(*, operator: str = OPERATOR_PLACEHOLDER) -> str:
    """The same text as paragraphs; the operator sits in a span the form's script fills in."""
    marker = "\x00operator\x00"
    escaped = str(escape(consent_text(operator=marker)))
    html = escaped.replace(marker, f"<span data-consent-operator>{escape(operator)}</span>")
    return "".join(f"<p>{paragraph}</p>" for paragraph in html.split("\n\n"))


def intake_consent_text(*, consultant: str, channel_label: str, operator: str) -> str:
    """What is stored when a consultant records the requester's consent given by phone, in person or by e-mail."""
    return (
        f"Согласие получено консультантом {consultant} (канал: {channel_label}). Заявителю разъяснены условия "
        f"согласия в следующей редакции:\n\n{consent_text(operator=operator)}"
    )
