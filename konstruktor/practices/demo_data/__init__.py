"""The demo practices of Russian socially oriented NGOs, written in full (issue #6).

`PRACTICES` is read by `practices.demo` (passports and workflow), `expertise.demo` (reviews and
decisions) and `replication.demo` (transfers). Every organization, person and figure is invented;
the seed marks the practices `is_demo`, and the catalog says so.

Each practice is a dict:

- `key` — stable slug; the seeded practice has `source_key = "demo:<key>"`.
- Passport fields named as in `practices.models.Practice`: `title`, `summary`, `social_problem`,
  `target_group_criteria`, `logic_model`, `resources`, `cost_per_beneficiary` (Decimal or None),
  `beneficiaries_per_year`, `started_year`, `prior_transfers`, `contact_name`; `annual_budget`
  (roubles; `cost_per_beneficiary = annual_budget / beneficiaries_per_year`, and the figure is
  quoted in `resources`); `source` («submitted» — подана НКО, «entered» — внесена РЦ).
- `organization`: `full_name`, `short_name`, `region`, `okopf`, `city`, optional `statuses`
  [(kind, since, until, note)] with `organizations.OrganizationStatus.Kind` values.
- `region` (name exactly as `territories.Region.name`), `regions` (names), `municipalities`
  (city names, linked when the territorial reference has them), `target_groups`
  (`organizations.TargetGroup` codes), `areas` (`organizations.ActivityArea` codes, ст. 31.1 7-ФЗ).
- `outcomes` [{name, indicator, unit, baseline, target, is_priority}], `components` [{title,
  description, is_core}], `launch_steps` [{title, description, duration_days, responsible}],
  `materials` [{kind, title, description}] (`practices.MaterialKind` values).
- `evaluations` [{title, design, quality, sample, period_start, period_end ("YYYY-MM-DD"),
  results, has_comparison, effects: {outcome index: [effect, sustained months]}}].
- `status` — where the practice ends in the demo: «published», «review», «moderation»,
  «rework» (with `screening`: {gate code: [passed, reason]} of `practices.screening.GATES`) or
  «draft».
- `review` (practices that end «published»; None otherwise): {"experts": [{"region",
  "scores": {criterion: 0–4 | "na" | "more_info"}, "comments": {criterion: text}, "summary",
  "recommendation": "yes" | "maybe" | "no"}], "readiness": {item: 0–4}, "decision_comment",
  "category": the decision these scores lead to under the default call's thresholds}.
"""

from typing import Any

from konstruktor.practices.demo_data import creation, elderly_care, families, participation, social_inclusion
from konstruktor.practices.demo_data._build import CRITERIA, PROGRAMME_REGIONS, READINESS_ITEMS, STATUSES

PRACTICES: list[dict[str, Any]] = [
    *creation.PRACTICES,
    *families.PRACTICES,
    *elderly_care.PRACTICES,
    *social_inclusion.PRACTICES,
    *participation.PRACTICES,
]

__all__ = ["CRITERIA", "PRACTICES", "PROGRAMME_REGIONS", "READINESS_ITEMS", "STATUSES"]
