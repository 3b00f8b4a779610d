import time
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.utils import timezone

from konstruktor.consultations import queries
from konstruktor.consultations.actions import INTAKE_CHANNELS
from konstruktor.consultations.models import Channel, RequesterKind, Status, Topic
from konstruktor.core.identifiers import digits_only, inn_error, ogrn_error
from konstruktor.knowledge.models import Article
from konstruktor.knowledge.queries import article_visible
from konstruktor.territories.models import Region

_STARTED_SALT = "consultations.ask.started"
SPAM_MESSAGE = (
    "Вопрос не отправлен: форма похожа на автоматическую рассылку. Обновите страницу, заполните форму "
    "и отправьте ещё раз."
)


def started_token() -> str:
    """When the form was shown, signed so that a bot cannot forge it."""
    return signing.dumps(time.time(), salt=_STARTED_SALT)


def _identifier_error(value: str) -> str | None:
    if len(value) == 13:
        return ogrn_error(value)
    if len(value) in (10, 12):
        return inn_error(value)
    return "Укажите ИНН (10 цифр) или ОГРН (13 цифр) организации — или оставьте поле пустым."


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class RequesterFieldsMixin(forms.Form):
    requester_kind = forms.ChoiceField(
        label="Вы спрашиваете как", choices=RequesterKind.choices, initial=RequesterKind.ORGANIZATION,
        widget=forms.RadioSelect,
    )  # fmt: skip
    organization_name = forms.CharField(
        label="Организация или инициативная группа", required=False, max_length=500,
        help_text="Название организации или инициативной группы, от имени которой вы спрашиваете.",
    )  # fmt: skip
    organization_identifier = forms.CharField(
        label="ИНН или ОГРН организации", required=False, max_length=20,
        help_text="Если организация уже зарегистрирована.",
    )  # fmt: skip
    requester_name = forms.CharField(label="Как к вам обращаться", max_length=255)
    requester_email = forms.EmailField(label="E-mail", required=False, help_text="На него придёт ответ.")
    requester_phone = forms.CharField(label="Телефон", required=False, max_length=32)

    def clean_organization_identifier(self) -> str:
        value = digits_only(self.cleaned_data.get("organization_identifier", ""))
        if value and (message := _identifier_error(value)):
            raise forms.ValidationError(message)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("requester_kind")
        if kind in (RequesterKind.ORGANIZATION, RequesterKind.INITIATIVE_GROUP) and not (
            data.get("organization_name") or data.get("organization_identifier") or data.get("organization")
        ):
            self.add_error("organization_name", "Укажите название организации или инициативной группы.")
        return data


