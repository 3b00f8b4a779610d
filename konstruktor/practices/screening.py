"""Screening gates (ANCHORS §5.5 step 2: EU Best Practice Portal exclusion criteria + Blueprints
specificity). Staff check each gate pass/fail; a failed gate sends the practice back for work
with its reasons, never with a score.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Gate:
    code: str
    name: str
    description: str


GATES: tuple[Gate, ...] = (
    Gate(
        "scope",
        "Соответствие профилю",
        "Практика некоммерческой организации в социальной сфере: помогает людям решить социальную проблему "
        "(направления ст. 31.1 Федерального закона «О некоммерческих организациях»), а не продаёт товар или услугу.",
    ),
    Gate(
        "target_and_outcomes",
        "Целевая группа и результаты определены",
        "Названы целевые группы и критерии включения благополучателей; указаны ожидаемые результаты "
        "с показателями, по которым их можно измерить.",
    ),
    Gate(
        "logic_model",
        "Есть логическая модель",
        "Описано, как ресурсы и мероприятия практики ведут к результатам для благополучателей.",
    ),
    Gate(
        "ethics",
        "Нет известного вреда, этика соблюдена",
        "Нет сведений о вреде для участников; соблюдаются добровольность, конфиденциальность и защита "
        "персональных данных благополучателей, особенно детей и уязвимых групп.",
    ),
    Gate(
        "materials",
        "Минимальный набор материалов",
        "Приложены или доступны по ссылке материалы, по которым практику можно повторить: методическое "
        "пособие или описание шагов, шаблоны документов.",
    ),
)
GATE_CODES = tuple(g.code for g in GATES)
GATE_NAMES = {g.code: g.name for g in GATES}
