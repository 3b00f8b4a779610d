"""The contents sheet put first into every package ZIP."""

from konstruktor.documents.shipped.dsl import (
    Bullet,
    Center,
    DocSpec,
    For,
    Heading,
    If,
    Left,
    Note,
    P,
    Table,
    Title,
    flatten,
)

CONTENTS = DocSpec(
    "Содержание пакета",
    "00 Содержание пакета",
    flatten(
        [
            Title("СОДЕРЖАНИЕ ПАКЕТА ДОКУМЕНТОВ"),
            Center("{{ package.title }}"),
            Center("{% if org.full_name %}{{ org.full_name }}{% endif %}", bold=True),
            Left(
                "Версия пакета: {{ version }}. Сформирован {{ today|date_ru }}{% if prepared_by %}, {{ prepared_by }}{% endif %}."
            ),
            Heading("Документы"),
            Table(
                ["№", "Файл", "Документ", "Экз. на бумаге", "Примечание"],
                ["{{ loop.index }}", "{{ d.filename }}", "{{ d.title }}", "{{ d.copies }}", "{{ d.note }}"],
                loop="d in documents",
                widths=(1, 4.5, 5, 2, 4.5),
            ),
            If(
                "timeline",
                Heading("Ожидаемые сроки"),
                For("t in timeline", Bullet("{{ t.title }} — {{ t.date|date_ru }} ({{ t.basis }})")),
            ),
            Heading("Замечания для консультанта"),
            If(
                "problems",
                For(
                    "p in problems",
                    Bullet("[{{ p.rule }}, {{ p.severity_label }}] {{ p.message }} Основание: {{ p.legal_basis }}."),
                ),
                otherwise=[P("Замечаний нет.")],
            ),
            If(
                "param_notes",
                Heading("Сведения, требующие проверки"),
                For("n in param_notes.values()", Bullet("{{ n }}")),
            ),
            Note(
                "Правовое основание пакета: {{ package.legal_basis }}. Документы подготовлены на платформе "
                "«Конструктор»; перед подачей сверьте действующие редакции законов, форм и размер пошлины."
            ),
        ]
    ),
)
