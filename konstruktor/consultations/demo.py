"""Demo consultations: about forty questions in the three demo regions, in every status.

Built through the actions, so answered ones write their support records and history exactly as in
real work. Idempotent: a question already asked in a region (same text) is skipped. Runs after the
registry's demo data (logins perm.consultant, ugra.consultant, nsk.consultant) and the handbook's.
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from konstruktor.consultations import actions, queries
from konstruktor.consultations.models import Channel, Consultation, RequesterKind, Status, Topic
from konstruktor.consultations.topics import topics_sync
from konstruktor.organizations.models import Organization
from konstruktor.territories.models import Region

CONSULTANTS = {"59": "perm.consultant", "86": "ugra.consultant", "54": "nsk.consultant"}
REGION_ORDER = ["59", "86", "54"]

QUESTIONS: list[tuple[str, str]] = [  # (topic, question)
    ("Регистрация НКО", "Мы группа родителей детей с аутизмом, хотим зарегистрировать АНО. Сколько нужно учредителей и можно ли указать адресом домашний адрес одного из нас?"),
    ("Устав и документы", "Нужно изменить адрес АНО в уставе. Какие документы подать в Минюст и нужно ли регистрировать новую редакцию устава целиком?"),
    ("Отчётность в Минюст", "Какие формы отчётности сдавать в Минюст, если за прошлый год у организации не было поступлений и имущества?"),
    ("Статус СОНКО и реестры", "Как попасть в реестр СОНКО — получателей поддержки и сколько времени занимает включение?"),
    ("Гранты и субсидии", "Подаём заявку в Фонд президентских грантов впервые. Как рассчитать софинансирование и можно ли учитывать труд добровольцев?"),
    ("Социальные услуги (442-ФЗ)", "Хотим оказывать социальные услуги на дому пожилым людям. Как войти в реестр поставщиков социальных услуг и получать компенсацию из бюджета?"),
    ("Трансфер практик", "Хотим перенять практику «Школа ухода» из другого региона. С чего начать и как договориться с авторами практики?"),
    ("Проектное управление", "Как некоммерческой организации войти в региональную проектную группу по развитию социального обслуживания?"),
    ("Другое", "Как привлекать добровольцев и нужно ли заключать с ними письменные договоры?"),
    ("Регистрация НКО", "Какой пакет документов подавать для регистрации местной общественной организации и сколько стоит госпошлина?"),
    ("Устав и документы", "Как правильно оформить протокол общего собрания о смене председателя правления общественной организации?"),
    ("Отчётность в Минюст", "Сдали отчёт по форме ОН0001 с опозданием на месяц. Какие могут быть последствия и как их избежать в будущем?"),
    ("Статус СОНКО и реестры", "Что даёт статус исполнителя общественно полезных услуг и какие документы нужны для его получения?"),
    ("Гранты и субсидии", "Можно ли участвовать в региональном конкурсе субсидий для СОНКО, если организация зарегистрирована меньше года назад?"),
    ("Социальные услуги (442-ФЗ)", "Нужна ли лицензия для оказания социально-психологических услуг семьям с детьми?"),
    ("Трансфер практик", "Наша практика сопровождения выпускников детских домов показала результаты. Как подать её в каталог успешных практик?"),
    ("Регистрация НКО", "Нам приостановили регистрацию АНО из-за ошибок в заявлении по форме Р11001. Что делать и в какой срок нужно исправить?"),
    ("Устав и документы", "В уставе фонда нет видов деятельности по поддержке семей с детьми. Как их добавить, чтобы получить статус СОНКО?"),
    ("Отчётность в Минюст", "Где и до какого числа размещать сообщение о продолжении деятельности общественной организации?"),
    ("Гранты и субсидии", "Как отчитаться по субсидии, если часть средств не израсходована до конца года?"),
    ("Проектное управление", "Нас пригласили в рабочую группу при министерстве. Как предложить мероприятие в дорожную карту и кто за него будет отвечать?"),
    ("Другое", "Может ли НКО продавать изделия своей мастерской и как это отразить в уставе и бухгалтерии?"),
    ("Регистрация НКО", "Инициативная группа ветеранов хочет создать организацию. Чем общественная организация отличается от АНО и что нам лучше подходит?"),
    ("Статус СОНКО и реестры", "Нашу организацию исключили из реестра поставщиков социальных услуг. Как в него вернуться?"),
    ("Гранты и субсидии", "Можно ли из средств гранта оплатить аренду помещения и коммунальные услуги?"),
    ("Устав и документы", "Можно ли АНО работать по типовому уставу и какие у этого ограничения?"),
    ("Регистрация НКО", "Можно ли подать документы на регистрацию НКО через Госуслуги, если у будущего директора нет электронной подписи?"),
    ("Отчётность в Минюст", "Нужно ли АНО сдавать отчёт по форме ОН0002, если доход за год составил 2,5 млн рублей?"),
    ("Социальные услуги (442-ФЗ)", "Какие стандарты социальных услуг действуют в нашем регионе и где их найти?"),
    ("Трансфер практик", "Как оформить партнёрство с организацией-наставником при тиражировании практики?"),
    ("Другое", "Как открыть расчётный счёт для новой НКО и на что обратить внимание при выборе банка?"),
]  # fmt: skip

ANSWERS = {
    "Регистрация НКО": "Для регистрации нужны решение о создании (протокол учредительного собрания), устав, заявление по форме Р11001 и документ об уплате госпошлины. Адресом может быть адрес места жительства руководителя, если собственник жилья не возражает. Перед подачей проверьте пакет по нашему чек-листу — так вы избежите приостановления.",
    "Устав и документы": "Изменения в устав принимает высший орган управления; решение оформляется протоколом. В Управление Минюста подаются заявление Р13014, решение, новая редакция устава в двух экземплярах и квитанция об уплате госпошлины. Срок рассмотрения — до 14 рабочих дней.",
    "Отчётность в Минюст": "Если поступлений и имущества не было, достаточно разместить на портале Минюста сообщение о продолжении деятельности по установленной форме. Крайний срок — 15 апреля года, следующего за отчётным. Повторное нарушение сроков может стать основанием для обращения в суд о ликвидации.",
    "Статус СОНКО и реестры": "Статус СОНКО подтверждается видами деятельности в уставе (ст. 31.1 Федерального закона № 7-ФЗ). В реестр получателей поддержки организация попадает автоматически после получения поддержки от органа власти или ресурсного центра.",
    "Гранты и субсидии": "Софинансирование можно подтвердить собственными средствами, пожертвованиями, безвозмездно полученным имуществом и трудом добровольцев по рыночной стоимости. Рекомендуем заранее собрать письма поддержки от партнёров и описать расчёт в бюджете проекта.",
    "Социальные услуги (442-ФЗ)": "Для включения в реестр поставщиков социальных услуг подайте заявление в региональный орган социальной защиты с документами о соответствии стандартам. Компенсация выплачивается поставщику, включённому в реестр, но не участвующему в выполнении государственного задания.",
    "Трансфер практик": "Начните с изучения карточки практики в каталоге и свяжитесь с автором через ресурсный центр. Мы поможем оформить соглашение о наставничестве, определить этапы переноса и показатели результата.",
    "Проектное управление": "Предложение можно направить руководителю проектной группы в письменной форме с обоснованием, сроками и ответственными. Ресурсный центр поможет подготовить предложение и представить его на ближайшем заседании.",
    "Другое": "С добровольцами рекомендуем заключать договор, особенно если вы возмещаете им расходы или работа связана с детьми. Образец договора и памятку по Федеральному закону № 135-ФЗ мы подготовили в справочнике.",
}
NAMES = ["Анна Сергеевна", "Игорь Петрович", "Елена Викторовна", "Ольга Николаевна", "Дмитрий Андреевич",
         "Светлана Юрьевна", "Ринат Маратович", "Наталья Ивановна", "Татьяна Алексеевна", "Сергей Олегович"]  # fmt: skip
RATINGS = [
    (5, "Очень подробно, спасибо!"),
    (4, ""),
    (5, "Помогли разобраться с документами."),
    (3, "Хотелось бы быстрее."),
]
CHANNELS = [Channel.WEB, Channel.PHONE, Channel.WEB, Channel.EMAIL, Channel.VISIT]


def _aware(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _articles(text: str, user: Any) -> list[Any]:
    ids = [s.article_id for s in queries.article_suggestions(text=text, user=user, limit=2)]
    return list(queries.articles_visible(user=user).filter(pk__in=ids))


def _answer_text(topic: str, articles: list[Any], site_url: str) -> str:
    lines = ["Здравствуйте!", "", ANSWERS.get(topic, ANSWERS["Другое"])]
    for article in articles:
        lines += ["", f"«{article.title}»: {site_url}{article.get_absolute_url()}"]
    lines += ["", "Если останутся вопросы — пишите или звоните, поможем."]
    return "\n".join(lines)


def demo_seed(*, write: Callable[[str], Any] = print) -> None:
    topics_sync(topic_model=Topic)
    topics = {t.name: t for t in Topic.objects.all()}
    User = get_user_model()
    consultants = {code: User.objects.filter(username=login).first() for code, login in CONSULTANTS.items()}
    regions = {r.fns_code: r for r in Region.objects.filter(fns_code__in=REGION_ORDER)}
    if not all(consultants.values()) or len(regions) < len(REGION_ORDER):
        write("Консультации: нет демо-консультантов или регионов — сначала загрузите демо-данные реестра.")
        return
    site_url = actions.site_url_default()
    today = timezone.localdate()
    created = 0
    for i in range(40):
        topic_name, question = QUESTIONS[i % len(QUESTIONS)]
        code = REGION_ORDER[i % 3]
        region, consultant = regions[code], consultants[code]
        if Consultation.objects.filter(region=region, question=question).exists():
            continue
        ngos = list(Organization.objects.filter(region=region, kind=Organization.Kind.NGO).order_by("pk")[i : i + 1])
        org = ngos[0] if ngos and i % 5 != 4 else None
        kind = (
            RequesterKind.ORGANIZATION if org else (RequesterKind.INITIATIVE_GROUP if i % 2 else RequesterKind.PERSON)
        )
        org_name = (
            str(org) if org else ("Инициативная группа «Соседи»" if kind == RequesterKind.INITIATIVE_GROUP else "")
        )
        slot = i % 10
        if slot < 6:
            received_day = today - datetime.timedelta(days=12 + 4 * i)
        elif slot in (6, 7):
            received_day = today - datetime.timedelta(days=3 + i % 4)
        else:
            received_day = today - datetime.timedelta(days=1 if slot == 8 else 10)
        received = _aware(received_day, 9 + i % 8, 15 * (i % 4))
        channel = Channel.WEB if slot >= 8 else CHANNELS[i % len(CHANNELS)]  # new ones come from the site
        contacts = {
            "requester_name": NAMES[i % len(NAMES)],
            "requester_email": f"zayavitel{i + 1}@example.ru",
            "requester_phone": f"+7 (9{i % 10}{(i * 7) % 10}) {100 + i * 17 % 900}-{10 + i % 89:02d}-{20 + i % 79:02d}",
        }
        if channel == Channel.WEB:
            c = actions.consultation_submit_public(
                region=region, topic=topics[topic_name], question=question, requester_kind=kind,
                organization_name=org_name, organization_identifier=org.inn if org else "", consent_given=True,
                ip=f"198.51.100.{i + 1}", at=received, **contacts,
            )  # fmt: skip
            if slot < 8:
                c = actions.consultation_take(consultation=c, by=consultant)
        else:
            c = actions.consultation_intake(
                by=consultant, channel=channel, topic=topics[topic_name], region=region, question=question,
                requester_kind=kind, organization=org, organization_name="" if org else org_name,
                consent_given=True, received_at=received, **contacts,
            )  # fmt: skip
        if slot == 3 or slot == 6:
            c = actions.consultation_wait_requester(
                consultation=c, by=consultant, at=received + datetime.timedelta(days=1)
            )
            if slot == 3:
                c = actions.consultation_resume(consultation=c, by=consultant, at=received + datetime.timedelta(days=3))
        if slot < 6:
            articles = _articles(question, consultant)
            delay = max(1 + (i * 5) % 11, 4 if slot == 3 else 1)  # some late; after the pause when paused
            c = actions.consultation_answer(
                consultation=c, by=consultant, answer=_answer_text(topic_name, articles, site_url), articles=articles,
                at=received + datetime.timedelta(days=delay, hours=4), notify_requester=False,
            )  # fmt: skip
            if slot in (0, 2, 4):
                rating, comment = RATINGS[i % len(RATINGS)]
                c = actions.consultation_rate(token=c.rating_token, rating=rating, comment=comment)
            if slot in (0, 1):
                c = actions.consultation_close(consultation=c, by=consultant)
        created += 1
    total = Consultation.objects.count()
    answered = Consultation.objects.filter(status__in=[Status.ANSWERED, Status.CLOSED]).count()
    write(f"Консультации: добавлено {created}, всего {total}, с ответом {answered}.")