class PublicQuestionForm(RequesterFieldsMixin, forms.Form):
    region = forms.ModelChoiceField(
        label="Регион", queryset=Region.objects.none(), empty_label="— выберите регион —",
        help_text="На вопрос ответит ресурсный центр этого региона.",
    )  # fmt: skip
    topic = forms.ModelChoiceField(label="Тема", queryset=queries.topics_active(), empty_label="— выберите тему —")
    question = forms.CharField(
        label="Ваш вопрос", min_length=10, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text="Опишите ситуацию: что хотите сделать, что уже сделано, какие документы есть.",
    )  # fmt: skip
    consent = forms.BooleanField(
        label="Я даю согласие на обработку персональных данных на условиях, изложенных выше",
        error_messages={"required": "Без согласия на обработку персональных данных вопрос не может быть принят."},
    )
    # Spam protection: a field people do not see, and the time the form was shown.
    website = forms.CharField(label="Сайт (не заполняйте это поле)", required=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    field_order = [
        "region", "topic", "question", "requester_kind", "organization_name", "organization_identifier",
        "requester_name", "requester_email", "requester_phone", "consent", "website", "started",
    ]  # fmt: skip

    def __init__(self, *args: Any, check_timing: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.check_timing = check_timing
        self.fields["region"].queryset = queries.regions_with_resource_centre()  # type: ignore[attr-defined]
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["requester_phone"].widget.attrs.update({"type": "tel", "autocomplete": "tel"})
        self.fields["requester_email"].widget.attrs.update({"autocomplete": "email"})
        self.fields["requester_name"].widget.attrs.update({"autocomplete": "name"})
        if not self.is_bound:
            self.fields["started"].initial = started_token()

    @property
    def spam_suspected(self) -> bool:
        return any(e.code == "spam" for e in self.errors.as_data().get("__all__", []))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError(SPAM_MESSAGE, code="spam")
        if self.check_timing:
            min_seconds = float(getattr(settings, "CONSULTATIONS_MIN_SUBMIT_SECONDS", 3))
            try:
                shown_at = float(signing.loads(data.get("started") or "", salt=_STARTED_SALT, max_age=86400))
            except (signing.BadSignature, TypeError, ValueError):
                raise forms.ValidationError(SPAM_MESSAGE, code="spam") from None
            if time.time() - shown_at < min_seconds:
                raise forms.ValidationError(SPAM_MESSAGE, code="spam")
        if not (data.get("requester_email") or data.get("requester_phone")):
            self.add_error("requester_email", "Укажите e-mail или телефон, чтобы мы могли ответить.")
        return data


class IntakeForm(RequesterFieldsMixin, forms.Form):
    channel = forms.ChoiceField(
        label="Канал", choices=[(c.value, c.label) for c in INTAKE_CHANNELS], widget=forms.RadioSelect,
        initial=Channel.PHONE,
    )  # fmt: skip
    received_at = forms.DateTimeField(
        label="Когда поступил вопрос",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    region = forms.ModelChoiceField(label="Регион", queryset=Region.objects.none())
    topic = forms.ModelChoiceField(label="Тема", queryset=queries.topics_active(), empty_label="— выберите тему —")
    question = forms.CharField(label="Вопрос", max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    organization = forms.IntegerField(required=False, widget=forms.HiddenInput)
    consent = forms.BooleanField(
        label="Заявитель дал согласие на обработку персональных данных (152-ФЗ)",
        required=False,
        help_text="Обязательно, если вы записываете имя, e-mail или телефон заявителя.",
    )

    field_order = [
        "channel", "received_at", "region", "topic", "question", "requester_kind", "organization",
        "organization_name", "organization_identifier", "requester_name", "requester_email", "requester_phone",
        "consent",
    ]  # fmt: skip

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        if regions.count() == 1:
            self.fields["region"].initial = regions.first()
        self.fields["requester_name"].required = False
        self.fields["requester_kind"].initial = RequesterKind.PERSON
        self.fields["received_at"].initial = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
        self.fields["requester_email"].help_text = "На него придёт ответ и ссылка для оценки."


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="Ответ заявителю", max_length=20000, widget=forms.Textarea(attrs={"rows": 14, "id": "answer-text"})
    )
    articles_used = forms.ModelMultipleChoiceField(
        label="Статьи справочника в ответе",
        queryset=Article.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notify = forms.BooleanField(label="Отправить ответ заявителю по e-mail со ссылкой для оценки", required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["articles_used"].queryset = article_visible(user=user)  # type: ignore[attr-defined]


class NoteForm(forms.Form):
    text = forms.CharField(label="Внутренняя заметка", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label="Консультант", queryset=get_user_model().objects.none(), empty_label="— выберите —"
    )

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff  # type: ignore[attr-defined]
        self.fields["assignee"].label_from_instance = lambda u: u.display_name()  # type: ignore[attr-defined]


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label="Оценка консультации",
        coerce=int,
        choices=[(5, "5 — отлично"), (4, "4 — хорошо"), (3, "3 — удовлетворительно"), (2, "2 — плохо"),
                 (1, "1 — очень плохо")],
        widget=forms.RadioSelect,
    )  # fmt: skip
    comment = forms.CharField(
        label="Комментарий", required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Что было полезно, чего не хватило.",
    )  # fmt: skip


ASSIGNED_CHOICES = [("", "все"), ("me", "мои"), ("none", "не назначенные")]


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label="Статус", required=False, choices=[("", "все открытые"), ("all", "все"),
                                                                         *Status.choices])  # fmt: skip
    topic = forms.ModelChoiceField(label="Тема", queryset=Topic.objects.all(), required=False, empty_label="все")
    region = forms.ModelChoiceField(label="Регион", queryset=Region.objects.none(), required=False, empty_label="все")
    channel = forms.ChoiceField(label="Канал", required=False, choices=[("", "все"), *Channel.choices])
    assigned = forms.ChoiceField(label="Консультант", required=False, choices=ASSIGNED_CHOICES)
    overdue = forms.BooleanField(label="Только просроченные", required=False)
    sort = forms.ChoiceField(
        label="Порядок",
        required=False,
        choices=[("due", "по сроку ответа"), ("received", "сначала новые"), ("received_asc", "сначала старые")],
    )

    def __init__(self, *args: Any, regions: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["assigned"].choices = [  # type: ignore[attr-defined]
            *ASSIGNED_CHOICES,
            *[(str(u.pk), u.display_name()) for u in staff],
        ]

    def filters(self) -> queries.ConsultationFilters:
        d = self.cleaned_data if self.is_valid() else {}
        status = d.get("status", "")
        return queries.ConsultationFilters(
            status="" if status in ("", "all") else status,
            open_only=status == "",
            topic=d["topic"].pk if d.get("topic") else None,
            region=d["region"].pk if d.get("region") else None,
            channel=d.get("channel", ""),
            assigned=d.get("assigned", ""),
            overdue=bool(d.get("overdue")),
            sort=d.get("sort") or "due",
        )


class StatisticsFilterForm(forms.Form):
    received_from = forms.DateField(label="Поступили с", required=False, widget=DateInput())
    received_to = forms.DateField(label="по", required=False, widget=DateInput())
    region = forms.ModelChoiceField(label="Регион", queryset=Region.objects.none(), required=False, empty_label="все")
    topic = forms.ModelChoiceField(label="Тема", queryset=Topic.objects.all(), required=False, empty_label="все")
    channel = forms.ChoiceField(label="Канал", required=False, choices=[("", "все"), *Channel.choices])

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("received_from") and data.get("received_to") and data["received_to"] < data["received_from"]:
            self.add_error("received_to", "Конец периода раньше начала.")
        return data

    def filters(self) -> queries.ConsultationFilters:
        d = self.cleaned_data if self.is_valid() else {}
        return queries.ConsultationFilters(
            received_from=d.get("received_from"),
            received_to=d.get("received_to"),
            region=d["region"].pk if d.get("region") else None,
            topic=d["topic"].pk if d.get("topic") else None,
            channel=d.get("channel", ""),
            sort="received_asc",
        )
